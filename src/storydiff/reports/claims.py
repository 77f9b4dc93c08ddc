"""Findings grouped by claim across all reports, for stories with three or more.

Ten reports of one event give hundreds of pairwise findings, most of them the
same claim missing or added again and again. Grouped by claim, a reader sees one
line per claim: how many reports carry it, which omit it, which change it and how.
:func:`group_by_claim` is a pure function over the report; the terminal, Markdown
and HTML renderers share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import AnalysedArticle, Finding, Kind, Report, Span
from .summary import KIND_NOUNS, plural

#: Added claims of two reports are one claim when their content words overlap this
#: much (Jaccard): "Schools will stay closed" / "Schools in three counties will stay
#: closed on Wednesday" share four of six.
SAME_ADDITION = 0.5
_COVERAGE = frozenset({Kind.OMISSION, Kind.ADDITION})
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_STOP = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been has have had "
    "it its this that these those he she they his her their said says told".split())


@dataclass(frozen=True)
class ClaimRow:
    """One claim across all reports."""

    #: The report whose wording ``text`` is: the reference, else the first report adding it.
    article: str
    sentences: tuple[int, ...]
    text: str
    #: Reports that carry the claim (an aligned sentence, or their own for an added claim),
    #: reference first, then in comparison order.
    carried: tuple[str, ...]
    #: Reports that lack a claim of the reference.
    omitted: tuple[str, ...]
    #: Every finding about the claim, in rank order; ``b.article`` names the report.
    findings: tuple[Finding, ...]
    in_reference: bool
    #: Every report's sentences carrying the claim: (article id, sentence indices).
    members: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def changes(self) -> tuple[Finding, ...]:
        """Findings of reports that carry the claim but change it: all but whole-claim ones."""
        return tuple(f for f in self.findings if not (f.kind in _COVERAGE and f.subkind == "claim"))

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        """Changes that are not a dropped or added part: a number, name, source, hedge…"""
        return tuple(f for f in self.changes if f.kind not in _COVERAGE)

    @property
    def agreed(self) -> tuple[str, ...]:
        """Reports that carry the claim without a change."""
        changed = {f.b.article for f in self.changes}
        return tuple(a for a in self.carried if a not in changed)

    @property
    def category(self) -> str:
        """conflict, added, omitted, changed or agreed: what a summary line counts."""
        if self.conflicts:
            return "conflict"
        if not self.in_reference:
            return "added"
        if self.omitted:
            return "omitted"
        return "changed" if self.changes else "agreed"

    @property
    def best_rank(self) -> int:
        """The rank of its most important conflict; 0 when it has none or none are ranked."""
        ranks = [f.rank for f in self.conflicts if f.rank > 0]
        return min(ranks) if ranks else 0


def _words(article: AnalysedArticle, index: int) -> frozenset[str]:
    claim = article.claims[index]
    words = claim.lemmas or tuple(_WORD.findall(claim.text.lower()))
    return frozenset(w for w in words if w not in _STOP and len(w) > 1)


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _claim_of(f: Finding, article: AnalysedArticle, side: str) -> int | None:
    """The sentence a finding's side sits in: the one holding its span, else its first."""
    s = f.a if side == "a" else f.b
    if s.span is not None:
        for c in article.claims:
            if c.span[0] <= s.span[0] < c.span[1] and (not s.claims or c.index in s.claims):
                return c.index
    return s.claims[0] if s.claims else None


def _added_groups(report: Report) -> list[dict[str, tuple[int, ...]]]:
    """Claims of the other reports that the reference lacks, grouped across reports.

    Sentences claim lineage already puts together are one claim; the rest join the
    group whose sentences share the most content words, one sentence per report.
    """
    articles = {a.article.id: a for a in report.articles}
    unaligned: list[tuple[str, int]] = []
    for c in report.comparisons:
        used = {j for al in c.alignments for j in al.b}
        unaligned += [(c.other.article.id, claim.index) for claim in c.other.claims
                      if claim.index not in used]
    pending = set(unaligned)
    groups: list[dict[str, tuple[int, ...]]] = []
    for lineage in report.provenance.claims:
        members = dict(lineage.sentences)
        if report.reference in members or len(members) < 2:
            continue
        keys = {(a, i) for a, indices in members.items() for i in indices}
        if keys <= pending:
            groups.append(members)
            pending -= keys
    words: list[list[frozenset[str]]] = [
        [_words(articles[a], i) for a, indices in g.items() for i in indices] for g in groups]
    for article, index in unaligned:
        if (article, index) not in pending:
            continue
        mine = _words(articles[article], index)
        best, best_score = None, SAME_ADDITION
        for k, group in enumerate(groups):
            if article in group:
                continue
            score = max((_similarity(mine, w) for w in words[k]), default=0.0)
            if score >= best_score:
                best, best_score = k, score
        if best is None:
            groups.append({article: (index,)})
            words.append([mine])
        else:
            groups[best][article] = (index,)
            words[best].append(mine)
    return groups


def group_by_claim(report: Report) -> list[ClaimRow]:
    """One row per claim: the reference's claims in order, then those it lacks.

    A reference claim is carried by the reports with an aligned sentence and omitted
    by the others; the findings whose reference side sits in it are its changes. A
    claim the reference lacks is carried by the reports that add it.
    """
    reference = next(a for a in report.articles if a.article.id == report.reference)
    articles = {a.article.id: a for a in report.articles}
    others = [c.other.article.id for c in report.comparisons]
    by_claim: dict[tuple[str, int], list[Finding]] = {}
    for c in report.comparisons:
        for f in c.findings:
            on_a = _claim_of(f, c.reference, "a")
            on_b = _claim_of(f, c.other, "b")
            if on_a is not None:
                by_claim.setdefault((report.reference, on_a), []).append(f)
            elif on_b is not None:
                by_claim.setdefault((c.other.article.id, on_b), []).append(f)

    def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
        return tuple(sorted(findings, key=lambda f: (f.rank == 0, f.rank)))

    rows = []
    for claim in reference.claims:
        members: list[tuple[str, tuple[int, ...]]] = [(report.reference, (claim.index,))]
        for c in report.comparisons:
            carried = sorted({j for al in c.alignments if claim.index in al.a for j in al.b})
            if carried:
                members.append((c.other.article.id, tuple(carried)))
        carriers = tuple(a for a, _ in members)
        rows.append(ClaimRow(
            article=report.reference, sentences=(claim.index,), text=claim.text,
            carried=carriers, omitted=tuple(a for a in others if a not in carriers),
            findings=ordered(by_claim.get((report.reference, claim.index), ())),
            in_reference=True, members=tuple(members)))
    order = {a: k for k, a in enumerate(others)}
    for group in _added_groups(report):
        first = min(group, key=order.__getitem__)
        found = [f for a, indices in group.items() for i in indices for f in by_claim.get((a, i), ())]
        rows.append(ClaimRow(
            article=first, sentences=group[first],
            text=" ".join(articles[first].claims[i].text for i in group[first]),
            carried=tuple(sorted(group, key=order.__getitem__)), omitted=(),
            findings=ordered(found), in_reference=False,
            members=tuple(sorted(group.items(), key=lambda kv: order[kv[0]]))))
    return rows


def ranked_rows(rows: Iterable[ClaimRow]) -> list[ClaimRow]:
    """Rows with conflicts first (most important conflict first), then by how many
    reports carry the claim; ties keep the story's order."""
    def key(item: tuple[int, ClaimRow]) -> tuple[int, int, int, int]:
        position, row = item
        conflict = bool(row.conflicts)
        rank = (row.best_rank or 10**9) if conflict else 0
        return (not conflict, rank, -len(row.carried), position)

    return [row for _, row in sorted(enumerate(rows), key=key)]


def row_spans(row: ClaimRow) -> list[Span]:
    """Spans of the row's changes in the wording it is shown in, to mark them."""
    spans = []
    for f in row.changes:
        side = f.a if f.a.article == row.article else f.b
        if side.span is not None and side.article == row.article:
            spans.append(side.span)
    return spans


Segment = tuple[str, bool]
"""A piece of a line and whether it is article text (untrusted: escape it)."""

#: Article text quoted in a line is cut to this length.
_QUOTE_CHARS = 60


def _quote(text: str) -> list[Segment]:
    text = " ".join(text.split())
    if len(text) > _QUOTE_CHARS:
        cut = text.rfind(" ", 0, _QUOTE_CHARS)
        text = text[:cut if cut > _QUOTE_CHARS // 2 else _QUOTE_CHARS - 1] + "…"
    return [("“", False), (text, True), ("”", False)]


def _pinpoint(f: Finding, side: str, articles: dict[str, AnalysedArticle]) -> str | None:
    """The side's text when it is a few words inside a sentence, not the sentence."""
    s = f.a if side == "a" else f.b
    if not s.text or s.span is None or len(s.text) > _QUOTE_CHARS * 2:
        return None
    article = articles.get(s.article)
    if article is not None and any(c.span == s.span for c in article.claims):
        return None
    return s.text


def _who(articles: list[str], letters: dict[str, str]) -> str:
    return ", ".join(letters.get(a, a) for a in articles)


#: What a report does to a claim, by kind and by which sides are a few words:
#: (verb for one report, verb for several, quote a, quote b). "X" stands for the
#: quoted text of side a and "Y" for side b.
_VERBS: dict[tuple[Kind, bool, bool], tuple[str, str]] = {
    (Kind.NUMBER_CONFLICT, True, True): ("says Y instead of X", "say Y instead of X"),
    (Kind.ENTITY_CONFLICT, True, True): ("says Y instead of X", "say Y instead of X"),
    (Kind.ATTRIBUTION_CHANGED, True, True): ("credits Y instead of X", "credit Y instead of X"),
    (Kind.ATTRIBUTION_CHANGED, False, True): ("credits Y", "credit Y"),
    (Kind.ATTRIBUTION_CHANGED, True, False): ("no longer credits X", "no longer credit X"),
    (Kind.ATTRIBUTION_DROPPED, True, False): ("drops the source X", "drop the source X"),
    (Kind.CERTAINTY_CHANGED, False, True): ("hedges with Y", "hedge with Y"),
    (Kind.CERTAINTY_CHANGED, True, False): ("drops the hedge X", "drop the hedge X"),
    (Kind.CERTAINTY_CHANGED, True, True): ("says Y instead of X", "say Y instead of X"),
    (Kind.FRAMING_CHANGED, False, True): ("adds loaded wording Y", "add loaded wording Y"),
    (Kind.FRAMING_CHANGED, True, False): ("drops loaded wording X", "drop loaded wording X"),
    (Kind.FRAMING_CHANGED, True, True): ("says Y instead of X", "say Y instead of X"),
    (Kind.CONTRADICTION, True, True): ("contradicts it: Y against X", "contradict it: Y against X"),
    (Kind.OMISSION, True, False): ("drops X", "drop X"),
    (Kind.ADDITION, False, True): ("adds Y", "add Y"),
}


def _fill(template: str, a: str | None, b: str | None) -> list[Segment]:
    out: list[Segment] = []
    for word in re.split(r"\b([XY])\b", template):
        if word == "X" and a:
            out += _quote(a)
        elif word == "Y" and b:
            out += _quote(b)
        elif word:
            out.append((word, False))
    return out


def change_phrases(row: ClaimRow, report: Report, letters: dict[str, str]) -> list[list[Segment]]:
    """How the reports change the claim, one phrase per change that reports share:
    'C says “four” instead of “three”', 'B, D drop “at two schools”'."""
    articles = {a.article.id: a for a in report.articles}
    phrases: dict[tuple[str, ...], tuple[list[Segment], list[Segment], list[str]]] = {}
    for f in row.changes:
        a, b = _pinpoint(f, "a", articles), _pinpoint(f, "b", articles)
        verbs = _VERBS.get((f.kind, a is not None, b is not None))
        if f.kind is Kind.OMISSION and a:
            verbs = _VERBS[(Kind.OMISSION, True, False)]
        elif f.kind is Kind.ADDITION and b:
            verbs = _VERBS[(Kind.ADDITION, False, True)]
        if verbs is not None:
            key: tuple[str, ...] = (verbs[0], a or "", b or "")
            one, many = _fill(" " + verbs[0], a, b), _fill(" " + verbs[1], a, b)
        else:
            key = (f.kind.value, f.subkind, f.explanation)
            one = many = [(": " + KIND_NOUNS[f.kind][0] + ", ", False), (f.explanation, True)]
        who = phrases.setdefault(key, (one, many, []))[2]
        if f.b.article not in who:
            who.append(f.b.article)
    order = list(letters)
    return [[(_who(sorted(who, key=order.index), letters), False), *(one if len(who) == 1 else many)]
            for one, many, who in phrases.values()]


def row_phrases(row: ClaimRow, report: Report, letters: dict[str, str]) -> list[list[Segment]]:
    """The row's line after the claim: who carries, omits and changes it."""
    total = len(report.articles)
    if not row.in_reference:
        who = _who(list(row.carried), letters)
        head = [[(f"added by {who} ({len(row.carried)} of {total} reports)", False)]]
        return head + change_phrases(row, report, letters)
    parts: list[list[Segment]] = []
    agreed = row.agreed
    if len(row.carried) == 1:
        parts.append([(f"only {letters[report.reference]}", False)])
    elif len(agreed) == total:
        parts.append([(f"all {total} agree", False)])
    elif len(agreed) > 1:
        # The reference alone "agreeing" with itself says nothing.
        parts.append([(f"{len(agreed)} of {total} agree ({_who(list(agreed), letters)})", False)])
    if row.omitted:
        verb = "omits" if len(row.omitted) == 1 else "omit"
        parts.append([(f"{len(row.omitted)} {verb} it ({_who(list(row.omitted), letters)})", False)])
    return parts + change_phrases(row, report, letters)


def rest_line(rows: Iterable[ClaimRow]) -> str:
    """"+ 12 more claims: 5 added, 4 omitted by some, 3 in every report"."""
    labels = {"conflict": "with conflicts", "added": "added by some", "omitted": "omitted by some",
              "changed": "changed in part", "agreed": "in every report"}
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.category] = counts.get(row.category, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    parts = [f"{n} {labels[c]}" for c, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return f"+ {plural(total, 'more claim')}: " + ", ".join(parts)
