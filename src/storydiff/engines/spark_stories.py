"""Story clustering on Spark: the local index's candidates found corpus-wide, then local merging.

The local engine's :class:`~storydiff.corpus.cluster.StoryIndex` places a batch at a
time: each new article is scored against its nearest earlier articles by headline
vector, the batch's earlier articles nearest to it, and the latest articles sharing its
rarest names; then the batch is merged best pair first by average score, an inherently
sequential step. Here every article first gets a position, the one it would have in the
local index; the three candidate lists are found for all articles at once (vector LSH
buckets, batch groups and name postings, all keyed joins); each pair is scored with the
key counts the local index had at that position; and the connected components of the
pairs scoring >= 0 (plus copy-group links) are the pieces. Average link needs a pair
scoring >= 0 to join two clusters, so no story crosses two pieces, and a candidate in
another piece only adds a negative link that never merges: each piece replays the
local engine's merges (:func:`cluster.merge_chunk`, batch by batch) on those scores in
one task. docs/scaling.md measures where the two engines still differ.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np

from ..corpus import cluster
from ..corpus.features import DIM, StoryFeatures
from ..models import Record
from .spark_graph import connected_components

NEIGHBOURS = cluster.NEIGHBOURS
#: Random hyperplane bands over the headline vectors. Bits per band grow with the corpus so
#: that a bucket holds about ``BUCKET_TARGET`` articles; eight bands find ~90% of pairs with
#: cosine 0.6 on 10k articles, and the nearest neighbours that score >= 0 are closer still.
EMBED_BANDS = 8
BUCKET_TARGET = 1024
MAX_BITS = 16
#: Each article is compared with at most this many earlier articles of a bucket (the latest),
#: which bounds a task's similarity matrix at EMBED_CAP x 2·EMBED_CAP floats.
EMBED_CAP = 2048
SEED = 20_161_103
#: Pairs scoring at least this link their articles into one piece.
EDGE_FLOOR = 0.0


class Placed(NamedTuple):
    """An article where the local index would hold it."""

    position: int
    order: int
    group: str
    #: A copy whose group already has a story from an earlier batch: it joins that story
    #: without being scored, but later articles still find it.
    known: bool
    features: StoryFeatures


def _batch(order: int) -> int:
    from .local import BATCH_SIZE

    return order // BATCH_SIZE


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


def placed_rows(features: Any, canonical: Any) -> Any:
    """RDD of (position, Placed): the local index adds each batch's new articles in ingest
    order, then the batch's copies of groups placed earlier."""
    grouped = features.leftOuterJoin(canonical).map(
        lambda r: (r[1][1] or r[0], (r[0], r[1][0][0], r[1][0][1])))
    first = grouped.map(lambda r: (r[0], _batch(r[1][1]))).reduceByKey(min)
    rows = grouped.join(first).map(
        lambda r: (r[1][0][1], r[0], _batch(r[1][0][1]) > r[1][1], r[1][0][2]))
    return (rows.sortBy(lambda r: (_batch(r[0]), r[2], r[0])).zipWithIndex()
            .map(lambda r: (r[1], Placed(r[1], *r[0]))))


def _vocabulary_keys(f: StoryFeatures) -> Iterator[str]:
    """Every key :meth:`cluster.Vocabulary.entry` interns for an article."""
    yield from ("#" + n for n in f.numbers if len(n) > 1)
    yield from ("@" + a for a in f.ages)
    yield from f.name_tokens()
    yield from ("~" + p for p in f.people | f.places | f.organisations if " " in p)
    yield from f.terms


def _posted_keys(f: StoryFeatures) -> frozenset[str]:
    """The keys the local index keeps postings for: name words and numbers of two digits or more."""
    return f.name_tokens() | {"#" + n for n in f.numbers if len(n) > 1}


def _key_holders(row: tuple[int, Placed]) -> Iterator[tuple[str, tuple[int, int, bool, bool]]]:
    p = row[1]
    posted = _posted_keys(p.features)
    for key, times in Counter(_vocabulary_keys(p.features)).items():
        yield key, (p.position, times, key in posted, p.known)


def _walk_key(item: tuple[str, Iterable[tuple[int, int, bool, bool]]]
              ) -> Iterator[tuple[str, tuple[int, Any]]]:
    """One key's holders in index order: each holder's count of the key so far ("count"),
    and for each new article the latest earlier postings with the key's weight ("named")."""
    key, holders = item[0], sorted(item[1])
    shared = sum(h[1] for h in holders) > 1
    running = 0
    postings: list[int] = []
    for position, times, posted, known in holders:
        running += times
        if shared:
            yield "count", (position, (key, running))
        if not posted:
            continue
        if postings and not known:
            # The index reads rarity once the article is interned: the count includes it,
            # and ``docs`` is its position + 1.
            weight = 1.0 - math.log(running) / math.log(position + 1 + cluster.PRIOR_DOCS)
            yield "named", (position, (key, weight, postings[-cluster.POSTINGS:]))
        postings.append(position)


def _top_named(item: tuple[int, Iterable[tuple[str, float, list[int]]]]) -> Iterator[tuple[int, int]]:
    mass: dict[int, float] = {}
    # One summing order for every candidate, so equal key sets give equal masses (ties).
    for _, weight, postings in sorted(item[1], key=lambda c: c[0]):
        for position in postings:
            mass[position] = mass.get(position, 0.0) + weight
    for position in sorted(mass, key=lambda p: (-mass[p], -p))[:NEIGHBOURS]:
        yield item[0], position


def _in_batch(item: tuple[int, Iterable[tuple[int, Any]]]) -> Iterator[tuple[int, int]]:
    """The nearest earlier articles of the same batch, as the index searches its chunk."""
    members = sorted(item[1], key=lambda m: m[0])
    vectors = np.stack([v for _, v in members]).astype(np.float32)
    inner = vectors @ vectors.T
    for i in range(1, len(members)):
        for j in np.argsort(-inner[i, :i])[:NEIGHBOURS]:
            yield members[i][0], members[int(j)][0]


def _planes(bits: int) -> Any:
    return np.random.default_rng(SEED).standard_normal((EMBED_BANDS * bits, DIM)).astype(np.float32)


def _embed_keys(p: Placed, bits: int) -> Iterator[tuple[tuple[int, int], tuple[int, int, bool, Any]]]:
    # Half precision halves the shuffle; the scores use the full vectors later.
    row = (p.position, _batch(p.order), p.known, p.features.vector.astype(np.float16))
    if bits == 0:
        for band in range(EMBED_BANDS):
            yield (band, 0), row
        return
    signs = (_planes(bits) @ p.features.vector > 0).reshape(EMBED_BANDS, bits)
    weights = 1 << np.arange(bits)
    for band in range(EMBED_BANDS):
        yield (band, int(signs[band] @ weights)), row


def _nearest_earlier(item: tuple[Any, Iterable[tuple[int, int, bool, Any]]]
                     ) -> Iterator[tuple[int, tuple[float, int]]]:
    """For each new article of a bucket, its nearest articles of earlier batches in it."""
    members = sorted(item[1], key=lambda m: m[0])
    if len(members) < 2:
        return
    positions = [m[0] for m in members]
    batches = np.array([m[1] for m in members])
    vectors = np.stack([m[3] for m in members]).astype(np.float32)
    for start in range(0, len(members), EMBED_CAP):
        low, end = max(0, start - EMBED_CAP), min(len(members), start + EMBED_CAP)
        inner = vectors[start:end] @ vectors[low:end].T
        inner[batches[start:end, None] <= batches[None, low:end]] = -np.inf
        count = min(NEIGHBOURS, end - low)
        best = np.argpartition(-inner, count - 1, axis=1)[:, :count]
        for i, row in enumerate(best.tolist()):
            if members[start + i][2]:
                continue
            for j in row:
                if inner[i, j] > -np.inf:
                    yield positions[start + i], (float(inner[i, j]), positions[low + j])


def _top_nearest(item: tuple[int, Iterable[tuple[float, int]]]) -> Iterator[tuple[int, int]]:
    for _, other in sorted(set(item[1]), key=lambda s: (-s[0], s[1]))[:NEIGHBOURS]:
        yield item[0], other


def candidates(placed: Any, walked: Any, total: int) -> Any:
    """RDD of distinct (new position, earlier position): whom the local index would score each
    new article against, found for the whole corpus with keyed joins, never all pairs."""
    named = (walked.filter(lambda r: r[0] == "named").values().groupByKey().flatMap(_top_named))
    fresh = placed.filter(lambda r: not r[1].known)
    batch = (fresh.map(lambda r: (_batch(r[1].order), (r[0], r[1].features.vector)))
             .groupByKey().flatMap(_in_batch))
    bits = min(MAX_BITS, max(0, round(math.log2(max(total, 1) / BUCKET_TARGET))))
    nearest = (placed.flatMap(lambda r: _embed_keys(r[1], bits)).groupByKey()
               .flatMap(_nearest_earlier).groupByKey().flatMap(_top_nearest))
    return named.union(batch).union(nearest).distinct()


class _KeyedCounts(cluster.Vocabulary):
    """One article's vocabulary as the local index had it when the article came.

    The local index had seen every earlier article of the corpus. The article brings
    the count each of its keys had up to and including it (``counts``) and its
    position; its entry then holds the rarity the local engine saw. Keys get stable
    64-bit ids, so entries made on different executors share them.
    """

    def __init__(self, counts: dict[str, int], position: int) -> None:
        super().__init__()
        self._counts = counts
        self.docs = position

    def intern(self, keys: frozenset[str]) -> tuple[int, ...]:
        out = []
        for key in keys:
            i = self.ids.get(key)
            if i is None:
                i = self.ids[key] = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest())
                # A key only this article has is in no count: its count is 1.
                self.log_df[i] = math.log(self._counts.get(key, 1))
            out.append(i)
        return tuple(sorted(out))


#: An article ready to be scored: its entry, the rarity of its keys then, its position
#: and its headline vector.
Scorable = tuple[cluster.Entry, dict[int, float], int, Any]


def _scorable(placed: Placed, counts: dict[str, int] | None) -> Scorable:
    vocab = _KeyedCounts(counts or {}, placed.position)
    return vocab.entry(placed.features), vocab.log_df, placed.position, placed.features.vector


def _score_new(item: tuple[int, tuple[Iterable[tuple[int, cluster.Entry, Any]], Iterable[Scorable]]]
               ) -> Iterator[tuple[tuple[int, int], float]]:
    """The local index's score of a new article with each earlier candidate.

    A score reads the two entries (each fixed when its article came) and the rarity of
    the keys they share, which the new article's counts give: exactly what the local
    index read when it scored the pair.
    """
    new, (olds, mine) = item[0], item[1]
    for entry, log_df, position, vector in mine:
        vocab = cluster.Vocabulary()
        vocab.log_df, vocab.docs = log_df, position + 1
        for old, old_entry, old_vector in olds:
            cosine = float(np.dot(vector, old_vector))
            yield (new, old), cluster.entry_score(entry, old_entry, cosine, vocab)


class Slot(NamedTuple):
    """What the replay needs of an article: where it sits, no text or vectors."""

    position: int
    order: int
    group: str
    known: bool
    id: str


def _replay(item: tuple[int, tuple[Iterable[Slot], Iterable[tuple[int, int, float]]]]
            ) -> Iterator[tuple[str, tuple[int, int, int]]]:
    """Story labels of one piece, replaying the local engine batch by batch.

    The local engine reads ``BATCH_SIZE`` records at a time: a batch's copies of an
    already placed group join its story, the rest are merged by average link
    (:func:`cluster.merge_chunk`) with their pair scores, and stories of earlier batches
    never merge. The piece replays exactly that over its own articles, with the scores
    found corpus-wide; a score with an article of another piece is left out, since
    that piece's stories can never join this one's.
    """
    piece, (given, scores) = item[0], item[1]
    members = sorted(Slot(*m) for m in given)
    links: dict[int, list[tuple[int, float]]] = {}
    for new, earlier, score in scores:
        links.setdefault(new, []).append((earlier, score))
    batches: dict[int, list[Slot]] = {}
    for p in members:
        batches.setdefault(_batch(p.order), []).append(p)
    label_at: dict[int, int] = {}
    group_label: dict[str, int] = {}
    sizes: dict[int, int] = {}
    next_label = 0
    for _, batch in sorted(batches.items()):
        fresh = [p for p in batch if not p.known]
        at = {p.position: i for i, p in enumerate(fresh)}
        chunk_links: list[cluster.Link] = []
        for i, p in enumerate(fresh):
            for earlier, score in sorted(links.get(p.position, ())):
                if earlier in at:
                    chunk_links.append((i, at[earlier], False, score))
                elif earlier in label_at:
                    chunk_links.append((i, label_at[earlier], True, score))
        labels, opened = cluster.merge_chunk([p.group for p in fresh],
                                             [group_label.get(p.group) for p in fresh],
                                             chunk_links, sizes, next_label)
        next_label += opened
        for p, label in zip(fresh, labels, strict=True):
            group_label.setdefault(p.group, label)
        for p in batch:
            label = group_label[p.group] if p.known else labels[at[p.position]]
            label_at[p.position] = label
            sizes[label] = sizes.get(label, 0) + 1
    for p in members:
        yield p.id, (piece, label_at[p.position], p.order)


class _Steps:
    """Seconds per step of the story stage; each step's result is forced (counted) first."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, name: str, rdd: Any) -> int:
        count = int(rdd.count())
        now = time.perf_counter()
        self.seconds[name], self._last = round(now - self._last, 2), now
        return count


def story_labels(features: Any, canonical: Any, total: int) -> tuple[Any, dict[str, Any]]:
    """RDD of (article id, story number from 1, in order of each story's first report), and
    figures: candidate pairs, edges, the largest piece and seconds per step."""
    steps = _Steps()
    placed = placed_rows(features, canonical).cache()
    steps.done("positions", placed)
    walked = placed.flatMap(_key_holders).groupByKey().flatMap(_walk_key).cache()
    counts = (walked.filter(lambda r: r[0] == "count").values().groupByKey().mapValues(dict)).cache()
    steps.done("key counts", counts)
    pairs = candidates(placed, walked, total).cache()
    steps.done("candidates", pairs)
    ready = placed.leftOuterJoin(counts).mapValues(lambda v: _scorable(v[0], v[1])).cache()
    # Each pair ships its earlier article's entry; the new article's comes once for all its pairs.
    olds = (pairs.map(lambda p: (p[1], p[0])).join(ready)
            .map(lambda r: (r[1][0], (r[0], r[1][1][0], r[1][1][3]))))
    scored = olds.cogroup(ready).flatMap(_score_new).cache()
    edges = scored.filter(lambda r: r[1] >= EDGE_FLOOR).keys()
    stats: dict[str, Any] = {"story_candidate_pairs": steps.done("pair scores", scored),
                             "story_edges": edges.count()}
    position_of = placed.map(lambda r: (r[1].features.id, r[0]))
    links = (canonical.join(position_of).map(lambda r: (r[1][0], r[1][1])).join(position_of).values())
    pieces = connected_components(edges.union(links)).cache()
    steps.done("pieces", pieces)
    piece_of = placed.leftOuterJoin(pieces).map(lambda r: (r[0], r[1][1] if r[1][1] is not None else r[0]))
    # The replay needs no text, vectors or counts: only where each article sits and its scores.
    members = placed.join(piece_of).map(lambda r: (r[1][1], (*r[1][0][:4], r[1][0].features.id)))
    piece_scores = scored.map(lambda r: (r[0][0], (r[0][1], r[1]))).join(piece_of).map(
        lambda r: (r[1][1], (r[0], r[1][0][0], r[1][0][1])))
    labelled = members.cogroup(piece_scores).flatMap(_replay).cache()
    steps.done("replay", labelled)
    stories = (labelled.map(lambda r: ((r[1][0], r[1][1]), r[1][2])).reduceByKey(min)
               .sortBy(lambda s: s[1]).keys().zipWithIndex().mapValues(lambda i: i + 1))
    result = labelled.map(lambda r: ((r[1][0], r[1][1]), r[0])).join(stories).values()
    sizes = pieces.map(lambda r: (r[1], 1)).reduceByKey(lambda x, y: x + y).values()
    stats["largest_piece"] = 1 if sizes.isEmpty() else int(sizes.max())
    stats["story_step_seconds"] = steps.seconds
    for rdd in (placed, walked, counts, pairs, ready, scored, pieces):
        rdd.unpersist()
    return result, stats
