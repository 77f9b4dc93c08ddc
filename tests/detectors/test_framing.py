from builders import claim, cue, pair, person
from storydiff.detectors.framing import framing_changed


def test_loaded_descriptor_added_for_an_entity() -> None:
    a = claim("a", 0, "Syrian President Bashar al-Assad met them.",
              mentions=(person("Bashar al-Assad", "bashar al-assad", "president"),))
    b = claim("b", 0, "The beleaguered dictator Bashar al-Assad met them.",
              mentions=(person("Bashar al-Assad", "bashar al-assad"),),
              cues=(cue("dictator", "loaded", "bashar al-assad", "leader"),))
    found = list(framing_changed(pair([a], [b])))
    assert [f.subkind for f in found] == ["loaded_added"]
    assert "dictator" in found[0].explanation


def test_same_loaded_word_in_both_is_not_a_change() -> None:
    a = claim("a", 0, "The regime said so.", cues=(cue("regime", "loaded", "x", "government"),))
    b = claim("b", 0, "The regime said it.", cues=(cue("regime", "loaded", "x", "government"),))
    assert not list(framing_changed(pair([a], [b])))
