"""The library's entry points: read, compare, render. The CLI is a thin skin over these."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from .align import align_claims
from .analysis import analyse
from .analysis.embed import Embedder, load_embedder
from .detectors import StoryPair, get_detectors, run_detectors
from .errors import UsageError
from .models import Alignment, AnalysedArticle, Article, Comparison, Finding, Inference, Report
from .options import Options
from .provenance import build_provenance
from .readers import article_from_text, read_article
from .triage import rank

__all__ = ["choose_reference", "compare", "compare_texts", "load_article"]

load_article = read_article


def choose_reference(articles: Sequence[Article], reference: int | None) -> int:
    """The given index, else the earliest published article, else the first."""
    if reference is not None:
        if not 0 <= reference < len(articles):
            raise UsageError(
                f"reference {reference} is out of range: give 0 to {len(articles) - 1}"
            )
        return reference
    dated = [(a.published, i) for i, a in enumerate(articles) if a.published]
    if len(dated) == len(articles):
        return min(dated)[1]
    return 0


def _order(findings: list[Finding]) -> list[Finding]:
    def position(f: Finding) -> tuple[int, int, str]:
        a = f.a.span[0] if f.a.span else -1
        b = f.b.span[0] if f.b.span else -1
        return (a if a >= 0 else 10**9, b, f.kind.value)

    return sorted(findings, key=position)


#: Claim pairs read by the NLI model per alignment: merged sentences make a few.
MAX_INFERENCES = 6


def infer(reference: AnalysedArticle, other: AnalysedArticle,
          alignments: tuple[Alignment, ...], threads: int) -> tuple[Alignment, ...]:
    """Attach NLI readings (reference claim as premise) to each non-identical alignment."""
    from . import nli

    if not nli.available():
        return alignments
    wanted = [(al, i, j) for al in alignments
              if not al.identical and al.score >= nli.MIN_ALIGNMENT_SCORE
              for i, j in [(i, j) for i in al.a for j in al.b][:MAX_INFERENCES]]
    pairs = [(reference.claims[i].text, other.claims[j].text) for _, i, j in wanted]
    readings = nli.load_model(threads).predict(pairs)
    by_alignment: dict[str, list[Inference]] = {}
    for (al, i, j), r in zip(wanted, readings, strict=True):
        by_alignment.setdefault(al.id, []).append(
            Inference(i, j, r["entailment"], r["neutral"], r["contradiction"]))
    return tuple(dataclasses.replace(al, inferences=tuple(by_alignment.get(al.id, ())))
                 for al in alignments)


def compare(articles: Sequence[Article], options: Options | None = None, *,
            embedder: Embedder | None = None) -> Report:
    """Compare every article with the reference, claim by claim."""
    options = options or Options()
    if len(articles) < 2:
        raise UsageError("give at least two articles to compare")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise UsageError("the same article was given twice; give different reports")
    detectors = get_detectors(options.detectors, load_plugins=options.load_plugins)
    ref_index = choose_reference(articles, options.reference)
    analysed = analyse(articles)
    embedder = embedder or load_embedder(options.threads)
    texts = [c.text for item in analysed for c in item.claims]
    vectors = embedder.embed(texts)
    per_article: list[np.ndarray] = []
    start = 0
    for item in analysed:
        per_article.append(vectors[start:start + len(item.claims)])
        start += len(item.claims)
    reference = analysed[ref_index]
    comparisons = []
    counter = 0
    for k, other in enumerate(analysed):
        if k == ref_index:
            continue
        alignments = align_claims(reference, other, per_article[ref_index], per_article[k])
        if options.nli:
            alignments = infer(reference, other, alignments, options.threads)
        pair = StoryPair(reference, other, alignments)
        found = [f for f in run_detectors(pair, detectors)
                 if f.confidence >= options.min_confidence]
        numbered = []
        for f in _order(found):
            counter += 1
            numbered.append(dataclasses.replace(f, id=f"d{counter}"))
        comparisons.append(Comparison(reference, other, alignments, tuple(numbered)))
    ranked = rank(comparisons)
    provenance = build_provenance(analysed, reference, ranked)
    return Report(articles=analysed, reference=reference.article.id,
                  comparisons=ranked, provenance=provenance)


def compare_texts(texts: list[str], *, reference: int = 0) -> dict[str, Any]:
    """Compare articles given as strings (title on the first line); return the JSON dict."""
    from .reports.json import report_to_dict

    articles = [article_from_text(t, source=f"<text {i}>") for i, t in enumerate(texts)]
    return report_to_dict(compare(articles, Options(reference=reference)))
