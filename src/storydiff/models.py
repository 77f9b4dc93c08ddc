"""The data model every stage reads and extends.

read → :class:`Article`; analyse → :class:`Claim` (one per sentence) with its
:class:`Mention`, :class:`Quantity`, :class:`Attribution`, :class:`Quote` and
:class:`Cue` annotations; align → :class:`Alignment`; detect → :class:`Finding`.
All offsets are character offsets into ``Article.text``; every type is frozen, so
a stage returns new objects and never changes its input.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Span = tuple[int, int]


class Kind(StrEnum):
    """The nine kinds of discrepancy; finer detail goes in ``Finding.subkind``."""

    NUMBER_CONFLICT = "number_conflict"
    ENTITY_CONFLICT = "entity_conflict"
    ATTRIBUTION_CHANGED = "attribution_changed"
    ATTRIBUTION_DROPPED = "attribution_dropped"
    CERTAINTY_CHANGED = "certainty_changed"
    FRAMING_CHANGED = "framing_changed"
    CONTRADICTION = "contradiction"
    OMISSION = "omission"
    ADDITION = "addition"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Article:
    """One report as read: cleaned body text plus metadata."""

    id: str
    source: str
    title: str
    text: str
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    #: The address the report was published at (given, fetched, or the page's canonical URL).
    url: str | None = None
    #: Photo credits and other agency names found in captions: never the outlet.
    credits: tuple[str, ...] = ()
    #: Lines removed as scraping noise, kept so a user can see what was dropped.
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A named entity in a sentence; ``key`` is shared by aliases across reports."""

    text: str
    span: Span
    label: str
    key: str
    title: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts: "some 30 military personnel" → 30, approx."""

    text: str
    span: Span
    value: float
    approximate: bool
    #: count, money, duration, age, percent, ordinal or time
    kind: str
    #: The counted noun or the currency/time unit ("personnel", "USD", "week").
    unit: str
    #: Lemma of the verb or noun the quantity belongs to ("kill", "offer").
    predicate: str = ""


@dataclass(frozen=True)
class Attribution:
    """Who a claim is credited to and how strongly."""

    #: The source as written ("a source close to the Revolutionary Guard").
    source: str
    span: Span
    #: person, organisation, outlet, official, anonymous, reports, state_media
    source_kind: str
    #: Canonical identity used to compare sources across reports.
    source_key: str
    cue: str
    cue_span: Span
    #: neutral ("said", "told"), weak ("claimed", "reportedly"), strong ("confirmed")
    strength: str
    #: Whom the source told, e.g. the outlet in "told Asharq Al-Awsat".
    recipient: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    span: Span
    speaker: str | None


@dataclass(frozen=True)
class Cue:
    """A word or phrase that carries a stance: a hedge or a loaded descriptor."""

    text: str
    span: Span
    #: hedge | loaded | negation | status
    type: str
    #: For loaded cues, the entity or noun it describes; for status, the stage.
    target: str = ""
    #: For loaded cues, the neutral wording; for status cues, the event lemma.
    detail: str = ""


@dataclass(frozen=True)
class Claim:
    """One sentence of an article with its annotations."""

    article: str
    index: int
    text: str
    span: Span
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    quotes: tuple[Quote, ...] = ()
    cues: tuple[Cue, ...] = ()
    #: Content lemmas, lowercased, for lexical overlap.
    lemmas: tuple[str, ...] = ()
    #: Main predicate lemma and its subject text ("open", "Tehran").
    predicate: str = ""
    subject: str = ""

    def cues_of(self, type_: str) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if c.type == type_)


@dataclass(frozen=True)
class AnalysedArticle:
    article: Article
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Inference:
    """What the NLI model reads between reference claim ``a`` and other claim ``b``."""

    a: int
    b: int
    entailment: float
    neutral: float
    contradiction: float


@dataclass(frozen=True)
class Alignment:
    """Claims of the reference (``a``) and another report (``b``) that say the same."""

    id: str
    a_article: str
    b_article: str
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    #: one_to_one, one_to_many, many_to_one, many_to_many
    shape: str
    #: True when the texts are the same once case, punctuation and spacing are ignored.
    identical: bool = False
    #: NLI readings of the claim pairs (empty when the model is off).
    inferences: tuple[Inference, ...] = ()

    def inference(self, a: int, b: int) -> Inference | None:
        return next((x for x in self.inferences if (x.a, x.b) == (a, b)), None)


@dataclass(frozen=True)
class Side:
    """Where a finding sits in one report."""

    article: str
    text: str | None
    span: Span | None
    claims: tuple[int, ...] = ()


@dataclass(frozen=True)
class Finding:
    id: str
    kind: Kind
    subkind: str
    severity: Severity
    confidence: float
    explanation: str
    a: Side
    b: Side
    detector: str
    alignment: str | None = None
    #: Position in the report's triage order, from 1 (see :mod:`storydiff.triage`).
    rank: int = 0


@dataclass(frozen=True)
class Comparison:
    """The reference against one other report."""

    reference: AnalysedArticle
    other: AnalysedArticle
    alignments: tuple[Alignment, ...]
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One reason for a provenance edge, pointing at text in one or two reports."""

    #: reuse, citation, time, coverage, shared_wire
    kind: str
    note: str
    article: str | None = None
    text: str | None = None
    span: Span | None = None
    other_article: str | None = None
    other_text: str | None = None
    other_span: Span | None = None


@dataclass(frozen=True)
class Edge:
    """``source`` → ``target``: the target derives from the source.

    A source is an article id, or ``wire:NAME`` for an agency outside the set.
    """

    source: str
    target: str
    #: reuse, citation or shared_wire
    kind: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Hop:
    """One step of a claim's chain of attribution: an outlet, then whom it credits."""

    #: outlet, report (a compared report it derives from), wire, source
    kind: str
    name: str
    cue: str | None = None


@dataclass(frozen=True)
class Trace:
    """One report's version of a claim, traced back to its origin."""

    article: str
    hops: tuple[Hop, ...]
    origin: str


@dataclass(frozen=True)
class ClaimLineage:
    """A claim (aligned sentences across reports) and where each report got it."""

    id: str
    text: str
    #: article id → sentence indices
    sentences: tuple[tuple[str, tuple[int, ...]], ...]
    lineage: tuple[Trace, ...]
    origins: tuple[str, ...]

    @property
    def independent_sources(self) -> int:
        return len(self.origins)


@dataclass(frozen=True)
class FactValue:
    """One report's value for a fact, where it says it, and whom it credits."""

    article: str
    value: str
    text: str
    span: Span
    origin: str
    #: The source the report's sentence names; None when stated as fact.
    source: str | None = None


@dataclass(frozen=True)
class Fact:
    """A key fact of the story with each report's value (see docs/report-schema.md)."""

    slot: str
    #: The value most reports give (ties: the one the earliest-listed report gives).
    value: str
    values: tuple[FactValue, ...]
    agreement: bool
    origins: tuple[str, ...]
    #: For person facts: the role or title ("colonel", "victim").
    label: str = ""

    @property
    def independent_sources(self) -> int:
        return len(self.origins)


@dataclass(frozen=True)
class Provenance:
    edges: tuple[Edge, ...] = ()
    claims: tuple[ClaimLineage, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Report:
    articles: tuple[AnalysedArticle, ...]
    reference: str
    comparisons: tuple[Comparison, ...]
    provenance: Provenance = Provenance()


# --- Corpus mode: ingest → store → dedup → cluster → story -------------------------


@dataclass(frozen=True)
class RawRecord:
    """One item read from a corpus source, before extraction.

    ``key`` is the record's identity, known before any extraction so that a
    re-run skips what is stored: the normalised URL when there is one, else a
    hash of the raw content.
    """

    key: str
    #: Where it came from, for logs: "path", "path:LINE" or "path@OFFSET".
    origin: str
    body: str
    #: True when ``body`` is an HTML page, False for plain text.
    html: bool
    #: sha1 of the raw body, hex.
    raw_hash: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Skip:
    """A record that could not be used, with a one-line reason."""

    origin: str
    reason: str
    key: str | None = None


@dataclass(frozen=True)
class Record:
    """An article of a corpus, as ingest keeps it."""

    key: str
    article: Article
    raw_hash: str
    #: sha1 of the cleaned, normalised text: equal for exact copies.
    text_hash: str
    origin: str
    language: str = "en"


@dataclass(frozen=True)
class StoryMember:
    """A report of a story as the story view lists it; its near-copies fold under it."""

    article: Article
    copies: tuple[Article, ...] = ()
