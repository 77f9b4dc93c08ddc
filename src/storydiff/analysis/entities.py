"""Named entities and the same actor under different names, within and across reports.

"IRGC" = "Islamic Revolutionary Guard Corps" = "the Revolutionary Guard" = "the
Guards"; "Gen." = "General"; "Hamedani" = "Gen. Hossein Hamedani"; "Tehran" (the
government) = "Iran". Linking is deliberately conservative: a short name that
fits two different full names is left alone rather than guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .lexicon import CAPITALS, COUNTRY_ALIASES, DEMONYMS, TITLES, US_STATES

if TYPE_CHECKING:
    from spacy.tokens import Span

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LANGUAGE"})
_PLACE = frozenset({"GPE", "LOC", "FAC"})
_SKIP_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "&"})
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az)-", re.IGNORECASE)


@dataclass(frozen=True)
class RawMention:
    text: str
    start: int
    end: int
    label: str
    norm: str
    title: str | None


def normalise_name(text: str) -> str:
    """Lower case, no leading article, possessive, titles or punctuation but hyphens."""
    text = text.replace("’", "'").strip()
    text = re.sub(r"'s?$", "", text)
    words = [w for w in re.split(r"\s+", text) if w]
    while words and (words[0].lower() in ("the", "a", "an") or words[0].lower() in TITLES):
        words.pop(0)
    norm = " ".join(words).lower()
    norm = re.sub(r"[^\w\s-]", "", norm)
    return re.sub(r"\s+", " ", norm).strip()


def _title_before(span: Span) -> str | None:
    doc = span.doc
    words: list[str] = []
    for i in range(span.start - 1, max(span.start - 4, 0) - 1, -1):
        lower = doc[i].lower_
        if TITLES.get(lower):
            words.insert(0, TITLES[lower])
        elif lower == "." and i > 0 and f"{doc[i - 1].lower_}." in TITLES:
            continue
        else:
            break
    inner = span[0].lower_ if len(span) > 1 else ""
    if TITLES.get(inner):
        words.append(TITLES[inner])
    return " ".join(words) or None


#: A name the way news gives a person's: "19-year-old Amber Caudill", "Tamara Perry, 14,".
_NAME_SHAPE = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")
_AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
_AGE_AFTER = re.compile(r"^,\s*\d{1,3}\s*,")


def _label(ent: Span) -> str:
    """spaCy's label, but a name standing where news puts a person's age is a person:
    the small model often takes unfamiliar names for organisations or places."""
    if ent.label_ in ("ORG", "GPE", "FAC", "NORP", "LOC") and _NAME_SHAPE.fullmatch(ent.text):
        text = ent.doc.text
        if (_AGE_BEFORE.search(text[max(0, ent.start_char - 20):ent.start_char])
                or _AGE_AFTER.match(text[ent.end_char:ent.end_char + 8])):
            return "PERSON"
    return ent.label_


def entity_mentions(sentence: Span, offset: int) -> list[RawMention]:
    mentions = []
    for ent in sentence.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        norm = normalise_name(ent.text)
        if not norm or not re.search(r"[^\W\d_]", norm):
            continue
        label = _label(ent)
        title = _title_before(ent) if label == "PERSON" else None
        mentions.append(RawMention(ent.text, ent.start_char + offset, ent.end_char + offset,
                                   label, norm, title))
    return mentions


def _name_tokens(norm: str) -> list[str]:
    """Name parts, without Arabic articles; double-barrelled names split in two."""
    parts = [_ARABIC_ARTICLE.sub("", w) for w in norm.split() if w not in _SKIP_WORDS]
    return [p for part in parts for p in part.split("-") if p]


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def acronym(norm: str) -> str:
    words = [w for w in norm.split() if w not in _SKIP_WORDS]
    return "".join(w[0] for w in words if w) if len(words) >= 2 else ""


_COUNTRIES = frozenset(CAPITALS.values()) | frozenset(DEMONYMS.values())
_STATES = frozenset(US_STATES.values())


def _country(norm: str) -> str | None:
    if norm in _COUNTRIES:
        return norm
    country = COUNTRY_ALIASES.get(norm) or CAPITALS.get(norm) or DEMONYMS.get(norm)
    if country:
        return country
    state = US_STATES.get(norm.replace(" ", ""))
    return f"state:{state or norm}" if state or norm in _STATES else None


def names_compatible(short: str, long: str) -> bool:
    """True when ``short`` can be a shortening of ``long`` ("hamedani" / "hossein hamedani")."""
    a, b = _name_tokens(short), _name_tokens(long)
    if not a or not b or len(a) > len(b):
        return False
    if a == b[-len(a):] or a == b[: len(a)]:
        return True
    # Keep order: every short token appears in the long name, in order.
    position = 0
    for token in a:
        try:
            position = b.index(token, position) + 1
        except ValueError:
            return False
    return True


def names_clash(a: str, b: str) -> bool:
    """Person names that share a part yet cannot be one person.

    "Mostafa Ezzatollah" and "Ezzatollah Soleimani" clash; "Hamedani" and
    "Hossein Hamedani" do not.
    """
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not set(ta) & set(tb) or len(ta) < 2 or len(tb) < 2:
        return False
    return not (names_compatible(a, b) or names_compatible(b, a))


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The longer name represents the group: it is the most informative.
            keep, drop = (ra, rb) if (len(ra), ra) >= (len(rb), rb) else (rb, ra)
            self.parent[drop] = keep


def link_entities(mentions: list[RawMention]) -> dict[str, str]:
    """Map each mention ``norm`` to a shared entity key across all reports."""
    labels: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        labels[m.norm].add(m.label)
    uf = _UnionFind()
    norms = sorted(labels, key=lambda n: (-len(n), n))
    for norm in norms:
        uf.find(norm)
        country = _country(norm)
        if country:
            uf.union(f"country:{country}", norm)
    by_acronym: dict[str, list[str]] = defaultdict(list)
    for norm in norms:
        if labels[norm] & {"ORG", "NORP", "FAC"}:
            ac = acronym(norm)
            if len(ac) >= 2:
                by_acronym[ac].append(norm)
    for norm in norms:
        if " " not in norm and norm in by_acronym:
            for full in by_acronym[norm]:
                uf.union(full, norm)
    # Shortenings: link a short name to the single longer name it fits.
    for short in norms:
        if _country(short):
            continue
        is_person = "PERSON" in labels[short]
        candidates = []
        for long in norms:
            if long == short or len(long) <= len(short) or _country(long):
                continue
            if is_person and "PERSON" in labels[long]:
                if names_compatible(short, long):
                    candidates.append(long)
            elif not is_person and labels[long] & {"ORG", "NORP", "FAC"}:
                a = [_singular(w) for w in _name_tokens(short)]
                b = [_singular(w) for w in _name_tokens(long)]
                if a and set(a) <= set(b) and a[-1] in b:
                    candidates.append(long)
        roots = {uf.find(c) for c in candidates}
        if len(roots) == 1:
            uf.union(candidates[0], short)
    return {norm: uf.find(norm) for norm in norms}
