"""Near-copy detection: storydiff.corpus.dedup (rensa) against datasketch, on real news.

    .venv/bin/python benchmarks/dedup_speed.py              # 20,000 articles, seed 0
    .venv/bin/python benchmarks/dedup_speed.py --n 5000     # a quicker look

Needs ../shared/data/gva/articles.jsonl.gz (3,063 crawled reports of Gun Violence
Archive incidents, boilerplate included) and skips cleanly without it; the corpus is
built in memory at each run and nothing of it is written anywhere. It holds:

- every real report (3,050: 13 ids are listed under two incidents, kept once);
- "collages" up to N minus the re-posts: 8-24 sentences, each from a different real
  report, so the corpus grows with news-like text that is *not* a copy of anything;
- about 15% re-posts of a real report with a body (40 shingles or more) or of a
  collage (a fifth of them re-posts of a re-post), each with 1-3 edits: a headline
  or byline line added, a furniture line (copyright, newsletter) added, a sentence
  added or dropped, up to four words changed.

Both sides use the same shingles (dedup.shingles), NUM_PERM, BANDS x ROWS and
THRESHOLD, and skip texts without shingles. Figures, single-threaded
(RAYON_NUM_THREADS=1), each time the best of --repeat runs (3) as other work shares
the cores:

- calibration: exact shingle Jaccard of the planted pairs, and of the real pairs of
  reports on the same GVA incident (mostly written independently): how many reach
  THRESHOLD, which is what the threshold was chosen on;
- seconds for shingling (shared), signatures and LSH + verified pairs for each
  library; the incremental path (batches of 1,000 looked up against a band-key
  index, groups merged through ``existing``) must give the one-shot groups;
- pairs found by each, their overlap and the exact Jaccard of the pairs only one
  found; groups: how many, the share of grouped articles whose group has exactly
  the same members under both, and the mean overlap of an article's two groups;
- recall of planted re-posts: the re-post and its source in one group, and as a
  direct pair;
- pairs nobody planted, by kind: two real reports of one incident (real near-copies
  in the crawl: updates, syndication), of different incidents ("false": crawl junk
  such as one site's teaser or account page, "identical text" when the two texts are
  the same, so exact-copy detection pairs them too), or involving a collage.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from rensa import RMinHash

from storydiff.corpus import dedup

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "data" / "gva" / "articles.jsonl.gz"

HEADLINES = ["UPDATE: {}", "{} - police", "Police: {}", "{} (VIDEO)", "BREAKING: {}"]
BYLINES = ["By Staff Reports", "By The Associated Press", "From wire reports", "By Dana Whitfield, Staff"]
FURNITURE = [
    "Copyright 2016 Example Media Group. All rights reserved. This material may not be redistributed.",
    "Click here to sign up for our free daily newsletter and get the latest headlines.",
    "Share this story on Facebook and Twitter and tell us what you think in the comments.",
]
ADDED = [
    "Anyone with information about the shooting is asked to call the police department tip line.",
    "The investigation is ongoing and no further details were immediately released by authorities.",
    "This story has been updated with additional information from the sheriff's office.",
    "Neighbors told reporters they heard several loud bangs shortly before officers arrived.",
]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
WORD = re.compile(r"\b[a-z]{4,}\b")


def load(path: Path) -> list[dict[str, str]]:
    """The real reports, once each: 13 ids are listed twice, under two incidents."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return list({r["id"]: r for r in reversed(rows)}.values())[::-1]


def collage(rng: random.Random, sentences: Sequence[Sequence[str]]) -> str:
    """News-like text that copies no report: each sentence from a different one, 2-4 a paragraph."""
    picked = [rng.choice(sentences[s]) for s in rng.sample(range(len(sentences)), rng.randint(8, 24))]
    cuts = sorted(rng.sample(range(1, len(picked)), len(picked) // 3))
    return "\n\n".join(" ".join(picked[a:b]) for a, b in zip([0, *cuts], [*cuts, len(picked)], strict=True))


def repost(rng: random.Random, title: str, text: str) -> str:
    """A re-post of ``text`` with 1-3 edits of the kinds syndication and re-posting make."""
    lines = text.split("\n")
    for edit in rng.sample(["headline", "byline", "furniture", "add", "drop", "words"], rng.randint(1, 3)):
        if edit == "headline":
            lines.insert(0, rng.choice(HEADLINES).format(title))
        elif edit == "byline":
            lines.insert(0 if rng.random() < 0.5 else 1, rng.choice(BYLINES))
        elif edit == "furniture":
            lines.append(rng.choice(FURNITURE))
        elif edit == "add":
            lines.insert(rng.randint(0, len(lines)), rng.choice(ADDED))
        elif edit in ("drop", "words"):
            long = [n for n, line in enumerate(lines) if len(line.split()) >= 8]
            if not long:
                continue
            n = rng.choice(long)
            if edit == "drop":
                sentences = SENTENCE.split(lines[n])
                del sentences[rng.randrange(len(sentences))]
                lines[n] = " ".join(sentences)
            else:
                words = lines[n].split(" ")
                for _ in range(rng.randint(1, 4)):
                    words[rng.randrange(len(words))] = rng.choice(["reportedly", "later", "two", "nearby"])
                lines[n] = " ".join(words)
    return "\n".join(lines)


def build(rows: list[dict[str, str]], n: int, seed: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """Return ids, texts, root (the real report or collage each copies) and incident per article."""
    rng = random.Random(seed)
    ids = [r["id"] for r in rows]
    texts = [r["content"] for r in rows]
    roots = list(ids)
    incident = {r["id"]: r["incident_id"] for r in rows}
    sentences = [
        ss for r in rows if (ss := [s for s in SENTENCE.split(r["content"]) if 6 <= len(s.split()) <= 60])
    ]
    titles = [r["title"] for r in rows]
    n_reposts = max(0, round(n * 0.15))
    while len(ids) < n - n_reposts:
        ids.append(f"collage-{len(ids)}")
        texts.append(collage(rng, sentences))
        roots.append(ids[-1])
        titles.append("")
    # Only a report with a body is re-posted: an edit to a login wall would make a body out of one
    # added sentence, and the benchmark would then count its own artefacts.
    sources = [n for n, text in enumerate(texts) if len(dedup.shingles(text)) >= 40]
    originals = len(ids)
    while len(ids) < n:
        # A fifth are re-posts of a re-post: groups must hold through a chain.
        source = (
            rng.randrange(originals, len(ids))
            if len(ids) > originals and rng.random() < 0.2
            else (rng.choice(sources))
        )
        ids.append(f"repost-{len(ids)}-of-{ids[source]}")
        texts.append(repost(rng, titles[source] or "Shooting under investigation", texts[source]))
        roots.append(roots[source])
        titles.append(titles[source])
    return ids, texts, roots, [incident.get(r, r) for r in roots]


def source(repost_id: str) -> str:
    """The id of the article a re-post was made from (itself possibly a re-post)."""
    return repost_id.split("-of-", 1)[1]


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """Run ``fn``; the time is the best of ``repeat`` runs, as other work shares the cores."""
    took = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        took = min(took, time.perf_counter() - start)
    print(f"  {label:<38} {took:8.2f} s")
    return out, took


def rensa_pairs(ids: Sequence[str], sigs: Sequence[np.ndarray]) -> list[tuple[str, str, float]]:
    return dedup.near_copy_pairs(list(zip(ids, sigs, strict=True)))


def incremental_groups(
    ids: Sequence[str], sigs: Sequence[np.ndarray], published: Mapping[str, str | None], batch: int = 1000
) -> dict[str, str]:
    """The engine's path: band keys stored per batch, candidates fetched by key, groups merged."""
    index: dict[int, set[str]] = defaultdict(set)
    stored: dict[str, np.ndarray] = {}
    groups: dict[str, str] = {}
    for start in range(0, len(ids), batch):
        items = list(zip(ids[start : start + batch], sigs[start : start + batch], strict=True))
        keys = {i: dedup.band_keys(s) for i, s in items}
        wanted = {c for ks in keys.values() for k in ks for c in index.get(k, ())}
        candidates = [(c, stored[c]) for c in sorted(wanted)]
        pairs = dedup.near_copy_pairs(items, candidates)
        touched = {x for a, b, _ in pairs for x in (a, b)}
        heads = {groups.get(t, t) for t in touched}
        existing = {m: c for m, c in groups.items() if c in heads}
        groups.update(dedup.group(pairs, published, existing))
        for i, s in items:
            stored[i] = s
            for k in keys[i]:
                index[k].add(i)
    return groups


def datasketch_run(
    ids: Sequence[str], shingle_sets: Sequence[list[str]], quiet: bool = False, repeat: int = 1
) -> tuple[list[tuple[str, str, float]], float, float]:
    from datasketch import MinHash, MinHashLSH

    def sign() -> list[MinHash]:
        encoded = [[s.encode("utf-8") for s in sh] for sh in shingle_sets]
        return list(MinHash.bulk(encoded, num_perm=dedup.NUM_PERM, seed=dedup.SEED))

    def find() -> list[tuple[str, str, float]]:
        lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM, params=(dedup.BANDS, dedup.ROWS))
        keep = [n for n, sh in enumerate(shingle_sets) if sh]
        for n in keep:
            lsh.insert(n, hashes[n])
        pairs: dict[tuple[str, str], float] = {}
        for n in keep:
            for m in lsh.query(hashes[n]):
                if m > n:
                    sim = float(hashes[n].jaccard(hashes[m]))
                    if sim >= dedup.THRESHOLD:
                        pairs[(min(ids[n], ids[m]), max(ids[n], ids[m]))] = sim
        return sorted((a, b, s) for (a, b), s in pairs.items())

    if quiet:
        hashes = sign()
        return find(), 0.0, 0.0
    hashes, t_sig = timed("datasketch signatures", sign, repeat)
    pairs, t_lsh = timed("datasketch LSH + verified pairs", find, repeat)
    return pairs, t_sig, t_lsh


def partition(groups: Mapping[str, str]) -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for m, c in groups.items():
        members[c].add(m)
    return {m: frozenset(members[c]) for m, c in groups.items()}


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def calibrate(
    rows: list[dict[str, str]], ids: Sequence[str], roots: Sequence[str], shingle_sets: Sequence[list[str]]
) -> None:
    sets = [set(s) for s in shingle_sets]
    where = {i: n for n, i in enumerate(ids)}
    planted = [
        jaccard(sets[n], sets[where[source(i)]])
        for n, i in enumerate(ids)
        if i.startswith("repost-") and sets[n]
    ]
    qs = statistics.quantiles(planted, n=20)
    reach = ", ".join(f">= {t}: {sum(j >= t for j in planted)}" for t in (0.3, 0.5, 0.7))
    print(
        f"  planted re-post vs its original, exact Jaccard: p5 {qs[0]:.2f}, p25 {qs[4]:.2f}, "
        f"median {statistics.median(planted):.2f}; of {len(planted)}, {reach}"
    )
    by_incident: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        by_incident[r["incident_id"]].append(where[r["id"]])
    same = [
        jaccard(sets[a], sets[b])
        for ns in by_incident.values()
        for a, b in combinations(ns, 2)
        if sets[a] and sets[b]
    ]
    counts = ", ".join(f">= {t}: {sum(j >= t for j in same)}" for t in (0.2, 0.3, 0.5, 0.7))
    print(f"  real reports of one GVA incident ({len(same)} pairs), exact Jaccard {counts}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20000, help="articles in the corpus (default 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs")
    args = parser.parse_args()
    if not GVA.exists():
        print(f"skipped: {GVA} not found (the benchmark needs ../shared/data)")
        return 0
    rows = load(GVA)
    ids, texts, roots, incidents = build(rows, args.n, args.seed)
    # Real reports keep their crawl date; the rest are undated and so never canonical over them.
    dct: dict[str, str | None] = {r["id"]: r.get("dct") for r in rows}
    published = {i: dct.get(i) for i in ids}
    collages = sum(i.startswith("collage-") for i in ids)
    print(
        f"corpus: {len(ids)} articles ({len(rows)} real, {collages} collages, "
        f"{sum(i.startswith('repost-') for i in ids)} re-posts); NUM_PERM {dedup.NUM_PERM}, "
        f"BANDS x ROWS {dedup.BANDS} x {dedup.ROWS}, THRESHOLD {dedup.THRESHOLD}; "
        f"RAYON_NUM_THREADS={os.environ['RAYON_NUM_THREADS']}"
    )

    # Both libraries set up tables and SIMD kernels on first use; keep that out of the timings.
    dedup.signatures(["Warm-up text for the first call, long enough to give several shingles."])
    datasketch_run(["warm"], [["warm up shingle"]], quiet=True)
    print("timings:")
    shingle_sets, t_sh = timed("shingles (shared by both)", lambda: [dedup.shingles(t) for t in texts])

    def rensa_sigs() -> list[np.ndarray]:
        # What dedup.signatures does after shingling, timed without the shingling.
        rows = RMinHash.digest_matrix_from_token_sets(shingle_sets, dedup.NUM_PERM, dedup.SEED).to_rows()
        return list(np.asarray(rows, dtype=np.uint64))

    sigs, t_rsig = timed("rensa signatures", rensa_sigs, args.repeat)
    assert all(np.array_equal(a, b) for a, b in zip(dedup.signatures(texts[:200]), sigs[:200], strict=True))
    r_pairs, t_rlsh = timed("rensa band keys + verified pairs", lambda: rensa_pairs(ids, sigs), args.repeat)
    r_groups = dedup.group(r_pairs, published)
    inc_groups, _ = timed(
        "rensa incremental, batches of 1000", lambda: incremental_groups(ids, sigs, published)
    )
    d_pairs, t_dsig, t_dlsh = datasketch_run(ids, shingle_sets, repeat=args.repeat)
    d_groups = dedup.group(d_pairs, published)
    print(
        f"  speed-up, signatures {t_dsig / t_rsig:.0f}x, LSH + pairs {t_dlsh / t_rlsh:.0f}x, "
        f"both {(t_dsig + t_dlsh) / (t_rsig + t_rlsh):.0f}x"
    )

    print("agreement:")
    rp = {(a, b) for a, b, _ in r_pairs}
    dp = {(a, b) for a, b, _ in d_pairs}
    overlap = len(rp & dp) / max(1, len(rp | dp))
    print(f"  pairs: rensa {len(rp)}, datasketch {len(dp)}, both {len(rp & dp)}, Jaccard {overlap:.3f}")
    where = {i: n for n, i in enumerate(ids)}
    exact = sorted(jaccard(set(shingle_sets[where[a]]), set(shingle_sets[where[b]])) for a, b in rp ^ dp)
    if exact:
        print(
            f"  pairs found by one only: exact Jaccard {exact[0]:.2f} to {exact[-1]:.2f}, median "
            f"{statistics.median(exact):.2f} (each library's estimate errs near THRESHOLD)"
        )
    rpart, dpart, ipart = partition(r_groups), partition(d_groups), partition(inc_groups)
    grouped = set(rpart) | set(dpart)
    same = sum(rpart.get(i, {i}) == dpart.get(i, {i}) for i in grouped)
    print(f"  groups: rensa {len(set(r_groups.values()))}, datasketch {len(set(d_groups.values()))}")
    print(
        f"  grouped articles: rensa {len(rpart)}, datasketch {len(dpart)}; same group under both "
        f"{same}/{len(grouped)} ({same / max(1, len(grouped)):.1%})"
    )
    b3 = statistics.fmean(jaccard(rpart.get(i, {i}), dpart.get(i, {i})) for i in grouped)
    print(f"  mean overlap of an article's group under both (Jaccard of member sets): {b3:.1%}")
    print(f"  incremental groups equal to one-shot groups: {ipart == rpart}")

    print("quality:")
    for name, part, pairs in (("rensa", rpart, rp), ("datasketch", dpart, dp)):
        planted = [(i, source(i)) for n, i in enumerate(ids) if i.startswith("repost-") and shingle_sets[n]]
        in_group = sum(a in part and b in part[a] for a, b in planted)
        direct = sum((min(a, b), max(a, b)) in pairs for a, b in planted)
        root_of = dict(zip(ids, roots, strict=True))
        inc_of = dict(zip(ids, incidents, strict=True))
        text_of = dict(zip(ids, texts, strict=True))
        kinds: dict[str, int] = defaultdict(int)
        for a, b in pairs:
            if root_of[a] == root_of[b]:
                continue
            if "collage-" in root_of[a] or "collage-" in root_of[b]:
                kinds["with a collage"] += 1
            else:
                kind = "same incident" if inc_of[a] == inc_of[b] else "different incidents (false)"
                kinds[kind + (", identical text" if text_of[a].strip() == text_of[b].strip() else "")] += 1
        print(
            f"  {name}: planted re-posts grouped with their original {in_group}/{len(planted)} "
            f"({in_group / len(planted):.1%}), found as a direct pair {direct / len(planted):.1%}; "
            f"unplanted pairs {dict(sorted(kinds.items()))}"
        )

    print("calibration:")
    calibrate(rows, ids, roots, shingle_sets)
    print(f"(shingling {t_sh:.2f} s is the same work for both and is not in the speed-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
