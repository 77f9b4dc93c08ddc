"""Analyse articles into claims: one :class:`Claim` per sentence with its annotations.

Entities are linked across all the reports of a comparison at once, so the
same actor carries the same key in every report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import AnalysedArticle, Article, Claim, Mention
from .attribution import SourceTracker, extract_attributions
from .cues import hedge_cues, loaded_cues, negation_cues, quotes, status_cues
from .entities import RawMention, entity_mentions, link_entities, normalise_name
from .lexicon import REPORTING_VERBS
from .nlp import load_pipeline
from .numbers import extract_quantities

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["analyse", "paragraphs"]

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})


@dataclass
class _Parsed:
    article: Article
    #: (paragraph offset, spaCy doc of the paragraph)
    docs: list[tuple[int, Doc]]


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs of ``text`` with their character offsets."""
    found = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        if match.group().strip():
            found.append((match.start(), match.group()))
    return found


def _sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, with stray closing quotes and fragments merged back, and a
    verbless lead-in such as a dateline ("WILMINGTON, N.C. (AP) —") joined to what follows."""
    merged: list[Span] = []
    carry: int | None = None
    for sent in doc.sents:
        start = sent.start if carry is None else carry
        carry = None
        if merged and (not re.search(r"\w", sent.text) or sent.text.strip()[:1].islower()):
            merged[-1] = doc[merged[-1].start:sent.end]
        elif not any(t.pos_ in ("VERB", "AUX") for t in sent) and sent.end < len(doc):
            carry = start
        else:
            merged.append(doc[start:sent.end])
    if carry is not None:
        merged.append(doc[carry:len(doc)])
    return [s for s in merged if s.text.strip()]


def _trim(sent: Span) -> Span:
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return sent.doc[start:end]


def _main_predicate(sent: Span) -> tuple[str, str]:
    """The claim's own verb and subject: past "X said" to what X said."""
    root = sent.root
    if REPORTING_VERBS.get(str(root.lemma_).lower()):
        clauses = [c for c in root.children if c.dep_ in ("ccomp", "xcomp")]
        if clauses:
            root = clauses[0]
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    subject = sent.doc[subjects[0].left_edge.i:subjects[0].right_edge.i + 1].text if (
        subjects) else ""
    return str(root.lemma_).lower(), subject


def analyse(articles: Sequence[Article]) -> tuple[AnalysedArticle, ...]:
    """Parse and annotate ``articles`` together (entity keys are shared)."""
    nlp = load_pipeline()
    parsed: list[_Parsed] = []
    for article in articles:
        paras = paragraphs(article.text)
        docs = list(nlp.pipe([text for _, text in paras]))
        parsed.append(_Parsed(article, [(offset, doc) for (offset, _), doc in zip(paras, docs, strict=True)]))
    raw: list[RawMention] = []
    for item in parsed:
        for offset, doc in item.docs:
            raw.extend(entity_mentions(doc[:], offset))
    keys = link_entities(raw)
    outlets = frozenset(
        normalise_name(a.outlet) for a in articles if a.outlet
    ) | frozenset(normalise_name(c) for a in articles for c in a.credits)
    return tuple(_claims(item, keys, outlets) for item in parsed)


def _claims(item: _Parsed, keys: dict[str, str], outlets: frozenset[str]) -> AnalysedArticle:
    article = item.article
    tracker = SourceTracker()
    claims: list[Claim] = []
    for offset, doc in item.docs:
        for sent in _sentences(doc):
            sent = _trim(sent)
            mentions = tuple(
                Mention(m.text, (m.start, m.end), m.label, keys.get(m.norm, m.norm), m.title)
                for m in entity_mentions(sent, offset)
            )
            tracker.note_organisations([m.key for m in mentions if m.label == "ORG"])
            attributions = tuple(extract_attributions(sent, offset, tracker, outlets, keys))
            speaker = attributions[-1].source if attributions else None
            cues = (loaded_cues(sent, offset, keys) + hedge_cues(sent, offset)
                    + negation_cues(sent, offset) + status_cues(sent, offset))
            lemmas = tuple(
                str(t.lemma_).lower() for t in sent
                if t.pos_ in _CONTENT_POS and not t.is_stop and re.search(r"\w", t.text)
            )
            predicate, subject = _main_predicate(sent)
            start = sent.start_char + offset
            claims.append(Claim(
                article=article.id, index=len(claims), text=sent.text,
                span=(start, start + len(sent.text)), mentions=mentions,
                quantities=tuple(extract_quantities(sent, offset)),
                attributions=attributions, quotes=tuple(quotes(sent, offset, speaker)),
                cues=tuple(cues), lemmas=lemmas, predicate=predicate, subject=subject,
            ))
    return AnalysedArticle(article=article, claims=tuple(claims))
