"""Turn cleaned text into an :class:`Article`, refusing what cannot be compared.

The outlet is, in this order: the one the caller gives, the page's site name, a
trustworthy sign-off line, then the URL's domain (see :mod:`.outlets`). A person,
an e-mail address or a phone number is never the outlet.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import EmptyArticleError, UnsupportedLanguageError
from ..models import Article
from .clean import CleanText
from .outlets import outlet_from_url, trusted_outlet

#: Fewer words than this cannot be compared claim by claim.
MIN_WORDS = 12


def _article_id(source: str, body: str) -> str:
    return hashlib.sha1(f"{source}\n{body}".encode()).hexdigest()[:10]


def _check_language(body: str, source: str) -> None:
    """Refuse text that is clearly not English: too few English function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[^\W\d_]+", body.lower())
    if len(words) < MIN_WORDS:
        return
    latin = sum(1 for w in words if w.isascii())
    share = sum(1 for w in words if w in STOP_WORDS) / len(words)
    if latin / len(words) < 0.5 or share < 0.15:
        raise UnsupportedLanguageError(
            f"{source}: the article does not look like English; "
            "only English reports are supported yet"
        )


_TITLE_PARTS = re.compile(r"\s+[-|–—•:]\s+")
_SITE_WORDS = re.compile(r"\b(?:news|weather|sports|tv|radio|channel|online|times|post|"
                         r"herald|tribune|gazette|daily|\w+\.(?:com|net|org|co\.uk))\b",
                         re.IGNORECASE)


def strip_site_name(title: str, outlet: str | None, url: str | None) -> str:
    """A page title's trailing site name ("Man charged - KXYZ 7 News Springfield,
    Weather, Sports"): page furniture, not part of the headline."""
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    tail = parts[-1]
    domain = (outlet_from_url(url) or "") if url else ""
    label = domain.split(".")[0].lower() if "." in domain else ""
    names_site = (outlet and outlet.lower() in tail.lower()) or (
        label and label in re.sub(r"\W", "", tail.lower()))
    if names_site or len(_SITE_WORDS.findall(tail)) >= 2:
        return title[: len(title) - len(tail)].rstrip(" -|–—•:")
    return title


def build_article(
    cleaned: CleanText,
    *,
    source: str,
    outlet: str | None,
    published: str | None,
    author: str | None = None,
    meta_outlet: str | None = None,
    url: str | None = None,
) -> Article:
    body = cleaned.body.strip()
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        raise EmptyArticleError(
            f"{source}: no article text left once noise is removed "
            f"(need at least {MIN_WORDS} words)"
        )
    _check_language(body, source)
    people = (*((author,) if author else ()), *cleaned.people)
    outlet = (outlet or trusted_outlet(meta_outlet, people=people)
              or trusted_outlet(cleaned.signoff, people=people)
              or (outlet_from_url(url) if url else None))
    return Article(
        id=_article_id(source, body),
        source=source,
        title=strip_site_name(cleaned.title, outlet, url),
        text=body,
        outlet=outlet,
        published=published,
        author=author,
        url=url,
        credits=cleaned.credits,
        removed=cleaned.removed,
    )


