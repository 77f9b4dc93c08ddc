"""What story clustering knows about one article: a vector, names, numbers, a day.

Extraction must stay cheap (corpus mode reads 100k articles in minutes), so it
embeds only the headline (the lead when there is none) and finds names and
numbers with regular expressions over the opening of the text, never with a parser.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from ..models import Article

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..analysis.embed import Embedder

__all__ = ["StoryFeatures", "decode_features", "encode_features", "story_features"]

#: Characters of the lead embedded for an article without a headline.
LEAD_CHARS = 200
#: Characters of the body searched for names and numbers.
SCAN_CHARS = 2500
#: Characters of the body whose names say who and where the report is about.
HEADLINE_CHARS = 250
DIM = 384


@dataclass(frozen=True, eq=False)
class StoryFeatures:
    """One article as story clustering sees it."""

    id: str
    #: Unit vector of the headline (see :func:`embedding_text`).
    vector: NDArray[np.float32]
    #: Lower-cased name phrases, split by a cheap heuristic into people, places and organisations.
    people: frozenset[str]
    places: frozenset[str]
    organisations: frozenset[str]
    #: Numbers written in the text ("17", "2,400", "three" -> "3").
    numbers: frozenset[str]
    #: Ages of people ("a 17-year-old", "Smith, 34,"): two reports giving only different ages
    #: are about different people.
    ages: frozenset[str]
    #: Days since 0001-01-01 of the publication date, when known.
    day: int | None
    #: Lower-cased content words (no stop words) of title and opening, for a lexical match.
    terms: frozenset[str] = frozenset()
    #: Name words of the title and first sentences: who and where the report is about.
    headline: frozenset[str] = frozenset()

    def name_tokens(self) -> frozenset[str]:
        """The words of all names: "Kevin Barbee" and a later "Barbee" share a key."""
        return frozenset(w for phrase in self.people | self.places | self.organisations
                         for w in phrase.split())


_NAME = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’-]*\.?)(?:\s+(?:(?:of|de|del|la|van|von|al|bin)\s+)?[A-Z][\w'’-]*\.?)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside|to|into|across|of|on)\s+(?:the\s+)?$")
_PLACE_WORDS = frozenset("""street st st. avenue ave ave. road rd rd. boulevard blvd drive dr lane
    way court highway county city town village park parish province state district square bridge
    river lake mountain island beach heights hills valley township borough""".split())
_ORG_WORDS = frozenset("""police department dept office university college school hospital company
    inc inc. corp corp. corporation council court church party association agency bureau
    ministry army force forces club team group network news times post bank service services
    sheriff's commission committee authority board institute centre center foundation""".split())
#: Capitalised words that start sentences or name days and months: never a name.
_COMMON = frozenset("""a an the he she it they we i you his her its their our this that these those
    there here what when where who why how and but or so if as at in on of for to by with from
    after before while during since until mr mrs ms dr sen rep gov st monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec today yesterday
    tomorrow according police officials authorities officers investigators witnesses one two
    three no not all some many most both each every other another said says also then however
    now just update updated posted copyright photo video read more click""".split())
_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|[.,]\d)")
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(list(_NUMBER_WORDS)[2:]) + r")\b", re.IGNORECASE)
_AGE = re.compile(r"\b(\d{1,3})-year-old|\baged? (\d{1,3})\b|[A-Z][a-z]+,\s+(\d{1,2}),")
_TERM = re.compile(r"[a-z][a-z'’-]{2,}")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _day(published: str | None) -> int | None:
    match = _DAY.match(published or "")
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).toordinal()
    except ValueError:
        return None


def _word(word: str) -> str:
    return word.lower().replace("’", "'").rstrip(".'")


def _names(title: str, body: str) -> tuple[set[str], set[str], set[str]]:
    """People, places and organisations by capitalisation alone.

    A capitalised word counts as common, not a name, when the same word is also
    written in lower case in the text: this replaces a gazetteer with the
    article's own usage. A headline in Title Case capitalises every word, so its
    words count only when the body capitalises them too.
    """
    text = f"{title}\n{body}"
    lower_words = set(re.findall(r"(?<![\w'’])[a-z][\w'’-]*", text))
    title_words = re.findall(r"[^\W\d_][\w'’-]*", title)
    title_case = len(title_words) >= 3 and sum(w[0].isupper() for w in title_words) > 0.6 * len(
        title_words)
    body_capitals = set(re.findall(r"(?<![\w'’])[A-Z][\w'’-]*", body)) if title_case else set()
    people: set[str] = set()
    places: set[str] = set()
    orgs: set[str] = set()
    for match in _NAME.finditer(text):
        words = match[0].split()
        keep = [w for w in words
                if w.lower().rstrip(".") not in _COMMON and w.lower() not in lower_words
                and not w.isdigit()
                and not (title_case and match.start() < len(title) and w.rstrip(".") not in body_capitals)]
        if not keep:
            continue
        lowered = [_word(w) for w in words]
        phrase = " ".join(_word(w).removesuffix("'s") for w in keep)
        before = text[max(0, match.start() - 12):match.start()]
        if any(w in _ORG_WORDS for w in lowered):
            orgs.add(phrase)
        elif any(w in _PLACE_WORDS for w in lowered) or _PLACE_BEFORE.search(before) or (
                text.startswith(", ", match.end()) and len(keep) == len(words) and not
                _SENTENCE_START.search(before)):
            places.add(phrase)
        elif len(keep) > 1 or not _SENTENCE_START.search(before):
            people.add(phrase)
    return people, places, orgs


def _numbers(text: str) -> tuple[set[str], set[str]]:
    numbers = {m.replace(",", "") for m in _NUMBER.findall(text)}
    numbers.update(_NUMBER_WORDS[m.lower()] for m in _NUMBER_WORD.findall(text))
    ages = {next(g for g in m.groups() if g) for m in _AGE.finditer(text)}
    return numbers, ages


def _features(article: Article, vector: NDArray[np.float32]) -> StoryFeatures:
    text = f"{article.title}\n{article.text[:SCAN_CHARS]}"
    people, places, orgs = _names(article.title, article.text[:SCAN_CHARS])
    numbers, ages = _numbers(text)
    terms = frozenset(_TERM.findall(text.lower())) - _stop_words()
    lead = f"{article.title}\n{article.text[:HEADLINE_CHARS]}".lower().replace("’", "'")
    headline = frozenset(w for p in people | places | orgs if p in lead for w in p.split())
    return StoryFeatures(
        id=article.id, vector=vector, people=frozenset(people), places=frozenset(places),
        organisations=frozenset(orgs), numbers=frozenset(numbers), ages=frozenset(ages),
        day=_day(article.published), terms=terms, headline=headline)


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def embedding_text(article: Article) -> str:
    """What the vector is made of: the headline, or the lead when there is none.

    A headline says what happened in a few words. On the development data adding
    the lead made clustering no better (slightly worse when added to short
    headlines) and cost four times the embedding time, the dominant cost.
    """
    if article.title.strip():
        return article.title
    lead = article.text[:LEAD_CHARS]
    if len(article.text) > LEAD_CHARS:
        lead = lead.rsplit(" ", 1)[0]
    return lead


def story_features(articles: Sequence[Article], embedder: Embedder) -> list[StoryFeatures]:
    """Features of each article, in order; the embedder is called once for all of them."""
    vectors = embedder.embed([embedding_text(a) for a in articles])
    return [_features(a, np.asarray(v, dtype=np.float32)) for a, v in zip(articles, vectors, strict=True)]


_VERSION = 1
_SEP = "\x1f"


def _join(values: frozenset[str]) -> bytes:
    return _SEP.join(sorted(values)).encode()


def encode_features(features: StoryFeatures) -> bytes:
    """Compact bytes for one BLOB column: a float16 vector plus the name and number sets."""
    parts = [features.id.encode(), _join(features.people), _join(features.places),
             _join(features.organisations), _join(features.numbers), _join(features.ages),
             _join(features.terms), _join(features.headline)]
    header = struct.pack("<BiH" + "I" * len(parts), _VERSION,
                         -1 if features.day is None else features.day, features.vector.shape[0],
                         *(len(p) for p in parts))
    return header + features.vector.astype("<f2").tobytes() + b"".join(parts)


def decode_features(data: bytes) -> StoryFeatures:
    """The inverse of :func:`encode_features` (the vector comes back as float32)."""
    fmt = "<BiH" + "I" * 8
    version, day, dim, *lengths = struct.unpack_from(fmt, data)
    if version != _VERSION:
        raise ValueError(f"story features of version {version}; this storydiff reads {_VERSION}: "
                         "recompute them")
    offset = struct.calcsize(fmt)
    vector = np.frombuffer(data, dtype="<f2", count=dim, offset=offset).astype(np.float32)
    offset += 2 * dim
    fields: list[str] = []
    for length in lengths:
        fields.append(data[offset:offset + length].decode())
        offset += length

    def split(value: str) -> frozenset[str]:
        return frozenset(value.split(_SEP)) if value else frozenset()

    return StoryFeatures(
        id=fields[0], vector=vector, people=split(fields[1]), places=split(fields[2]),
        organisations=split(fields[3]), numbers=split(fields[4]), ages=split(fields[5]),
        day=None if day < 0 else day, terms=split(fields[6]),
        headline=split(fields[7]))
