"""One self-contained HTML file: reports side by side, aligned claims linked,
findings highlighted in both texts and listed by rank with filters by kind.

The long tail of omissions and additions is folded in ``<details>`` elements
(no script needed); with three or more reports a table groups the findings by
claim across all reports first.

Article text is untrusted: every piece of it goes through ``html.escape``; the
page loads nothing from the network.
"""

from __future__ import annotations

from html import escape

from ..models import AnalysedArticle, Comparison, Finding, Kind, Report, Span
from . import RenderOptions, renderer
from .claims import ClaimRow, Segment, group_by_claim, ranked_rows, rest_line, row_phrases, row_spans
from .context import Excerpt, claims_excerpt, side_excerpt
from .graph_svg import derivation_svg
from .selection import Selection, select, with_ranks
from .summary import KIND_LABELS, article_label, kind_counts, more_line, report_letters

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#fff}
h1{font-size:20px;margin:0}h2{font-size:17px;margin:18px 20px 6px}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:0 20px}
.col{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;min-width:0;
overflow-wrap:anywhere}
.col h3{font-size:15px;margin:0 0 8px}.meta{color:#666;font-size:13px}
.s{border-radius:3px;cursor:pointer}.s.linked:hover,.s.on{background:#e3f2fd}
.s.unaligned{border-bottom:2px dotted #bbb}
mark{border-radius:3px;padding:0 1px}
.k-number_conflict,.k-entity_conflict,.k-contradiction{background:#ffcdd2}
.k-attribution_changed,.k-attribution_dropped,.k-certainty_changed{background:#ffe0b2}
.k-framing_changed{background:#e1bee7}.k-omission{background:#cfd8dc}.k-addition{background:#c8e6c9}
.findings{padding:0 20px 30px}.f{background:#fff;border:1px solid #ddd;border-left:5px solid #999;
border-radius:4px;margin:8px 0;padding:8px 12px}.f.high{border-left-color:#c62828}
.f.medium{border-left-color:#ef6c00}.f.low{border-left-color:#0277bd}
.f q{display:block;margin:2px 0;color:#444;quotes:none}.f b{font-weight:600}
.filters{padding:4px 20px}.filters label{margin-right:12px;font-size:14px;white-space:nowrap}
table.counts{margin:0 20px;border-collapse:collapse}
table.counts td{padding:2px 10px;border-bottom:1px solid #eee}
.graph{margin:0 20px;background:#fff;border:1px solid #ddd;border-radius:6px;display:inline-block}
table.facts{margin:0 20px;border-collapse:collapse;background:#fff}
table.facts td,table.facts th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
table.facts small{color:#666}
details{margin:8px 0}summary{cursor:pointer;color:#37474f;font-weight:600}
table.claims{margin:0 20px;border-collapse:collapse;background:#fff}
table.claims td,table.claims th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
table.claims td.n{text-align:right;color:#666}.claims-more{margin:0 20px}
"""
_JS = """
document.querySelectorAll('.filters input').forEach(function(box){
  box.addEventListener('change',function(){
    document.querySelectorAll('[data-kind="'+box.value+'"]').forEach(function(el){
      el.style.display = box.checked ? '' : 'none';});
    document.querySelectorAll('mark.k-'+box.value).forEach(function(el){
      el.classList.toggle('off', !box.checked);});
  });
});
document.querySelectorAll('.s[data-al]').forEach(function(el){
  el.addEventListener('click',function(){
    document.querySelectorAll('.s.on').forEach(function(x){x.classList.remove('on');});
    document.querySelectorAll('.s[data-al="'+el.dataset.al+'"]').forEach(function(x){
      x.classList.add('on');});
  });
});
"""


_WHOLE_CLAIM_KINDS = frozenset({Kind.OMISSION, Kind.ADDITION})


def _marks(findings: tuple[Finding, ...], article: AnalysedArticle) -> list[tuple[Span, Finding]]:
    """Non-overlapping finding spans in one article, earliest and shortest first.

    Whole sentences are marked only for omitted or added claims; for other kinds a
    whole sentence is context, and marking it would hide the phrase that matters.
    """
    sentence_spans = {c.span for c in article.claims}
    spans = []
    for f in findings:
        for side in (f.a, f.b):
            if side.article != article.article.id or not side.span or not side.text:
                continue
            pinpoint = side.span not in sentence_spans and len(side.claims) <= 1
            if pinpoint or (f.kind in _WHOLE_CLAIM_KINDS and f.subkind == "claim"):
                spans.append((side.span, f))
    spans.sort(key=lambda item: (item[0][0], item[0][1] - item[0][0]))
    chosen: list[tuple[Span, Finding]] = []
    for span, f in spans:
        if chosen and span[0] < chosen[-1][0][1]:
            continue
        chosen.append((span, f))
    return chosen


def _column(article: AnalysedArticle, comparison: Comparison, role: str, letter: str) -> str:
    text = article.article.text
    alignment_of: dict[int, str] = {}
    for al in comparison.alignments:
        for index in (al.a if role == "a" else al.b):
            alignment_of[index] = al.id
    marks = _marks(comparison.findings, article)
    out: list[str] = []
    cursor = 0
    for claim in article.claims:
        start, end = claim.span
        if "\n\n" in text[cursor:start]:
            out.append("</p><p>")
        elif cursor:
            out.append(" ")
        group = alignment_of.get(claim.index)
        attrs = f' data-al="{escape(group)}"' if group else ""
        css = "s linked" if group else "s unaligned"
        label = f"aligned: {group}" if group else "no counterpart"
        out.append(f'<span class="{css}" id="{role}{claim.index}"{attrs} title="{escape(label)}">')
        position = start
        for (m_start, m_end), f in marks:
            if m_start < start or m_end > end:
                continue
            out.append(escape(text[position:m_start]))
            out.append(f'<mark class="k-{f.kind.value}" title="{escape(f.id)}: '
                       f'{escape(f.explanation)}">{escape(text[m_start:m_end])}</mark>')
            position = m_end
        out.append(escape(text[position:end]) + "</span>")
        cursor = end
    meta = article.article
    details = " · ".join(escape(x) for x in (meta.outlet or "outlet unknown",
                                              meta.published or "date unknown", meta.source))
    role_label = f"{letter} (reference)" if role == "a" else letter
    return (f'<div class="col"><h3>{escape(role_label)}: '
            f'{escape(meta.title)}</h3><div class="meta">{details}</div><p>{"".join(out)}</p></div>')


def _excerpt(excerpt: Excerpt | None, kind: Kind) -> str:
    if excerpt is None:
        return "—"
    return "".join(f'<mark class="k-{kind.value}">{escape(chunk)}</mark>' if marked else escape(chunk)
                   for chunk, marked in excerpt.pieces())


def _finding(f: Finding, comparison: Comparison, labels: tuple[str, str]) -> str:
    return (f'<div class="f {f.severity.value}" data-kind="{f.kind.value}" id="{escape(f.id)}">'
            f"<b>#{f.rank} {escape(f.id)} · {escape(f.kind.value)} / {escape(f.subkind)}</b> "
            f"({escape(f.severity.value)}, confidence {f.confidence:.2f})<br>"
            f"{escape(f.explanation)}"
            f"<q><b>{escape(labels[0])}:</b> {_excerpt(side_excerpt(f.a, comparison), f.kind)}</q>"
            f"<q><b>{escape(labels[1])}:</b> {_excerpt(side_excerpt(f.b, comparison), f.kind)}</q>"
            "</div>")


def _findings(comparison: Comparison, chosen: Selection, labels: tuple[str, str]) -> str:
    """The listed findings, then the folded ones, each fold in a ``<details>``."""
    parts = [_finding(f, comparison, labels) for f in chosen.shown]
    for fold in chosen.folds:
        parts.append(f"<details><summary>{escape(fold.line('folded here'))}</summary>"
                     + "".join(_finding(f, comparison, labels) for f in fold.findings)
                     + "</details>")
    if chosen.more:
        parts.append(f"<details><summary>{escape(more_line(chosen.more))}</summary>"
                     + "".join(_finding(f, comparison, labels) for f in chosen.more)
                     + "</details>")
    return '<div class="findings">' + "".join(parts) + "</div>"


def _segments(segments: list[Segment]) -> str:
    return "".join(escape(chunk) for chunk, _ in segments)


def _claim_rows(rows: list[ClaimRow], report: Report, letters: dict[str, str], first: int) -> str:
    articles = {a.article.id: a for a in report.articles}
    cells = []
    for number, row in enumerate(rows, start=first):
        excerpt = claims_excerpt(articles[row.article], row.sentences, row_spans(row))
        kind = row.conflicts[0].kind if row.conflicts else Kind.OMISSION
        phrases = "<br>".join(_segments(p) for p in row_phrases(row, report, letters))
        links = " ".join(f'<a href="#{escape(f.id)}">{escape(f.id)}</a>' for f in row.findings)
        cells.append(f'<tr><td class="n">{number}</td><td>{_excerpt(excerpt, kind)}</td>'
                     f"<td>{phrases}</td><td>{links}</td></tr>")
    return ('<table class="claims"><tr><th>#</th><th>claim</th><th>reports</th>'
            f"<th>findings</th></tr>{''.join(cells)}</table>")


def _claims(report: Report, letters: dict[str, str], limit: int | None) -> str:
    rows = ranked_rows(group_by_claim(report))
    shown = rows if limit is None else rows[:limit]
    legend = "".join(f"<li><b>{escape(letters[a.article.id])}</b> {escape(article_label(a.article))}"
                     "</li>" for a in sorted(report.articles, key=lambda a: letters[a.article.id]))
    body = (f"<h2>Claims across {len(report.articles)} reports</h2>"
            f'<ul class="claims-more">{legend}</ul>'
            + _claim_rows(shown, report, letters, 1))
    if len(shown) < len(rows):
        body += (f'<details class="claims-more"><summary>{escape(rest_line(rows[len(shown):]))}'
                 f"</summary>{_claim_rows(rows[len(shown):], report, letters, len(shown) + 1)}"
                 "</details>")
    return body


def _fact_table(report: Report) -> str:
    names = {a.article.id: a.article.outlet or a.article.title for a in report.articles}
    order = [a.article.id for a in report.articles]
    head = "".join(f"<th>{escape(names[i])}</th>" for i in order)
    rows = []
    for fact in report.provenance.facts:
        by_article = {v.article: v for v in fact.values}
        cells = []
        for article in order:
            v = by_article.get(article)
            if v is None:
                cells.append("<td>—</td>")
                continue
            credit = f"attributed to {v.source}" if v.source else "stated as fact"
            cells.append(f"<td>{escape(v.text)}<br><small>{escape(credit)}</small></td>")
        status = "agree" if fact.agreement else "<b>differ</b>"
        label = f" ({escape(fact.label)})" if fact.label else ""
        rows.append(f"<tr><td>{escape(fact.slot)}{label}</td>{''.join(cells)}<td>{status}</td>"
                    f"<td>{fact.independent_sources}</td></tr>")
    return (f'<table class="facts"><tr><th>fact</th>{head}<th>reports</th>'
            f"<th>independent sources</th></tr>{''.join(rows)}</table>")


@renderer("html")
def render_html(report: Report, options: RenderOptions | None = None) -> str:
    limit = (options or RenderOptions()).limit
    report = with_ranks(report)
    letters = report_letters(report)
    body: list[str] = []
    if report.provenance.edges or report.provenance.facts:
        body.append("<h2>How the story travelled</h2>")
        body.append(f'<div class="graph">{derivation_svg(report)}</div>')
        body.append("<h2>Fact sheet</h2>" + _fact_table(report))
    if len(report.comparisons) > 1:
        body.append(_claims(report, letters, limit))
    for comparison in report.comparisons:
        ref, other = comparison.reference, comparison.other
        labels = (letters[ref.article.id], letters[other.article.id])
        body.append(f"<h2>{escape(labels[0])}: {escape(article_label(ref.article))} ↔ "
                    f"{escape(labels[1])}: {escape(article_label(other.article))}</h2>")
        rows = "".join(f"<tr><td>{escape(KIND_LABELS[k])}</td><td>{n}</td></tr>"
                       for k, n in kind_counts(comparison.findings))
        rows += f"<tr><td>Aligned claims</td><td>{len(comparison.alignments)}</td></tr>"
        body.append(f'<table class="counts">{rows}</table>')
        body.append(f'<div class="cols">{_column(ref, comparison, "a", labels[0])}'
                    f'{_column(other, comparison, "b", labels[1])}</div>')
        chosen = select(comparison, limit, labels, keep_conflicts=True)
        body.append(_findings(comparison, chosen, labels))
    filters = "".join(f'<label><input type="checkbox" value="{k.value}" checked> '
                      f'<mark class="k-{k.value}">{escape(KIND_LABELS[k])}</mark></label>'
                      for k in Kind)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            f"<title>storydiff report</title><style>{_CSS}</style></head><body>"
            "<header><h1>storydiff report</h1></header>"
            f'<div class="filters">Show: {filters}</div>{"".join(body)}'
            f"<script>{_JS}</script></body></html>\n")
