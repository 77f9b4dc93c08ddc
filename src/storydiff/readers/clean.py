"""Remove scraping noise from article text and find the outlet's sign-off.

Scraped news carries share buttons, photo captions printed twice, photo credits
glued to captions ("...in SyriaReuters"), cookie and newsletter prompts and
"Stay with us" trailers. None of it is a claim of the report, and a photo credit
names the photographer's agency, not the outlet, so it must never become one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_NOISE = re.compile(
    r"""^(?:
        share(?:\s+this)?(?:\s+(?:article|story|page|post))?|share\s+on\s+\w+|print|e-?mail|tweet|whatsapp|
        facebook|twitter|linkedin|copy\s+link|comments?|save|listen|bookmark|
        advertisement|sponsored|read\s+more|related(?:\s+(?:articles?|stories|content))?|
        more\s+on\s+this\s+story|top\s+stories|most\s+read|trending|
        image|photo|video|gallery|skip\s+to\s+(?:main\s+)?content
      )\s*[:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMPT = re.compile(
    r"""(?:
        \bwe\s+use\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b|\bcookie\s+(?:policy|settings)\b|
        \bsign\s+up\s+(?:for|to)\b.*\bnewsletter\b|\bsubscribe\s+(?:to|for|now)\b|
        \bnewsletter\b.*\b(?:sign\s+up|subscribe|inbox)\b|
        ^stay\s+(?:with|tuned\s+to)\s+.{1,60}\s+for\s+(?:more|further|the\s+latest)\b|
        ^follow\s+(?:us|[A-Z]\w+)\s+on\s+(?:twitter|facebook|instagram|x|telegram)\b|
        ^click\s+here\b|^all\s+rights\s+reserved|^©|^copyright\s+(?:©|\d{4})|
        ^(?:photo|image|picture|credit)s?\s*(?::|by)\s+\S+|
        ^this\s+(?:article|story)\s+(?:was\s+)?(?:originally\s+)?(?:published|appeared)\b.{0,80}$
      )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit glued to the end of a caption: the word after a lowercase letter,
# digit or closing punctuation, with no space ("in SyriaReuters").
_GLUED_CREDIT = re.compile(
    r"^(?P<caption>.*?[a-z0-9.)\]”\"'])(?P<credit>(?:[A-Z][A-Za-z&.]*|AFP|AP|EPA)"
    r"(?:(?:\s|/|-)[A-Z][A-Za-z&.]*){0,3})$"
)
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")


@dataclass(frozen=True)
class CleanText:
    title: str
    body: str
    signoff: str | None
    credits: tuple[str, ...]
    removed: tuple[str, ...]


def normalise(text: str) -> str:
    """Unicode NFC, one kind of newline and space, no invisible characters."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"(?<=[\w.,;:\"”)])(?:\[(?:\d{1,3}|citation needed)\])+", "", text)
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def is_noise(line: str) -> bool:
    return bool(_NOISE.match(line) or _PROMPT.search(line))


def _is_sentence(line: str) -> bool:
    return bool(_TERMINAL.search(line)) and len(line.split()) >= 4


def _signoff(line: str) -> bool:
    """A short name-like closing line such as "Asharq Al-Awsat" or "— Reuters"."""
    words = line.strip("—–-() ").split()
    if not 1 <= len(words) <= 5 or _TERMINAL.search(line.rstrip(")")):
        return False
    capitalised = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    return len(capitalised) >= max(1, len(words) - 1)


def clean_lines(title: str, lines: list[str]) -> CleanText:
    """Drop noise lines, repeated captions and credits; find a sign-off line.

    ``title`` is compared against the body so that a caption repeating the
    headline is removed too.
    """
    title_key = _key(title)
    keys = [_key(line) for line in lines]
    seen: dict[str, int] = {}
    for k in keys:
        if k:
            seen[k] = seen.get(k, 0) + 1
    credits: list[str] = []
    removed: list[str] = []
    kept: list[str] = []
    for line, key in zip(lines, keys, strict=False):
        if not key:
            continue
        glued = _GLUED_CREDIT.match(line)
        if glued and _key(glued["caption"]) in seen.keys() | {title_key}:
            credits.append(glued["credit"])
            removed.append(line)
            continue
        repeated = seen[key] > 1 and not _is_sentence(line)
        if is_noise(line) or key == title_key or repeated:
            removed.append(line)
            continue
        if kept and _key(kept[-1]) == key:
            removed.append(line)
            continue
        kept.append(line)
    signoff = None
    if len(kept) > 1 and _signoff(kept[-1]):
        signoff = kept.pop().strip("—–-() ")
        removed.append(signoff)
    return CleanText(
        title=title.strip(),
        body="\n\n".join(kept),
        signoff=signoff,
        credits=tuple(dict.fromkeys(credits)),
        removed=tuple(removed),
    )


def clean_text(raw: str, *, has_title_line: bool = True, title: str = "") -> CleanText:
    """Clean a plain-text article whose first non-empty line is its title."""
    lines = normalise(raw).split("\n")
    if has_title_line:
        while lines and not lines[0]:
            lines.pop(0)
        title = lines.pop(0) if lines else ""
    return clean_lines(title, lines)
