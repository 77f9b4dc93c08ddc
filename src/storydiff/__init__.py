"""storydiff: compare news reports of one story claim by claim."""

from __future__ import annotations

import logging

from . import nli
from .api import compare, compare_texts, load_article
from .corpus.cluster import cluster_texts
from .corpus_api import Corpus
from .errors import StorydiffError
from .models import (
    Alignment,
    AnalysedArticle,
    Article,
    Attribution,
    Claim,
    Comparison,
    Finding,
    Kind,
    Mention,
    Quantity,
    Report,
    Severity,
)
from .options import Options
from .readers import article_from_text

__all__ = [
    "Alignment",
    "AnalysedArticle",
    "Article",
    "Attribution",
    "Claim",
    "Comparison",
    "Corpus",
    "Finding",
    "Kind",
    "Mention",
    "Options",
    "Quantity",
    "Report",
    "Severity",
    "StorydiffError",
    "article_from_text",
    "cluster_texts",
    "compare",
    "compare_texts",
    "load_article",
    "nli",
]
__version__ = "0.1.0"

# A library logs, the application decides where it goes: ingest logs each skipped
# record, and only the CLI writes those lines to a file.
logging.getLogger("storydiff").addHandler(logging.NullHandler())
