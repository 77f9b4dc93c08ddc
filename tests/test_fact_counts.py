"""How the fact sheet counts the dead and the hurt in one report's lead."""

from __future__ import annotations

import pytest

from storydiff.analysis import analyse
from storydiff.models import Fact
from storydiff.provenance import fact_sheet
from storydiff.readers import article_from_text


def counts(lead: str) -> dict[str, str]:
    """The killed / injured values one report gets (a second, unrelated report keeps
    the pair valid without adding counts)."""
    articles = [article_from_text(lead, source="a", html=False),
                article_from_text("Weather\nHeavy rain is expected across the whole region for most of the "
                                  "coming week, forecasters said on Monday.",
                                  source="b", html=False)]
    analysed = list(analyse(articles))
    first = analysed[0].article.id
    return {f.slot: v.value for f in fact_sheet(analysed) if f.slot in ("killed", "injured")
            for v in f.values if v.article == first}


def story(**texts: str) -> dict[str, Fact]:
    """The fact sheet of several reports, by slot (one fact per count slot)."""
    articles = [article_from_text(text, source=name, html=False) for name, text in texts.items()]
    return {f.slot: f for f in fact_sheet(list(analyse(articles)))}


@pytest.mark.parametrize(("lead", "expected"), [
    ("Three dead in Elm Street home\nPolice say a man shot and killed his wife, son and "
     "daughter before turning the gun on himself at their Elm Street home on Sunday.",
     {"killed": "4"}),
    ("Boy dies in accident\nA 6-year-old boy accidentally shot himself with his "
     "father's pistol on Tuesday and died at the hospital, police said.",
     {"killed": "1"}),
    ("Family found dead\nA mother, father, and toddler were found dead inside a home on "
     "Oak Lane in what police called a double murder-suicide.",
     {"killed": "3"}),
    ("Shooting at party\nTwo men were shot to death and a woman and a teenage girl "
     "injured at a party on Saturday night.",
     {"killed": "2", "injured": "2"}),
    ("Bar shooting\nPolice are looking for whoever fatally shot a man and wounded three "
     "others outside a bar on Main Street early Sunday morning.",
     {"killed": "1", "injured": "3"}),
    ("Shooting in SUV\nPolice are searching for a gunman after four people were shot, three "
     "fatally, inside an SUV in Wyandanch late Wednesday night.",
     {"killed": "3", "injured": "1"}),
    ("Father, son killed in Elm Street shooting\nDetectives are still looking for the gunman "
     "who opened fire at a house on Elm Street on Friday night, police said.",
     {"killed": "2"}),
    ("Shooting at home\nJohn Smith, 13, and his father, Joe, were killed at their home on "
     "Friday morning, the sheriff's office said.",
     {"killed": "2"}),
    ("Drive-by shooting\nSix people, including an elderly woman and her 6-year-old "
     "granddaughter, were wounded Sunday afternoon when two men fired from a passing car.",
     {"injured": "6"}),
    ("Store shooting\nPolice arrested a man they believe shot six people — two fatally — "
     "outside a convenience store on Main Street on Saturday night.",
     {"killed": "2", "injured": "4"}),
    ("Store shooting\nSix people were shot outside a convenience store, two of whom have "
     "died from their injuries, police said on Sunday.",
     {"killed": "2", "injured": "4"}),
    ("Father kills two sons, then shoots self\nTwo boys were killed at a home on Elm "
     "Street on Saturday evening, police said.",
     {"killed": "3"}),
    ("Shots hit van\nThe bullets also shattered a van's windows and wounded a mother and "
     "her 2-year-old son who were outside the house on Monday.",
     {"injured": "2"}),
    ("Father and daughters found dead\nAuthorities identified the man involved in a "
     "shooting on Wednesday that left him and his two daughters dead.",
     {"killed": "3"}),
])
def test_counts_people_named_in_lists_and_the_shooter(lead: str, expected: dict[str, str]
                                                      ) -> None:
    assert counts(lead) == expected


def test_ages_clock_times_and_house_numbers_are_not_counts() -> None:
    found = counts("Two dead in shooting\nTwo men, ages 25 and 26, were killed at 20 Copeland "
                   "St. at 0:43 on Friday, police said. A 12 year-old girl was not hurt.")
    assert found == {"killed": "2"}


def test_part_of_a_group_is_not_the_whole() -> None:
    found = counts("Victim dies\nOne of five people shot outside a bar on Main Street early "
                   "Sunday has died, police said.")
    assert found.get("killed") != "5"


def test_an_earlier_report_of_a_hurt_victim_yields_to_a_later_death() -> None:
    facts = story(
        early="Child hurt in shooting\nA 3-year-old child was critically injured Monday in an "
              "accidental shooting at a home in Marion County, officials said.",
        late="Child dies after shooting\nThe 3-year-old child who was shot Monday at a home in "
             "Marion County died on Tuesday, officials said.")
    assert facts["killed"].value == "1"
    assert "injured" not in facts


def test_those_who_fired_are_not_counted_as_shot() -> None:
    found = counts("Teen dies after shooting\nA 16-year-old boy was shot by two other teens "
                   "on Tuesday night. A witness said two people were shooting at each other.")
    assert "injured" not in found


def test_a_report_of_people_shot_is_split_by_the_story_s_dead() -> None:
    facts = story(
        early="Bar shooting\nFour people were shot inside a bar on Main Street early Sunday, "
              "officers said, and the gunman fled on foot.",
        late="Bar shooting\nOne man was killed and three other people were wounded in a "
             "shooting at a Main Street bar early Sunday, police said.")
    assert facts["killed"].value == "1"
    assert [v.value for v in facts["injured"].values] == ["3", "3"]


def test_people_listed_as_shot_are_the_dead_and_the_hurt() -> None:
    facts = story(
        early="Drive-by shooting\nA six-year-old and three people were shot in a drive-by "
              "shooting on Elm Street on Sunday, police said.",
        late="Boy dies after drive-by\nA six-year-old boy was killed in a drive-by shooting "
             "on Elm Street on Sunday, police said on Monday.")
    assert facts["killed"].value == "1"
    assert facts["injured"].value == "3"


def test_reports_that_count_the_dead_decide_the_count_of_the_hurt() -> None:
    facts = story(
        first="4 people hurt in apartment shooting\nDeputies say four people were hurt in a "
              "shooting at an apartment on Elm Street on Monday night.",
        second="Man dies a week after apartment shooting\nOne man was killed and three others "
               "were injured in a shooting at an apartment on Elm Street, deputies said.")
    assert facts["injured"].value == "3"


@pytest.mark.parametrize("lead", [
    pytest.param("Weekend violence\nFour people were killed and at least 16 others wounded in "
                 "shootings across Chicago on Wednesday.", id="across-a-city"),
    pytest.param("Holiday weekend\nThe first of the five shootings that wounded 15 people "
                 "over the weekend happened on Elm Street, police said.", id="several-shootings"),
    pytest.param("Weekend toll rises to four, 35 others wounded\nFour people were killed "
                 "and at least 35 others wounded in shootings across Chicago since Friday "
                 "night, police said.", id="headline-repeats-a-roundup"),
])
def test_roundups_are_not_the_story_count(lead: str) -> None:
    assert counts(lead) == {}


@pytest.mark.parametrize(("lead", "expected"), [
    pytest.param("Teen dies after shooting\nA 16-year-old was critically injured in a "
                 "shooting on Friday. The teen died at the hospital on Saturday, police said.",
                 {"killed": "1"}, id="hurt-then-dead"),
    pytest.param("Child dies in accident\nA 3-year-old child has been killed in an "
                 "accidental shooting. Police responded to a report of a discharged handgun "
                 "and a wounded child on Fairfield Drive.",
                 {"killed": "1"}, id="a-wounded-child-at-the-scene"),
    pytest.param("Man dies after shooting\nFive people were injured in a shooting outside "
                 "a home on Bragg Street on Nov. 2, police said. A man injured in the "
                 "shooting has died, police said on Sunday.",
                 {"killed": "1", "injured": "4"}, id="died-of-wounds-later"),
])
def test_a_victim_is_counted_once(lead: str, expected: dict[str, str]) -> None:
    assert counts(lead) == expected
