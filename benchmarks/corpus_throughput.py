"""Corpus-mode throughput: ingest → dedup → cluster on a synthetic news day.

    .venv/bin/python benchmarks/corpus_throughput.py                    # 10k and 100k articles
    .venv/bin/python benchmarks/corpus_throughput.py --sizes 2000,10000 # quicker

The corpus is built at run time from the real texts in ../shared/data (GVA
articles and ECB+ documents; nothing is written into the repository) and
recombined to look like a day of news: most stories have 1–5 reports, a few
50 or more, each story built from the reports of one real event; about 15% of all
articles are syndicated or re-posted near-copies (a new headline and a byline,
one sentence cut). Each size runs
``storydiff ingest`` in a fresh process on JSONL files and prints wall time,
articles per second, peak memory (max RSS) and the time per stage, then how
time grows from the smallest to the largest size (1.0 = linear).

Target (issue 10): 100k articles in at most 10 minutes with at most 4 GB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(" ".join(text.split())) if len(s.split()) >= 6]


def _gva_groups() -> list[list[list[str]]]:
    """The reports of each GVA incident: real stories of one to a dozen reports."""
    incidents: dict[str, list[list[str]]] = {}
    with gzip.open(DATA / "gva" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            sentences = _sentences(f"{item.get('title') or ''}. {item.get('content') or ''}")
            if len(sentences) >= 4:
                incidents.setdefault(str(item["incident_id"]), []).append(sentences)
    return list(incidents.values())


def _ecb_groups() -> list[list[list[str]]]:
    """The documents of each ECB+ sub-topic: one real event each."""
    events: dict[str, list[list[str]]] = {}
    for path in sorted((DATA / "ecbplus" / "ECB+").glob("*/*.xml")):
        sentences: dict[str, list[str]] = {}
        for token in ElementTree.parse(path).getroot().iter("token"):
            sentences.setdefault(token.get("sentence", "0"), []).append(token.text or "")
        joined = [re.sub(r" ([,.;:!?')])", r"\1", " ".join(words)) for words in sentences.values()]
        joined = [s for s in joined if len(s.split()) >= 6]
        if len(joined) >= 4:
            event = f"{path.parent.name}-{'plus' if 'plus' in path.name else 'ecb'}"
            events.setdefault(event, []).append(joined)
    return list(events.values())


def build_corpus(n: int, out: Path, seed: int = 7) -> int:
    """Write ``n`` articles as JSONL files under ``out``; return the number of stories.

    A story takes the reports of one real event (a GVA incident, an ECB+ sub-topic);
    each report keeps about 60% of a real report's sentences and gets others from
    random texts in between, so a real report reused for another story is not a
    near-copy of its first use.
    """
    rng = random.Random(seed)
    groups = _gva_groups() + _ecb_groups()
    rng.shuffle(groups)
    filler = [s for g in groups for report in g for s in report]
    outlets = [f"Outlet {i:03d}" for i in range(200)]
    articles: list[dict[str, str]] = []
    story = 0
    while len(articles) < n:
        roll = rng.random()
        size = (rng.randint(50, 80) if roll < 0.004 else rng.randint(3, 5) if roll < 0.3
                else rng.randint(1, 2))
        group = groups[story % len(groups)]
        hour = rng.uniform(0, 20)
        for r in range(min(size, n - len(articles))):
            base = group[r % len(group)]
            kept = [s for s in base if rng.random() < 0.6]
            kept = kept if len(kept) >= 3 else base[:3]
            for _ in range(len(kept) * 2 // 3):
                kept.insert(rng.randint(1, len(kept)), rng.choice(filler))
            hour += rng.uniform(0, 3)
            stamp = f"2026-11-03T{min(int(hour), 23):02d}:{rng.randint(0, 59):02d}:00Z"
            articles.append({"title": " ".join(kept[0].split()[:rng.randint(7, 12)]),
                             "content": " ".join(kept[1:]),
                             "url": f"https://news{len(articles)}.example/story/{story}",
                             "outlet": rng.choice(outlets), "published": stamp})
        story += 1
        # Stories average about 2.5 reports; one re-post per 0.44 stories makes ~15% copies.
        if rng.random() < 0.44 and len(articles) < n:
            base_item = rng.choice(articles[-50:])
            body = _SENTENCE.split(base_item["content"])
            if len(body) > 3:
                del body[rng.randrange(len(body))]
            articles.append({"title": "Update: " + base_item["title"],
                             "content": f"By Staff Writer. {' '.join(body)}",
                             "url": f"https://repost{len(articles)}.example/a",
                             "outlet": rng.choice(outlets), "published": base_item["published"]})
    out.mkdir(parents=True, exist_ok=True)
    for part in range(0, n, 10_000):
        with (out / f"day-{part // 10_000:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for a in articles[part:part + 10_000]:
                handle.write(json.dumps(a) + "\n")
    return story


def run(n: int, workdir: Path, threads: int) -> dict[str, float]:
    corpus = workdir / f"corpus-{n}"
    stories = build_corpus(n, corpus)
    db = workdir / f"bench-{n}.db"
    start = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).parent / "storydiff"), "ingest", str(corpus), "--db", str(db), "--quiet",
         "--format", "json", "--threads", str(threads)],
        capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ingest failed: {done.stderr.strip()[-500:]}")
    summary = json.loads(done.stdout)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    stages = "  ".join(f"{k} {v:.0f} s" for k, v in summary.get("stage_seconds", {}).items())
    print(f"{n:>7,} articles ({stories:,} planted stories): {seconds:6.1f} s, "
          f"{n / seconds:6.0f} articles/s, peak RSS {peak_mb:,.0f} MB so far | {stages}")
    print(f"         kept {summary['kept']:,}, copies {summary['copies']:,}, "
          f"skipped {summary['skipped']:,}, stories {summary['corpus']['stories']:,}")
    return {"n": n, "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not (DATA / "gva").exists():
        print(f"skipped: {DATA} is absent (the benchmark builds its corpus from it)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="storydiff-bench-") as tmp:
        results = [run(n, Path(tmp), args.threads) for n in sizes]
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["seconds"] / a["seconds"]) / (b["n"] / a["n"])
        print(f"time grows {b['seconds'] / a['seconds']:.1f}x for {b['n'] / a['n']:.0f}x the articles "
              f"(1.0 = linear: {growth:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
