"""near_copy: every changed stretch of a near-copied sentence, explained.

A rewrite that copies a sentence and changes one word ("was charged" → "was not
charged", "Jonah Pettibone" → "Jonah Castellano", "police say" → "neighbors say")
leaves the sentence pair looking like agreement to an embedding, and the typed
detectors, which read a sentence's parts, can miss a change their parser did not
see. When two aligned sentences share most of their words, the words that differ
are the whole story: this detector diffs them token by token and gives each
changed stretch a kind — a negation, a number, a source, a hedge, a loaded word,
a name or place, a dropped or added part — or, when none applies, calls it a
``reworded`` contradiction, so that nothing a near-copy changed passes silently.
Paraphrases are left to the other detectors and the NLI model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from spacy.lang.en.stop_words import STOP_WORDS

from ..analysis.lexicon import HEDGE_MODALS, HEDGE_WORDS, LOADED_TERMS
from ..analysis.numbers import parse_number
from ..models import Alignment, AnalysedArticle, Claim, Finding, Kind, Severity, Side, Span
from .base import StoryPair, detector, finding, overlaps, side
from .coverage import stem

#: Share of words two sentences must have in common (in order) to be near-copies.
NEAR_COPY = 0.6
_TOKEN = re.compile(r"[\w$€£%]+(?:[’'.,-][\w]+)*")
_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                        "without", "cannot"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_NAMES = frozenset({"PERSON", "ORG", "NORP"})
_CASUALTY = re.compile(r"\b(?:kill|dead|die|death|injur|wound|hurt|shot|shoot|arrest|charg)",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    word: str
    span: Span
    claim: Claim


@dataclass(frozen=True)
class Stretch:
    """Tokens that differ between the two sentences, with what surrounds them."""

    a: tuple[Token, ...]
    b: tuple[Token, ...]
    #: Where the stretch sits when one side is empty: the tokens just before it.
    a_anchor: Token | None
    b_anchor: Token | None


_PRONOUNS = frozenset("he she they it him her them his hers their theirs its we us our i me my "
                      "you your this that these those who whom whose".split())


def _pronoun_for_noun(s: Stretch) -> bool:
    """One side is only pronouns, the other a short noun phrase: a coreference rewrite."""
    def pronouns(tokens: tuple[Token, ...]) -> bool:
        return all(t.word.removesuffix("'s") in _PRONOUNS for t in tokens)

    return (pronouns(s.a) and len(s.b) <= 3) or (pronouns(s.b) and len(s.a) <= 3)


def _tokens(claims: list[Claim]) -> list[Token]:
    return [Token(m.group().lower().replace("’", "'"),
                  (c.span[0] + m.start(), c.span[0] + m.end()), c)
            for c in claims for m in _TOKEN.finditer(c.text)]


def _negated(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


def _number(word: str) -> bool:
    # parse_number reads "a" as one ("a dozen"); alone it is an article.
    return any(ch.isdigit() for ch in word) or (
        word not in ("a", "an") and parse_number([word]) is not None)


#: Irregular past forms of verbs news reports use, so "said" / "says" is no change.
_IRREGULAR = {
    "said": "say", "told": "tell", "found": "find", "took": "take", "taken": "take",
    "left": "leave", "held": "hold", "got": "get", "went": "go", "gone": "go", "came": "come",
    "made": "make", "gave": "give", "given": "give", "knew": "know", "known": "know",
    "thought": "think", "brought": "bring", "caught": "catch", "fled": "flee",
    "fought": "fight", "ran": "run", "saw": "see", "seen": "see", "stood": "stand",
    "struck": "strike", "drove": "drive", "driven": "drive", "lost": "lose", "sent": "send",
    "spent": "spend", "began": "begin", "begun": "begin", "shot": "shoot", "hid": "hide",
    "hidden": "hide", "wrote": "write", "written": "write", "spoke": "speak",
    "spoken": "speak",
}


def _stem(word: str) -> str:
    return _IRREGULAR.get(word) or stem(word)


def _content(tokens: tuple[Token, ...]) -> list[str]:
    """Stems of the words a reader would check: not "the", "was" or "say"/"said"."""
    stems = [(t.word, _stem(t.word)) for t in tokens]
    return [stem for word, stem in stems
            if not {word, stem} & STOP_WORDS or _negated(word) or _number(word)
            or word in HEDGE_MODALS]


#: Longest text (in words) diffed: a sentence is rarely over 80 words, and the
#: diff grows with the product of the two lengths, so a page with no full stops
#: must not stall a comparison.
MAX_TOKENS = 400


def stretches(a_claims: list[Claim], b_claims: list[Claim]) -> tuple[float, list[Stretch]]:
    """How much of the two texts is shared, and the stretches where they differ
    (none, and nothing shared, for texts too long to diff)."""
    ta, tb = _tokens(a_claims), _tokens(b_claims)
    if len(ta) > MAX_TOKENS or len(tb) > MAX_TOKENS:
        return 0.0, []
    matcher = SequenceMatcher(None, [t.word for t in ta], [t.word for t in tb], autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        found.append(Stretch(tuple(ta[i1:i2]), tuple(tb[j1:j2]),
                             ta[i1 - 1] if i1 else None, tb[j1 - 1] if j1 else None))
    return matcher.ratio(), _moved_sources(_without_moves(found))


def _moved_sources(found: list[Stretch]) -> list[Stretch]:
    """A source taken out at one end and another put in at the other ("Chief Ann Li
    said X" / "X, Chief Ann Lee said") is one change of source, not a source dropped
    and another added."""
    dropped = [s for s in found if s.a and not s.b and _source_overlap(s.a)]
    added = [s for s in found if s.b and not s.a and _source_overlap(s.b)]
    if len(dropped) != 1 or len(added) != 1:
        return found
    (out,), (into,) = dropped, added
    merged = Stretch(out.a, into.b, None, None)
    return [merged if s is out else s for s in found if s is not into]


def _without_moves(found: list[Stretch]) -> list[Stretch]:
    """Words taken out in one place and put back in another ("Benn said X" / "X, Benn
    said") were moved, not changed."""
    def key(tokens: tuple[Token, ...]) -> tuple[str, ...]:
        return tuple(sorted(_content(tokens)))

    deleted = [key(s.a) for s in found if s.a and not s.b]
    inserted = [key(s.b) for s in found if s.b and not s.a]
    moved = set(deleted) & set(inserted) - {()}
    return [s for s in found if not (bool(s.a) != bool(s.b) and key(s.a or s.b) in moved)]


def _span(tokens: tuple[Token, ...]) -> Span:
    return (tokens[0].span[0], tokens[-1].span[1])


def _overlaps(tokens: tuple[Token, ...], span: Span) -> bool:
    return any(t.span[0] < span[1] and span[0] < t.span[1] for t in tokens)


def _mention_label(tokens: tuple[Token, ...]) -> str | None:
    for t in tokens:
        for m in t.claim.mentions:
            if m.span[0] < t.span[1] and t.span[0] < m.span[1]:
                return m.label
    return None


def _capitalised(article: AnalysedArticle, tokens: tuple[Token, ...]) -> bool:
    """Written with a capital inside the sentence: a name spaCy's small model may miss."""
    text = article.article.text
    words = [t for t in tokens if t.word not in STOP_WORDS]
    return bool(words) and all(
        text[t.span[0]].isupper() and t.span[0] != t.claim.span[0] for t in words)


def _source_overlap(tokens: tuple[Token, ...]) -> bool:
    # "reportedly" is parsed as a source ("reports"); here it is a hedge.
    return any(_overlaps(tokens, at.span) for t in tokens for at in t.claim.attributions
               if at.source_kind != "reports")


def _cue_words(tokens: tuple[Token, ...], type_: str) -> list[str]:
    words = [t.word for t in tokens if any(c.type == type_ and c.span[0] <= t.span[0]
                                           and t.span[1] <= c.span[1] for c in t.claim.cues)]
    if type_ == "hedge":
        words += [t.word for t in tokens if t.word in HEDGE_WORDS or t.word in HEDGE_MODALS]
        words += [t.word for t in tokens for at in t.claim.attributions
                  if at.strength == "weak" and _overlaps((t,), at.cue_span)]
    if type_ == "loaded":
        words += [t.word for t in tokens if t.word in LOADED_TERMS]
    return words


def _classify(pair: StoryPair, s: Stretch) -> tuple[Kind, str, Severity] | None:
    """The kind of one changed stretch; None when only spelling or function words moved."""
    words_a, words_b = [t.word for t in s.a], [t.word for t in s.b]
    if any(map(_negated, words_a)) != any(map(_negated, words_b)):
        return Kind.CONTRADICTION, "negation", Severity.HIGH
    numbers_a = [w for w in words_a if _number(w)]
    numbers_b = [w for w in words_b if _number(w)]
    if numbers_a and numbers_b and numbers_a != numbers_b:
        claim = (s.a or s.b)[0].claim
        casualty = bool(_CASUALTY.search(claim.text))
        return Kind.NUMBER_CONFLICT, "count", Severity.HIGH if casualty else Severity.MEDIUM
    source_a, source_b = _source_overlap(s.a), _source_overlap(s.b)
    hedges_a, hedges_b = _cue_words(s.a, "hedge"), _cue_words(s.b, "hedge")
    if source_a and not s.b:
        return Kind.ATTRIBUTION_DROPPED, "source_to_fact", Severity.HIGH
    if bool(hedges_a) != bool(hedges_b):
        return (Kind.CERTAINTY_CHANGED, "hedge_added" if hedges_b else "hedge_removed",
                Severity.MEDIUM)
    loaded_a, loaded_b = _cue_words(s.a, "loaded"), _cue_words(s.b, "loaded")
    if set(loaded_a) != set(loaded_b):
        return (Kind.FRAMING_CHANGED, "loaded_added" if loaded_b else "loaded_removed",
                Severity.MEDIUM)
    content_a, content_b = _content(s.a), _content(s.b)
    if content_a == content_b:
        return None  # "says" / "said", "a" / "the": nothing a reader would check
    if s.a and s.b and _pronoun_for_noun(s):
        return None  # "Reed's" / "his", "her client" / "he": the same one, referred to
    label = (_mention_label(s.a) or _mention_label(s.b)) if s.a and s.b else None
    names = s.a and s.b and all(
        _mention_label(tokens) in _NAMES or _capitalised(article, tokens)
        for tokens, article in ((s.a, pair.a), (s.b, pair.b)))
    if (source_a or source_b) and s.a and s.b and not names:
        return Kind.ATTRIBUTION_CHANGED, "source_changed", Severity.MEDIUM
    if source_b and not s.a:
        return Kind.ATTRIBUTION_CHANGED, "source_added", Severity.LOW
    if s.a and s.b:
        if label in _PLACES:
            return Kind.ENTITY_CONFLICT, "place_changed", Severity.MEDIUM
        if names:
            return Kind.ENTITY_CONFLICT, "name_changed", Severity.HIGH
        return Kind.CONTRADICTION, "reworded", Severity.LOW
    if not content_a and not content_b:
        return None
    # A dropped or added number or name is a fact; other words are detail.
    tokens, article = (s.a, pair.a) if s.a else (s.b, pair.b)
    informative = any(_number(t.word) for t in tokens) or _mention_label(tokens) or any(
        article.article.text[t.span[0]].isupper() and t.span[0] != t.claim.span[0]
        for t in tokens)
    severity = Severity.MEDIUM if informative else Severity.LOW
    return (Kind.OMISSION, "part", severity) if s.a else (Kind.ADDITION, "part", severity)


def _side(article: AnalysedArticle, tokens: tuple[Token, ...], anchor: Token | None,
          claims: list[Claim]) -> Side:
    if tokens:
        return side(article, [tokens[0].claim], _span(tokens))
    if anchor is not None:
        return side(article, [anchor.claim])
    return side(article, claims)


_EXPLAIN = {
    "negation": "negated in one report only",
    "count": "the number differs",
    "source_to_fact": "the source is dropped: stated as fact in the other",
    "source_changed": "credited to a different source",
    "source_added": "credited to a source the reference does not name",
    "hedge_added": "hedged in the other report only",
    "hedge_removed": "hedged in the reference only",
    "loaded_added": "loaded wording in the other report",
    "loaded_removed": "loaded wording in the reference is gone",
    "place_changed": "a different place",
    "name_changed": "a different name",
    "reworded": "reworded",
    "part": "",
}


def _words(article: AnalysedArticle, tokens: tuple[Token, ...]) -> str:
    """The stretch as written, punctuation inside it included."""
    return article.article.text[tokens[0].span[0]:tokens[-1].span[1]] if tokens else ""


def _explanation(pair: StoryPair, kind: Kind, subkind: str, s: Stretch) -> str:
    a, b = _words(pair.a, s.a), _words(pair.b, s.b)
    if kind == Kind.OMISSION:
        return f"{a!r} is missing from the other report's copy of this sentence"
    if kind == Kind.ADDITION:
        return f"{b!r} is added to the reference's sentence in the other report"
    return f"{_EXPLAIN[subkind]}: {a or '—'!r} in the reference, {b or '—'!r} in the other"


#: P(entailment) above which a reworded stretch says the same as the original.
ENTAILED = 0.9


def _entailed(alignment: Alignment, s: Stretch) -> bool:
    reading = alignment.inference(s.a[0].claim.index, s.b[0].claim.index)
    return reading is not None and reading.entailment >= ENTAILED


def _edits(pair: StoryPair, alignment: Alignment, a_claims: list[Claim],
           b_claims: list[Claim]) -> Iterator[Finding]:
    ratio, changed = stretches(a_claims, b_claims)
    if ratio < NEAR_COPY:
        return
    for s in changed:
        kind_ = _classify(pair, s)
        if kind_ is None:
            continue
        kind, subkind, severity = kind_
        if subkind == "reworded" and _entailed(alignment, s):
            continue  # "a rise in" / "higher": the NLI model reads the same claim
        confidence = 0.85 * ratio if kind not in (Kind.OMISSION, Kind.ADDITION) else 0.7 * ratio
        if subkind == "reworded":
            confidence = 0.5 * ratio
        yield finding(kind, subkind, severity, confidence, _explanation(pair, kind, subkind, s),
                      _side(pair.a, s.a, s.a_anchor, a_claims),
                      _side(pair.b, s.b, s.b_anchor, b_claims),
                      detector="near_copy", alignment=alignment)


@detector("near_copy", version=1,
          description="Every changed stretch of a near-copied sentence, with its kind "
                      "(or 'reworded' when no kind applies).",
          requires=("claim.mentions", "claim.attributions", "claim.cues", "alignments"))
def near_copy(pair: StoryPair) -> Iterator[Finding]:
    for alignment, a_claims, b_claims in pair.aligned():
        if not alignment.identical:
            yield from _edits(pair, alignment, a_claims, b_claims)


def _whole_claims(s: Side, claims: dict[tuple[str, int], tuple[int, int]]) -> bool:
    """The side spans whole sentences rather than pinpointing a phrase."""
    return s.span is None or any(claims.get((s.article, i)) == s.span for i in s.claims) or (
        len(s.claims) > 1)


def _width(s: Side) -> int:
    return s.span[1] - s.span[0] if s.span else 10**9


def _narrower(g: Finding, e: Finding) -> bool:
    """``g`` points at fewer characters than ``e`` where the two overlap: "58" within
    "58, is accused of taking $120,000"."""
    return any(overlaps(x, y) and _width(x) < _width(y) for x, y in ((g.a, e.a), (g.b, e.b)))


def settle(findings: list[Finding], pair: StoryPair) -> list[Finding]:
    """A changed stretch that another detector already reports is reported once: by
    the other detector when it pinpoints the change with the same subkind or more
    narrowly, else by ``near_copy``, which read the words themselves; its fallbacks
    (a reworded stretch, a dropped or added part) always give way."""
    claims = {(c.article, c.index): c.span for article in (pair.a, pair.b)
              for c in article.claims}
    edits = [f for f in findings if f.detector == "near_copy"]
    others = [f for f in findings if f.detector != "near_copy"]
    dropped: set[int] = set()
    kept_edits = []
    for e in edits:
        fallback = e.subkind in ("reworded", "part")
        rivals = [g for g in others
                  if (g.kind == e.kind or fallback) and (overlaps(e.a, g.a) or overlaps(e.b, g.b))]
        as_precise = [g for g in rivals
                      if not (_whole_claims(g.a, claims) and _whole_claims(g.b, claims))
                      and (g.subkind == e.subkind or _narrower(g, e))]
        if as_precise or (rivals and fallback):
            continue
        dropped.update(id(g) for g in rivals)
        kept_edits.append(e)
    return [f for f in others if id(f) not in dropped] + kept_edits
