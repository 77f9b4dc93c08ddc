"""omission and addition: claims, or parts of matched claims, that one report lacks.

A whole claim is omitted when no claim of the other report aligns with it. Within
matched claims, a clause or list item ("as well as the poor") is omitted when most
of its content words appear nowhere in the other report, so a detail that was
merely moved to another sentence is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import get_close_matches

from spacy.lang.en.stop_words import STOP_WORDS

from ..models import AnalysedArticle, Claim, Finding, Kind, Severity, Span
from .base import LEAD_SENTENCES, StoryPair, detector, empty_side, finding, side

_SEGMENT_BREAK = re.compile(
    r"(?<!\d),|,(?!\d{3})|[;:()\[\]—–]|\s-\s|\bas well as\b|\bincluding\b|\bwhich include\b|"
    r"\balong with\b|"
    r"\bwho\b|\bwhere\b|\bwhile\b|\bbut\b|\bafter\b|\bbefore\b|\bsince\b|\bto avoid\b|"
    r"\bin order to\b|\bto augment\b|\bso that\b|\bbecause\b", re.IGNORECASE)
_LIST_MARKER = re.compile(r"(?:as well as|including|which include|along with)\s*$", re.IGNORECASE)
# Numbers are left to number_conflict: only words count here.
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
#: A part longer than this share of its claim is the claim reworded, not a part dropped.
MAX_PART_SHARE = 0.6
_DROPPABLE = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
#: A part of a matched claim counts as dropped when this share of its content is absent.
ABSENT_SHARE = 0.6


def stem(word: str) -> str:
    """A crude stem that matches "killed", "kills" and "killing"."""
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


def _content(text: str, offset: int = 0) -> list[tuple[str, bool, int, int]]:
    """(stem, informative, start, end) of content words; names and numbers are informative."""
    words = []
    for match in _WORD.finditer(text):
        w = match.group()
        if w.lower() in STOP_WORDS or len(w) < 2:
            continue
        words.append((stem(w), w[0].isupper() or w[0].isdigit(),
                      offset + match.start(), offset + match.end()))
    return words


def _vocabulary(article: AnalysedArticle) -> set[str]:
    return {w[0] for w in _content(article.article.title + " " + article.article.text)}


def _counts(claims: list[Claim]) -> set[float]:
    return {q.value for c in claims for q in c.quantities if q.kind == "count"}


def _keys(article: AnalysedArticle) -> set[str]:
    return {m.key for c in article.claims for m in c.mentions}


def _present(stem: str, vocabulary: set[str]) -> bool:
    """In the vocabulary, allowing spelling variants ("Baluchs"/"Balochs", "ethic"/"ethnic")."""
    if stem in vocabulary:
        return True
    if len(stem) < 5:
        return False
    close = get_close_matches(stem, [w for w in vocabulary if w[:1] == stem[:1]], n=1,
                              cutoff=0.8)
    return bool(close)


def _in_shared_entity(claim: Claim, start: int, end: int, keys: set[str]) -> bool:
    """Inside a mention of an entity the other report also names ("IRGC" / "Revolutionary Guard")."""
    return any(m.key in keys and m.span[0] <= start and end <= m.span[1] for m in claim.mentions)


def _segments(claim: Claim) -> Iterator[tuple[Span, str, bool]]:
    """Parts of a claim with their spans and whether a list marker introduces them."""
    text = claim.text
    cuts = [0]
    for match in _SEGMENT_BREAK.finditer(text):
        cuts.extend([match.start(), match.end()])
    cuts.append(len(text))
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        piece = text[start:end]
        stripped = piece.strip(" \"“”'.")
        if not stripped:
            continue
        offset = start + piece.find(stripped)
        listed = bool(_LIST_MARKER.search(text[:start]))
        yield ((claim.span[0] + offset, claim.span[0] + offset + len(stripped)), stripped,
               listed)


def _covered_by_attribution(claim: Claim, span: Span) -> bool:
    return any(at.span[0] < span[1] and span[0] < at.span[1] for at in claim.attributions)


def _new_count(claim: Claim, span: Span, counts: set[float]) -> bool:
    """The part carries a count its counterpart lacks ("including four senior officers")."""
    return any(q.kind == "count" and span[0] <= q.span[0] and q.span[1] <= span[1]
               and q.value not in counts for q in claim.quantities)


def dropped_parts(claims: list[Claim], vocabulary: set[str], keys: set[str],
                  counts: set[float]) -> Iterator[tuple[Claim, Span, str]]:
    """Parts of ``claims`` whose content words the other report (``vocabulary``) lacks,
    or with a count the counterpart (``counts``) lacks: clauses and list items, then
    named places, people and organisations."""
    for claim in claims:
        reported: list[Span] = []
        for span, text, listed in _segments(claim):
            if len(text) > MAX_PART_SHARE * len(claim.text) or _covered_by_attribution(
                    claim, span):
                continue
            if _new_count(claim, span, counts):
                reported.append(span)
                yield claim, span, text
                continue
            words = _content(text, span[0])
            absent = [(s, informative) for s, informative, start, end in words
                      if not _present(s, vocabulary)
                      and not _in_shared_entity(claim, start, end, keys)]
            if not absent or len(absent) < ABSENT_SHARE * len(words):
                continue
            if listed or any(informative for _, informative in absent) or len(absent) >= 3:
                reported.append(span)
                yield claim, span, text
        for span in _entity_spans(claim):
            if any(s[0] < span[1] and span[0] < s[1] for s in reported) or (
                    _covered_by_attribution(claim, span)):
                continue
            offset = span[0] - claim.span[0]
            text = claim.text[offset:offset + span[1] - span[0]]
            words = _content(text, span[0])
            if words and not any(_present(w[0], vocabulary) for w in words) and not any(
                    _in_shared_entity(claim, w[2], w[3], keys) for w in words):
                yield claim, span, text


def _entity_spans(claim: Claim) -> list[Span]:
    """Spans of named entities, neighbours joined by "and" ("Sistan and Baluchistan")."""
    spans: list[Span] = []
    for mention in sorted(claim.mentions, key=lambda m: m.span):
        if mention.label not in _DROPPABLE:
            continue
        if spans:
            gap_start = spans[-1][1] - claim.span[0]
            gap = claim.text[gap_start:mention.span[0] - claim.span[0]]
            if gap.strip() == "and":
                spans[-1] = (spans[-1][0], mention.span[1])
                continue
        spans.append(mention.span)
    return spans


def _severity(claim: Claim) -> Severity:
    """A whole claim missing from the lead, with numbers, names or a source, matters;
    further down, reports of one event routinely carry different details."""
    if claim.index < LEAD_SENTENCES and (claim.quantities or claim.attributions or any(
            m.label == "PERSON" for m in claim.mentions)):
        return Severity.MEDIUM
    return Severity.LOW


def _part_severity(claim: Claim, span: Span, counts: set[float]) -> Severity:
    """A dropped or added count ("four senior officers killed") is a fact, not a detail."""
    return Severity.MEDIUM if _new_count(claim, span, counts) else Severity.LOW


def _best_score(pair: StoryPair, claim: Claim, reference: bool) -> float:
    scores = [al.score for al in pair.alignments if claim.index in (al.a if reference else al.b)]
    return max(scores, default=0.0)


@detector("omission", version=1,
          description="A claim of the reference, or a part of a matched claim, the other lacks.",
          requires=("claim.lemmas", "alignments"))
def omission(pair: StoryPair) -> Iterator[Finding]:
    for claim in pair.unaligned_a():
        yield finding(
            Kind.OMISSION, "claim", _severity(claim), 0.7,
            "this claim of the reference has no counterpart in the other report",
            side(pair.a, [claim]), empty_side(pair.b), detector="omission",
        )
    vocabulary, keys = _vocabulary(pair.b), _keys(pair.b)
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        counts = _counts(b_claims)
        for claim, span, text in dropped_parts(a_claims, vocabulary, keys, counts):
            yield finding(
                Kind.OMISSION, "part", _part_severity(claim, span, counts), 0.6 * alignment.score ** 0.25,
                f"{text!r} is missing from the other report's version of this claim",
                side(pair.a, [claim], span), side(pair.b, b_claims), detector="omission",
                alignment=alignment,
            )


@detector("addition", version=1,
          description="A claim, or a part of a matched claim, with no support in the reference.",
          requires=("claim.lemmas", "alignments"))
def addition(pair: StoryPair) -> Iterator[Finding]:
    for claim in pair.unaligned_b():
        yield finding(
            Kind.ADDITION, "claim", _severity(claim), 0.7,
            "this claim has no support in the reference",
            empty_side(pair.a), side(pair.b, [claim]), detector="addition",
        )
    vocabulary, keys = _vocabulary(pair.a), _keys(pair.a)
    for alignment, a_claims, b_claims in pair.aligned():
        if alignment.identical:
            continue
        counts = _counts(a_claims)
        for claim, span, text in dropped_parts(b_claims, vocabulary, keys, counts):
            yield finding(
                Kind.ADDITION, "part", _part_severity(claim, span, counts), 0.6 * alignment.score ** 0.25,
                f"{text!r} has no support in the reference",
                side(pair.a, a_claims), side(pair.b, [claim], span), detector="addition",
                alignment=alignment,
            )
