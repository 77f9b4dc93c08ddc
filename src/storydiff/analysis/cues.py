"""Stance cues in a sentence: hedges, loaded descriptors, negation and event status."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Cue, Quote
from .entities import normalise_name
from .lexicon import (
    HEDGE_MODALS,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    LOADED_PHRASES,
    LOADED_TERMS,
    REPORTING_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_COURT = r"court[- ]?mar(?:tial|shal)"
#: (event, stage, pattern): the stage a legal or security process has reached.
#: Within one event the first matching stage wins, so "not yet" comes before "done".
EVENT_STAGES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (event, stage, re.compile(pattern, re.IGNORECASE))
    for event, stage, pattern in (
        ("trial", "pending", rf"\b(?:refer\w*|fac(?:e|es|ed|ing)|await\w*|sent|to stand)\b"
                             rf"[^.;]{{0,40}}\b(?:{_COURT}|trial|tribunal)"),
        ("trial", "done", rf"\b{_COURT}l?(?:l?ed)\b|\b(?:convicted|sentenced|found guilty|"
                          r"acquitted|jailed)\b"),
        ("arrest", "none", r"\bno (?:one|arrests?|suspects?)\b[^.;]{0,30}\b(?:arrested|made|"
                           r"detained|custody)\b|\bnot (?:yet )?been (?:arrested|detained)\b|"
                           r"\b(?:remains?|still) at large\b|\bon the run\b"),
        ("arrest", "done", r"\b(?:arrested|detained|taken into custody|in custody)\b"),
        ("casualty", "dead", r"\b(?:killed|died|dead|fatally)\b"),
        ("casualty", "alive",
         r"\b(?:survived|injured|wounded|hurt)\b(?![^.;]{0,30}\b(?:killed|died))"),
        ("release", "released", r"\b(?:released|freed|set free)\b"),
        ("release", "held",
         r"\b(?:still held|remains? in custody|still in custody|held captive)\b"),
    )
)
_QUOTE = re.compile(r"[\"“]([^\"“”]{2,}?)[\"”]")
_NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor"})


def _entity_near(token: Token, keys: dict[str, str]) -> str:
    """The entity a descriptor describes: "dictator Bashar al-Assad", "Assad regime"."""
    doc = token.doc
    candidates = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    anchor = token.head if token.dep_ == "amod" else token
    for ent in candidates:
        if 0 <= ent.start - anchor.i - 1 <= 1 or ent.end == anchor.i:
            norm = normalise_name(ent.text)
            return keys.get(norm, norm)
    return ""


def loaded_cues(sentence: Span, offset: int, keys: dict[str, str]) -> list[Cue]:
    cues = []
    for token in sentence:
        lower = token.lower_
        if lower not in LOADED_TERMS or token.pos_ in ("PROPN",):
            continue
        if lower == "prop" and not (token.i + 1 < len(token.doc)
                                    and token.doc[token.i + 1].lower_ == "up"):
            continue
        target = _entity_near(token, keys)
        if not target:
            head = token.head if token.dep_ in ("amod", "compound") else token
            target = str(head.lemma_).lower()
        start = token.idx + offset
        cues.append(Cue(token.text, (start, start + len(token.text)), "loaded", target,
                        LOADED_TERMS[lower]))
    text = sentence.text
    for phrase, neutral in LOADED_PHRASES.items():
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
            start = sentence.start_char + match.start() + offset
            if any(c.span[0] >= start and c.span[0] < start + len(phrase) for c in cues):
                continue
            cues.append(Cue(match.group(), (start, start + len(phrase)), "loaded", "", neutral))
    return cues


def hedge_cues(sentence: Span, offset: int) -> list[Cue]:
    cues = []
    for token in sentence:
        lower = token.lower_
        # "..., claiming that": a weak reporting verb with no subject of its own.
        weak_participle = (REPORTING_VERBS.get(str(token.lemma_).lower()) == "weak"
                           and token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj")
                           and not any(c.dep_ == "nsubj" for c in token.children))
        if lower in HEDGE_WORDS or (lower in HEDGE_MODALS and token.tag_ == "MD") or (
                weak_participle):
            start = token.idx + offset
            cues.append(Cue(token.text, (start, start + len(token.text)), "hedge",
                            str(token.head.lemma_).lower()))
    text = sentence.text
    for phrase in HEDGE_PHRASES:
        for match in re.finditer(rf"\b{re.escape(phrase)}\b", text, re.IGNORECASE):
            start = sentence.start_char + match.start() + offset
            cues.append(Cue(match.group(), (start, start + len(phrase)), "hedge"))
    return cues


def negation_cues(sentence: Span, offset: int) -> list[Cue]:
    cues = []
    for token in sentence:
        if token.dep_ == "neg" or (token.lower_ in _NEGATORS and token.dep_ == "det"):
            start = token.idx + offset
            cues.append(Cue(token.text, (start, start + len(token.text)), "negation",
                            str(token.head.lemma_).lower()))
    return cues


def status_cues(sentence: Span, offset: int) -> list[Cue]:
    cues = []
    text = sentence.text
    seen_events: set[str] = set()
    for event, stage, pattern in EVENT_STAGES:
        if event in seen_events:
            continue
        match = pattern.search(text)
        if match:
            seen_events.add(event)
            start = sentence.start_char + match.start() + offset
            cues.append(Cue(match.group(), (start, start + len(match.group())), "status",
                            stage, event))
    return cues


def quotes(sentence: Span, offset: int, speaker: str | None) -> list[Quote]:
    found = []
    for match in _QUOTE.finditer(sentence.text):
        start = sentence.start_char + match.start(1) + offset
        found.append(Quote(match.group(1), (start, start + len(match.group(1))), speaker))
    return found
