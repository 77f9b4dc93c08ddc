"""Explicit citations: a report naming another outlet or a wire agency as its source.

"told Asharq Al-Awsat", "the Arabic Asharq al-Awsat claims", "according to
Reuters", "as first reported by", datelines and bylines such as "(AP)" and
"contributed to this report". A photo credit is not a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis.entities import names_compatible, normalise_name
from ..models import AnalysedArticle, Span

#: Wire agencies whose copy other outlets print under their own name.
WIRE_AGENCIES: dict[str, str] = {
    "ap": "Associated Press", "associated press": "Associated Press", "reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "upi": "UPI", "dpa": "dpa", "efe": "EFE",
    "ansa": "ANSA", "xinhua": "Xinhua", "tass": "TASS", "anadolu": "Anadolu", "pa": "PA",
    "press association": "PA", "bloomberg": "Bloomberg", "cnn wire": "CNN Wire",
}
# Words are bounded in length: an unbounded run lets a long capitalised token (hostile or
# garbled text) cost time growing with the square of its length at every start position.
_NAME = r"((?:the )?[A-Z][\w'’.&-]{0,40}(?: (?:[A-Z][\w'’.&-]{0,40}|al-\w{1,40}|of|the)){0,4})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dateline", re.compile(r"^[A-Z][A-Za-z .,'’-]{1,60}\((AP|Reuters|AFP|UPI|dpa|EFE|PA|CNN)\)"
                            r"\s*[-—–]", re.M)),
    ("byline", re.compile(r"\((AP|Reuters|AFP|UPI|dpa|EFE)\)\s*[-—–]")),
    ("first_reported", re.compile(rf"(?:as\s+)?(?:first|originally)\s+reported\s+(?:by|in)\s+"
                                  rf"{_NAME}")),
    ("contributed", re.compile(rf"{_NAME}\s+contributed\s+(?:to\s+this\s+report|reporting)")),
    ("according_to", re.compile(rf"according\s+to\s+(?:a\s+report\s+(?:by|in)\s+)?{_NAME}")),
)


@dataclass(frozen=True)
class Citation:
    article: str
    #: The outlet or agency as written.
    name: str
    #: Normalised name, for matching outlets across reports.
    key: str
    #: dateline, byline, first_reported, contributed, according_to, attribution, told
    kind: str
    text: str
    span: Span
    #: The cited report, when it is one of the compared reports.
    target: str | None = None

    @property
    def wire(self) -> str | None:
        return WIRE_AGENCIES.get(self.key)


def outlet_key(name: str) -> str:
    """"The Arabic Asharq al-Awsat" and "Asharq Al-Awsat" give the same key."""
    norm = normalise_name(name)
    norm = re.sub(r"\b(?:arabic|english|news agency|agency|newspaper|daily|website|online "
                  r"edition|news)\b", " ", norm)
    return re.sub(r"\s+", " ", norm).strip()


def same_outlet(a: str, b: str) -> bool:
    ka, kb = outlet_key(a), outlet_key(b)
    return bool(ka and kb) and (ka == kb or names_compatible(ka, kb) or names_compatible(kb, ka))


def _known_outlet(name: str, articles: list[AnalysedArticle]) -> bool:
    return outlet_key(name) in WIRE_AGENCIES or any(
        a.article.outlet and same_outlet(name, a.article.outlet) for a in articles)


def find_citations(article: AnalysedArticle, articles: list[AnalysedArticle]) -> list[Citation]:
    """Citations in ``article`` of other outlets; self-references are left out."""
    own = article.article.outlet
    found: list[Citation] = []
    for claim in article.claims:
        for at in claim.attributions:
            if at.source_kind == "outlet":
                found.append(Citation(article.article.id, at.source,
                                      at.source_key.removeprefix("outlet:"),
                                      "attribution", claim.text, at.span))
            if at.recipient and _known_outlet(at.recipient, articles):
                found.append(Citation(article.article.id, at.recipient, outlet_key(at.recipient),
                                      "told", claim.text, at.span))
    text = article.article.text
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            name = match.group(1)
            if kind in ("first_reported", "contributed", "according_to") and not _known_outlet(
                    name, articles):
                continue
            found.append(Citation(article.article.id, name, outlet_key(name), kind,
                                  match.group(), (match.start(), match.end())))
    result: list[Citation] = []
    seen: set[tuple[str, Span]] = set()
    for c in found:
        if (own and same_outlet(c.name, own)) or (c.key, c.span) in seen or not c.key:
            continue
        seen.add((c.key, c.span))
        target = next((a.article.id for a in articles if a is not article and a.article.outlet
                       and same_outlet(c.name, a.article.outlet)), None)
        result.append(Citation(c.article, c.name, c.key, c.kind, c.text, c.span, target))
    return result
