"""Near-duplicate groups on Spark: MinHash signatures, LSH bands by ``groupBy``, components.

The same functions as the local engine (:mod:`storydiff.corpus.dedup`): signatures
and band keys per partition, :func:`dedup.similarity` and ``THRESHOLD`` to verify a
candidate, and the group's canonical by :func:`dedup.group`'s rule (earliest published,
undated last, ties to the smallest id).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

from ..corpus import dedup
from ..models import Record
from .spark_graph import connected_components

#: Articles kept per LSH bucket. A bucket holds the distinct texts sharing 4 MinHash
#: slots; past a few hundred it is boilerplate (a paywall notice, an empty template),
#: not news, and its k*(k-1)/2 pairs would dominate the job. The ids kept are the
#: smallest, so the cut is deterministic; pairs it drops are counted in the summary.
BUCKET_CAP = 200


def signature_rows(records: Iterable[tuple[Any, Record]]
                   ) -> Iterator[tuple[str, tuple[bytes, list[int], str]]]:
    """(id, (signature bytes, band keys, text hash)) for a partition, one rensa call for all."""
    batch = list(records)
    sigs = dedup.signatures([r.article.text for _, r in batch])
    for (_, record), sig in zip(batch, sigs, strict=True):
        yield record.article.id, (dedup.encode_signature(sig), dedup.band_keys(sig), record.text_hash)


def _bucket_pairs(item: tuple[int, Iterable[str]]) -> Iterator[tuple[str, str]]:
    members = sorted(set(item[1]))[:BUCKET_CAP]
    yield from combinations(members, 2)


def _similar(item: tuple[tuple[str, str], tuple[bytes, bytes]]) -> bool:
    _, (a, b) = item
    return dedup.similarity(dedup.decode_signature(a), dedup.decode_signature(b)) >= dedup.THRESHOLD


def _canonical_rows(item: tuple[str, Iterable[tuple[str, str | None]]]) -> Iterator[tuple[str, str]]:
    members = dict(item[1])
    # dedup.group over a star of the component gives exactly its canonical rule.
    root = min(members)
    yield from dedup.group([(root, m, 1.0) for m in members if m != root], members).items()


def duplicate_groups(records: Any, signatures: Any) -> tuple[Any, dict[str, int]]:
    """RDD of (member id, canonical id) for every member of a group of two or more.

    ``records`` is the RDD of (order, Record), ``signatures`` that of
    :func:`signature_rows`. Exact copies (one text hash) are linked to the hash's
    smallest id; only that one enters the LSH buckets, since copies share every band.
    """
    by_hash = signatures.map(lambda r: (r[1][2], r[0])).groupByKey().mapValues(sorted).cache()
    exact = by_hash.flatMap(lambda h: [(h[1][0], other) for other in h[1][1:]])
    representatives = by_hash.map(lambda h: (h[1][0], True))
    bands = (signatures.join(representatives)
             .flatMap(lambda r: [(band, r[0]) for band in r[1][0][1]]))
    buckets = bands.groupByKey().filter(lambda b: len(b[1]) > 1).cache()
    over = buckets.filter(lambda b: len(set(b[1])) > BUCKET_CAP).count()
    candidates = buckets.flatMap(_bucket_pairs).distinct()
    blobs = signatures.mapValues(lambda v: v[0])
    near = (candidates.join(blobs).map(lambda r: (r[1][0], (r[0], r[1][1])))
            .join(blobs).map(lambda r: ((r[1][0][0], r[0]), (r[1][0][1], r[1][1])))
            .filter(_similar).keys())
    near = near.cache()
    stats = {"candidate_pairs": candidates.count(), "near_pairs": near.count(), "buckets_over_cap": over}
    components = connected_components(exact.union(near))
    published = records.map(lambda r: (r[1].article.id, r[1].article.published))
    canonical = (components.join(published).map(lambda r: (r[1][0], (r[0], r[1][1])))
                 .groupByKey().flatMap(_canonical_rows))
    by_hash.unpersist()
    buckets.unpersist()
    return canonical, stats
