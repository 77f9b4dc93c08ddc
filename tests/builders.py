"""Model objects built by hand, so detector tests need no NLP model."""

from __future__ import annotations

from dataclasses import replace

from storydiff.detectors import StoryPair
from storydiff.models import (
    Alignment,
    AnalysedArticle,
    Article,
    Attribution,
    Claim,
    Cue,
    Mention,
    Quantity,
)


def claim(article: str, index: int, text: str, **fields: object) -> Claim:
    fields.setdefault("lemmas", tuple(w.lower().strip(".,") for w in text.split()))
    return Claim(article=article, index=index, text=text, span=(0, len(text)), **fields)  # type: ignore[arg-type]


def quantity(text: str, value: float, kind: str = "count", unit: str = "",
             predicate: str = "", approximate: bool = False) -> Quantity:
    return Quantity(text, (0, len(text)), value, approximate, kind, unit, predicate)


def person(text: str, key: str, title: str | None = None) -> Mention:
    return Mention(text, (0, len(text)), "PERSON", key, title)


def source(text: str, kind: str, key: str, cue: str = "said", strength: str = "neutral") -> Attribution:
    return Attribution(text, (0, len(text)), kind, key, cue, (0, len(cue)), strength)


def cue(text: str, type_: str, target: str = "", detail: str = "") -> Cue:
    return Cue(text, (0, len(text)), type_, target, detail)


def article(id_: str, claims: list[Claim], outlet: str | None = None) -> AnalysedArticle:
    """An article of ``claims`` joined by spaces; claim spans are set to match."""
    placed = []
    offset = 0
    for c in claims:
        placed.append(replace(c, span=(offset, offset + len(c.text))))
        offset += len(c.text) + 1
    text = " ".join(c.text for c in claims)
    return AnalysedArticle(Article(id_, id_, "title", text, outlet=outlet), tuple(placed))


def pair(a_claims: list[Claim], b_claims: list[Claim], score: float = 0.9,
         identical: bool = False) -> StoryPair:
    """One alignment of every claim of ``a`` with every claim of ``b``."""
    a, b = article("a", a_claims), article("b", b_claims)
    al = Alignment("al1", "a", "b", tuple(c.index for c in a_claims),
                   tuple(c.index for c in b_claims), score, "one_to_one", identical)
    return StoryPair(a, b, (al,))
