"""Story clustering on Spark: features per partition, blocked candidate pairs, local merging.

The local engine's :class:`~storydiff.corpus.cluster.StoryIndex` merges a batch best
pair first by average score, an inherently sequential procedure. Here the corpus is
cut into pieces that cannot interact: candidate pairs come from blocking (shared
rare names, random-hyperplane LSH on the headline vectors, a time window), are scored
with the local index's pair score and the key counts it had when the later article
came, and the connected components of the pairs scoring >= 0 (plus near-duplicate
links) are the pieces. Average-link merging needs a pair scoring >= 0 to join two
clusters, so no story crosses two pieces; each piece then replays the local engine
(``StoryIndex.assign`` batch by batch, in ingest order) on one executor.
docs/scaling.md measures where the two engines still differ.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

import numpy as np

from ..corpus import cluster
from ..corpus.features import DIM, StoryFeatures
from ..models import Record
from .spark_graph import connected_components

#: Candidates kept per article and per blocking rule, as the local index scores its
#: ``NEIGHBOURS`` nearest and most name-sharing articles.
NEIGHBOURS = cluster.NEIGHBOURS
#: A name or number in more articles than this blocks nothing: its pairs would grow as
#: the square of its frequency, and the local index also looks at only the latest 50.
RARE_DF = cluster.POSTINGS
#: Random hyperplane bands over the headline vectors; bits per band grow with the corpus
#: so that a bucket holds about ``BUCKET_TARGET`` articles.
EMBED_BANDS = 4
BUCKET_TARGET = 256
MAX_BITS = 16
#: A bucket larger than this is cut into pieces (by id) before the top-k search, which
#: bounds the per-task similarity matrix at EMBED_CAP² floats.
EMBED_CAP = 2048
#: Candidate pairs further apart than this (both dated) are dropped: the pair score's
#: time penalty makes them lose anyway, and it keeps blocking linear in a long crawl.
WINDOW_DAYS = 30
SEED = 20_161_103
#: Pairs scoring at least this link their articles into one piece: average link never
#: joins two clusters without a pair scoring >= 0 between them.
EDGE_FLOOR = 0.0
#: Articles replayed in one task, or None for whole pieces. On a dense news day the pairs
#: scoring >= 0 join most of the corpus into one piece (the local engine's average link, not
#: the pair graph, keeps its stories small). A cap replays a larger piece in slices of this
#: many articles in ingest order, each a fresh index, which parallelises the replay but
#: splits every story spanning two slices: on the 10k synthetic day a cap of 5,000 moved
#: 68% of articles to another story (docs/scaling.md), so the default keeps pieces whole.
PIECE_CAP: int | None = None


def feature_rows(records: Iterable[tuple[Any, Record]], threads: int
                 ) -> Iterator[tuple[str, tuple[Any, StoryFeatures]]]:
    """(id, (order, features)) for a partition; the embedder loads once per executor process."""
    from ..analysis.embed import load_embedder  # lru-cached: one model per Python worker

    batch = list(records)
    if not batch:
        return
    features = cluster.story_features([r.article for _, r in batch], load_embedder(threads))
    for (order, _), f in zip(batch, features, strict=True):
        yield f.id, (order, f)


def _keys(f: StoryFeatures) -> set[str]:
    # The keys the local index keeps postings for: name words and numbers of two digits or more.
    return set(f.name_tokens()) | {"#" + n for n in f.numbers if len(n) > 1}


def _name_pairs(item: tuple[str, Iterable[str]], scale: float) -> Iterator[tuple[tuple[str, str], float]]:
    ids = sorted(set(item[1]))
    if 1 < len(ids) <= RARE_DF:
        weight = 1.0 - math.log(len(ids)) * scale
        for a, b in combinations(ids, 2):
            yield (a, b), weight


def _top(item: tuple[str, Iterable[tuple[float, str]]]) -> Iterator[tuple[str, str]]:
    node, scored = item
    for _, other in sorted(scored, key=lambda s: (-s[0], s[1]))[:NEIGHBOURS]:
        yield min(node, other), max(node, other)


def _planes(bits: int) -> Any:
    return np.random.default_rng(SEED).standard_normal((EMBED_BANDS * bits, DIM)).astype(np.float32)


def _embed_keys(item: tuple[str, tuple[Any, StoryFeatures]], bits: int
                ) -> Iterator[tuple[tuple[int, int], tuple[str, Any]]]:
    _, (_, f) = item
    if bits == 0:
        for band in range(EMBED_BANDS):
            yield (band, 0), (f.id, f.vector)
        return
    signs = (_planes(bits) @ f.vector > 0).reshape(EMBED_BANDS, bits)
    weights = 1 << np.arange(bits)
    for band in range(EMBED_BANDS):
        yield (band, int(signs[band] @ weights)), (f.id, f.vector)


def _nearest(item: tuple[Any, Iterable[tuple[str, Any]]]) -> Iterator[tuple[str, str]]:
    members = sorted(item[1], key=lambda m: m[0])
    for start in range(0, len(members), EMBED_CAP):
        part = members[start:start + EMBED_CAP]
        if len(part) < 2:
            continue
        vectors = np.stack([v for _, v in part])
        inner = vectors @ vectors.T
        np.fill_diagonal(inner, -np.inf)
        count = min(NEIGHBOURS, len(part) - 1)
        best = np.argpartition(-inner, count - 1, axis=1)[:, :count]
        for i, row in enumerate(best.tolist()):
            for j in row:
                a, b = part[i][0], part[j][0]
                yield min(a, b), max(a, b)


def candidate_pairs(features: Any, total: int) -> Any:
    """RDD of distinct (a, b) id pairs, a < b, from name blocking and embedding LSH."""
    scale = 1.0 / math.log(total + cluster.PRIOR_DOCS)
    named = (features.flatMap(lambda r: [(k, r[0]) for k in _keys(r[1][1])])
             .groupByKey().flatMap(lambda kv: _name_pairs(kv, scale)).reduceByKey(lambda x, y: x + y)
             .flatMap(lambda p: [(p[0][0], (p[1], p[0][1])), (p[0][1], (p[1], p[0][0]))])
             .groupByKey().flatMap(_top))
    bits = min(MAX_BITS, max(0, round(math.log2(max(total, 1) / BUCKET_TARGET))))
    embedded = features.flatMap(lambda r: _embed_keys(r, bits)).groupByKey().flatMap(_nearest)
    return named.union(embedded).distinct()


def _vocabulary_keys(f: StoryFeatures) -> Iterator[str]:
    """Every key :meth:`cluster._Vocabulary.entry` interns for an article."""
    yield from ("#" + n for n in f.numbers if len(n) > 1)
    yield from ("@" + a for a in f.ages)
    yield from f.name_tokens()
    yield from ("~" + p for p in f.people | f.places | f.organisations if " " in p)
    yield from f.terms


Scorable = tuple[StoryFeatures, dict[str, int] | None, int]


def _score_pairs(pairs: Iterable[tuple[tuple[str, str], tuple[Scorable, Scorable]]]
                 ) -> Iterator[tuple[tuple[str, str], float]]:
    """The local index's score of each pair, with the counts it had when the later one came."""
    for key, (a, b) in pairs:
        early, late = sorted((a, b), key=lambda s: s[2])
        vocab = _PieceVocabulary({early[0].id: early[1] or {}, late[0].id: late[1] or {}},
                                 {early[0].id: early[2], late[0].id: late[2]})
        first = vocab.entry(early[0])
        second = vocab.entry(late[0])
        cosine = float(np.dot(a[0].vector, b[0].vector))
        yield key, cluster._score(cluster._pair_features(second, first, cosine, vocab), cluster.WEIGHTS)


def _within_window(pair: tuple[Scorable, Scorable]) -> bool:
    a, b = pair[0][0], pair[1][0]
    return a.day is None or b.day is None or abs(a.day - b.day) <= WINDOW_DAYS


class _PieceVocabulary(cluster._Vocabulary):
    """A piece's vocabulary that counts every key as the local index had counted it by then.

    The local index has seen every earlier article of the corpus, not only the piece's.
    Each article brings the count each of its keys had in the corpus up to and including
    it (``counts``) and its rank among the kept articles (``ranks``); interning it sets
    those, so its own entry, and its pair scores, see the rarity the local engine saw.
    """

    def __init__(self, counts: dict[str, dict[str, int]], ranks: dict[str, int]) -> None:
        super().__init__()
        self._counts = counts
        self._ranks = ranks
        self._current: dict[str, int] = {}

    def entry(self, f: StoryFeatures) -> Any:
        self._current = self._counts.get(f.id, {})
        self.docs = self._ranks[f.id]
        return super().entry(f)

    def count(self, key: str, seen: int) -> int:
        # A key only this article has is in no count: its count is 1.
        return self._current.get(key, 1)


def _merge_piece(item: tuple[str, Iterable[tuple[int, StoryFeatures, str, dict[str, int] | None, int]]]
                 ) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """Story labels of one piece, replaying the local engine batch by batch.

    The local engine reads ``BATCH_SIZE`` records at a time: a batch's copies of an
    already placed group join its story, the rest go through ``StoryIndex.assign``,
    and stories of earlier batches never merge. The piece replays exactly that over
    its own articles, each in the batch its ingest order puts it in.
    """
    piece, given = item[0], sorted(item[1], key=lambda m: m[0])
    cap = PIECE_CAP or max(len(given), 1)
    for start in range(0, len(given), cap):
        part = f"{piece}/{start // cap}" if start else piece
        yield from _replay(part, given[start:start + cap])


def _replay(piece: str, given: list[tuple[int, StoryFeatures, str, dict[str, int] | None, int]]
            ) -> Iterator[tuple[str, tuple[str, int, int]]]:
    from .local import BATCH_SIZE

    ordered = [(m[0], m[1], m[2]) for m in given]
    index = cluster.StoryIndex()
    # The index's vocabulary is private to it; the piece needs the corpus's counts.
    index._vocab = _PieceVocabulary({m[1].id: m[3] or {} for m in given},
                                    {m[1].id: m[4] for m in given})
    placed: dict[str, int] = {}
    group_label: dict[str, int] = {}
    next_label = 0
    batches: dict[int, list[tuple[int, StoryFeatures, str]]] = {}
    for m in ordered:
        batches.setdefault(m[0] // BATCH_SIZE, []).append(m)
    for _, batch in sorted(batches.items()):
        known = [(f, group_label[g]) for _, f, g in batch if g in group_label]
        rest = [(f, g) for _, f, g in batch if g not in group_label]
        labels = index.assign([f for f, _ in rest], same_group={f.id: g for f, g in rest},
                              next_label=next_label)
        for (f, g), label in zip(rest, labels, strict=True):
            placed[f.id] = label
            group_label.setdefault(g, label)
        for f, label in known:
            placed[f.id] = label
        if known:
            index.add([f for f, _ in known], [label for _, label in known])
        next_label = max([next_label - 1, *placed.values()]) + 1
    for order, f, _ in ordered:
        yield f.id, (piece, placed[f.id], order)


def _counts_so_far(features: Any) -> Any:
    """RDD of (id, {key: its count up to and including this article, in ingest order}).

    Counted as the local vocabulary counts: once per time an article interns the key, so
    a word that is both a name and a content word counts twice. Keys counted once in
    the whole corpus are left out (their count is 1), which keeps the shuffle to the
    keys articles share.
    """
    def ranks(item: tuple[str, Iterable[tuple[int, str, int]]]) -> Iterator[tuple[str, tuple[str, int]]]:
        holders = sorted(item[1])
        if sum(h[2] for h in holders) > 1:
            running = 0
            for _, article, times in holders:
                running += times
                yield article, (item[0], running)

    def keys(r: tuple[str, tuple[int, StoryFeatures]]) -> Iterator[tuple[str, tuple[int, str, int]]]:
        for key, times in Counter(_vocabulary_keys(r[1][1])).items():
            yield key, (r[1][0], r[0], times)

    return features.flatMap(keys).groupByKey().flatMap(ranks).groupByKey().mapValues(dict)


def _ranks(features: Any) -> Any:
    """RDD of (id, number of kept articles before it in ingest order)."""
    return features.map(lambda r: (r[1][0], r[0])).sortByKey().values().zipWithIndex()


def story_labels(features: Any, canonical: Any, total: int) -> tuple[Any, dict[str, int]]:
    """RDD of (article id, story number from 1, in order of each story's first report)."""
    pairs = candidate_pairs(features, total)
    counts = _counts_so_far(features).cache()
    ranks = _ranks(features).cache()
    slim = (features.mapValues(lambda v: v[1]).leftOuterJoin(counts).join(ranks)
            .mapValues(lambda v: (v[0][0], v[0][1], v[1])))
    scored = (pairs.join(slim).map(lambda r: (r[1][0], (r[0], r[1][1])))
              .join(slim).map(lambda r: ((r[1][0][0], r[0]), (r[1][0][1], r[1][1])))
              .filter(lambda r: _within_window(r[1]))
              .mapPartitions(_score_pairs)
              .filter(lambda r: r[1] >= EDGE_FLOOR).keys()).cache()
    stats = {"story_candidate_pairs": pairs.count(), "story_edges": scored.count()}
    pieces = connected_components(scored.union(canonical))
    members = (features.leftOuterJoin(pieces).leftOuterJoin(canonical)
               .map(lambda r: (r[0], (r[1][0][1] or r[0], r[1][0][0][0], r[1][0][0][1], r[1][1] or r[0])))
               .leftOuterJoin(counts).join(ranks)
               .map(lambda r: (r[1][0][0][0], (*r[1][0][0][1:], r[1][0][1], r[1][1]))))
    labelled = members.groupByKey().flatMap(_merge_piece).cache()
    stories = (labelled.map(lambda r: ((r[1][0], r[1][1]), r[1][2])).reduceByKey(min)
               .sortBy(lambda s: s[1]).keys().zipWithIndex().mapValues(lambda i: i + 1))
    result = (labelled.map(lambda r: ((r[1][0], r[1][1]), r[0])).join(stories).values())
    sizes = pieces.map(lambda r: (r[1], 1)).reduceByKey(lambda x, y: x + y).values()
    stats["largest_piece"] = 1 if sizes.isEmpty() else int(sizes.max())
    for rdd in (scored, counts, ranks):
        rdd.unpersist()
    return result, stats
