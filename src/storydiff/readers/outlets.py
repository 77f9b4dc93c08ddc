"""Name an article's outlet from its address, and refuse names that are not outlets.

An outlet is a publication ("Star Tribune"), never a person, an e-mail address, a
phone number or a link. When nothing better names it, the article's URL does: a
web-archive copy is unwrapped to the page it archived, the host is reduced to its
registrable domain, and a small table gives well-known domains a readable name.
Anything else stays the bare domain ("valley-ledger-example.com"): readable, and not invented.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .clean import byline_names, has_contact, is_name_role

__all__ = ["outlet_from_url", "registrable_domain", "trusted_outlet", "unwrap_archive"]

#: Well-known news domains and wires. A host matches itself or any parent domain
#: down to its registrable domain, so "edition.cnn.com" is CNN.
OUTLETS: dict[str, str] = {
    # Wires and agencies
    "apnews.com": "Associated Press", "ap.org": "Associated Press", "reuters.com": "Reuters",
    "afp.com": "AFP", "upi.com": "UPI", "bloomberg.com": "Bloomberg",
    # US national
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal", "usatoday.com": "USA Today", "npr.org": "NPR",
    "pbs.org": "PBS", "cnn.com": "CNN", "foxnews.com": "Fox News", "foxbusiness.com": "Fox Business",
    "nbcnews.com": "NBC News", "abcnews.go.com": "ABC News", "cbsnews.com": "CBS News",
    "msnbc.com": "MSNBC", "cnbc.com": "CNBC", "politico.com": "Politico", "thehill.com": "The Hill",
    "axios.com": "Axios", "huffpost.com": "HuffPost", "huffingtonpost.com": "HuffPost",
    "buzzfeednews.com": "BuzzFeed News", "vox.com": "Vox", "time.com": "Time",
    "newsweek.com": "Newsweek", "theatlantic.com": "The Atlantic", "newyorker.com": "The New Yorker",
    "slate.com": "Slate", "salon.com": "Salon", "motherjones.com": "Mother Jones",
    "nationalreview.com": "National Review", "breitbart.com": "Breitbart News",
    "dailycaller.com": "The Daily Caller", "news.yahoo.com": "Yahoo News",
    "propublica.org": "ProPublica", "csmonitor.com": "The Christian Science Monitor",
    # US regional papers
    "latimes.com": "Los Angeles Times", "chicagotribune.com": "Chicago Tribune",
    "nypost.com": "New York Post", "nydailynews.com": "New York Daily News",
    "newsday.com": "Newsday", "bostonglobe.com": "The Boston Globe",
    "sfchronicle.com": "San Francisco Chronicle", "sfgate.com": "SFGate",
    "startribune.com": "Star Tribune", "denverpost.com": "The Denver Post",
    "seattletimes.com": "The Seattle Times", "dallasnews.com": "The Dallas Morning News",
    "houstonchronicle.com": "Houston Chronicle", "chron.com": "Houston Chronicle",
    "ajc.com": "The Atlanta Journal-Constitution", "miamiherald.com": "Miami Herald",
    "baltimoresun.com": "The Baltimore Sun", "inquirer.com": "The Philadelphia Inquirer",
    "freep.com": "Detroit Free Press", "detroitnews.com": "The Detroit News",
    "orlandosentinel.com": "Orlando Sentinel", "sun-sentinel.com": "South Florida Sun Sentinel",
    "tampabay.com": "Tampa Bay Times", "azcentral.com": "The Arizona Republic",
    "post-gazette.com": "Pittsburgh Post-Gazette", "jsonline.com": "Milwaukee Journal Sentinel",
    "kansascity.com": "The Kansas City Star", "stltoday.com": "St. Louis Post-Dispatch",
    "reviewjournal.com": "Las Vegas Review-Journal", "sacbee.com": "The Sacramento Bee",
    "oregonlive.com": "The Oregonian", "suntimes.com": "Chicago Sun-Times",
    "mercurynews.com": "The Mercury News", "ocregister.com": "The Orange County Register",
    "sltrib.com": "The Salt Lake Tribune", "courant.com": "Hartford Courant",
    "tennessean.com": "The Tennessean", "indystar.com": "The Indianapolis Star",
    "charlotteobserver.com": "The Charlotte Observer", "star-telegram.com": "Fort Worth Star-Telegram",
    "wral.com": "WRAL", "wtop.com": "WTOP",
    # UK and Ireland
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian", "telegraph.co.uk": "The Telegraph",
    "independent.co.uk": "The Independent", "thetimes.co.uk": "The Times",
    "dailymail.co.uk": "Daily Mail", "mirror.co.uk": "Daily Mirror", "thesun.co.uk": "The Sun",
    "ft.com": "Financial Times", "economist.com": "The Economist", "news.sky.com": "Sky News",
    "irishtimes.com": "The Irish Times", "rte.ie": "RTÉ",
    # Rest of the world, in English
    "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "aawsat.com": "Asharq Al-Awsat",
    "arabnews.com": "Arab News", "timesofisrael.com": "The Times of Israel",
    "jpost.com": "The Jerusalem Post", "haaretz.com": "Haaretz", "dw.com": "DW",
    "france24.com": "France 24", "rt.com": "RT", "cbc.ca": "CBC News",
    "theglobeandmail.com": "The Globe and Mail", "thestar.com": "Toronto Star",
    "nationalpost.com": "National Post", "globalnews.ca": "Global News",
    "abc.net.au": "ABC News (Australia)", "smh.com.au": "The Sydney Morning Herald",
    "theage.com.au": "The Age", "theaustralian.com.au": "The Australian",
    "nzherald.co.nz": "The New Zealand Herald", "scmp.com": "South China Morning Post",
    "straitstimes.com": "The Straits Times", "japantimes.co.jp": "The Japan Times",
    "timesofindia.indiatimes.com": "The Times of India", "hindustantimes.com": "Hindustan Times",
    "thehindu.com": "The Hindu", "dawn.com": "Dawn",
}

# Second-level labels under a country code that are sold like a top-level domain
# ("co.uk", "com.au"); a small rule instead of the whole public suffix list.
_SECOND_LEVEL = frozenset(
    "co com net org gov edu ac gob go or ne nic mil sch ltd plc nhs police info biz gen".split()
)
_ARCHIVE_HOSTS = frozenset(
    "archive.org web.archive.org wayback.archive-it.org archive.today archive.is archive.ph "
    "archive.li archive.vn archive.md archive.fo webcache.googleusercontent.com".split()
)
_ARCHIVED = re.compile(
    r"""^(?:https?:)?//(?:
        (?:web\.|www\.)?archive\.org/web/(?:\d{1,14}|\*)(?:[a-z]{2}_)?/
      | wayback\.archive-it\.org/(?:\d+/)?\d{4,14}(?:[a-z]{2}_)?/
      | archive\.(?:today|is|ph|li|vn|md|fo)/(?:o/\w+/|newest/|oldest/|\d{4}[\d.-]*/)
    )(?P<url>.+)$""",
    re.IGNORECASE | re.VERBOSE,
)
_HOST_PREFIX = re.compile(r"^(?:www\d*|m|mobile|amp|wap)\.(?=[^.]+\.[^.]+)")
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_BARE_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$)")
_NAME_KEY = re.compile(r"[\W_]+")
# A clock time, a year, a number with separators or an image id: never a name.
_NOT_A_NAME = re.compile(r"\d[:.,/-]\d|#\d|\b(?:19|20)\d\d\b|^[\W\d_]+$|:")
_ROLE_WORD = re.compile(
    r"\b(?:staff|writers?|reporters?|reports|correspondents?|editors?|photographers?|columnist|"
    r"contributors?|contributing|officer|spokes(?:man|woman|person))\b",
    re.IGNORECASE,
)


def unwrap_archive(url: str) -> str:
    """The original address inside a web-archive address, or ``url`` unchanged."""
    url = url.strip()
    for _ in range(4):  # archives of archives, but never loop for ever
        match = _ARCHIVED.match(url)
        if not match:
            break
        url = re.sub(r"^(https?):/+", r"\1://", match["url"], flags=re.IGNORECASE)
    return url


def registrable_domain(host: str) -> str | None:
    """``news.bbc.co.uk`` → ``bbc.co.uk``; ``None`` for IP addresses and single labels."""
    host = host.strip().rstrip(".").lower()
    if not _DOMAIN.match(host):
        return None
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def _host(url: str) -> str | None:
    if "://" not in url[:12]:
        if not _BARE_HOST.match(url):
            return None
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.rstrip(".").lower()


def outlet_from_url(url: str) -> str | None:
    """A readable outlet name for ``url``: a known name, else its registrable domain.

    ``None`` when the address names no site (not http(s), an IP address, or a bare
    web-archive address with no page inside).
    """
    host = _host(unwrap_archive(url))
    if host is None or host in _ARCHIVE_HOSTS:
        return None
    while _HOST_PREFIX.match(host):
        host = _HOST_PREFIX.sub("", host, count=1)
    domain = registrable_domain(host)
    if domain is None:
        return None
    candidate = host
    while True:
        if candidate in OUTLETS:
            return OUTLETS[candidate]
        if candidate == domain or "." not in candidate:
            return domain
        candidate = candidate.split(".", 1)[1]


def _key(name: str) -> str:
    return _NAME_KEY.sub(" ", name).strip().lower()


def trusted_outlet(name: str | None, *, people: tuple[str, ...] = ()) -> str | None:
    """``name`` if it can be an outlet's name, a readable name if it is a domain, else ``None``.

    Refused: e-mail addresses, phone numbers, handles and links, bylines ("By Jane
    Doe"), a name with a newsroom role ("Jane Doe, Staff Writer") and any of
    ``people``, the article's known authors.
    """
    if not name:
        return None
    name = name.strip().strip("—–-|·• ").strip()
    if not name or len(name) > 80:
        return None
    if " " not in name and _DOMAIN.match(name.lower()):
        return outlet_from_url(name)
    if has_contact(name) or byline_names(name) is not None or is_name_role(name):
        return None
    if _NOT_A_NAME.search(name) or name.count("(") != name.count(")"):
        return None
    if _ROLE_WORD.search(name):
        return None
    key = _key(name)
    if not key:
        return None
    for person in people:
        for one in re.split(r"\s*(?:[,;|/]|\band\b|&)\s*", person):
            if _key(one) and _key(one) == key:
                return None
    return name
