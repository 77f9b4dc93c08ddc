"""storydiff benchmarks: alignment, per-kind accuracy on the planted set, speed.

    .venv/bin/python benchmarks/run.py                  # everything
    .venv/bin/python benchmarks/run.py --skip-alignment # planted set and speed only

Alignment (MRPC train F1, STS-B dev Pearson) needs ../shared/data and is
skipped without it. Timing uses the seed pair in ../shared/seeds when present,
else the project's harbour-fire example.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "tests"))


def planted(nli: bool = True) -> list[str]:
    """Per-kind recall and precision over the example stories' exhaustive annotations."""
    from storydiff import Options, compare, load_article
    from storydiff.models import Kind
    from test_examples import matches

    expected_by_kind: Counter[str] = Counter()
    found_by_kind: Counter[str] = Counter()
    hit_expected: Counter[str] = Counter()
    correct_found: Counter[str] = Counter()
    stories = sorted(p.parent for p in EXAMPLES.glob("*/expected.json"))
    reworded = 0
    for story in stories:
        want: list[dict[str, Any]] = json.loads((story / "expected.json").read_text())["findings"]
        articles = [load_article(str(p)) for p in sorted(story.glob("*.txt"))]
        report = compare(articles, Options(load_plugins=False, nli=nli))
        got = [f for c in report.comparisons for f in c.findings]
        for w in want:
            expected_by_kind[w["kind"]] += 1
            hit_expected[w["kind"]] += any(matches(f, w) for f in got)
        for f in got:
            if f.subkind == "reworded":
                # A true difference in wording the annotations predate: counted apart.
                reworded += 1
                continue
            found_by_kind[f.kind.value] += 1
            correct_found[f.kind.value] += any(matches(f, w) for w in want)
    lines = [f"Planted set: {len(stories)} stories, {sum(expected_by_kind.values())} planted "
             "findings", f"{'kind':<22}{'planted':>8}{'recall':>8}{'found':>7}{'precision':>10}"]
    for kind in Kind:
        k = kind.value
        recall = hit_expected[k] / expected_by_kind[k] if expected_by_kind[k] else float("nan")
        precision = correct_found[k] / found_by_kind[k] if found_by_kind[k] else float("nan")
        lines.append(f"{k:<22}{expected_by_kind[k]:>8}{recall:>8.2f}{found_by_kind[k]:>7}"
                     f"{precision:>10.2f}")
    total_recall = sum(hit_expected.values()) / max(sum(expected_by_kind.values()), 1)
    total_precision = sum(correct_found.values()) / max(sum(found_by_kind.values()), 1)
    lines.append(f"{'all':<22}{sum(expected_by_kind.values()):>8}{total_recall:>8.2f}"
                 f"{sum(found_by_kind.values()):>7}{total_precision:>10.2f}")
    lines.append(f"reworded stretches of near-copied sentences (not annotated): {reworded}")
    return lines


_TIMING = """
import sys, time
start = time.perf_counter()
from storydiff import Options, compare, load_article
from storydiff.analysis.nlp import load_pipeline
from storydiff.analysis import paragraphs
files = sys.argv[1:]
articles = [load_article(f) for f in files]
compare(articles, Options(load_plugins=False))
cold = time.perf_counter() - start
warm = []
for _ in range(5):
    t = time.perf_counter(); compare(articles, Options(load_plugins=False))
    warm.append(time.perf_counter() - t)
nlp = load_pipeline()
texts = [p for a in articles for _, p in paragraphs(a.text)]
spacy = []
for _ in range(5):
    t = time.perf_counter(); list(nlp.pipe(texts)); spacy.append(time.perf_counter() - t)
print(cold, min(warm), min(spacy))
"""


def speed() -> list[str]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    name = "seed pair"
    if len(files) < 2:
        files, name = sorted((EXAMPLES / "harbour-fire").glob("*.txt")), "harbour-fire example"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    interpreter = time.perf_counter() - started
    out = subprocess.run([sys.executable, "-c", _TIMING, *map(str, files)], check=True,
                         capture_output=True, text=True).stdout.split()
    cold, warm, spacy = map(float, out)
    return [f"Speed on the {name} ({platform.processor() or platform.machine()}, "
            f"{__import__('os').cpu_count()} cores):",
            f"  cold (new process: imports, models loading, first comparison): "
            f"{cold + interpreter:.2f} s",
            f"  warm (second comparison, best of 5): {warm:.3f} s",
            f"  spaCy pipeline alone on the same texts: {spacy:.3f} s; warm/spaCy = "
            f"{warm / spacy:.1f}x"]


def reuse_speed(reports: int = 100, words: int = 600) -> list[str]:
    """Reuse detection among ``reports`` texts of about ``words`` words.

    The texts are built from the project's own example sentences, drawn at random
    with light edits, so they share many passages, as copies of one story do.
    """
    import random
    import re

    from storydiff.provenance import ReuseIndex

    sentences = [s for path in sorted(EXAMPLES.rglob("*.txt"))
                 for s in re.split(r"(?<=[.!?])\s+", path.read_text()) if len(s.split()) > 6]
    rng = random.Random(0)
    texts = []
    for _ in range(reports):
        chosen: list[str] = []
        while sum(len(s.split()) for s in chosen) < words:
            tokens = rng.choice(sentences).split()
            tokens = [t for t in tokens if rng.random() > 0.05]  # light edits
            chosen.append(" ".join(tokens))
        texts.append(" ".join(chosen))
    size = sum(len(t.split()) for t in texts) / len(texts)
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        passages = ReuseIndex(texts).passages()
        timings.append(time.perf_counter() - started)
    return [f"Reuse detection: {reports} reports of {size:.0f} words on average, "
            f"{len(passages)} shared passages found in {min(timings):.2f} s (best of 3)"]


def alignment() -> list[str]:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "calibrate_alignment.py")],
                            check=True, capture_output=True, text=True)
    return result.stdout.strip().splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description="storydiff benchmarks")
    parser.add_argument("--skip-alignment", action="store_true",
                        help="skip MRPC/STS-B (about 3 minutes)")
    args = parser.parse_args()
    import storydiff

    print(f"storydiff {storydiff.__version__}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    sections = [planted(), speed(), reuse_speed()]
    if not args.skip_alignment:
        sections.insert(0, alignment())
    for lines in sections:
        print()
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
