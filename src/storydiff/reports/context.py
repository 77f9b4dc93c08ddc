"""A finding in context: the sentence it sits in, with the changed words marked.

A finding's side points at claims (sentence indices) and at a character span in
its report. The human reports show the sentences and mark the span inside them
when it is narrower than the sentences; long sentences are shortened around the
mark with "…".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..models import AnalysedArticle, Comparison, Side, Span

#: Longer excerpts are cut around the marks, at word boundaries.
MAX_CHARS = 280
_GAP = " … "


@dataclass(frozen=True)
class Excerpt:
    """Text to show, with the stretches to highlight as offsets into ``text``."""

    text: str
    marks: tuple[Span, ...] = ()

    def pieces(self) -> list[tuple[str, bool]]:
        """The text in order as (chunk, marked) pairs; empty chunks left out."""
        out: list[tuple[str, bool]] = []
        position = 0
        for start, end in self.marks:
            if start > position:
                out.append((self.text[position:start], False))
            out.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            out.append((self.text[position:], False))
        return out


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive sentence indices as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(indices)):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def shorten(excerpt: Excerpt, max_chars: int = MAX_CHARS) -> Excerpt:
    """Cut ``excerpt`` to about ``max_chars`` around its marks, with "…" at the cuts."""
    text = excerpt.text
    if len(text) <= max_chars:
        return excerpt
    focus_start = excerpt.marks[0][0] if excerpt.marks else 0
    focus_end = excerpt.marks[-1][1] if excerpt.marks else 0
    if focus_end - focus_start >= max_chars:
        start, end = focus_start, focus_end
    else:
        pad = (max_chars - (focus_end - focus_start)) // 2
        start = max(0, focus_start - pad)
        end = min(len(text), start + max_chars)
        start = max(0, end - max_chars)
        # Cut at spaces, never into a mark.
        if start > 0:
            space = text.find(" ", start, focus_start)
            start = space + 1 if space != -1 else start
        if end < len(text):
            space = text.rfind(" ", focus_end, end)
            end = space if space != -1 else end
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(head) - start
    marks = tuple((s + shift, e + shift) for s, e in excerpt.marks if s >= start and e <= end)
    return Excerpt(head + text[start:end] + tail, marks)


def claims_excerpt(article: AnalysedArticle, indices: Iterable[int], spans: Iterable[Span] = (),
                   max_chars: int = MAX_CHARS) -> Excerpt | None:
    """The sentences ``indices`` of ``article`` with ``spans`` marked inside them.

    A span is marked when it lies inside the sentences and is narrower than them;
    sentences that are not consecutive are joined with " … ".
    """
    claims = article.claims
    valid = [i for i in indices if 0 <= i < len(claims)]
    if not valid:
        return None
    source = article.article.text
    parts: list[str] = []
    regions: list[tuple[int, int, int]] = []  # (start in article, end in article, start in excerpt)
    length = 0
    for first, last in _runs(valid):
        start, end = claims[first].span[0], claims[last].span[1]
        if parts:
            parts.append(_GAP)
            length += len(_GAP)
        regions.append((start, end, length))
        parts.append(source[start:end])
        length += end - start
    text = "".join(parts).replace("\n", " ")
    marks: list[Span] = []
    for span in sorted(spans):
        for start, end, offset in regions:
            if start <= span[0] and span[1] <= end and (span[0], span[1]) != (start, end):
                mark = _trim(text, (offset + span[0] - start, offset + span[1] - start))
                if mark[0] < mark[1] and not (marks and mark[0] < marks[-1][1]):
                    marks.append(mark)
                break
    return shorten(Excerpt(text, tuple(marks)), max_chars)


def side_excerpt(side: Side, comparison: Comparison, max_chars: int = MAX_CHARS) -> Excerpt | None:
    """One side of a finding in its sentence; None when the side has no text (show "—")."""
    if side.text is None and side.span is None:
        return None
    article = next((item for item in (comparison.reference, comparison.other)
                    if item.article.id == side.article), None)
    if article is not None:
        indices = list(side.claims)
        span = side.span
        if span is not None:
            inside = [c.index for c in article.claims
                      if c.span[0] <= span[0] and span[1] <= c.span[1]]
            if not any(i in indices for i in inside):
                # The span lies outside the claims the side names: show its own sentence.
                indices = inside or [c.index for c in article.claims
                                     if c.span[0] < span[1] and span[0] < c.span[1]]
        excerpt = claims_excerpt(article, indices, [span] if span else [], max_chars)
        if excerpt is not None:
            return excerpt
    return shorten(Excerpt((side.text or "").replace("\n", " ")), max_chars) if side.text else None
