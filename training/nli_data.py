"""The NLI training data and its fixed check split, without torch (benchmarks read it too)."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "nli" / "nli_dev_mix.jsonl.gz"
LABELS = ("entailment", "neutral", "contradiction")
#: SICK is CC BY-NC-SA: nothing trained on it may ship.
EXCLUDED_SOURCES = frozenset({"sick"})


def in_check_split(pair_id: str) -> bool:
    """10% of pairs, fixed by their id, never trained on."""
    return int(hashlib.sha1(pair_id.encode()).hexdigest(), 16) % 10 == 0


def load_pairs() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(training pairs, check pairs)."""
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if r["source"] not in EXCLUDED_SOURCES and r["label"] in LABELS]
    train = [r for r in rows if not in_check_split(r["id"])]
    check = [r for r in rows if in_check_split(r["id"])]
    return train, check
