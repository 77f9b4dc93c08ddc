"""The shipped NLI model: accuracy, contradiction F1, speed, and what it changes in compare.

    .venv/bin/python benchmarks/nli_eval.py

Scores the int8 ONNX model that ships (not the torch one it was trained as) on
the check split training/train_nli.py kept aside, on its MultiNLI part (the
closest to news prose), and on the project's own news pairs; times short pairs
on one thread; and runs the planted set with and without the model.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from storydiff import nli  # noqa: E402

LABELS = nli.LABELS


def _scores(predicted: list[str], gold: list[str]) -> str:
    tp = sum(p == g == "contradiction" for p, g in zip(predicted, gold, strict=True))
    precision = tp / max(1, predicted.count("contradiction"))
    recall = tp / max(1, gold.count("contradiction"))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    accuracy = sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(gold)
    return f"accuracy {accuracy:.3f}, contradiction F1 {f1:.3f} ({len(gold)} pairs)"


def _predict(rows: list[dict[str, str]]) -> list[str]:
    readings = nli.load_model(1).predict([(r["premise"], r["hypothesis"]) for r in rows])
    return [max(LABELS, key=lambda label: r[label]) for r in readings]


def main() -> int:
    if not nli.available():
        print("skipped: no NLI model in src/storydiff/data/nli (run `make train-nli`)")
        return 0
    from test_nli import NEWS_PAIRS

    started = time.perf_counter()
    nli.NLIModel(nli.model_dir(), 1)
    lines = [f"load: {time.perf_counter() - started:.2f} s (new session and tokenizer)"]
    try:
        from nli_data import DATA, load_pairs

        if DATA.exists():
            _, check = load_pairs()
            lines.append(f"check split: {_scores(_predict(check), [r['label'] for r in check])}")
            mnli = [r for r in check if r["source"] == "mnli"]
            lines.append(f"  MultiNLI part: {_scores(_predict(mnli), [r['label'] for r in mnli])}")
    except ImportError:
        pass
    news = [{"premise": p, "hypothesis": h, "label": label} for p, h, label in NEWS_PAIRS]
    lines.append(f"project news pairs: {_scores(_predict(news), [r['label'] for r in news])}")
    short = [(p, h) for p, h, _ in NEWS_PAIRS] * 40
    model = nli.load_model(1)
    model.predict(short[:32])
    started = time.perf_counter()
    model.predict(short)
    rate = len(short) / (time.perf_counter() - started)
    lines.append(f"speed: {rate:.0f} short pairs per second on one thread")
    from run import planted

    lines.append("")
    lines.append("compare on the planted set WITHOUT the model:")
    lines += planted(nli=False)
    lines.append("")
    lines.append("compare on the planted set WITH the model:")
    lines += planted(nli=True)
    print("\n".join(lines))
    metrics = ROOT / "src" / "storydiff" / "data" / "nli" / "metrics.json"
    if metrics.exists():
        print("\ntraining figures (torch, before int8 export):",
              json.dumps(json.loads(metrics.read_text())["check"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
