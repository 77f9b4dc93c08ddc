"""The claim timeline of a story: who carried each claim first, who repeated it, who
dropped it, and where it mutated.

A pure function over a compared story (:class:`~storydiff.models.Report`); no I/O.

What a claim is comes from :func:`storydiff.reports.claims.group_by_claim`, the
grouping the claims table of the reports shows, so the timeline and the table never
disagree: a claim of the reference is its sentence and the sentences of other reports
aligned with it; claims the reference lacks are grouped across reports by claim
lineage, else by shared content words.

The report compares every report with the reference only, so a report's version of a
claim is known as its differences from the reference's version: the findings on that
claim whose ``b`` side is the report. Two reports with the same difference (same kind,
same words on both sides) carry the same version of it. Claims the reference lacks
have no comparison between the reports that add them, so their mutations are not
tracked: the timeline says only who carries them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ..models import AnalysedArticle, Article, Finding, Kind, Report, Side, Span
from ..reports.claims import ClaimRow, group_by_claim

#: The changes that make a claim mutate; a dropped or added part (omission, addition)
#: is coverage, not a change of what the claim says.
MUTATING = frozenset({
    Kind.NUMBER_CONFLICT, Kind.ENTITY_CONFLICT, Kind.ATTRIBUTION_CHANGED,
    Kind.ATTRIBUTION_DROPPED, Kind.CERTAINTY_CHANGED, Kind.FRAMING_CHANGED, Kind.CONTRADICTION,
})

#: What undoing a difference from the reference is: a later report that credits the
#: source the first report dropped adds a source, it does not drop one.
_REVERSED = {
    (Kind.ATTRIBUTION_DROPPED, "source_to_fact"): (Kind.ATTRIBUTION_CHANGED, "source_added"),
    (Kind.ATTRIBUTION_CHANGED, "source_added"): (Kind.ATTRIBUTION_DROPPED, "source_to_fact"),
    (Kind.ATTRIBUTION_CHANGED, "to_unnamed_reports"): (Kind.ATTRIBUTION_CHANGED, "source_changed"),
    (Kind.CERTAINTY_CHANGED, "hedge_added"): (Kind.CERTAINTY_CHANGED, "hedge_removed"),
    (Kind.CERTAINTY_CHANGED, "hedge_removed"): (Kind.CERTAINTY_CHANGED, "hedge_added"),
    (Kind.FRAMING_CHANGED, "loaded_added"): (Kind.FRAMING_CHANGED, "loaded_removed"),
    (Kind.FRAMING_CHANGED, "loaded_removed"): (Kind.FRAMING_CHANGED, "loaded_added"),
}


@dataclass(frozen=True)
class Mutation:
    """A change to a claim, placed at the first report in time order that makes it."""

    kind: Kind
    subkind: str
    #: The first report (article id) that carries the change.
    article: str
    #: Where the change appears in that report: a few words, else its sentence(s).
    text: str | None
    span: Span | None
    #: True when ``text`` is the report's whole sentence(s): the change has no words of
    #: its own there (a dropped source, a contradiction).
    sentence: bool
    #: The words the change replaces in the claim's first version, when it is a few words.
    was: str | None
    explanation: str
    #: The finding (id in the report) it comes from; None when the report's wording
    #: is the reference's and so has no finding of its own.
    finding: str | None
    #: Later reports carrying the same change, in time order.
    repeated_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """One claim of the story, from the report that carried it first."""

    id: str
    #: The claim in the wording of the first report to carry it.
    text: str
    first: str
    #: The first report's sentences (indices) and their span in its text.
    sentences: tuple[int, ...]
    span: Span
    #: Every report carrying the claim with its sentences, in time order, ``first`` first.
    carried_by: tuple[tuple[str, tuple[int, ...]], ...]
    #: Reports after ``first`` in time order that do not carry it.
    omitted_by: tuple[str, ...]
    in_reference: bool
    #: In time order of their first report.
    mutations: tuple[Mutation, ...] = ()

    @property
    def repeated_by(self) -> tuple[str, ...]:
        """Reports after the first that carry the claim, changed or not."""
        return tuple(article for article, _ in self.carried_by[1:])

    @property
    def mutated(self) -> bool:
        return bool(self.mutations)


def published_at(value: str | None) -> datetime | None:
    """A publication date as a moment in UTC; None when missing or unreadable.

    ISO 8601 (what the readers and ingest keep) and RFC 2822 (feeds) are read; a date
    without a time is midnight, a time without a zone is taken as UTC.
    """
    value = (value or "").strip()
    if not value:
        return None
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            moment = None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def time_order(articles: Iterable[Article]) -> list[Article]:
    """``articles`` by publication time; undated ones after the dated, ties in the given order."""
    items = list(articles)
    moments = [published_at(a.published) for a in items]

    def key(k: int) -> tuple[bool, datetime, int]:
        moment = moments[k]
        return (moment is None, moment or datetime.min.replace(tzinfo=UTC), k)

    return [items[k] for k in sorted(range(len(items)), key=key)]


_Key = tuple[Kind, str, str, str]


def _is_pinpoint(side: Side, article: AnalysedArticle) -> bool:
    """True when the side is a few words inside a sentence, not whole sentences."""
    if side.span is None or not side.text:
        return False
    inside = [c for c in article.claims if c.span[0] < side.span[1] and side.span[0] < c.span[1]]
    return not inside or (inside[0].span[0], inside[-1].span[1]) != side.span


def _norm(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def _pin(side: Side, articles: Mapping[str, AnalysedArticle]) -> str | None:
    article = articles.get(side.article)
    return side.text if article is not None and _is_pinpoint(side, article) else None


def _key(f: Finding, articles: Mapping[str, AnalysedArticle]) -> _Key:
    """What makes two reports' changes the same: kind and the words on both sides.

    A side of whole sentences counts as no words, since two reports never word a
    sentence quite alike: all their contradictions of one claim are one change.
    """
    return (f.kind, f.subkind, _norm(_pin(f.a, articles)), _norm(_pin(f.b, articles)))


def _sentences(article: AnalysedArticle, indices: Sequence[int]) -> tuple[str, Span]:
    claims = [article.claims[i] for i in sorted(indices)]
    return " ".join(c.text for c in claims), (claims[0].span[0], claims[-1].span[1])


def _located(words: str | None, article: AnalysedArticle,
             indices: Sequence[int]) -> tuple[str, Span, bool]:
    """``words`` where they occur in the report's sentences, else the sentences; and
    whether the words were found."""
    if words:
        for i in sorted(indices):
            claim = article.claims[i]
            at = claim.text.lower().find(words.lower())
            if at >= 0:
                start = claim.span[0] + at
                span = (start, start + len(words))
                return article.article.text[span[0]:span[1]], span, True
    return *_sentences(article, indices), False


@dataclass
class _Draft:
    """A mutation being collected: its first report, then who repeats it."""

    mutation: Mutation
    repeated_by: list[str]


def _mutations(row: ClaimRow, carriers: list[tuple[str, tuple[int, ...]]], reference: str,
               articles: Mapping[str, AnalysedArticle]) -> tuple[Mutation, ...]:
    """Changes against the claim's first version, each at the first report making it.

    A report's version is its set of differences from the reference. Against the first
    version, a later report either adds a difference (it changes the claim) or lacks one
    the first version has (it goes back to the reference's wording, also a change).
    """
    versions: dict[str, dict[_Key, Finding]] = {}
    for article, _ in carriers:
        mine: dict[_Key, Finding] = {}
        for f in row.findings:
            if f.b.article == article and f.kind in MUTATING:
                mine.setdefault(_key(f, articles), f)
        versions[article] = mine if article != reference else {}
    first = carriers[0][0]
    base = versions[first]
    base_spots = {(k[0], k[2]): f for k, f in base.items()}
    drafts: dict[tuple[str, _Key], _Draft] = {}
    for article, indices in carriers[1:]:
        mine = versions[article]
        changed_spots = set()
        for key, f in mine.items():
            if key in base:
                continue
            changed_spots.add((key[0], key[2]))
            if ("to", key) in drafts:
                drafts[("to", key)].repeated_by.append(article)
                continue
            earlier = base_spots.get((key[0], key[2]))
            was = _pin(earlier.b, articles) if earlier is not None else _pin(f.a, articles)
            drafts[("to", key)] = _Draft(Mutation(
                f.kind, f.subkind, article, f.b.text, f.b.span, _pin(f.b, articles) is None, was,
                f.explanation, f.id), [])
        for key, f in base.items():
            if key in mine or (key[0], key[2]) in changed_spots:
                continue
            if ("back", key) in drafts:
                drafts[("back", key)].repeated_by.append(article)
                continue
            words = _pin(f.a, articles)
            if article == reference:
                text, span, found = f.a.text, f.a.span, words is not None
            else:
                # No finding of its own: the reference's words are looked up in its sentences.
                text, span, found = _located(words, articles[article], indices)
            kind, subkind = _REVERSED.get((f.kind, f.subkind), (f.kind, f.subkind))
            drafts[("back", key)] = _Draft(Mutation(
                kind, subkind, article, text, span, not found,
                _pin(f.b, articles),
                f"says what the reference says where the first report differs ({f.explanation})",
                f.id if article == reference else None), [])
    order = {article: k for k, (article, _) in enumerate(carriers)}
    ranked = sorted(drafts.values(), key=lambda d: (
        order[d.mutation.article], d.mutation.span[0] if d.mutation.span else -1))
    return tuple(replace(d.mutation, repeated_by=tuple(d.repeated_by)) for d in ranked)


def claim_timeline(report: Report) -> tuple[TimelineEntry, ...]:
    """Every claim of the story with who carried it first, who repeated or omitted it,
    and where it mutated; ordered by where the claim first appears.

    Time order is publication time, undated reports after dated ones, then the order
    of ``report.articles``.
    """
    articles = {a.article.id: a for a in report.articles}
    position = {a.id: k for k, a in enumerate(time_order(a.article for a in report.articles))}
    drafts: list[tuple[tuple[int, int], TimelineEntry]] = []
    for row in group_by_claim(report):
        carriers = sorted(row.members, key=lambda m: position[m[0]])
        first, indices = carriers[0]
        text, span = _sentences(articles[first], indices)
        carrying = {a for a, _ in carriers}
        omitted = tuple(a for a in sorted(articles, key=position.__getitem__)
                        if position[a] > position[first] and a not in carrying)
        mutations = _mutations(row, carriers, report.reference, articles) if row.in_reference else ()
        drafts.append(((position[first], min(indices)), TimelineEntry(
            id="", text=text, first=first, sentences=tuple(sorted(indices)), span=span,
            carried_by=tuple(carriers), omitted_by=omitted, in_reference=row.in_reference,
            mutations=mutations)))
    drafts.sort(key=lambda item: item[0])
    return tuple(replace(entry, id=f"t{k}") for k, (_, entry) in enumerate(drafts, start=1))


__all__ = ["MUTATING", "Mutation", "TimelineEntry", "claim_timeline", "published_at",
           "time_order"]
