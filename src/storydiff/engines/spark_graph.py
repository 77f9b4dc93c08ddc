"""Connected components in plain Spark RDD operations: large-star / small-star.

Near-duplicate groups and the candidate graph of story clustering are both
connected components over the whole corpus. GraphFrames would do it, but it is a
JVM package outside PyPI; the alternating large-star / small-star rounds of
Kiveris et al. ("Connected Components in MapReduce and Beyond", 2014) need only
``groupByKey`` and converge in O(log² n) rounds, each a shuffle of the edges.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

#: A chain of near-copies or a story graph converges in a handful of rounds; a run that
#: needs more has a pathological graph, and stopping gives components that are still
#: correct, only split (each round only ever joins nodes already connected).
MAX_ROUNDS = 40


def _large_star(item: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    node, neighbours = item
    around = set(neighbours)
    smallest = min(around | {node})
    # Every larger neighbour hangs from the smallest node of the neighbourhood.
    for other in around:
        if other > node:
            yield other, smallest


def _small_star(item: tuple[str, Iterable[str]]) -> Iterator[tuple[str, str]]:
    node, smaller = item
    around = set(smaller)
    smallest = min(around | {node})
    for other in around | {node}:
        if other != smallest:
            yield other, smallest


def connected_components(edges: Any) -> Any:
    """RDD of (node, component) for every node of an RDD of (a, b) edges (ids or positions).

    The component is the smallest node id in it; isolated nodes (no edge) are absent.

    >>> connected_components(sc.parallelize([("b", "a"), ("c", "b"), ("x", "y")])).collect()  # doctest: +SKIP
    [('b', 'a'), ('c', 'a'), ('a', 'a'), ('y', 'x'), ('x', 'x')]
    """
    current = edges.filter(lambda e: e[0] != e[1]).map(lambda e: (max(e), min(e))).distinct().cache()
    before = _fingerprint(current)
    for _ in range(MAX_ROUNDS):
        large = current.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])]).groupByKey().flatMap(_large_star)
        # Small-star looks only at each node's neighbours no larger than itself; its set()
        # drops the duplicate edges large-star makes, so no distinct() (a shuffle) is needed.
        small = (large.map(lambda e: (max(e), min(e))).groupByKey().flatMap(_small_star)
                 .map(lambda e: (max(e), min(e)))).cache()
        after = _fingerprint(small)
        current.unpersist()
        current = small
        if after == before:
            break
        before = after
    # Converged: each component is a star around its smallest node.
    roots = current.map(lambda e: e[1]).distinct().map(lambda r: (r, r))
    return current.union(roots).reduceByKey(min)


def _edge_hash(edge: tuple[str, str]) -> int:
    digest = hashlib.blake2b(f"{edge[0]}\x00{edge[1]}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _fingerprint(edges: Any) -> tuple[int, int]:
    """(edges, sum of their 64-bit hashes mod 2**64): one pass, no shuffle.

    Comparing edge sets with subtract() costs two shuffles a round. A round may emit an
    edge twice, which changes the fingerprint, but at the fixed point (stars) each edge
    comes once, so equal fingerprints mean the rounds stopped changing; two different
    edge lists with one count and one 64-bit hash sum are a chance of about 2**-64.
    """
    count, total = edges.map(lambda e: (1, _edge_hash(e))).fold(
        (0, 0), lambda x, y: (x[0] + y[0], (x[1] + y[1]) % (1 << 64)))
    return int(count), int(total)
