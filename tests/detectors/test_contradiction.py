from dataclasses import replace

from builders import claim, cue, pair
from storydiff.detectors import StoryPair
from storydiff.detectors.contradiction import contradiction
from storydiff.models import Claim, Inference


def test_status_change_is_a_contradiction() -> None:
    a = claim("a", 0, "They were referred to a court-martial.",
              cues=(cue("referred to a court-martial", "status", "pending", "trial"),))
    b = claim("b", 0, "They have been court-martialed.",
              cues=(cue("court-martialed", "status", "done", "trial"),))
    assert [f.subkind for f in contradiction(pair([a], [b]))] == ["status_changed"]


def test_same_status_is_not_a_contradiction() -> None:
    a = claim("a", 0, "No one has been arrested.", cues=(cue("No one", "status", "none", "arrest"),))
    b = claim("b", 0, "Nobody was arrested.", cues=(cue("Nobody", "status", "none", "arrest"),))
    assert not list(contradiction(pair([a], [b])))


def test_negation_of_the_same_predicate() -> None:
    a = claim("a", 0, "The army confirmed the strike.", predicate="confirm")
    b = claim("b", 0, "The army did not confirm the strike.", predicate="confirm",
              cues=(cue("not", "negation", "confirm"),))
    assert [f.subkind for f in contradiction(pair([a], [b]))] == ["negation"]


def test_negated_verb_the_other_states_plainly_whatever_the_main_verb() -> None:
    a = claim("a", 0, "After a sweep of the barn, troopers found the dog.", predicate="find",
              lemmas=("sweep", "barn", "trooper", "find", "dog"))
    b = claim("b", 0, "Troopers did not sweep the barn.", predicate="sweep",
              lemmas=("trooper", "sweep", "barn"), cues=(cue("not", "negation", "sweep"),))
    assert [f.subkind for f in contradiction(pair([a], [b]))] == ["negation"]


def test_a_verb_negated_once_and_stated_once_in_one_claim_is_no_contradiction() -> None:
    a = claim("a", 0, "Police found a gun but did not find the shooter.", predicate="find",
              lemmas=("police", "find", "gun", "find", "shooter"),
              cues=(cue("not", "negation", "find"),))
    b = claim("b", 0, "Police found a gun.", predicate="recover",
              lemmas=("police", "find", "gun"))
    assert not list(contradiction(pair([a], [b])))


def _with_reading(a: Claim, b: Claim, contradiction_p: float) -> StoryPair:
    p = pair([a], [b])
    reading = Inference(0, 0, 1 - contradiction_p - 0.05, 0.05, contradiction_p)
    return replace(p, alignments=(replace(p.alignments[0], inferences=(reading,)),))


def test_a_negation_in_one_paraphrase_the_model_reads_as_contradicted() -> None:
    a = claim("a", 0, "On arrival, the rangers spotted a lost hiker near the ridge.",
              predicate="spot")
    b = claim("b", 0, "Rangers did not find the hiker near the ridge.", predicate="find",
              cues=(cue("not", "negation", "find"),))
    assert [f.subkind for f in contradiction(_with_reading(a, b, 0.8))] == ["negation"]
    assert not list(contradiction(_with_reading(a, b, 0.2)))
