"""Spark engine scaling, and agreement with the local engine, on synthetic news days.

    .venv/bin/python benchmarks/spark_scaling.py --sizes 10000,30000,100000 --masters 'local[1],local[2]'
    .venv/bin/python benchmarks/spark_scaling.py --agreement 3000      # Spark vs local engine

The corpus is built at run time from ../shared/data exactly as
benchmarks/corpus_throughput.py builds it (real GVA and ECB+ reports recombined into
a day of news with ~15% re-posted copies). Each (size, master) runs
``storydiff pipeline --no-compare`` in a fresh process (a Spark master is fixed per
process) and prints wall time, articles per second and seconds per stage.
Comparisons are left out by default (``--compare`` adds them): they cost about the
same per story on either engine and would swamp the figures of the corpus stages.

``--agreement N`` ingests the same N-article corpus with the local engine and runs
the Spark pipeline, then prints how far the two agree: articles whose copy group
differs, and pairwise and B³ precision/recall/F1 of the Spark stories against the
local ones (1.0 = identical partitions).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_throughput import DATA, build_corpus  # noqa: E402


def run_one(corpus: Path, master: str, out: Path, compare: bool) -> dict[str, Any]:
    # Through cli_spark explicitly, so the benchmark runs before cli.py imports it.
    code = "import sys; import storydiff.cli_spark; from storydiff.cli import main; main(sys.argv[1:])"
    command = [sys.executable, "-c", code, "pipeline", str(corpus), "--out", str(out), "--master", master,
               "--format", "json", "--driver-memory", "3g", "--compare" if compare else "--no-compare"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"pipeline failed: {done.stderr.strip()[-2000:]}")
    summary: dict[str, Any] = json.loads(done.stdout)
    summary["wall_seconds"] = seconds
    return summary


def _print(n: int, master: str, s: dict[str, Any]) -> None:
    stages = "  ".join(f"{k} {v:.1f}s" for k, v in s["stage_seconds"].items())
    print(f"{n:>7,} articles {master:>9}: {s['wall_seconds']:7.1f} s wall (JVM start included), "
          f"{n / s['wall_seconds']:6.1f} articles/s | {stages}", flush=True)
    print(f"          kept {s['articles']:,}, copies {s['copies']:,}, stories {s['stories']:,}; "
          f"dedup candidate pairs {s['candidate_pairs']:,}, story candidate pairs "
          f"{s['story_candidate_pairs']:,}, edges {s['story_edges']:,}, largest piece {s['largest_piece']:,}",
          flush=True)
    steps = "  ".join(f"{k} {v:.1f}s" for k, v in s.get("story_step_seconds", {}).items())
    print(f"          stories stage: {steps}", flush=True)


def _pairs(clusters: list[set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for c in clusters for a in c for b in c if a < b}


def _b_cubed(found: dict[str, int], gold: dict[str, int]) -> tuple[float, float]:
    by_found: dict[int, set[str]] = {}
    by_gold: dict[int, set[str]] = {}
    for item, label in found.items():
        by_found.setdefault(label, set()).add(item)
    for item, label in gold.items():
        by_gold.setdefault(label, set()).add(item)
    precision = recall = 0.0
    for item in gold:
        mine, theirs = by_found[found[item]], by_gold[gold[item]]
        shared = len(mine & theirs)
        precision += shared / len(mine)
        recall += shared / len(theirs)
    return precision / len(gold), recall / len(gold)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 1.0


def agreement(n: int, workdir: Path) -> None:
    from storydiff.corpus_api import Corpus
    from storydiff.store import StoryFilter

    corpus = workdir / f"corpus-{n}"
    build_corpus(n, corpus)
    db = workdir / "local.db"
    start = time.perf_counter()
    with Corpus(str(db)) as local:
        local.ingest([str(corpus)])
        local_story: dict[str, int] = {}
        local_canonical: dict[str, str] = {}
        for row in local.store.stories(StoryFilter()):
            for a in local.store.story_articles(row.id):
                local_story[a.article.id] = row.id
                local_canonical[a.article.id] = a.canonical
    local_seconds = time.perf_counter() - start
    summary = run_one(corpus, "local[2]", workdir / "out", compare=False)
    code = ("import sys, json; from storydiff.engines.spark import spark_session; "
            "s = spark_session('local[1]'); rows = s.read.parquet(sys.argv[1]).select('id', 'canonical', "
            "'story').collect(); print(json.dumps([[r[0], r[1], r[2]] for r in rows]))")
    rows = json.loads(subprocess.run([sys.executable, "-c", code, str(workdir / "out" / "articles")],
                                     capture_output=True, text=True, check=True).stdout)
    spark_story = {r[0]: r[2] for r in rows}
    spark_canonical = {r[0]: r[1] for r in rows}
    ids = sorted(set(local_story) & set(spark_story))
    print(f"largest piece {summary['largest_piece']:,}, story edges {summary['story_edges']:,}")
    print(f"agreement on {n:,} articles (local engine {local_seconds:.0f} s, Spark local[2] "
          f"{summary['wall_seconds']:.0f} s); articles kept: local {len(local_story):,}, "
          f"spark {len(spark_story):,}")

    def groups(canonical: dict[str, str]) -> dict[str, frozenset[str]]:
        members: dict[str, set[str]] = {}
        for i in ids:
            members.setdefault(canonical[i], set()).add(i)
        return {i: frozenset(members[canonical[i]]) for i in ids}

    local_groups, spark_groups = groups(local_canonical), groups(spark_canonical)
    differ = sum(1 for i in ids if local_groups[i] != spark_groups[i])
    print(f"  copy groups: {differ:,} articles ({differ / len(ids):.2%}) in a different group; canonical "
          f"differs for {sum(1 for i in ids if local_canonical[i] != spark_canonical[i]):,}")
    found = {i: spark_story[i] for i in ids}
    gold = {i: local_story[i] for i in ids}
    clusters_f: dict[int, set[str]] = {}
    clusters_g: dict[int, set[str]] = {}
    for i in ids:
        clusters_f.setdefault(found[i], set()).add(i)
        clusters_g.setdefault(gold[i], set()).add(i)
    pf, pg = _pairs(list(clusters_f.values())), _pairs(list(clusters_g.values()))
    pair_p = len(pf & pg) / len(pf) if pf else 1.0
    pair_r = len(pf & pg) / len(pg) if pg else 1.0
    b_p, b_r = _b_cubed(found, gold)
    moved = sum(1 for i in ids if frozenset(clusters_f[found[i]]) != frozenset(clusters_g[gold[i]]))
    print(f"  stories: local {len(clusters_g):,}, spark {len(clusters_f):,}; articles whose story differs "
          f"{moved:,} ({moved / len(ids):.2%})")
    print(f"  pairwise P {pair_p:.4f} R {pair_r:.4f} F1 {_f1(pair_p, pair_r):.4f}; "
          f"B³ P {b_p:.4f} R {b_r:.4f} F1 {_f1(b_p, b_r):.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--compare", action="store_true", help="Also compare each story's reports.")
    parser.add_argument("--agreement", type=int, default=0, metavar="N",
                        help="Measure Spark vs local engine agreement on N articles instead.")
    args = parser.parse_args()
    if not (DATA / "gva").exists():
        print(f"skipped: {DATA} is absent (the benchmark builds its corpus from it)")
        return 0
    with tempfile.TemporaryDirectory(prefix="storydiff-spark-bench-") as tmp:
        if args.agreement:
            agreement(args.agreement, Path(tmp))
            return 0
        for n in (int(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"corpus-{n}"
            build_corpus(n, corpus)
            for master in args.masters.split(","):
                _print(n, master, run_one(corpus, master, Path(tmp) / f"out-{n}", args.compare))
    return 0


if __name__ == "__main__":
    sys.exit(main())
