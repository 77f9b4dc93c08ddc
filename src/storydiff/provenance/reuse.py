"""Text reuse: passages two reports share verbatim or nearly, with spans in both.

The approach of passim (Smith et al.): index word n-grams of every text once,
take the n-grams two texts share as seeds, chain seeds that lie on nearly the
same diagonal into passages, then align each passage's words to measure how
close the copy is. Light edits, punctuation and small insertions keep a passage
together; a pair of texts sharing no rare n-gram is never compared at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from ..models import Span

#: Seed length in words: long enough to be rare, short enough to survive edits.
NGRAM = 4
#: Seeds further apart than this (in words, on either text) start a new passage.
MAX_GAP = 12
#: Seeds whose diagonals differ by more than this belong to different passages.
MAX_SHIFT = 8
#: Shortest passage worth reporting, in words.
MIN_WORDS = 6
#: An n-gram in more texts than this is boilerplate, not evidence of copying.
MAX_POSTINGS = 50

_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Passage:
    """A passage shared by texts ``a`` and ``b`` (indices into the input list)."""

    a: int
    b: int
    a_span: Span
    b_span: Span
    #: Share of the passage's words inside shared n-grams (1.0: verbatim).
    similarity: float
    words: int


@dataclass(frozen=True)
class _Tokens:
    words: list[str]
    spans: list[Span]


def _tokens(text: str) -> _Tokens:
    words, spans = [], []
    for match in _WORD.finditer(text):
        words.append(match.group().lower().replace("’", "'"))
        spans.append((match.start(), match.end()))
    return _Tokens(words, spans)


class ReuseIndex:
    """Word n-grams of a set of texts, indexed once; ask it for shared passages."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.tokens = [_tokens(t) for t in texts]
        self.postings: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for doc, tok in enumerate(self.tokens):
            seen: set[int] = set()
            for i in range(len(tok.words) - NGRAM + 1):
                key = hash(tuple(tok.words[i:i + NGRAM]))
                self.postings[key].append((doc, i))
                seen.add(key)

    def _seeds(self) -> dict[tuple[int, int], list[tuple[int, int]]]:
        """Shared n-gram positions, grouped by pair of texts."""
        seeds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for hits in self.postings.values():
            docs = {d for d, _ in hits}
            if len(docs) < 2 or len(docs) > MAX_POSTINGS:
                continue
            by_doc: dict[int, list[int]] = defaultdict(list)
            for d, i in hits:
                by_doc[d].append(i)
            for x, y in combinations(sorted(by_doc), 2):
                for i in by_doc[x]:
                    for j in by_doc[y]:
                        seeds[(x, y)].append((i, j))
        return seeds

    def passages(self) -> list[Passage]:
        """Every passage shared by any two texts of the index."""
        found: list[Passage] = []
        for (x, y), pairs in self._seeds().items():
            found.extend(self._chain(x, y, pairs))
        return found

    def _chain(self, x: int, y: int, seeds: list[tuple[int, int]]) -> list[Passage]:
        # Consecutive seeds on one diagonal are one exact run; chaining runs rather
        # than single seeds keeps the work proportional to the passages found.
        runs: list[list[int]] = []  # [start_i, end_i, start_j]
        for i, j in sorted(seeds, key=lambda s: (s[1] - s[0], s[0])):
            last = runs[-1] if runs else None
            if last and j - i == last[2] - last[0] and i == last[1] + 1:
                last[1] = i
            else:
                runs.append([i, i, j])
        runs.sort()
        chains: list[list[list[int]]] = []
        for run in runs:
            i, j = run[0], run[2]
            for chain in reversed(chains[-4:]):
                last = chain[-1]
                last_i, last_j = last[1], last[2] + (last[1] - last[0])
                if (0 <= i - last_i <= MAX_GAP and -NGRAM < j - last_j <= MAX_GAP
                        and abs((j - i) - (last[2] - last[0])) <= MAX_SHIFT):
                    chain.append(run)
                    break
            else:
                chains.append([run])
        result = []
        ta, tb = self.tokens[x], self.tokens[y]
        for chain in chains:
            a_start = chain[0][0]
            a_end = max(r[1] for r in chain) + NGRAM
            b_start = min(r[2] for r in chain)
            b_end = max(r[2] + r[1] - r[0] for r in chain) + NGRAM
            if min(a_end - a_start, b_end - b_start) < MIN_WORDS:
                continue
            # Words inside a shared n-gram match exactly, in order: their share is the
            # passage's similarity, with no second alignment pass.
            covered = {k for r in chain for k in range(r[0], r[1] + NGRAM)}
            length = max(a_end - a_start, b_end - b_start)
            result.append(Passage(
                a=x, b=y,
                a_span=(ta.spans[a_start][0], ta.spans[a_end - 1][1]),
                b_span=(tb.spans[b_start][0], tb.spans[b_end - 1][1]),
                similarity=round(min(1.0, len(covered) / length), 3), words=length,
            ))
        return _merge_overlaps(result)

    def coverage(self, doc: int, passages: Sequence[Passage]) -> float:
        """Share of ``doc``'s words inside any of ``passages``."""
        spans = [p.a_span if p.a == doc else p.b_span for p in passages if doc in (p.a, p.b)]
        tok = self.tokens[doc]
        if not tok.spans:
            return 0.0
        inside = sum(1 for s, e in tok.spans if any(a <= s and e <= b for a, b in spans))
        return inside / len(tok.spans)


def _merge_overlaps(passages: list[Passage]) -> list[Passage]:
    """Drop a passage contained in a longer one (repeated phrases make such echoes)."""
    passages.sort(key=lambda p: -p.words)
    kept: list[Passage] = []
    for p in passages:
        if any((k.a_span[0] <= p.a_span[0] and p.a_span[1] <= k.a_span[1])
               or (k.b_span[0] <= p.b_span[0] and p.b_span[1] <= k.b_span[1]) for k in kept):
            continue
        kept.append(p)
    return sorted(kept, key=lambda p: p.a_span)


def shared_passages(texts: Sequence[str]) -> list[Passage]:
    """Passages shared by any two of ``texts``."""
    return ReuseIndex(texts).passages()
