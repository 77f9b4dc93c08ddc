"""Remove scraping noise and page furniture from article text; find the sign-off.

Scraped news carries share buttons, photo captions printed twice, photo credits
glued to captions ("...in SyriaReuters"), cookie and newsletter prompts and
"Stay with us" trailers. Crawled pages (WARC crawls, web-archive copies) add page
furniture: bylines with e-mail addresses and phone numbers, "Video (02:02)",
"Related: <headline>", gallery counters ("1 of 12"), menu lines ("Home > News"),
social prompts and copyright lines. None of it is a claim of the report, and a
photo credit names the photographer's agency, not the outlet, so it must never
become one.

Every rule matches a whole line of a furniture shape, never a word inside a
sentence: "Police said the video showed..." stays. A prefix glued to a paragraph
("Video (02:02) Police said...") is cut only where its end is unambiguous.
Everything dropped is kept in :attr:`CleanText.removed`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_NOISE = re.compile(
    r"""^(?:
        share(?:\s+this)?(?:\s+(?:article|story|page|post|video))?|share\s+on\s+\w+|print(?:\s+this(?:\s+\w+)?)?|
        e-?mail(?:\s+this(?:\s+\w+)?)?|tweet|whatsapp|pinterest|reddit|instagram|youtube|google(?:\s*plus|\+)?|
        facebook|twitter|linkedin|copy\s+link(?:\s+copy)?|comments?(?:\s*\(\d+\))?|\d+\s+(?:pending\s+)?comments?|
        (?:view|show|hide|post\s+a|leave\s+a|add\s+a)\s+comments?|save|listen|bookmark|close|more|
        advertisement(?:\s*[-–]?\s*(?:story\s+)?continue(?:s)?(?:\s+reading)?(?:\s+below)?)?|sponsored|
        read\s+more(?:\s+of\s+this\s+story)?|see\s+also|next(?:\s+story)?|previous(?:\s+stor(?:y|ies))?|up\s+next|
        related(?:\s+(?:articles?|stories|story|content|coverage|links?|videos?|headlines))?|
        more\s+(?:on\s+this\s+story|stories|headlines|videos|photos|local\s+news)|top\s+stories|most\s+read|
        trending(?:\s+(?:now|stories))?|
        image|photos?|videos?|graphics?|gallery|(?:photo|image|video)\s+galler(?:y|ies)|
        (?:view|see|open)\s+(?:the\s+)?(?:photo\s+)?gallery|(?:view|see)\s+(?:all\s+)?(?:\d+\s+)?photos|
        click\s+to\s+(?:enlarge|expand|zoom)|enlarge(?:\s+this\s+(?:photo|image))?|
        watch(?:\s+(?:this\s+story|the\s+(?:report|story)|(?:the\s+)?(?:mobile\s+)?video))?|
        link\s+to\s+this\s+video|(?:hide|show)\s+(?:transcript|caption)(?:\s+(?:hide|show)\s+(?:transcript|caption))?|
        caption|full\s+screen|replay|text\s+size|a\s+a|report\s+a\s+typo|back\s+to\s+top|skip\s+ad|
        join\s+the\s+(?:conversation|discussion)|sign\s+in|log\s+in|register|
        like\s+this:?\s*(?:like\s+)?loading\W*|loading(?:…|\.\.\.)?|
        skip\s+to\s+(?:main\s+)?content|disqus|tumblr|pocket|flipboard|submit|around\s+the\s+web|
        comment\(s\)?
      )\s*[:.!»›>]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMPT = re.compile(
    r"""(?:
        \bwe\s+use\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b|\bcookie\s+(?:policy|settings)\b|
        \bsign\s+up\s+(?:for|to)\b.*\bnewsletter\b|\bsubscribe\s+(?:to|for|now)\b|
        \bnewsletter\b.*\b(?:sign\s+up|subscribe|inbox)\b|
        ^stay\s+(?:with|tuned\s+to)\s+.{1,60}\s+for\s+(?:more|further|the\s+latest)\b|
        ^follow\s+(?:us|[A-Z]\w+)\s+on\s+(?:twitter|facebook|instagram|x|telegram)\b|
        ^click\s+here\b|^all\s+rights\s+reserved|
        ^this\s+material\s+may\s+not\s+be\s+published\b|
        ^already\s+(?:a\s+(?:subscriber|member)|have\s+an\s+account|registered)\b|
        ^please\s+enable\s+javascript\b|^(?:this|the)\s+\w+\s+requires\s+javascript\b|
        ^your\s+browser\s+does\s+not\s+support\b|
        ^(?:photo|image|picture|credit)s?\s*(?::|by)\s+\S+|
        ^(?:photo|image|picture)s?\s+(?:credit\s*:|via\s|courtesy\s)|^tag(?:s|ged)\s*:?\s+\w|
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
_FULL_STOP = re.compile(r"[.!?…][\"”’')\]]*\s*$")

# Contact details: the shapes a byline or a "Contact the writer" line carries.
# The look-behind starts a match only where a word starts, which keeps a long
# unbroken line linear instead of quadratic.
_EMAIL = re.compile(r"\[email\s*protected\]|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s*|\d{3}[\s.-]?)\d{3}[\s.-]\d{4}(?![\d-])")
_HANDLE = re.compile(r"(?<![\w.@])@\w{2,}")
_WEB = re.compile(r"(?:https?://|www\.)\S+|\b(?:twitter|facebook|instagram)\.com/\S*", re.IGNORECASE)
_CONTACTS = (_EMAIL, _WEB, _PHONE, _HANDLE)
# Words a contact line is made of besides names: "Reach him at ... or on Twitter".
_CONTACT_WORDS = frozenset(
    """contact contacts reach reached call email e-mail mail phone tel telephone cell fax follow find
    like at or and on via by to the a an him her them his their your can be is are was send news tips tip
    with for of staff writer writers reporter reporters correspondent editor author twitter facebook
    instagram tout x""".split()
)
_CONTACT_VERBS = frozenset("contact reach email e-mail follow find call write".split())
_ROLES = frozenset(
    """staff writer writers reporter reporters correspondent correspondents editor editors
    photographer photojournalist contributor columnist producer intern""".split()
)
_NAME_PARTICLES = frozenset(
    "and & of the de del della van von der den la le da di du dos das bin al el y".split()
)
_BYLINE = re.compile(
    r"^(?:(?:(?:written|reported|posted|compiled|additional\s+reporting)\s+)?by|with|contributing)\s*:?\s+"
    r"(?P<names>.+)$",
    re.IGNORECASE,
)
# What may follow a byline on the same line: a time stamp, a section, a date.
_BYLINE_TAIL = re.compile(
    r"""(?:[\s.,;|–—-]+)(?:(?:last\s+)?(?:updated|posted|created|published)\b|
        on\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|in\s+[\w ]{1,20}\|).*$""",
    re.IGNORECASE | re.VERBOSE,
)
_STAMP = re.compile(
    r"^(?:(?:last\s+)?(?:updated|posted|created|published)(?:\s+(?:on|at))?|date)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"""\b(?:january|february|march|april|may|june|july|august|september|october|november|december|
           jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?|
        \b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|
           mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?|
        \d+(?:st|nd|rd|th)?|\b[ap]\.?m\b\.?|
        \b(?:et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|gmt|utc|bst)\b|
        \b(?:at|on|ago|today|yesterday|updated|posted|published|created|and|
           minutes?|hours?|days?|weeks?|months?|years?)\b|[\s,:/.@|–—()-]+""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"^\(?\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_COPYRIGHT_BOILERPLATE = re.compile(
    r"""all\s+rights\s+reserved\.?|this\s+material\s+may\s+not\s+be\s+published,?\s+broadcast,?\s+
        rewritten,?\s+or\s+redistributed\.?|click\s+here\s+for\s+reprint\s+permission\.?|
        [\s.-]*\b(?:republication|reproduction|any\s+reuse)\b.*\bwithout\b.*$|
        the\s+associated\s+press\s+contributed\s+to\s+this\s+report\.?""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT_LOWER = frozenset("of the and by for inc inc. ltd llc co corp corp. a an".split())
_LABEL = re.compile(
    r"""^(?P<label>video|watch|graphic|related(?:\s+(?:stories|story|articles?|coverage|content|links?|
        videos?|headlines?|news))?|read\s+more|see\s+also|also\s+(?:read|see)|more|
        previous\s+(?:story|report|coverage)|next\s+story|up\s+next|top\s+stories|
        trending(?:\s+(?:now|stories))?|must\s+(?:see|read)|don['’]t\s+miss)\s*:\s*(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_RELATED_HEADLINE = re.compile(
    r"^related\s+(?:stories|coverage|content|articles?|links|headlines|news|videos?)\s+(?P<rest>[A-Z0-9\"“‘'].*)$",
    re.IGNORECASE,
)
_TITLE_HEADLINE = re.compile(r"^(?i:video|watch|related|graphic)\s+(?P<rest>[A-Z0-9\"“‘'].*)$")
_GALLERY_COUNTER = re.compile(
    r"^\(?(?:(?:photo|image|picture|slide|video)s?\s*)?\d{1,3}\s*(?:of\s*/?|/)\s*\d{1,3}\)?$", re.IGNORECASE
)
_NAV_SEPARATOR = re.compile(r"\s*(?:\||•|·|»|›|::|\s>\s)\s*")
_SOCIAL = re.compile(
    r"""^(?:(?:share|post|tweet|pin)\s+(?:on|to|via)\s+(?:facebook|twitter|instagram|pinterest|linkedin|
        reddit|whatsapp|x)\b|(?:follow|join|connect\s+with|find)\s+.{0,60}?\b(?:on|via|at)\s+(?:twitter|
        facebook|instagram|youtube|linkedin|tiktok|snapchat|social\s+media|x)\b|
        join\s+the\s+(?:conversation|discussion)\b|never\s+miss\s+(?:another|a)\s+\w+\s+(?:post|story|update)|
        download\s+(?:the|our)\s+.{0,30}\bapp\b|sign\s+in\s+(?:using|with)\b|welcome\s+back[.!]?\s+please\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_SHARE_THIS = re.compile(r"^(?:share|e-?mail|print|tweet)\s+this\b", re.IGNORECASE)
_FOLLOW_US = re.compile(r"^(?:follow\s+us\b|like\s+us\s+on\b)", re.IGNORECASE)
_DURATION_PREFIX = re.compile(r"^(?:video|watch)\s*:?\s*\(\d{1,2}:\d{2}(?::\d{2})?\)\s*", re.IGNORECASE)
_DURATION_LINE = re.compile(r"^(?:video|watch|play)?\s*:?\s*\(?\d{1,2}:\d{2}(?::\d{2})?\)?$", re.IGNORECASE)
# A gallery's counter and buttons printed before a caption: "Image 1 of / 12 Caption Close".
_GALLERY_PREFIX = re.compile(
    r"^image\s+\d+\s+of\s*/\s*\d+\s+caption\s+close(?:\s+image\s+\d+\s+of\s+\d+)?\s*", re.IGNORECASE
)
# "By Tom Roe Associated Press NEW YORK — ...": a wire byline glued to the dateline.
_WIRE_BYLINE_PREFIX = re.compile(
    r"^(?i:by):?\s+(?:[A-Z][\w.'’-]*,?\s+(?:(?:and|&)\s+)?){0,8}?(?:The\s+)?"
    r"(?:Associated\s+Press|Reuters|AFP|(?:[A-Z][\w]*\s+)?(?:News\s+)?Staff)\s+(?=[A-Z\"“])"
)
_GLUED_LABEL = re.compile(r"^(?P<label>related|read\s+more|video|watch|more|see\s+also)\s*:\s*(?P<rest>.+)$",
                          re.IGNORECASE)
# A furniture word glued to a paragraph is cut only before a word that cannot
# continue it: "Graphic The man..." is not English, "Graphic images show" is.
_OPENERS = frozenset(
    """The A An He She They It Its This That These Those His Her Their Police Officials
    Authorities According In On At After When Two Three""".split()
)
_NOT_OPENERS = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December""".split()
)
# A byline naming a wire or a desk names no person.
_WIRE_NAME = re.compile(r"\b(?:press|reuters|afp|news|staff|wire|services?)\b", re.IGNORECASE)
_SMALL = frozenset(
    "a an the in at of for from to near by with on and or after before over into as".split()
)


@dataclass(frozen=True)
class CleanText:
    title: str
    body: str
    signoff: str | None
    credits: tuple[str, ...]
    removed: tuple[str, ...]
    #: Names read from byline lines ("By Jane Doe"): people, so never the outlet.
    people: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Unicode NFC, one kind of newline and space, no invisible characters."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"(?<=[\w.,;:\"”)])(?:\[(?:\d{1,3}|citation needed)\])+", "", text)
    text = re.sub(r"[ \t\f\v]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def _words(text: str) -> list[str]:
    return [w for w in (t.strip(",;:|/()[]–—-") for t in text.split()) if w]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def has_contact(text: str) -> bool:
    """An e-mail address, phone number, @handle or link anywhere in ``text``."""
    return any(p.search(text) for p in _CONTACTS)


def _is_contact_line(line: str) -> bool:
    """A line of names and contact details: "Contact Jane Doe: jdoe@paper.com or 555-123-4567"."""
    if not has_contact(line) or len(line.split()) > 60:
        return False
    rest = line
    for pattern in _CONTACTS:
        rest = pattern.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W_][\w'’.&-]*", rest) if w.lower() not in _CONTACT_WORDS]
    if not all(_capitalised(w) for w in words):
        return False
    # One capitalised word left may be a sentence's subject ("Police can be reached at...").
    first = line.split()[0].lower().strip(":,")
    return len(words) != 1 or first in _CONTACT_VERBS


def byline_names(line: str) -> str | None:
    """The names of a byline line ("By JANE DOE and JOHN ROE, AP"), else ``None``."""
    match = _BYLINE.match(line)
    if not match:
        return None
    names = match["names"]
    for pattern in _CONTACTS:
        names = pattern.sub(" ", names)
    names = _BYLINE_TAIL.sub("", names)
    words = _words(names)
    if not 1 <= len(words) <= 14 or not words[0][:1].isupper():
        return None
    if not all(_capitalised(w) or w.lower() in _NAME_PARTICLES | _ROLES for w in words):
        return None
    return " ".join(words)


def is_name_role(line: str) -> bool:
    """A name with a newsroom role: "Jane Doe, Staff Writer", "Breaking News Staff"."""
    words = _words(line)
    if not 1 <= len(words) <= 8 or _FULL_STOP.search(line):
        return False
    if not any(w.lower() in _ROLES for w in words):
        return False
    return all(_capitalised(w) or w.lower() in _NAME_PARTICLES | _ROLES for w in words)


def _is_stamp(line: str) -> bool:
    """A time-stamp line: "Updated: Mar 5, 2016 - 7:21 PM", "Posted 3:57 AM, by Jane Doe"."""
    match = _STAMP.match(line)
    if not match:
        return False
    rest = match["rest"]
    by = re.search(r"(?:^|[\s,])by\b", rest, re.IGNORECASE)
    if by:
        if byline_names(rest[by.start():].strip(" ,")) is None:
            return False
        rest = rest[: by.start()]
    return not _DATE_WORDS.sub("", rest).strip()


def _is_copyright(line: str) -> bool:
    if not _COPYRIGHT.match(line):
        return False
    words = _words(_COPYRIGHT_BOILERPLATE.sub(" ", line))
    lower = [w for w in words if not _capitalised(w) and w.lower() not in _COPYRIGHT_LOWER]
    return len(words) <= 12 and len(lower) <= 1


def _is_label_line(line: str) -> bool:
    """A labelled link line: "Related: <headline>", "Video: <headline>", "Related Coverage <headline>"."""
    match = _LABEL.match(line) or _RELATED_HEADLINE.match(line)
    if match:
        n = len(match["rest"].split())
        return n == 0 or (n <= 20 and (n < 12 or not _FULL_STOP.search(line)))
    match = _TITLE_HEADLINE.match(line)
    if match:
        words = match["rest"].split()
        title_case = all(_capitalised(w) for w in words if len(w) >= 4)
        return 2 <= len(words) <= 15 and title_case and not _FULL_STOP.search(line)
    return False


def _is_nav(line: str) -> bool:
    """A menu line: "Home > News > Local", "News | Sports | Weather"."""
    parts = [p for p in _NAV_SEPARATOR.split(line) if p]
    if len(parts) < 2 or len(line.split()) > 16 or _FULL_STOP.search(line):
        return False
    if not _NAV_SEPARATOR.search(line):
        return False
    return all(len(p.split()) <= 4 and all(_capitalised(w) or w.lower() in _NAME_PARTICLES
                                           for w in p.split()) for p in parts)


def _is_social(line: str) -> bool:
    n = len(line.split())
    return bool((_SOCIAL.match(line) and n <= 16) or (_SHARE_THIS.match(line) and n <= 6)
                or (_FOLLOW_US.match(line) and n <= 40))


def is_noise(line: str) -> bool:
    """Whether a whole line is noise or page furniture, never a sentence of the report."""
    return bool(
        _NOISE.match(line) or _PROMPT.search(line) or _GALLERY_COUNTER.match(line)
        or _GALLERY_PREFIX.fullmatch(line) or _DURATION_LINE.match(line)
        or _is_copyright(line) or _is_contact_line(line) or byline_names(line) is not None
        or is_name_role(line) or _is_stamp(line) or _is_label_line(line) or _is_nav(line)
        or _is_social(line)
    )


def _headline_end(words: list[str]) -> int | None:
    """Where a headline glued to a sentence ends: "Man charged in shooting | Police said..."."""
    for i in range(3, min(len(words) - 5, 17)):
        before, word = words[i - 1], words[i]
        if not re.fullmatch(r"[a-z0-9][\w'’-]*", before) or before in _SMALL:
            continue
        if word[:1].isupper() and word.strip(",") not in _NOT_OPENERS:
            headline_ends = any(_FULL_STOP.search(w) for w in words[:i])
            return i if _FULL_STOP.search(words[-1]) and not headline_ends else None
    return None


def split_glued(line: str) -> tuple[str | None, str]:
    """Cut furniture glued to the start of a paragraph: ``(furniture, rest)``."""
    for pattern in (_DURATION_PREFIX, _GALLERY_PREFIX, _WIRE_BYLINE_PREFIX):
        match = pattern.match(line)
        if match and match.end() < len(line):
            return line[: match.end()].strip(), line[match.end():].strip()
    first, _, rest = line.partition(" ")
    if first.lower() == "graphic" and rest.split(" ", 1)[0] in _OPENERS and len(rest.split()) >= 6:
        return first, rest
    match = _GLUED_LABEL.match(line)
    if match:
        words = match["rest"].split()
        end = _headline_end(words)
        if end is not None:
            cut = line.index(match["rest"]) + len(" ".join(words[:end]))
            return line[:cut].strip(), line[cut:].strip()
    return None, line


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
    """Drop noise lines, page furniture, repeated captions and credits; find a sign-off line.

    ``title`` is compared against the body so that a caption repeating the
    headline is removed too.
    """
    title_key = _key(title)
    removed: list[str] = []
    people: list[str] = []
    split: list[str] = []
    for line in lines:
        furniture, line = split_glued(line)
        if furniture:
            removed.append(furniture)
            name = byline_names(furniture)
            if name:
                people.append(name)
        split.append(line)
    keys = [_key(line) for line in split]
    seen: dict[str, int] = {}
    for k in keys:
        if k:
            seen[k] = seen.get(k, 0) + 1
    credits: list[str] = []
    kept: list[str] = []
    for line, key in zip(split, keys, strict=False):
        if not key:
            continue
        glued = _GLUED_CREDIT.match(line)
        if glued and _key(glued["caption"]) in seen.keys() | {title_key}:
            credits.append(glued["credit"])
            removed.append(line)
            continue
        repeated = seen[key] > 1 and not _is_sentence(line)
        if is_noise(line) or key == title_key or repeated:
            name = byline_names(line)
            if name:
                people.append(name)
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
        people=tuple(dict.fromkeys(p for p in people if not _WIRE_NAME.search(p))),
    )


def clean_text(raw: str, *, has_title_line: bool = True, title: str = "") -> CleanText:
    """Clean a plain-text article whose first non-empty line is its title."""
    lines = normalise(raw).split("\n")
    if has_title_line:
        while lines and not lines[0]:
            lines.pop(0)
        title = lines.pop(0) if lines else ""
    return clean_lines(title, lines)
