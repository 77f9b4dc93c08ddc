"""Analysis with the real spaCy pipeline, on sentences the project wrote."""

from __future__ import annotations

import pytest

from storydiff.analysis import analyse
from storydiff.analysis.entities import link_entities, names_clash, names_compatible
from storydiff.models import AnalysedArticle, Article, Claim


def analysed(*texts: str) -> tuple[AnalysedArticle, ...]:
    return analyse([Article(f"a{i}", f"a{i}", "title", t) for i, t in enumerate(texts)])


def only_claim(text: str) -> Claim:
    return analysed(text)[0].claims[0]


@pytest.mark.parametrize("text, value, approximate, kind, unit", [
    ("Officials said some 30 soldiers were killed.", 30, True, "count", "soldier"),
    ("Four senior officers were killed last month.", 4, False, "count", "officer"),
    ("Recruits are offered $830 for the job.", 830, False, "money", "USD"),
    ("Recruits are offered the equivalent of 830 dollars.", 830, False, "money", "USD"),
    ("They serve for six weeks in the region.", 6, False, "duration", "week"),
    ("More than 2.5 million euros was paid to the firm.", 2_500_000, True, "money", "EUR"),
    ("Mayor Tom Reed, 58, denied the charges.", 58, False, "age", "reed"),
    ("A 17-year-old boy was wounded in the attack.", 17, False, "age", "boy"),
])
def test_quantities_are_normalised(text: str, value: float, approximate: bool, kind: str,
                                   unit: str) -> None:
    quantities = [q for q in only_claim(text).quantities if q.kind == kind]
    assert quantities, only_claim(text).quantities
    q = quantities[0]
    assert (q.value, q.approximate, q.unit) == (value, approximate, unit)


def test_phone_numbers_are_not_quantities() -> None:
    claim = only_claim("Anyone with information should call 713 308 3600 at any time.")
    assert not [q for q in claim.quantities if q.kind == "count"]


def test_attribution_kinds_and_strengths() -> None:
    (article,) = analysed(
        "A rising toll is causing unrest, according to a source close to the army. "
        "The source told the Daily Planet that officers had refused orders. "
        "The semi-official Fars news agency said 30 soldiers were killed. "
        "State media said the colonel died in battle. "
        "The general has reportedly resigned. "
        "The ministry claimed the attack was repelled."
    )
    attrs = [c.attributions for c in article.claims]
    assert attrs[0][0].source_kind == "anonymous" and attrs[0][0].cue == "according to"
    # "The source" is the source named before it, and the outlet it told is kept.
    assert attrs[1][0].source_key == attrs[0][0].source_key
    assert attrs[1][0].recipient == "the Daily Planet"
    assert attrs[2][0].source_kind == "outlet" and attrs[2][0].source_key == "outlet:fars"
    assert attrs[3][0].source_kind == "state_media"
    assert attrs[4][0].source_kind == "reports" and attrs[4][0].strength == "weak"
    assert attrs[5][0].strength == "weak"


def test_the_company_refers_to_the_organisation_named() -> None:
    (article,) = analysed("Vantor Motors will close its plant, the company announced on Monday.")
    assert article.claims[0].attributions[0].source_key == "org:vantor motors"


def test_same_actor_under_different_names_shares_a_key() -> None:
    a, b = analysed(
        "The Islamic Revolutionary Guard Corps lost officers in Syria. Tehran denied it.",
        "The IRGC lost officers. The Revolutionary Guard said Iran would respond.",
    )
    keys = {m.text: m.key for art in (a, b) for c in art.claims for m in c.mentions}
    assert keys["IRGC"] == keys["The Islamic Revolutionary Guard Corps"]
    assert keys["The Revolutionary Guard"] == keys["IRGC"]
    assert keys["Tehran"] == keys["Iran"]


def test_a_name_given_with_an_age_is_a_person() -> None:
    claim = only_claim("The coroner named the dead as Tamara Perry, 14, Shamekia Sanders, 17, "
                       "and Krystal Hutto, 28.")
    labels = {m.text: m.label for m in claim.mentions}
    assert labels == {"Tamara Perry": "PERSON", "Shamekia Sanders": "PERSON",
                      "Krystal Hutto": "PERSON"}


def test_titles_are_normalised() -> None:
    a, b = analysed("Gen. Hossein Hamedani was killed near the city.",
                    "General Hossein Hamedani died there, and Hamedani was buried.")
    titles = {m.title for art in (a, b) for c in art.claims for m in c.mentions
              if m.label == "PERSON" and m.title}
    assert titles == {"general"}
    keys = {m.key for art in (a, b) for c in art.claims for m in c.mentions if m.label == "PERSON"}
    assert len(keys) == 1


@pytest.mark.parametrize("short, long, compatible", [
    ("hamedani", "hossein hamedani", True),
    ("assad", "bashar al-assad", True),
    ("christopher martinez", "christopher michaels-martinez", True),
    ("ezzatollah soleimani", "mostafa ezzatollah", False),
])
def test_name_shortenings(short: str, long: str, compatible: bool) -> None:
    assert names_compatible(short, long) is compatible


def test_names_that_share_a_part_but_clash() -> None:
    assert names_clash("mostafa ezzatollah", "ezzatollah soleimani")
    assert not names_clash("hossein hamedani", "hamedani")


def test_ambiguous_surname_is_not_linked() -> None:
    from storydiff.analysis.entities import RawMention

    mentions = [RawMention(t, 0, 1, "PERSON", t.lower(), None)
                for t in ("Peter Rodger", "Elliot Rodger", "Rodger")]
    keys = link_entities(mentions)
    assert keys["rodger"] == "rodger"


def test_stance_cues() -> None:
    claim = only_claim("The beleaguered dictator may have been referred to a court-martial.")
    types = {(c.type, c.text.lower()) for c in claim.cues}
    assert ("loaded", "beleaguered") in types and ("loaded", "dictator") in types
    assert ("hedge", "may") in types
    assert any(c.type == "status" and c.target == "pending" for c in claim.cues)


def test_quotes_keep_their_speaker() -> None:
    claim = only_claim('The minister said the plan was "a disaster for families."')
    assert claim.quotes[0].text == "a disaster for families."
    assert claim.quotes[0].speaker == "The minister"
