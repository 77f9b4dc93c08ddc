"""Crawled pages: page furniture is removed, real sentences stay, the outlet is trustworthy."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff import load_article
from storydiff.readers import article_from_text
from storydiff.readers.clean import clean_text
from storydiff.readers.outlets import outlet_from_url, registrable_domain, trusted_outlet, unwrap_archive

SENTENCES = [
    "Firefighters pulled two people from a burning duplex on Maple Avenue early Sunday, officials said.",
    "Fire Chief Dana Whitlock said the blaze started in a kitchen and spread to the attic within minutes.",
    "Both residents were taken to Mercy Hospital with burns that were not life-threatening.",
    "Investigators are still working to determine what caused the fire, the department said.",
]
TITLE = "Two rescued from duplex fire on Maple Avenue"

# Shapes the cleaner removed before crawled pages were handled; checked together below.
OLD_NOISE = [
    "Related:", "Read more", "Share on Facebook", "Follow us on Twitter", "Comments", "Advertisement",
    "© 2016 The Associated Press. All rights reserved.",
    "Copyright 2015 Scripps Media, Inc. All rights reserved. This material may not be published, "
    "broadcast, rewritten, or redistributed.",
]
FURNITURE = [
    "By Jane Doe, jane.doe@ledger-example.com 555-673-4000",
    "jdoe@ledger-example.com",
    "Staff Writer | 555-123-4567",
    "By Jane Doe",
    "By JANE DOE and JOHN ROE, Associated Press",
    "By: Jane Doe Updated 5:12 PM",
    "Jane Doe, Staff Writer",
    "Contact Jane Doe at jdoe@ledger-example.com or (555) 201-3344. Follow her on Twitter @janedoe.",
    "Updated: Mar 5, 2016 - 7:21 PM",
    "Video (02:02)",
    "Video: Neighbours describe the rescue",
    "Watch: Crews battle the flames",
    "Graphic",
    "Related:",
    "Related: Fire destroys vacant warehouse downtown",
    "Related Coverage Crews battle three-alarm blaze in East End",
    "Read more",
    "Read more: How to check your smoke alarm",
    "See also",
    "Click to enlarge",
    "Photo gallery",
    "View gallery",
    "1 of 12",
    "Photo 3 of 10",
    "Next",
    "Previous",
    "Home > News > Local",
    "News | Sports | Weather | Opinion",
    "Share on Facebook",
    "Follow us on Twitter",
    "Like us on Facebook",
    "Join the conversation",
    "© 2016 The Associated Press. All rights reserved.",
    "Copyright 2015 Scripps Media, Inc. All rights reserved. This material may not be published, "
    "broadcast, rewritten, or redistributed.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Already a subscriber? Click here to log in",
    "Comments",
    "Loading…",
    "Advertisement",
]

# Real sentences that only mention furniture words: every one must stay.
NEAR_MISSES = [
    "Police said the video showed a man running from the building shortly before the fire.",
    "Related fires in the same block last year were blamed on faulty wiring, the chief said.",
    "Graphic images of the burned kitchen were shared widely on social media.",
    "Copyright lawyers for the landlord declined to comment on the lawsuit.",
    "\"Write to me at tips@ledger-example.com if you saw anything,\" Whitlock said.",
    "Anyone with information is asked to call the fire marshal at 555-201-3344.",
    "By Monday afternoon, crews had boarded up the windows of the duplex.",
    "Like many on Facebook, neighbours posted photos of the smoke rising over Maple Avenue.",
    "Watch commanders said the first engine arrived within four minutes of the call.",
    "More than 40 firefighters from three stations responded to the blaze.",
    "Next door, a family of five was evacuated as a precaution.",
    "Comments from residents at the meeting focused on the age of the building.",
]


def _article(lines: list[str]) -> str:
    return "\n\n".join([TITLE, *lines])


def test_crawled_text_loses_its_furniture_and_keeps_every_sentence() -> None:
    lines = [*FURNITURE[:12], SENTENCES[0], *FURNITURE[12:26], SENTENCES[1], SENTENCES[2],
             *FURNITURE[26:], SENTENCES[3]]
    a = article_from_text(_article(lines))
    assert a.text.split("\n\n") == SENTENCES
    assert set(FURNITURE) <= set(a.removed)
    assert a.outlet is None


@pytest.mark.parametrize("line", [f for f in FURNITURE if f not in OLD_NOISE])
def test_each_furniture_line_is_removed(line: str) -> None:
    cleaned = clean_text(_article([SENTENCES[0], line, SENTENCES[1]]))
    assert cleaned.body.split("\n\n") == SENTENCES[:2]
    assert line in cleaned.removed


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_sentences_that_mention_furniture_words_stay(line: str) -> None:
    cleaned = clean_text(_article([SENTENCES[0], "Video (02:02)", line, "Related:", SENTENCES[1]]))
    assert cleaned.body.split("\n\n") == [SENTENCES[0], line, SENTENCES[1]]


@pytest.mark.parametrize("glued, furniture", [
    (f"Video (02:02) {SENTENCES[1]}", "Video (02:02)"),
    (f"Related: Man charged in warehouse arson {SENTENCES[1]}",
     "Related: Man charged in warehouse arson"),
    (f"Graphic {SENTENCES[1].replace('Fire Chief', 'The fire chief')}", "Graphic"),
    (f"By Tom Roe Associated Press SPRINGFIELD — {SENTENCES[1]}", "By Tom Roe Associated Press"),
])
def test_furniture_glued_to_a_paragraph_is_cut(glued: str, furniture: str) -> None:
    cleaned = clean_text(_article([SENTENCES[0], glued]))
    assert furniture in cleaned.removed
    paragraphs = cleaned.body.split("\n\n")
    assert paragraphs[0] == SENTENCES[0]
    assert paragraphs[1].endswith(SENTENCES[1][20:])
    assert not paragraphs[1].startswith(furniture)


def test_a_glued_prefix_is_kept_when_its_end_is_unclear() -> None:
    line = "Graphic video of the fire was posted online by a neighbour within minutes of the first call."
    cleaned = clean_text(_article([f"Video (02:02) {SENTENCES[0]}", line]))
    assert cleaned.body.split("\n\n") == [SENTENCES[0], line]


@pytest.mark.parametrize("signoff", [
    "jane.doe@ledger-example.com 555-673-4000",
    "By Jane Doe",
    "Jane Doe, Staff Writer",
    "Twitter: @janedoe",
])
def test_a_byline_or_contact_signoff_is_never_the_outlet(signoff: str) -> None:
    a = article_from_text(_article([*SENTENCES, signoff]))
    assert a.outlet is None
    assert a.text.split("\n\n") == SENTENCES


def test_a_signoff_repeating_the_byline_is_not_the_outlet() -> None:
    a = article_from_text(_article(["By Jane Doe", *SENTENCES, "Jane Doe"]))
    assert a.outlet is None


def test_an_outlet_signoff_is_still_the_outlet_and_beats_the_url() -> None:
    a = article_from_text(_article([*SENTENCES, "Maple Valley Ledger"]),
                          url="https://www.startribune.com/fire/600123")
    assert a.outlet == "Maple Valley Ledger"
    assert a.url == "https://www.startribune.com/fire/600123"


@pytest.mark.parametrize("url, outlet", [
    ("https://www.startribune.com/two-rescued-from-duplex-fire/600123/", "Star Tribune"),
    ("http://web.archive.org/web/20200101120000/http://www.startribune.com/news/123", "Star Tribune"),
    ("https://web.archive.org/web/20200101120000id_/http://m.nytimes.com/2017/03/16/a.html",
     "The New York Times"),
    ("https://archive.ph/2021.05.01-120000/https://www.bbc.co.uk/news/uk-123", "BBC"),
    ("http://web.archive.org/web/20190505101010/http://www.maplevalley-ledger.com:80/story/9",
     "maplevalley-ledger.com"),
    ("https://news.bbc.co.uk/2/hi/uk_news/123.stm", "BBC"),
    ("https://abcnews.go.com/US/fire/story?id=1", "ABC News"),
    ("https://amp.theguardian.com/us-news/2016/jan/01/fire", "The Guardian"),
    ("https://www.smh.com.au/national/fire-20160101.html", "The Sydney Morning Herald"),
    ("https://news.maplevalley-ledger.co.uk/fire", "maplevalley-ledger.co.uk"),
    ("valley-ledger-example.com/news/fire", "valley-ledger-example.com"),
])
def test_outlet_from_url(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize("url", [
    "", "not a url", "ftp://www.nytimes.com/file", "http://192.168.0.1/news", "http://localhost/a",
    "http://[::1", "https://web.archive.org/web/2017/", "mailto:jane@ledger-example.com",
])
def test_outlet_from_url_names_nothing_for_addresses_without_a_site(url: str) -> None:
    assert outlet_from_url(url) is None


def test_unwrap_archive_and_registrable_domain() -> None:
    assert unwrap_archive("http://web.archive.org/web/2017/http:/a-example.com/x") == "http://a-example.com/x"
    assert unwrap_archive("https://www.example.com/a") == "https://www.example.com/a"
    assert registrable_domain("www.news.example.co.uk") == "example.co.uk"
    assert registrable_domain("10.0.0.1") is None


@pytest.mark.parametrize("name, people, expected", [
    ("Star Tribune", (), "Star Tribune"),
    ("jane.doe@ledger-example.com", (), None),
    ("https://www.ledger-example.com", (), None),
    ("555-201-3344", (), None),
    ("By Jane Doe", (), None),
    ("Jane Doe, Staff Writer", (), None),
    ("Jane Doe", ("Jane Doe; John Roe",), None),
    ("WRAL.com", (), "WRAL"),
    ("web.archive.org", (), None),
    ("© 2016 KXYZ", (), None),
])
def test_trusted_outlet(name: str, people: tuple[str, ...], expected: str | None) -> None:
    assert trusted_outlet(name, people=people) == expected


def _page(site_meta: str, author: str = "Jane Doe", canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{s}</p>" for s in SENTENCES[:2])
    rest = "".join(f"<p>{s}</p>" for s in SENTENCES[2:])
    return (f"<html><head><title>{TITLE}</title>{link}"
            f'<meta name="author" content="{author}">{site_meta}</head><body>'
            "<nav>Home | News | Local</nav><article>"
            f"<h1>{TITLE}</h1><p>By Jane Doe, jane.doe@ledger-example.com 555-673-4000</p>"
            "<p>Video (02:02)</p><p>Home &gt; News &gt; Local</p>"
            f"{body}<p>Graphic</p><p>Related: Fire destroys vacant warehouse downtown</p>"
            "<p>Photo 3 of 10</p><p>Share on Facebook</p><p>Follow us on Twitter</p>"
            f"{rest}<p>© 2016 The Associated Press. All rights reserved.</p>"
            "</article></body></html>")


def test_html_furniture_is_removed_and_a_junk_site_name_falls_back_to_the_canonical_url() -> None:
    html = _page('<meta property="og:site_name" content="jane.doe@ledger-example.com">',
                 canonical="https://www.startribune.com/two-rescued/600123/")
    a = article_from_text(html, source="page.html")
    assert a.text.split("\n\n") == SENTENCES
    assert a.outlet == "Star Tribune"
    assert a.url == "https://www.startribune.com/two-rescued/600123/"
    assert a.author == "Jane Doe"


def test_html_site_name_equal_to_the_author_is_not_the_outlet() -> None:
    html = _page('<meta property="og:site_name" content="Jane Doe">')
    a = article_from_text(html, source="page.html",
                          url="http://web.archive.org/web/20160101000000/http://www.maplevalley-ledger.com/x")
    assert a.outlet == "maplevalley-ledger.com"


def test_html_real_site_name_wins_over_the_url() -> None:
    html = _page('<meta property="og:site_name" content="Maple Valley Ledger">',
                 canonical="https://www.startribune.com/x/1/")
    a = article_from_text(html, source="page.html")
    assert (a.outlet, a.url) == ("Maple Valley Ledger", "https://www.startribune.com/x/1/")


def test_read_article_threads_the_url(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(_article([*SENTENCES, "jane.doe@ledger-example.com"]))
    a = load_article(str(path), url="https://www.reuters.com/world/fire-123")
    assert (a.outlet, a.url) == ("Reuters", "https://www.reuters.com/world/fire-123")
    given = load_article(str(path), outlet="The Herald", url="https://www.reuters.com/x")
    assert given.outlet == "The Herald"
    assert load_article(str(path)).outlet is None


@pytest.mark.parametrize("url", ["not a url", "http://[::1", "javascript:alert(1)", " "])
def test_a_bad_url_never_raises(tmp_path: Path, url: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(_article(SENTENCES))
    a = load_article(str(path), url=url)
    assert a.outlet is None


@pytest.mark.parametrize(("title", "outlet", "url", "headline"), [
    ("Man charged in bar shooting - KXYZ 7 News Springfield, Weather, Sports", None,
     None, "Man charged in bar shooting"),
    ("Man charged in bar shooting | Harbor Gazette", "Harbor Gazette", None,
     "Man charged in bar shooting"),
    ("Man charged in bar shooting - kxyz.com", None, "https://www.kxyz.com/news/1",
     "Man charged in bar shooting"),
    ("Mayor Reed - the early years", None, None, "Mayor Reed - the early years"),
    ("Police: Man shot in leg on Grant Street", None, None,
     "Police: Man shot in leg on Grant Street"),
])
def test_a_site_name_after_the_headline_is_dropped(title: str, outlet: str | None,
                                                   url: str | None, headline: str) -> None:
    from storydiff.readers.build import strip_site_name

    assert strip_site_name(title, outlet, url) == headline
