"""To whom a sentence attributes its claim, with which verb and how strongly.

Finds "X said/told/claimed ...", "according to X", "X reported", "reportedly",
the recipient in "told Asharq Al-Awsat", and resolves "the source" and
pronouns to the last source named earlier in the same report.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Attribution
from .entities import normalise_name
from .lexicon import (
    ANONYMOUS_HEADS,
    KNOWN_OUTLETS,
    OFFICIAL_HEADS,
    OUTLET_WORDS,
    REPORTING_VERBS,
    STATE_MEDIA,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "them", "him", "her"])
_ORGANISATION_NOUNS = frozenset("company firm group carmaker maker manufacturer bank ministry "
                                "department agency organisation organization council "
                                "government party club union airline retailer".split())
_TRIM_DEPS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc", "conj"})
_REPORTS_ADVERBS = {"reportedly": "weak", "allegedly": "weak", "purportedly": "weak"}


def _subject_tokens(head: Token) -> list[Token]:
    """The source phrase without its relative clauses and appositions."""
    keep = [head]
    for child in head.children:
        if child.dep_ in _TRIM_DEPS:
            continue
        keep.extend(child.subtree)
    return sorted(keep, key=lambda t: t.i)


def _phrase(tokens: list[Token]) -> tuple[str, int, int]:
    doc = tokens[0].doc
    start, end = tokens[0].i, tokens[-1].i + 1
    span = doc[start:end]
    return span.text, span.start_char, span.end_char


def classify_source(text: str, head: Token | None, known_outlets: frozenset[str],
                    entity_keys: dict[str, str]) -> tuple[str, str]:
    """(source_kind, source_key) of a source phrase."""
    lower = text.lower()
    norm = normalise_name(text)
    if any(phrase in lower for phrase in STATE_MEDIA):
        return "state_media", "state_media"
    if re.fullmatch(r"(?:the\s+)?(?:media\s+|news\s+|press\s+|local\s+|unconfirmed\s+)?"
                    r"reports?", lower):
        return "reports", "reports"
    words = set(re.findall(r"[\w-]+", lower))
    ent_label = ""
    ent_norm = ""
    if head is not None:
        inside = [e for e in head.doc.ents
                  if head.left_edge.i <= e.start and e.end <= head.right_edge.i + 1
                  and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC")]
        # The entity the head word belongs to wins: "Council leader Priya Shah" is a person.
        inside.sort(key=lambda e: not (e.start <= head.i < e.end))
        if inside:
            ent_label, ent_norm = inside[0].label_, normalise_name(inside[0].text)
    outlet_names = known_outlets | KNOWN_OUTLETS
    for name in outlet_names:
        if name and re.search(rf"\b{re.escape(name)}\b", norm):
            key = normalise_name(name)
            key = re.sub(r"\b(?:news )?agency\b|\bnewspaper\b|\bdaily\b", "", key).strip()
            return "outlet", f"outlet:{key}"
    head_lemma = str(head.lemma_).lower() if head is not None else ""
    if ent_norm and (words & OUTLET_WORDS):
        key = re.sub(r"\s+", " ", " ".join(w for w in ent_norm.split()
                                           if w not in OUTLET_WORDS)).strip() or ent_norm
        return "outlet", f"outlet:{key}"
    if ent_label == "PERSON" and head is not None and head.ent_type_ == "PERSON":
        return "person", f"person:{entity_keys.get(ent_norm, ent_norm)}"
    if head_lemma in ANONYMOUS_HEADS or (head is not None and head.lower_ in ANONYMOUS_HEADS):
        if head_lemma in ("official", "diplomat", "aide"):
            return "official", "official"
        return "anonymous", "anonymous"
    if ent_label == "PERSON":
        return "person", f"person:{entity_keys.get(ent_norm, ent_norm)}"
    if ent_norm:
        return "organisation", f"org:{entity_keys.get(ent_norm, ent_norm)}"
    if head is not None and head.pos_ == "PROPN":
        # "Porter said": a surname of someone named in full elsewhere.
        people = {k for k in entity_keys.values() if " " in k and k.split()[-1] == head.lower_}
        if len(people) == 1:
            return "person", f"person:{people.pop()}"
    if head_lemma in OFFICIAL_HEADS:
        return "official", f"official:{head_lemma}"
    return "other", f"other:{head_lemma or norm}"


class SourceTracker:
    """Resolves "the source", "the sources" and pronouns within one report."""

    def __init__(self) -> None:
        self.last: Attribution | None = None
        self.last_by_kind: dict[str, Attribution] = {}
        self.organisations: dict[str, int] = {}

    def note_organisations(self, keys: list[str]) -> None:
        """Organisations named so far, for "the company" or "the ministry" to refer to."""
        for key in keys:
            self.organisations[key] = self.organisations.get(key, 0) + 1

    @property
    def main_organisation(self) -> str | None:
        """The organisation named most often so far; the first named wins a tie."""
        if not self.organisations:
            return None
        return max(self.organisations, key=lambda k: self.organisations[k])

    def resolve(self, attribution: Attribution, head: Token | None) -> Attribution:
        lower = attribution.source.lower()
        pronoun = head is not None and head.lower_ in _PRONOUNS
        definite = re.match(r"^(?:the|this|that|these|those)\b(?: same)?", lower) is not None
        previous = None
        if pronoun:
            previous = self.last
        elif definite and attribution.source_kind in ("anonymous", "official", "other"):
            previous = self.last_by_kind.get(attribution.source_kind)
        if (previous is None and definite and attribution.source_kind == "other"
                and head is not None and head.lower_ in _ORGANISATION_NOUNS
                and self.main_organisation):
            return self._remember(Attribution(
                source=attribution.source, span=attribution.span, source_kind="organisation",
                source_key=f"org:{self.main_organisation}", cue=attribution.cue,
                cue_span=attribution.cue_span, strength=attribution.strength,
                recipient=attribution.recipient))
        if pronoun and previous is None:
            # "she said" with no one named before: a source, but not one we can compare.
            return self._remember(Attribution(
                source=attribution.source, span=attribution.span, source_kind="unknown",
                source_key="unknown", cue=attribution.cue, cue_span=attribution.cue_span,
                strength=attribution.strength, recipient=attribution.recipient))
        if previous is not None:
            attribution = Attribution(
                source=attribution.source, span=attribution.span,
                source_kind=previous.source_kind, source_key=previous.source_key,
                cue=attribution.cue, cue_span=attribution.cue_span,
                strength=attribution.strength, recipient=attribution.recipient,
            )
        return self._remember(attribution)

    def _remember(self, attribution: Attribution) -> Attribution:
        self.last = attribution
        self.last_by_kind[attribution.source_kind] = attribution
        return attribution


def extract_attributions(sentence: Span, offset: int, tracker: SourceTracker,
                         known_outlets: frozenset[str],
                         entity_keys: dict[str, str]) -> list[Attribution]:
    found: list[tuple[Attribution, Token | None]] = []
    doc = sentence.doc

    def make(head: Token | None, tokens: list[Token] | None, cue: Token,
             strength: str, recipient: str | None = None, cue_text: str | None = None) -> None:
        if tokens:
            text, start, end = _phrase(tokens)
        else:
            text, start, end = cue.text, cue.idx, cue.idx + len(cue.text)
        kind, key = classify_source(text, head, known_outlets, entity_keys)
        if tokens is None:
            kind, key = "reports", "reports"
        cue_str = cue_text or cue.text
        found.append((Attribution(text, (start + offset, end + offset), kind, key, cue_str,
                                  (cue.idx + offset, cue.idx + len(cue.text) + offset),
                                  strength, recipient), head))

    for token in sentence:
        lemma = str(token.lemma_).lower()
        lower = token.lower_
        if lower == "according" and token.i + 1 < sentence.end and doc[token.i + 1].lower_ == "to":
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                head = objects[0]
                tokens = _subject_tokens(head)
                text = doc[tokens[0].i:tokens[-1].i + 1].text.lower()
                strength = "weak" if re.search(r"\breports?\b", text) and len(tokens) <= 4 else (
                    "neutral")
                make(head, tokens, token, strength, cue_text="according to")
            continue
        if lower in _REPORTS_ADVERBS:
            make(None, None, token, _REPORTS_ADVERBS[lower])
            continue
        if token.pos_ not in ("VERB", "AUX") or lemma not in REPORTING_VERBS:
            continue
        if lemma in ("report", "charge", "show") and token.tag_ == "VBN" and not any(
            c.dep_ == "aux" for c in token.children
        ):
            continue  # "the reported death", "he was charged" are not attributions
        subjects = [c for c in token.children
                    if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT")]
        has_clause = any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in token.children) or (
            token.dep_ in ("parataxis", "relcl") or token.dep_ == "ROOT"
        )
        if not subjects or not has_clause:
            continue
        head = subjects[0]
        recipient = None
        if lemma in ("tell", "inform", "brief"):
            objects = [c for c in token.children if c.dep_ in ("dobj", "dative", "iobj")]
            if objects:
                recipient = _phrase(_subject_tokens(objects[0]))[0]
        make(head, _subject_tokens(head), token, REPORTING_VERBS[lemma], recipient)
    resolved = []
    for attribution, source_head in found:
        if attribution.source_kind == "reports":
            resolved.append(attribution)
            continue
        resolved.append(tracker.resolve(attribution, source_head))
    return resolved
