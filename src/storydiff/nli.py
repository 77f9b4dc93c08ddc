"""storydiff's own contradiction model: a 3-way NLI cross-encoder, int8 ONNX.

all-MiniLM-L6-v2 fine-tuned on MultiNLI, SNLI, CAD-NLI and Breaking NLI by
``training/train_nli.py``; see ``data/nli/MODEL_CARD.md``. It runs with
onnxruntime and a tokenizer, without torch, and loads once per process.

    >>> from storydiff import nli
    >>> nli.predict([("He was arrested.", "No one has been arrested.")])
    [{'entailment': 0.01, 'neutral': 0.02, 'contradiction': 0.97}]   # roughly
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .errors import StorydiffError

LABELS = ("entailment", "neutral", "contradiction")
#: Alignments weaker than this may pair claims about different things, which the
#: model would read as contradictions too; compare does not ask it about them.
MIN_ALIGNMENT_SCORE = 0.5
MAX_TOKENS = 128
BATCH = 32

__all__ = ["LABELS", "NLIModel", "available", "load_model", "predict"]


def model_dir() -> Path:
    return Path(str(resources.files("storydiff").joinpath("data/nli")))


def available() -> bool:
    return (model_dir() / "model.onnx").exists()


class NLIModel:
    def __init__(self, directory: Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if not (directory / "model.onnx").exists():
            raise StorydiffError(f"the NLI model is missing from {directory}; reinstall storydiff")
        self.tokenizer: Any = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session: Any = ort.InferenceSession(str(directory / "model.onnx"), options,
                                                 providers=["CPUExecutionProvider"])

    def predict(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        """The three probabilities for each (premise, hypothesis) pair."""
        # Sorted by length, batches hold pairs of like size: little padding.
        order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
        probabilities = np.zeros((len(pairs), 3), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            encodings = self.tokenizer.encode_batch([pairs[k] for k in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            feed = {"input_ids": ids,
                    "attention_mask": np.array([e.attention_mask for e in encodings],
                                               dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
            logits = self.session.run(None, feed)[0]
            exp = np.exp(logits - logits.max(axis=1, keepdims=True))
            probabilities[batch] = exp / exp.sum(axis=1, keepdims=True)
        return [{label: round(float(p[k]), 4) for k, label in enumerate(LABELS)}
                for p in probabilities]


@lru_cache(maxsize=4)
def load_model(threads: int = 1) -> NLIModel:
    return NLIModel(model_dir(), threads)


def predict(pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
    """P(entailment), P(neutral), P(contradiction) for each (premise, hypothesis) pair."""
    if not pairs:
        return []
    return load_model().predict(pairs)
