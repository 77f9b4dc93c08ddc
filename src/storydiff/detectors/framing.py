"""framing_changed: neutral wording turned loaded ("Syrian President" → "beleaguered dictator"), or back."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import AnalysedArticle, Claim, Cue, Finding, Kind, Mention, Severity
from .base import StoryPair, detector, finding, side


def _loaded(claims: list[Claim] | tuple[Claim, ...]) -> list[tuple[Cue, Claim]]:
    return [(cue, c) for c in claims for cue in c.cues_of("loaded")]


def _phrases(article: AnalysedArticle) -> list[tuple[Cue, Claim]]:
    """Loaded cues, with neighbours describing the same thing joined into one phrase
    ("beleaguered" + "dictator" → "beleaguered dictator")."""
    phrases: list[tuple[Cue, Claim]] = []
    for claim in article.claims:
        for cue in sorted(claim.cues_of("loaded"), key=lambda c: c.span):
            if phrases:
                last, last_claim = phrases[-1]
                gap = article.article.text[last.span[1]:cue.span[0]]
                if last_claim is claim and cue.target == last.target and len(gap) <= 2 and (
                        not gap.strip(" -")):
                    span = (last.span[0], cue.span[1])
                    detail = " ".join(d for d in (last.detail, cue.detail) if d)
                    phrases[-1] = (Cue(article.article.text[span[0]:span[1]], span, "loaded",
                                       cue.target, detail), claim)
                    continue
            phrases.append((cue, claim))
    return phrases


def _mention_of(article: AnalysedArticle, key: str) -> tuple[Mention, Claim] | None:
    """The reference's mention of an entity, preferring one with a title ("Syrian President")."""
    found = [(m, c) for c in article.claims for m in c.mentions if m.key == key]
    with_title = [f for f in found if f[0].title]
    candidates = with_title or found
    return candidates[0] if candidates else None


def _with_title(article: AnalysedArticle, mention: Mention) -> tuple[int, int]:
    """The mention with the capitalised title words before it ("Syrian President ...")."""
    start, end = mention.span
    if mention.title:
        before = article.article.text[max(0, start - 40):start]
        title = re.search(r"(?:\b[A-Z][\w.-]*\s+){1,3}$", before)
        if title:
            start -= len(title.group())
    return start, end


def _neutral(cue: Cue) -> str:
    return f" (neutral: {cue.detail!r})" if cue.detail else ""


def _changes(pair: StoryPair, a: AnalysedArticle, b: AnalysedArticle,
             added: bool) -> Iterator[Finding]:
    """Loaded wording in ``b`` that ``a`` does not use for the same claim or entity."""
    a_words_all = {cue.text.lower() for cue, _ in _loaded(a.claims)}
    partners: dict[int, list[Claim]] = {}
    for alignment in pair.alignments:
        mine, theirs = (alignment.b, alignment.a) if added else (alignment.a, alignment.b)
        for j in mine:
            partners.setdefault(j, []).extend(a.claims[i] for i in theirs)
    seen: set[tuple[str, str]] = set()
    for cue, claim in _phrases(b):
        word = cue.text.lower()
        if (word, cue.target) in seen or all(w in a_words_all for w in word.split()):
            continue
        counterpart = partners.get(claim.index, [])
        entity = _mention_of(a, cue.target) if cue.target else None
        span: tuple[int, int] | None = None
        if entity is not None:
            # The entity's neutral description is the other side, wherever it is.
            a_claims, span = [entity[1]], _with_title(a, entity[0])
        elif counterpart:
            a_claims = counterpart
        else:
            continue  # a new claim with loaded words: the addition covers it
        seen.add((word, cue.target))
        b_side = side(b, [claim], cue.span)
        a_side = side(a, a_claims, span)
        target = f" for {entity[0].text}" if entity is not None else ""
        if added:
            explanation = f"loaded wording {cue.text!r}{target} in the other report{_neutral(cue)}"
            sides = (a_side, b_side)
        else:
            explanation = f"loaded wording {cue.text!r}{target} in the reference is gone"
            sides = (b_side, a_side)
        confidence = 0.75 if counterpart else 0.6
        # Loaded wording for a named actor, or within the same claim, changes how
        # readers see it; a loaded word elsewhere in the report matters less.
        yield finding(Kind.FRAMING_CHANGED, "loaded_added" if added else "loaded_removed",
                      Severity.MEDIUM if entity is not None or counterpart else Severity.LOW,
                      confidence,
                      explanation, *sides, detector="framing_changed")


@detector("framing_changed", version=1,
          description="Neutral wording turned loaded (or the reverse) for the same claim or actor.",
          requires=("claim.cues", "claim.mentions", "alignments"))
def framing_changed(pair: StoryPair) -> Iterator[Finding]:
    yield from _changes(pair, pair.a, pair.b, added=True)
    yield from _changes(pair, pair.b, pair.a, added=False)
