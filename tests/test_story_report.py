"""The story report (``storydiff.story/1``): JSON shape and schema, the four formats,
escaping of untrusted text, and large stories folding their copies."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES
from report_builders import added, comparison, finding, omitted, report, side, story
from storydiff import Options, compare, load_article
from storydiff.models import AnalysedArticle, Article, Kind, Report, StoryMember
from storydiff.reports import RenderOptions
from storydiff.reports import json as compare_json
from storydiff.reports.html import render_html
from storydiff.reports.json import report_to_dict
from storydiff.reports.story import SCHEMA, load_schema, render_story, report_from_dict, story_to_dict
from storydiff.reports.terminal import render_terminal

CHAIN = EXAMPLES / "provenance" / "rewrite-chain"
#: The chain's reports as a crawl would date them; the last one carries no date.
CHAIN_DATES = ["2024-05-04T21:30:00Z", "2024-05-05T07:00:00Z", None]


def summary(members: list[StoryMember], **fields: Any) -> dict[str, Any]:
    dates = sorted(a.published for m in members for a in (m.article, *m.copies) if a.published)
    outlets = {a.outlet for m in members for a in (m.article, *m.copies) if a.outlet}
    return {"id": 7, "title": members[0].article.title,
            "reports": sum(1 + len(m.copies) for m in members), "independent_reports": len(members),
            "outlets": len(outlets), "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None, **fields}


def copies_of(article: Article, n: int, outlets: list[str]) -> tuple[Article, ...]:
    return tuple(replace(article, id=f"{article.id}-copy{k}", outlet=outlets[k % len(outlets)],
                         title=f"copy {k} of {article.title}", url=f"https://example.org/{article.id}/{k}")
                 for k in range(n))


@pytest.fixture(scope="module")
def chain() -> tuple[list[StoryMember], Report]:
    articles = [load_article(str(path), published=when)
                for path, when in zip(sorted(CHAIN.glob("*.txt")), CHAIN_DATES, strict=True)]
    # Listed newest first: the story orders its members by time, not as given.
    members = [StoryMember(articles[2]), StoryMember(articles[1]),
               StoryMember(articles[0], copies_of(articles[0], 2, ["Wire Echo", "Harbour FM"]))]
    return members, compare(articles, Options(load_plugins=False))


@pytest.fixture(scope="module")
def chain_data(chain: tuple[list[StoryMember], Report]) -> dict[str, Any]:
    members, r = chain
    return story_to_dict(summary(members, title="Fire destroys historic Brookfield mill"), members, r)


def test_story_json_has_members_in_time_order_and_the_comparison(
        chain: tuple[list[StoryMember], Report], chain_data: dict[str, Any]) -> None:
    r = chain[1]
    assert chain_data["schema"] == SCHEMA == "storydiff.story/1"
    assert [m["outlet"] for m in chain_data["members"]] == ["Harbor Gazette", "Valley Post",
                                                             "Metro Brief"]
    first = chain_data["members"][0]
    assert [c["outlet"] for c in first["copies"]] == ["Wire Echo", "Harbour FM"]
    assert set(first["copies"][0]) == {"id", "outlet", "published", "url", "title"}
    assert chain_data["comparison"] == report_to_dict(r)
    assert chain_data["story"]["reports"] == 5
    jsonschema.validate(chain_data, load_schema())
    jsonschema.validate(chain_data["comparison"], compare_json.load_schema())


def test_story_timeline_json_names_the_first_report_and_the_mutations(
        chain_data: dict[str, Any]) -> None:
    ids = {m["outlet"]: m["id"] for m in chain_data["members"]}
    t1, t2 = chain_data["timeline"][:2]
    assert t1["first"]["article"] == ids["Harbor Gazette"]
    assert t1["repeated_by"] == [ids["Valley Post"], ids["Metro Brief"]]
    changed = [(m["kind"], m["article"], m["text"]) for m in t1["mutations"] if not m["sentence"]]
    assert changed == [("attribution_changed", ids["Metro Brief"], "the Valley Post")]
    assert t2["mutations"][0]["repeated_by"] == [ids["Metro Brief"]]
    added_claim = chain_data["timeline"][-1]
    assert (added_claim["in_reference"], added_claim["first"]["article"]) == (False, ids["Valley Post"])


def test_json_renders_everything_and_the_schema_rejects_a_bad_mutation(
        chain_data: dict[str, Any]) -> None:
    stored = json.loads(render_story(chain_data, "json", RenderOptions(limit=1)))
    assert stored == chain_data
    assert render_story(stored, "terminal") == render_story(chain_data, "terminal"), "renders from JSON"
    broken = json.loads(json.dumps(chain_data))
    broken["timeline"][0]["mutations"][0]["kind"] = "omission"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load_schema())


def test_a_single_report_story_has_no_comparison(chain: tuple[list[StoryMember], Report]) -> None:
    member = chain[0][2]
    data = story_to_dict(summary([member]), [member], None)
    assert (data["comparison"], data["timeline"]) == (None, [])
    jsonschema.validate(data, load_schema())
    for format_ in ("terminal", "md", "html"):
        assert "Harbor Gazette" in render_story(data, format_)


def test_terminal_and_markdown_show_reports_timeline_and_comparison(chain_data: dict[str, Any]) -> None:
    text = render_story(chain_data, "terminal")
    assert "storydiff story 7" in text and "Reports in time order" in text
    assert "+ 2 near-copies: Wire Echo, Harbour FM" in text
    assert "first A · repeated by B, C" in text
    assert "C changes the source: “fire chief Daniel Ruiz” → “the Valley Post”" in text
    assert "Claims across 3 reports" in text, "the compare report's own claims table"
    page = render_story(chain_data, "html")
    finding = chain_data["timeline"][0]["mutations"][0]["finding"]
    assert f'<a href="#{finding}">' in page and f'id="{finding}"' in page
    markdown = render_story(chain_data, "md")
    assert markdown.startswith("# Story: Fire destroys historic Brookfield mill\n")
    assert "## Claim timeline" in markdown and "### Claims across 3 reports" in markdown
    assert "- **A** 2024-05-04 21:30  Harbor Gazette" in markdown


def test_the_comparison_is_the_compare_report_rebuilt_from_its_json(
        chain: tuple[list[StoryMember], Report]) -> None:
    r = chain[1]
    rebuilt = report_from_dict(report_to_dict(r))
    assert render_terminal(rebuilt) == render_terminal(r)
    assert render_html(rebuilt) == render_html(r)


# --- Untrusted text -----------------------------------------------------------------

HOSTILE = '<script>alert(1)</script> " onmouseover="alert(2)'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += attrs
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False


def hostile_story() -> tuple[list[StoryMember], Report]:
    def outlet(item: AnalysedArticle, name: str, when: str) -> AnalysedArticle:
        return replace(item, article=replace(item.article, outlet=name, published=when,
                                             title=f"Fire {HOSTILE}"))

    a = outlet(story("a", f"Fire hit 12 homes {HOSTILE}.", "Nobody was hurt."), HOSTILE,
               "2024-01-01T10:00:00Z")
    b = outlet(story("b", f"Fire hit 15 homes {HOSTILE}.", "A school closed <b>early</b>."),
               "Post", "2024-01-01T11:00:00Z")
    r = report(comparison(a, b, [(0, 0)], [
        finding(Kind.NUMBER_CONFLICT, side(a, 0, "12"), side(b, 0, "15"), "count",
                explanation=f"homes: {HOSTILE}"),
        omitted(a, b, 1), added(a, b, 1)]))
    evil = replace(b.article, id="b-copy", url="javascript:alert(5)", title=HOSTILE,
                   published="<script>alert(6)</script>")
    return [StoryMember(a.article), StoryMember(b.article, (evil,))], r


def test_html_escapes_every_piece_of_article_text() -> None:
    members, r = hostile_story()
    page = render_story(story_to_dict(summary(members), members, r), "html")
    tags = _Tags()
    tags.feed(page)
    assert not [name for name, _ in tags.attributes if name.startswith("on")]
    assert not any(name in ("src", "srcset") for name, _ in tags.attributes), "nothing loaded"
    assert "<link" not in page
    assert len(tags.scripts) == 1 and "alert" not in tags.scripts[0], "only the compare page's script"
    assert not [v for name, v in tags.attributes if name == "href" and v and "javascript" in v]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;alert(2)" in page
    assert "<b>early</b>" not in page


def test_markdown_and_terminal_keep_hostile_text_inert() -> None:
    members, r = hostile_story()
    data = story_to_dict(summary(members), members, r)
    markdown = render_story(data, "md")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "<b>early</b>" not in markdown
    b = next(m for m in data["members"] if m["copies"])
    b["published"] = "<i>yesterday</i>"
    assert "&lt;i&gt;yesterday" in render_story(data, "md")
    assert HOSTILE in render_story(data, "terminal"), "a terminal shows text as text"


# --- Large stories ------------------------------------------------------------------


def big_story(claims: int = 40) -> tuple[list[StoryMember], Report]:
    """Four independent reports and 56 near-copies: 60 reports. The reference has
    ``claims`` sentences; each other report carries the first ten, changes the number
    in the first, and adds a claim of its own."""
    facts = [f"Fact {k} of the story is told here." for k in range(1, claims)]
    ref = story("r0", "The fire destroyed 12 homes.", *facts, outlet="Wire")
    ref = replace(ref, article=replace(ref.article, published="2024-02-01T06:00:00Z"))
    comps = []
    for n, extra in ((1, "Schools stay shut."), (2, "A road was closed."), (3, "Rain is due.")):
        other = story(f"r{n}", "The fire destroyed 15 homes.", *facts[:9], extra, outlet=f"Outlet {n}")
        other = replace(other, article=replace(other.article, published=f"2024-02-0{n + 1}T06:00:00Z"))
        found = [finding(Kind.NUMBER_CONFLICT, side(ref, 0, "12"), side(other, 0, "15"), "count")]
        found += [omitted(ref, other, k) for k in range(10, claims)] + [added(ref, other, 10)]
        comps.append(comparison(ref, other, [(k, k) for k in range(10)], found))
    r = report(*comps)
    spread = {"r0": 30, "r1": 15, "r2": 8, "r3": 3}
    members = [StoryMember(a.article, copies_of(a.article, spread[a.article.id],
                                                [f"Site {k}" for k in range(12)]))
               for a in r.articles]
    return members, r


def test_a_sixty_report_story_folds_its_copies_and_stays_short() -> None:
    members, r = big_story()
    data = story_to_dict(summary(members), members, r)
    assert data["story"]["reports"] == 60
    jsonschema.validate(data, load_schema())
    text = render_story(data, "terminal")
    assert "copy 3 of" not in text, "copies are counted, not listed"
    assert "+ 30 near-copies: Site 0 ×3, Site 1 ×3, Site 2 ×3, Site 3 ×3 and 8 more outlets" in text
    assert "B changes a number: “12” → “15” (also C, D)" in text
    assert "+ 33 more claims: 33 carried by one report" in text
    assert len(text.splitlines()) < 120
    markdown = render_story(data, "md")
    assert "copy 3 of" not in markdown and len(markdown.splitlines()) < 100
    five = render_story(data, "terminal", RenderOptions(limit=5))
    assert "+ 38 more claims: 33 carried by one report, 5 more that travelled or changed" in five
    assert "“12” → “15”" in five, "changed claims are kept first"
    everything = render_story(data, "terminal", RenderOptions(limit=None))
    assert "more claims" not in everything and "t43" in everything


def test_many_independent_reports_are_cut_at_the_limit() -> None:
    articles = [Article(f"x{k}", f"x{k}", f"Report {k}", "Text.", outlet=f"Outlet {k}",
                        published=f"2024-03-{k % 28 + 1:02d}T{k // 28:02d}:00:00Z") for k in range(60)]
    members = [StoryMember(a) for a in articles]
    data = story_to_dict(summary(members), members, None)
    text = render_story(data, "terminal", RenderOptions(limit=15))
    assert "+ 45 more reports" in text and len(text.splitlines()) < 30
    assert [m["id"] for m in data["members"]][:3] == ["x0", "x28", "x56"]
    assert "+ 45 more report" in render_story(data, "html", RenderOptions(limit=15))


def test_an_unknown_format_names_the_valid_ones() -> None:
    from storydiff.errors import UsageError

    with pytest.raises(UsageError, match="html, json, md, terminal"):
        render_story({}, "pdf")
