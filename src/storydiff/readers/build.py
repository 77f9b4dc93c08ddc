"""Turn cleaned text into an :class:`Article`, refusing what cannot be compared."""

from __future__ import annotations

import hashlib
import re

from ..errors import EmptyArticleError, UnsupportedLanguageError
from ..models import Article
from .clean import CleanText

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


def build_article(
    cleaned: CleanText,
    *,
    source: str,
    outlet: str | None,
    published: str | None,
    author: str | None = None,
    meta_outlet: str | None = None,
) -> Article:
    body = cleaned.body.strip()
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        raise EmptyArticleError(
            f"{source}: no article text left once noise is removed "
            f"(need at least {MIN_WORDS} words)"
        )
    _check_language(body, source)
    return Article(
        id=_article_id(source, body),
        source=source,
        title=cleaned.title,
        text=body,
        outlet=outlet or meta_outlet or cleaned.signoff,
        published=published,
        author=author,
        credits=cleaned.credits,
        removed=cleaned.removed,
    )


