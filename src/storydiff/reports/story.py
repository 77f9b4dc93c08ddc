"""One story of a corpus: its reports in time order, the claim timeline, the comparison.

:func:`story_to_dict` builds the JSON (schema ``storydiff.story/1``, see
docs/report-schema.md); :func:`render_story` renders that data as terminal text,
Markdown, HTML or JSON, so a stored story renders without comparing again. The
comparison section is the compare report's own renderer run on the report rebuilt
from its JSON; only the reports list and the timeline are drawn here.

A story may hold hundreds of reports, most of them copies of a few: copies fold
under their canonical report as one counted line, and the timeline lists the claims
that travelled (carried by two or more reports) or changed, summing up the rest.
Article text is untrusted everywhere: escaped in Markdown and HTML.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from html import escape
from importlib import resources
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from ..corpus.timeline import Mutation, TimelineEntry, claim_timeline, published_at, time_order
from ..errors import UsageError
from ..models import (
    Alignment,
    AnalysedArticle,
    Article,
    Attribution,
    Claim,
    ClaimLineage,
    Comparison,
    Cue,
    Edge,
    Evidence,
    Fact,
    FactValue,
    Finding,
    Hop,
    Inference,
    Kind,
    Mention,
    Provenance,
    Quantity,
    Quote,
    Report,
    Severity,
    Side,
    StoryMember,
    Trace,
)
from . import RenderOptions
from .claims import Segment
from .html import _CSS, render_html
from .json import report_to_dict
from .markdown import escape as md_escape
from .markdown import render_markdown
from .summary import plural, report_letters
from .terminal import _grid
from .terminal import _segments as _text
from .terminal import build as build_terminal

SCHEMA = "storydiff.story/1"
SCHEMA_FILE = "schema/story.v1.json"
#: Copies named on a member's line before the rest are counted.
COPY_OUTLETS = 4
_HINT = "--all lists everything"
_QUOTE_CHARS = 70
#: Reports named in a "repeated by" list before the rest are counted.
_NAMED = 8

_MUTATION_VERBS = {
    Kind.NUMBER_CONFLICT: "changes a number", Kind.ENTITY_CONFLICT: "changes a name",
    Kind.ATTRIBUTION_CHANGED: "changes the source", Kind.ATTRIBUTION_DROPPED: "drops the source",
    Kind.CERTAINTY_CHANGED: "changes the certainty", Kind.FRAMING_CHANGED: "changes the framing",
    Kind.CONTRADICTION: "contradicts it",
}
#: Subkinds that say more than their kind.
_SUBKIND_VERBS = {
    "source_added": "credits a source", "hedge_added": "adds a hedge",
    "hedge_removed": "drops the hedge", "loaded_added": "adds loaded wording",
    "loaded_removed": "drops loaded wording",
}


def load_schema() -> dict[str, Any]:
    """The story JSON's Schema (2020-12); ``comparison`` is checked by the compare schema."""
    data: dict[str, Any] = json.loads(
        resources.files(__package__ or "storydiff.reports").joinpath(SCHEMA_FILE).read_text("utf-8"))
    return data


# --- JSON -------------------------------------------------------------------------


def _copy(a: Article) -> dict[str, Any]:
    return {"id": a.id, "outlet": a.outlet, "published": a.published, "url": a.url, "title": a.title}


def _mutation(m: Mutation) -> dict[str, Any]:
    return {"kind": m.kind.value, "subkind": m.subkind, "article": m.article, "text": m.text,
            "span": list(m.span) if m.span else None, "sentence": m.sentence, "was": m.was,
            "explanation": m.explanation, "finding": m.finding, "repeated_by": list(m.repeated_by)}


def _entry(e: TimelineEntry) -> dict[str, Any]:
    return {"id": e.id, "text": e.text,
            "first": {"article": e.first, "sentences": list(e.sentences), "span": list(e.span)},
            "carried_by": [{"article": a, "sentences": list(s)} for a, s in e.carried_by],
            "repeated_by": list(e.repeated_by), "omitted_by": list(e.omitted_by),
            "in_reference": e.in_reference, "mutated": e.mutated,
            "mutations": [_mutation(m) for m in e.mutations]}


def story_to_dict(story: Mapping[str, Any], members: Sequence[StoryMember],
                  report: Report | None) -> dict[str, Any]:
    """The story as JSON-ready data (``storydiff.story/1``).

    ``story`` is the story's summary as the store keeps it (id, title, counts, first
    and last published), passed through. ``report`` compares the members' canonical
    reports; with a single independent report there is nothing to compare, and
    ``comparison`` is null and ``timeline`` empty.
    """
    by_id = {m.article.id: m for m in members}
    ordered = [by_id[a.id] for a in time_order(m.article for m in members)]
    compared = report is not None and len(members) > 1
    return {
        "schema": SCHEMA,
        "story": dict(story),
        "members": [{**_copy(m.article), "copies": [_copy(c) for c in time_order(m.copies)]}
                    for m in ordered],
        "comparison": report_to_dict(report) if compared and report is not None else None,
        "timeline": [_entry(e) for e in claim_timeline(report)]
        if compared and report is not None else [],
    }


# --- The compare report back from its JSON, for its own renderers --------------------


def _span(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def _claim(article: str, s: Mapping[str, Any]) -> Claim:
    return Claim(
        article=article, index=s["index"], text=s["text"], span=(s["span"][0], s["span"][1]),
        mentions=tuple(Mention(m["text"], (m["span"][0], m["span"][1]), m["label"], m["key"],
                               m.get("title")) for m in s.get("entities", ())),
        quantities=tuple(Quantity(q["text"], (q["span"][0], q["span"][1]), q["value"],
                                  q["approximate"], q["kind"], q["unit"])
                         for q in s.get("quantities", ())),
        attributions=tuple(Attribution(a["source"], (a["span"][0], a["span"][1]), a["source_kind"],
                                       a["source_key"], a["cue"], (0, 0), a["strength"],
                                       a.get("recipient")) for a in s.get("attributions", ())),
        quotes=tuple(Quote(q["text"], (q["span"][0], q["span"][1]), q.get("speaker"))
                     for q in s.get("quotes", ())),
        cues=tuple(Cue(c["text"], (c["span"][0], c["span"][1]), c["type"]) for c in s.get("cues", ())))


def _side(s: Mapping[str, Any]) -> Side:
    return Side(s["article"], s["text"], _span(s["span"]), tuple(s.get("sentences", ())))


def _evidence(e: Mapping[str, Any]) -> Evidence:
    a, b = e["a"], e["b"]
    return Evidence(e["kind"], e["note"], a["article"], a["text"], _span(a["span"]),
                    b["article"], b["text"], _span(b["span"]))


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """A :class:`Report` rebuilt from :func:`~.json.report_to_dict`'s data, for rendering.

    What the JSON leaves out (lemmas, predicates, cue targets, URLs) stays empty.
    """
    articles = tuple(AnalysedArticle(
        Article(a["id"], a["source"], a["title"], a["text"], a["outlet"], a["published"],
                a.get("author"), credits=tuple(a.get("credits", ()))),
        tuple(_claim(a["id"], s) for s in a["sentences"])) for a in data["articles"])
    reference = next(a for a in articles if a.article.id == data["reference"])
    comparisons = []
    for other in (a for a in articles if a.article.id != data["reference"]):
        oid = other.article.id
        alignments = tuple(Alignment(
            al["id"], al["a"]["article"], oid, tuple(al["a"]["sentences"]),
            tuple(al["b"]["sentences"]), al["score"], al["shape"], al["identical"],
            tuple(Inference(x["a"], x["b"], x["entailment"], x["neutral"], x["contradiction"])
                  for x in al["inferences"]))
            for al in data["alignments"] if al["b"]["article"] == oid)
        findings = tuple(Finding(
            f["id"], Kind(f["kind"]), f["subkind"], Severity(f["severity"]), f["confidence"],
            f["explanation"], _side(f["a"]), _side(f["b"]), f["detector"], f["alignment"], f["rank"])
            for f in data["discrepancies"] if f["b"]["article"] == oid)
        comparisons.append(Comparison(reference, other, alignments, findings))
    provenance = Provenance(
        edges=tuple(Edge(e["from"], e["to"], e["kind"], e["score"],
                         tuple(_evidence(x) for x in e["evidence"]))
                    for e in data["provenance"]["edges"]),
        claims=tuple(ClaimLineage(
            c["id"], c["text"], tuple((a, tuple(s)) for a, s in c["sentences"].items()),
            tuple(Trace(t["article"], tuple(Hop(h["kind"], h["name"], h["cue"]) for h in t["chain"]),
                        t["origin"]) for t in c["lineage"]),
            tuple(c["origins"])) for c in data["claims"]),
        facts=tuple(Fact(
            f["slot"], f["value"],
            tuple(FactValue(v["article"], v["value"], v["text"], (v["span"][0], v["span"][1]),
                            v["origin"], v["source"]) for v in f["values"]),
            f["agreement"], tuple(f["origins"]), f["label"]) for f in data["facts"]))
    return Report(articles, data["reference"], tuple(comparisons), provenance)


# --- What every human format shows, as segments (chunk, is article text) --------------


def _quote(text: str | None) -> list[Segment]:
    text = " ".join((text or "").split())
    if len(text) > _QUOTE_CHARS:
        cut = text.rfind(" ", 0, _QUOTE_CHARS)
        text = text[:cut if cut > _QUOTE_CHARS // 2 else _QUOTE_CHARS - 1] + "…"
    return [("“", False), (text, True), ("”", False)]


def _when(published: str | None) -> str:
    moment = published_at(published)
    if moment is not None:
        return moment.strftime("%Y-%m-%d %H:%M") if (moment.hour, moment.minute) != (0, 0) else (
            moment.strftime("%Y-%m-%d"))
    return published or "undated"


class _View:
    """The story data prepared once for the human formats."""

    def __init__(self, data: Mapping[str, Any], options: RenderOptions | None) -> None:
        self.data = data
        self.limit = (options or RenderOptions()).limit
        self.options = options or RenderOptions()
        self.members: list[dict[str, Any]] = list(data["members"])
        comparison = data.get("comparison")
        self.report = report_from_dict(comparison) if comparison else None
        # The comparison's letters (A for its reference), so the sections agree.
        self.letters = dict(report_letters(self.report)) if self.report else {}
        for m in self.members:
            if m["id"] not in self.letters:
                k = len(self.letters)
                self.letters[m["id"]] = chr(ord("A") + k) if k < 26 else f"R{k + 1}"
        self.timeline: list[dict[str, Any]] = list(data["timeline"])

    def who(self, ids: Sequence[str]) -> str:
        """Report letters, the first few of a long list and a count of the rest."""
        names = [self.letters.get(a, a) for a in ids]
        if len(names) > _NAMED:
            return ", ".join(names[:_NAMED - 1]) + f" and {len(names) - _NAMED + 1} more"
        return ", ".join(names)

    def shown_members(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        cut = len(self.members) if self.limit is None else self.limit
        return self.members[:cut], self.members[cut:]

    def shown_entries(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Claims that travelled or changed (all with no limit), the rest apart.

        Over the limit, changed claims and those most reports carry are kept; the
        kept ones stay in timeline order.
        """
        if self.limit is None:
            return self.timeline, []
        notable = [k for k, e in enumerate(self.timeline)
                   if e["mutated"] or len(e["carried_by"]) > 1]
        best = sorted(notable, key=lambda k: (not self.timeline[k]["mutated"],
                                              -len(self.timeline[k]["carried_by"]), k))
        keep = set(best[:self.limit])
        return ([e for k, e in enumerate(self.timeline) if k in keep],
                [e for k, e in enumerate(self.timeline) if k not in keep])

    def heading(self) -> tuple[str, str]:
        s = self.data["story"]
        outlets = s.get("outlets")
        n_outlets = len(outlets) if isinstance(outlets, list) else outlets
        parts = [plural(int(s.get("reports") or 0), "report"),
                 f"{s.get('independent_reports', len(self.members))} independent"]
        if n_outlets is not None:
            parts.append(plural(int(n_outlets), "outlet"))
        parts.append(f"{_when(s.get('first_published'))} → {_when(s.get('last_published'))}")
        return str(s.get("title") or "untitled story"), " · ".join(parts)

    def member_line(self, m: Mapping[str, Any]) -> list[Segment]:
        # A date that could not be read is shown as given: article text, escaped.
        return [(_when(m["published"]), published_at(m["published"]) is None), ("  ", False),
                (m["outlet"] or "outlet unknown", True), ("  ", False), (m["title"] or "untitled", True)]

    def copies_line(self, m: Mapping[str, Any]) -> list[Segment]:
        """"+ 12 near-copies: Post ×3, Gazette, … and 5 more outlets"; empty without copies."""
        copies = m["copies"]
        if not copies:
            return []
        counts = Counter(c["outlet"] or "outlet unknown" for c in copies)
        named = counts.most_common(COPY_OUTLETS)
        out: list[Segment] = [(f"+ {plural(len(copies), 'near-copy', 'near-copies')}: ", False)]
        for k, (outlet, n) in enumerate(named):
            out += [(", " if k else "", False), (outlet, True), (f" ×{n}" if n > 1 else "", False)]
        if len(counts) > len(named):
            out.append((f" and {plural(len(counts) - len(named), 'more outlet')}", False))
        return out

    def entry_line(self, e: Mapping[str, Any]) -> list[Segment]:
        parts = [f"first {self.letters.get(e['first']['article'], '?')}"]
        if e["repeated_by"]:
            parts.append(f"repeated by {self.who(e['repeated_by'])}")
        if e["omitted_by"]:
            parts.append(f"omitted by {self.who(e['omitted_by'])}")
        return [(" · ".join(parts), False)]

    def mutation_line(self, m: Mapping[str, Any]) -> list[Segment]:
        verb = _SUBKIND_VERBS.get(m["subkind"]) or _MUTATION_VERBS[Kind(m["kind"])]
        out: list[Segment] = [(f"{self.letters.get(m['article'], m['article'])} {verb}: ", False)]
        if m["sentence"]:
            # No words of its own in the report: show what it replaced, then where.
            out += [*_quote(m["was"]), (" in ", False)] if m["was"] else []
        elif m["was"]:
            out += [*_quote(m["was"]), (" → ", False)]
        out += _quote(m["text"]) if m["text"] else [("—", False)]
        if m["repeated_by"]:
            out.append((f" (also {self.who(m['repeated_by'])})", False))
        return out

    def rest_line(self, rest: Sequence[Mapping[str, Any]]) -> str:
        if not rest:
            return ""
        single = sum(1 for e in rest if len(e["carried_by"]) == 1 and not e["mutated"])
        parts = [f"{single} carried by one report"] if single else []
        if len(rest) > single:
            parts.append(f"{len(rest) - single} more that travelled or changed")
        return f"+ {plural(len(rest), 'more claim')}: " + ", ".join(parts)


# --- terminal ---------------------------------------------------------------------


def build_story(data: Mapping[str, Any], options: RenderOptions | None = None,
                plain: bool = True) -> Group:
    """The story as rich renderables, to print with colour (``plain=False``) or export."""
    return _group(_View(data, options), plain)


def _group(view: _View, plain: bool) -> Group:
    title, counts = view.heading()
    parts: list[RenderableType] = [
        # Text, not a str: a str title would be read as rich markup.
        Panel(Text(title, style="bold") + Text("\n" + counts),
              title=Text(f"storydiff story {view.data['story'].get('id', '')}"), expand=False),
        Text("Reports in time order", style="bold")]
    members, more = view.shown_members()
    grid = _grid()
    for m in members:
        grid.add_row(view.letters[m["id"]], _text(view.member_line(m)))
        if m["copies"]:
            grid.add_row("", _text(view.copies_line(m)))
    parts.append(grid)
    if more:
        copies = sum(len(m["copies"]) for m in more)
        parts.append(Text(f"+ {plural(len(more), 'more report')} with "
                          f"{plural(copies, 'near-copy', 'near-copies')}; {_HINT}", style="dim"))
    if view.timeline:
        shown, rest = view.shown_entries()
        parts.append(Text("\nClaim timeline", style="bold"))
        grid = _grid()
        for e in shown:
            grid.add_row(e["id"], _text(_quote(e["text"])))
            grid.add_row("", _text(view.entry_line(e)))
            for m in e["mutations"]:
                grid.add_row("", _text(view.mutation_line(m)))
        parts.append(grid)
        if rest:
            parts.append(Text(view.rest_line(rest)))
    if view.report is not None:
        parts += [Text("\nComparison", style="bold"),
                  build_terminal(view.report, view.options, plain=plain)]
    return Group(*parts)


def _terminal(view: _View) -> str:
    console = Console(file=io.StringIO(), record=True, width=100, force_terminal=False, color_system=None)
    console.print(_group(view, plain=True))
    return "".join(line.rstrip() + "\n" for line in console.export_text().splitlines())


# --- Markdown ---------------------------------------------------------------------


def _md(segments: list[Segment]) -> str:
    return "".join(md_escape(chunk) if untrusted else chunk for chunk, untrusted in segments)


def _markdown(view: _View) -> str:
    title, counts = view.heading()
    lines = [f"# Story: {md_escape(title)}", "", md_escape(counts), "", "## Reports in time order", ""]
    members, more = view.shown_members()
    for m in members:
        lines.append(f"- **{view.letters[m['id']]}** {_md(view.member_line(m))}")
        if m["copies"]:
            lines.append(f"  - {_md(view.copies_line(m))}")
    if more:
        lines.append(f"- + {plural(len(more), 'more report')}; `--all` lists everything")
    lines.append("")
    if view.timeline:
        shown, rest = view.shown_entries()
        lines += ["## Claim timeline", ""]
        for e in shown:
            lines.append(f"- **{e['id']}** {_md(_quote(e['text']))}")
            lines.append(f"  - {_md(view.entry_line(e))}")
            lines += [f"  - {_md(view.mutation_line(m))}" for m in e["mutations"]]
        if rest:
            lines.append(f"- {view.rest_line(rest)}")
        lines.append("")
    if view.report is not None:
        embedded = render_markdown(view.report, view.options).splitlines()
        # The compare report's headings go one level down, under this section.
        lines += ["## Comparison"] + [
            "#" + line if re.match(r"#{1,5} ", line) else line for line in embedded[1:]]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- HTML -------------------------------------------------------------------------

_STORY_CSS = """
.story{padding:0 20px}.story .meta{color:#666}
table.members{margin:0 20px;border-collapse:collapse;background:#fff}
table.members td,table.members th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
table.members details{margin:2px 0}ul.copies{margin:4px 0;padding-left:18px;font-size:13px}
ol.timeline{margin:0 20px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 36px}
ol.timeline li{margin:6px 0}ol.timeline .who{color:#555;font-size:13px}
ol.timeline .mut{background:#fff3e0;border-radius:3px;padding:0 4px;font-size:13px}
"""


def _h(segments: list[Segment]) -> str:
    return "".join(escape(chunk) for chunk, _ in segments)


def _link(url: str | None) -> str:
    # Only web addresses become links: a javascript: URL in a feed must stay text.
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return f' <a href="{escape(url)}" rel="noopener noreferrer nofollow">link</a>'
    return ""


def _member_rows(view: _View, members: Sequence[Mapping[str, Any]]) -> str:
    rows = []
    for m in members:
        copies = ""
        if m["copies"]:
            items = "".join(f"<li>{_h(view.member_line(c))}{_link(c['url'])}</li>"
                            for c in m["copies"])
            copies = (f"<details><summary>{_h(view.copies_line(m))}</summary>"
                      f'<ul class="copies">{items}</ul></details>')
        rows.append(f"<tr><td><b>{escape(view.letters[m['id']])}</b></td>"
                    f"<td>{escape(_when(m['published']))}</td><td>{escape(m['outlet'] or '—')}</td>"
                    f"<td>{escape(m['title'] or '')}{_link(m['url'])}{copies}</td></tr>")
    return ('<table class="members"><tr><th></th><th>published</th><th>outlet</th><th>report</th></tr>'
            + "".join(rows) + "</table>")


def _entries(view: _View, entries: Sequence[Mapping[str, Any]]) -> str:
    items = []
    for e in entries:
        # Each change links to its finding in the comparison below.
        muts = "".join(f'<br><span class="mut">{_h(view.mutation_line(m))}</span>'
                       + (f' <a href="#{escape(m["finding"])}">{escape(m["finding"])}</a>'
                          if m["finding"] else "")
                       for m in e["mutations"])
        items.append(f'<li id="{escape(e["id"])}">{_h(_quote(e["text"]))}<br>'
                     f'<span class="who">{_h(view.entry_line(e))}</span>{muts}</li>')
    return '<ol class="timeline">' + "".join(items) + "</ol>"


def _html(view: _View) -> str:
    title, counts = view.heading()
    body = [f'<div class="story"><p class="meta">{escape(counts)}</p></div>',
            "<h2>Reports in time order</h2>"]
    members, more = view.shown_members()
    body.append(_member_rows(view, members))
    if more:
        body.append(f'<details class="claims-more"><summary>+ {plural(len(more), "more report")}'
                    f"</summary>{_member_rows(view, more)}</details>")
    if view.timeline:
        shown, rest = view.shown_entries()
        body += ["<h2>Claim timeline</h2>", _entries(view, shown)]
        if rest:
            body.append(f'<details class="claims-more"><summary>{escape(view.rest_line(rest))}'
                        f"</summary>{_entries(view, rest)}</details>")
    if view.report is not None:
        page = render_html(view.report, view.options)
        # The compare page's body, its own header replaced by this section's heading;
        # its script (filters, linked claims) comes along and works on its elements.
        inner = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
        inner = inner.replace("<header><h1>storydiff report</h1></header>", "", 1)
        body.append(f'<h2>Comparison</h2><section class="comparison">{inner}</section>')
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            f"<title>{escape(title)} · storydiff story</title><style>{_CSS}{_STORY_CSS}</style></head>"
            f"<body><header><h1>{escape(title)}</h1></header>{''.join(body)}</body></html>\n")


_FORMATS: dict[str, Callable[[_View], str]] = {"terminal": _terminal, "md": _markdown, "html": _html}


def render_story(data: dict[str, Any], format_: str, options: RenderOptions | None = None) -> str:
    """``data`` from :func:`story_to_dict` as text in ``format_`` (terminal, md, html, json).

    JSON is everything whatever the options; the others list up to ``options.limit``
    reports and timeline claims and sum up the rest in one line.
    """
    if format_ == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if format_ not in _FORMATS:
        raise UsageError(f"unknown format {format_!r}; choose from html, json, md, terminal")
    return _FORMATS[format_](_View(data, options))


__all__ = ["SCHEMA", "build_story", "load_schema", "render_story", "report_from_dict", "story_to_dict"]
