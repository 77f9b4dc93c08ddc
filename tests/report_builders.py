"""Reports built by hand for the renderers: no NLP model, exact spans."""

from __future__ import annotations

from builders import article, claim
from storydiff.models import (
    Alignment,
    AnalysedArticle,
    Comparison,
    Finding,
    Kind,
    Report,
    Severity,
    Side,
)


def story(id_: str, *sentences: str, outlet: str | None = None) -> AnalysedArticle:
    """An article of ``sentences``, one claim each, with spans into its text."""
    return article(id_, [claim(id_, i, s) for i, s in enumerate(sentences)], outlet=outlet)


def side(item: AnalysedArticle, index: int, words: str | None = None) -> Side:
    """Sentence ``index`` of ``item``, or the ``words`` inside it."""
    c = item.claims[index]
    start, end = c.span
    if words is not None:
        start = item.article.text.index(words, c.span[0])
        end = start + len(words)
    return Side(item.article.id, item.article.text[start:end], (start, end), (index,))


def nothing(item: AnalysedArticle) -> Side:
    """The side of a whole-claim omission or addition that has no text."""
    return Side(item.article.id, None, None)


def finding(kind: Kind, a: Side, b: Side, subkind: str = "part", *, rank: int = 0,
            severity: Severity = Severity.MEDIUM, confidence: float = 0.7,
            explanation: str = "") -> Finding:
    return Finding(id="", kind=kind, subkind=subkind, severity=severity, confidence=confidence,
                   explanation=explanation or f"{kind.value} explained", a=a, b=b,
                   detector=kind.value, rank=rank)


def omitted(ref: AnalysedArticle, other: AnalysedArticle, index: int, rank: int = 0) -> Finding:
    return finding(Kind.OMISSION, side(ref, index), nothing(other), "claim", rank=rank)


def added(ref: AnalysedArticle, other: AnalysedArticle, index: int, rank: int = 0) -> Finding:
    return finding(Kind.ADDITION, nothing(ref), side(other, index), "claim", rank=rank)


def comparison(ref: AnalysedArticle, other: AnalysedArticle, pairs: list[tuple[int, int]],
               findings: list[Finding]) -> Comparison:
    """``ref`` against ``other`` with one-to-one alignments of the sentence ``pairs``."""
    alignments = tuple(
        Alignment(f"{other.article.id}-al{k}", ref.article.id, other.article.id, (i,), (j,), 0.9,
                  "one_to_one")
        for k, (i, j) in enumerate(pairs))
    return Comparison(ref, other, alignments, tuple(findings))


def report(*comparisons: Comparison) -> Report:
    """A report of ``comparisons`` (all with the same reference); finding ids d1, d2, … in order."""
    from dataclasses import replace

    numbered = []
    counter = 0
    for c in comparisons:
        fs = []
        for f in c.findings:
            counter += 1
            fs.append(replace(f, id=f"d{counter}"))
        numbered.append(replace(c, findings=tuple(fs)))
    ref = comparisons[0].reference
    return Report(articles=(ref, *(c.other for c in comparisons)), reference=ref.article.id,
                  comparisons=tuple(numbered))
