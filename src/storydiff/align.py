"""Match the claims of two reports: one to one, one to many, or to nothing.

Each sentence pair gets a probability of stating the same claim from a logistic
model over sentence-embedding cosine, lexical overlap and entity/number overlap.
Its weights were fitted on MRPC train by ``benchmarks/calibrate_alignment.py``
and are shipped in ``data/alignment.json``; no seed or test article was used.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from .models import Alignment, AnalysedArticle, Claim

if TYPE_CHECKING:
    from numpy.typing import NDArray

FEATURES = ("cosine", "containment", "jaccard", "entities", "numbers")


@lru_cache(maxsize=1)
def load_model() -> dict[str, object]:
    data: dict[str, object] = json.loads(
        resources.files("storydiff").joinpath("data/alignment.json").read_text()
    )
    return data


def _ratio(shared: int, size: int) -> float:
    return shared / size if size else 0.0


def pair_features(a: Claim, b: Claim, cosine: float) -> list[float]:
    la, lb = set(a.lemmas), set(b.lemmas)
    shared = len(la & lb)
    ea, eb = {m.key for m in a.mentions}, {m.key for m in b.mentions}
    na = {q.value for q in a.quantities}
    nb = {q.value for q in b.quantities}
    return [
        cosine,
        _ratio(shared, min(len(la), len(lb))),
        _ratio(shared, len(la | lb)),
        _ratio(len(ea & eb), len(ea | eb)) if ea or eb else 0.0,
        _ratio(len(na & nb), len(na | nb)) if na or nb else 0.0,
    ]


def probabilities(features: NDArray[np.float64]) -> NDArray[np.float64]:
    model = load_model()
    weights = np.asarray(model["weights"], dtype=np.float64)
    bias = float(model["bias"])  # type: ignore[arg-type]
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(features @ weights + bias)))
    return result


def similarity_matrix(
    ref: AnalysedArticle, other: AnalysedArticle,
    ref_vectors: NDArray[np.float32], other_vectors: NDArray[np.float32],
) -> NDArray[np.float64]:
    cosines = ref_vectors @ other_vectors.T
    rows = [
        pair_features(a, b, float(cosines[i, j]))
        for i, a in enumerate(ref.claims) for j, b in enumerate(other.claims)
    ]
    if not rows:
        return np.zeros((len(ref.claims), len(other.claims)))
    probs = probabilities(np.asarray(rows, dtype=np.float64))
    return probs.reshape(len(ref.claims), len(other.claims))


def _plain(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


#: Ratio margin (Artetxe & Schwenk, 2019): a pair's cosine over the mean cosine of
#: each side's nearest neighbours. Sentences of one story all look alike to an
#: embedding; the margin asks whether this partner stands out from the rest.
MARGIN = 1.05
MIN_COSINE = 0.35
#: Below this same-claim probability a pair is not linked, however it stands out.
MIN_PROBABILITY = 0.15
NEIGHBOURS = 3
#: How much better a merged neighbour pair must match to count as a split sentence,
#: and how close to standing out the neighbour must be on its own.
MERGE_GAIN = 0.02
MERGE_MARGIN = 0.95


def margins(cosines: NDArray[np.float32]) -> NDArray[np.float64]:
    n, m = cosines.shape
    if not n or not m:
        return np.zeros((n, m))
    k_row, k_col = min(NEIGHBOURS, m), min(NEIGHBOURS, n)
    row = np.sort(cosines, axis=1)[:, -k_row:].mean(axis=1)
    col = np.sort(cosines, axis=0)[-k_col:, :].mean(axis=0)
    result: NDArray[np.float64] = cosines / np.maximum((row[:, None] + col[None, :]) / 2, 1e-9)
    return result


def align_claims(
    ref: AnalysedArticle, other: AnalysedArticle,
    ref_vectors: NDArray[np.float32], other_vectors: NDArray[np.float32],
) -> tuple[Alignment, ...]:
    """Group the two reports' claims that state the same thing."""
    model = load_model()
    match = float(model["threshold"])  # type: ignore[arg-type]
    probs = similarity_matrix(ref, other, ref_vectors, other_vectors)
    cosines = ref_vectors @ other_vectors.T
    margin = margins(cosines)
    m = probs.shape[1]
    links: set[tuple[int, int]] = set()
    used_a: set[int] = set()
    used_b: set[int] = set()
    # One to one first, best pairs first.
    for flat in np.argsort(-probs, axis=None):
        i, j = divmod(int(flat), m)
        if probs[i, j] < match:
            break
        if i not in used_a and j not in used_b:
            links.add((i, j))
            used_a.add(i)
            used_b.add(j)
    # Pairs that stand out from their neighbours, even if reworded beyond paraphrase.
    # A claim already matched as a paraphrase takes a second partner only as a
    # split sentence (below): standing out is not enough, since a report's
    # background sentence often resembles its lead most ("a 2017 quake killed 12").
    standing_out = (margin >= MARGIN) & (cosines >= MIN_COSINE) & (probs >= MIN_PROBABILITY)
    strong_a, strong_b = set(used_a), set(used_b)
    for i, j in zip(*np.nonzero(standing_out), strict=True):
        i, j = int(i), int(j)
        if i in strong_a or j in strong_b:
            continue
        best_for_a = j == int(np.argmax(margin[i]))
        best_for_b = i == int(np.argmax(margin[:, j]))
        if best_for_a or best_for_b:
            links.add((i, j))
    links |= _merged_neighbours(ref, other, links, (ref_vectors, other_vectors), margin)
    return _groups(ref, other, links, probs)


def _merged_neighbours(ref: AnalysedArticle, other: AnalysedArticle,
                       links: set[tuple[int, int]], vectors: tuple[NDArray[np.float32],
                                                                   NDArray[np.float32]],
                       margin: NDArray[np.float64]) -> set[tuple[int, int]]:
    """Sentences merged in one report: a neighbour of a linked claim joins the group
    when the two together match the partner better than the claim alone.

    Mean pooling makes the vector of two sentences close to the length-weighted
    mean of their vectors, so no second pass of the model is needed.
    """
    ref_vectors, other_vectors = vectors
    linked_a = {i for i, _ in links}
    linked_b = {j for _, j in links}
    added = set()

    def joined(claims: tuple[Claim, ...], vecs: NDArray[np.float32], x: int, y: int
               ) -> NDArray[np.float32]:
        wx, wy = len(claims[x].text.split()), len(claims[y].text.split())
        v: NDArray[np.float32] = vecs[x] * wx + vecs[y] * wy
        return v / max(float(np.linalg.norm(v)), 1e-9)

    for i, j in sorted(links):
        alone = float(ref_vectors[i] @ other_vectors[j])
        for ni in (i - 1, i + 1):
            if 0 <= ni < len(ref.claims) and ni not in linked_a and margin[ni, j] >= MERGE_MARGIN:
                together = float(joined(ref.claims, ref_vectors, i, ni) @ other_vectors[j])
                if together >= alone + MERGE_GAIN:
                    added.add((ni, j))
        for nj in (j - 1, j + 1):
            if (0 <= nj < len(other.claims) and nj not in linked_b
                    and margin[i, nj] >= MERGE_MARGIN):
                together = float(ref_vectors[i] @ joined(other.claims, other_vectors, j, nj))
                if together >= alone + MERGE_GAIN:
                    added.add((i, nj))
    return added


def _groups(ref: AnalysedArticle, other: AnalysedArticle, links: set[tuple[int, int]],
            probs: NDArray[np.float64]) -> tuple[Alignment, ...]:
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for i, j in links:
        parent[find(("a", i))] = find(("b", j))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for i, j in links:
        a_set, b_set = groups.setdefault(find(("a", i)), (set(), set()))
        a_set.add(i)
        b_set.add(j)
    alignments: list[Alignment] = []
    for a_set, b_set in sorted(groups.values(), key=lambda g: (min(g[0]), min(g[1]))):
        a_ids, b_ids = tuple(sorted(a_set)), tuple(sorted(b_set))
        shape = {(True, True): "one_to_one", (True, False): "one_to_many",
                 (False, True): "many_to_one", (False, False): "many_to_many"}[
            (len(a_ids) == 1, len(b_ids) == 1)]
        score = max(float(probs[i, j]) for i, j in links if i in a_set and j in b_set)
        identical = _plain(" ".join(ref.claims[i].text for i in a_ids)) == _plain(
            " ".join(other.claims[j].text for j in b_ids))
        alignments.append(Alignment(
            id=f"al{len(alignments) + 1}", a_article=ref.article.id, b_article=other.article.id,
            a=a_ids, b=b_ids, score=round(score, 3), shape=shape, identical=identical,
        ))
    return tuple(alignments)
