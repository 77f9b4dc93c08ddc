from builders import claim, cue, pair, source
from storydiff.detectors.attribution import (
    attribution_changed,
    attribution_dropped,
    certainty_changed,
)


def test_dropped_source_is_reported() -> None:
    a = claim("a", 0, "Fars said 30 were killed.",
              attributions=(source("Fars", "outlet", "outlet:fars"),))
    b = claim("b", 0, "30 were killed.")
    found = list(attribution_dropped(pair([a], [b])))
    assert [f.subkind for f in found] == ["source_to_fact"]
    assert not list(attribution_changed(pair([a], [b])))


def test_changed_source_is_reported() -> None:
    a = claim("a", 0, "The port authority said damage was high.",
              attributions=(source("The port authority", "organisation", "org:port authority"),))
    b = claim("b", 0, "City officials said damage was high.",
              attributions=(source("City officials", "official", "official"),))
    assert [f.subkind for f in attribution_changed(pair([a], [b]))] == ["source_changed"]
    assert not list(attribution_dropped(pair([a], [b])))


def test_same_source_in_other_words_is_not_a_change() -> None:
    a = claim("a", 0, "A source said so.", attributions=(source("A source", "anonymous",
                                                                 "anonymous"),))
    b = claim("b", 0, "The sources added so.", attributions=(source("The sources", "anonymous",
                                                                    "anonymous", "added"),))
    assert not list(attribution_changed(pair([a], [b])))
    assert not list(certainty_changed(pair([a], [b])))


def test_hedge_added_is_reported() -> None:
    a = claim("a", 0, "The warehouse was built in 1998.")
    b = claim("b", 0, "The warehouse was reportedly built in 1998.",
              cues=(cue("reportedly", "hedge"),))
    assert [f.subkind for f in certainty_changed(pair([a], [b]))] == ["hedge_added"]


def test_a_hedge_added_where_the_source_was_dropped_is_a_certainty_change() -> None:
    a = claim("a", 0, "The medical examiner says Alma Quist was killed.",
              attributions=(source("The medical examiner", "official", "official:medical examiner", "says"),))
    b = claim("b", 0, "Alma Quist may have been killed.",
              cues=(cue("may", "hedge", "kill"),))
    found = list(certainty_changed(pair([a], [b])))
    assert [f.subkind for f in found] == ["hedge_added"]
