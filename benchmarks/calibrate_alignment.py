"""Fit the claim-alignment model on MRPC train and report MRPC F1 and STS-B Pearson.

    .venv/bin/python benchmarks/calibrate_alignment.py            # report only
    .venv/bin/python benchmarks/calibrate_alignment.py --write    # refit, write data/alignment.json

Needs ../shared/data (MRPC train, STS-B dev); skips cleanly without it. The
MRPC F1 is 5-fold cross-validated so it is not measured on the pairs the
weights were fitted on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from storydiff.align import FEATURES, pair_features, probabilities
from storydiff.analysis import analyse
from storydiff.analysis.embed import load_embedder
from storydiff.models import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODEL_FILE = ROOT / "src" / "storydiff" / "data" / "alignment.json"


def read_mrpc() -> list[tuple[str, str, int]]:
    rows = []
    # The training file of the MRPC release, read in place.
    train_file = next((DATA / "mrpc").glob("*_train.txt"))
    lines = train_file.read_text(encoding="utf-8-sig")
    for line in lines.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((parts[3], parts[4], int(parts[0])))
    return rows


def read_stsb(name: str) -> list[tuple[str, str, float]]:
    rows = []
    for line in (DATA / "stsb" / name).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 7:
            rows.append((parts[5], parts[6], float(parts[4])))
    return rows


def features(pairs: list[tuple[str, str]]) -> np.ndarray:
    embedder = load_embedder(1)
    vectors_a = embedder.embed([a for a, _ in pairs])
    vectors_b = embedder.embed([b for _, b in pairs])
    rows = []
    for k, (a, b) in enumerate(pairs):
        left, right = analyse([Article(f"a{k}", "a", "", a), Article(f"b{k}", "b", "", b)])
        # Sentence splitting may cut a pair item in two; features use the whole item.
        claim_a = _merge(left)
        claim_b = _merge(right)
        rows.append(pair_features(claim_a, claim_b, float(vectors_a[k] @ vectors_b[k])))
    return np.asarray(rows, dtype=np.float64)


def _merge(analysed):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    claims = analysed.claims
    first = claims[0]
    return replace(first, lemmas=tuple(lem for c in claims for lem in c.lemmas),
                   mentions=tuple(m for c in claims for m in c.mentions),
                   quantities=tuple(q for c in claims for q in c.quantities))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-regularised log loss."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0]
        hess = (design.T * (p * (1 - p))) @ design / len(y) + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def f1_at(p: np.ndarray, y: np.ndarray, threshold: float) -> float:
    pred = p >= threshold
    tp = float((pred & (y == 1)).sum())
    precision = tp / max(pred.sum(), 1)
    recall = tp / max((y == 1).sum(), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="refit and write the model file")
    args = parser.parse_args()
    if not (DATA / "mrpc").is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    started = time.perf_counter()
    mrpc = read_mrpc()
    x = features([(a, b) for a, b, _ in mrpc])
    y = np.asarray([label for _, _, label in mrpc], dtype=np.float64)
    # 5-fold cross-validated F1 at the threshold chosen on each training part.
    rng = np.random.default_rng(0)
    folds = rng.permutation(len(y)) % 5
    grid = np.linspace(0.2, 0.8, 61)
    scores = []
    for fold in range(5):
        train, test = folds != fold, folds == fold
        w, b = fit_logistic(x[train], y[train])
        p_train = 1 / (1 + np.exp(-(x[train] @ w + b)))
        best = max(grid, key=lambda t: f1_at(p_train, y[train], t))
        p_test = 1 / (1 + np.exp(-(x[test] @ w + b)))
        scores.append(f1_at(p_test, y[test], best))
    weights, bias = fit_logistic(x, y)
    p_all = 1 / (1 + np.exp(-(x @ weights + bias)))
    threshold = float(max(grid, key=lambda t: f1_at(p_all, y, t)))
    cosine_only = max(f1_at(x[:, 0], y, t) for t in np.linspace(0.3, 0.95, 66))
    if args.write:
        MODEL_FILE.write_text(json.dumps({
            "features": list(FEATURES),
            "weights": [round(float(v), 5) for v in weights],
            "bias": round(bias, 5),
            "threshold": round(threshold, 3),
            # Split or merged sentences share only part of their content: a
            # lower bar, used only for a claim left without any partner.
            "partial_threshold": round(threshold / 2, 3),
            "fitted_on": "MRPC train (4,076 pairs)",
        }, indent=2) + "\n")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
    sts = read_stsb("sts-dev.csv")
    xs = features([(a, b) for a, b, _ in sts])
    gold = np.asarray([s for _, _, s in sts])
    p_sts = probabilities(xs)
    print(f"MRPC train, {len(y)} pairs: alignment F1 (5-fold CV) {np.mean(scores):.3f}; "
          f"cosine alone (best threshold, in-sample) {cosine_only:.3f}")
    print(f"STS-B dev, {len(gold)} pairs: Pearson {np.corrcoef(p_sts, gold)[0, 1]:.3f} "
          f"(model), {np.corrcoef(xs[:, 0], gold)[0, 1]:.3f} (cosine alone)")
    print(f"weights {dict(zip(FEATURES, np.round(weights, 3), strict=True))}, bias {bias:.3f}, "
          f"threshold {threshold:.2f}; {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
