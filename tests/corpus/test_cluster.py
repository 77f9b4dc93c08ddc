"""Story clustering on invented reports: one event together, two events of one kind apart."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from storydiff.analysis.embed import Embedder, load_embedder
from storydiff.corpus.cluster import (
    StoryFeatures,
    StoryIndex,
    cluster_texts,
    decode_features,
    encode_features,
    pair_score,
    story_features,
)
from storydiff.models import Article

# Two invented warehouse fires: same kind of event, different towns, people and dates.
FIRE_A1 = (
    "Fire destroys Brenwick Logistics warehouse in Olmsford",
    "A fire destroyed the Brenwick Logistics warehouse in Olmsford on Tuesday night, and 41 workers "
    "were evacuated, fire chief Marta Quillon said. Two firefighters were treated for smoke "
    "inhalation. The blaze started near the loading bay on Kessel Road at about 9 p.m.",
    "2031-03-04",
)
FIRE_A2 = (
    "Olmsford warehouse blaze: 41 workers evacuated",
    "Firefighters fought for six hours to control the blaze at the Brenwick Logistics warehouse on "
    "Kessel Road in Olmsford. Chief Marta Quillon said all 41 workers got out safely; two "
    "firefighters needed treatment for smoke. The cause is under investigation.",
    "2031-03-05",
)
FIRE_B = (
    "Fire guts Tarrow Freight warehouse in Dunmere",
    "A fire gutted the Tarrow Freight warehouse in Dunmere early Saturday, fire chief Osric Vell "
    "said. Nobody was inside when the roof collapsed. Crews from Pellan and Ashby helped bring the "
    "flames under control on Granger Street by dawn. Damage is estimated at 3.2 million dollars.",
    "2032-10-16",
)
FIRE_B2 = (
    "Dunmere warehouse fire: roof collapsed, nobody hurt",
    "Chief Osric Vell said the Tarrow Freight warehouse on Granger Street in Dunmere was empty when "
    "fire broke out on Saturday and the roof collapsed. Crews from Pellan and Ashby helped. The "
    "damage is put at 3.2 million dollars.",
    "2032-10-16",
)
FLOOD = (
    "Heavy rain floods Varnley town centre",
    "Heavy rain flooded shops in the centre of Varnley on Monday, mayor Ilse Dorrant said. The "
    "river Sull burst its banks after 90 millimetres of rain fell overnight, and the council "
    "opened a rest centre at the Varnley leisure hall for 60 residents.",
    "2032-01-12",
)


def _article(key: str, report: tuple[str, str, str]) -> Article:
    title, text, day = report
    return Article(id=key, source=key, title=title, text=text, published=day)


def _text(report: tuple[str, str, str]) -> str:
    return f"{report[0]}\n{report[1]}"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder(1)


@pytest.fixture(scope="session")
def features(embedder: Embedder) -> list[StoryFeatures]:
    reports = {"a1": FIRE_A1, "b1": FIRE_B, "a2": FIRE_A2, "flood": FLOOD, "b2": FIRE_B2}
    return story_features([_article(k, r) for k, r in reports.items()], embedder)


def _same(labels: Sequence[int], i: int, j: int) -> bool:
    return labels[i] == labels[j]


def test_two_reports_of_one_event_share_a_story(features: list[StoryFeatures]) -> None:
    labels = StoryIndex().assign(features, next_label=0)
    assert _same(labels, 0, 2)
    assert _same(labels, 1, 4)


def test_pair_score_is_positive_only_for_one_event(features: list[StoryFeatures]) -> None:
    a1, b1, a2, flood, b2 = features
    assert pair_score(a1, a2) > 0
    assert pair_score(b1, b2) > 0
    assert pair_score(a1, b1) < 0
    assert pair_score(a1, flood) < 0


def test_a_new_report_joins_its_stored_story(features: list[StoryFeatures]) -> None:
    a1, b1, a2, flood, b2 = features
    index = StoryIndex()
    index.add([a1, b1, flood], [7, 3, 5])
    assert index.assign([b2, a2], next_label=8) == [3, 7]


def test_add_after_assign_and_assigning_again_change_nothing(features: list[StoryFeatures]) -> None:
    index = StoryIndex()
    labels = index.assign(features, next_label=0)
    index.add(features, labels)
    assert len(index) == len(features)
    assert index.assign(features[::-1], next_label=50) == labels[::-1]
    assert len(index) == len(features)


def test_two_fires_in_different_towns_stay_apart(features: list[StoryFeatures]) -> None:
    labels = StoryIndex().assign(features, next_label=0)
    assert not _same(labels, 0, 1)
    assert labels[3] not in {labels[0], labels[1]}


def test_new_labels_count_up_from_next_label(features: list[StoryFeatures]) -> None:
    labels = StoryIndex().assign(features, next_label=100)
    assert sorted(set(labels)) == list(range(100, 100 + len(set(labels))))


def test_near_duplicate_group_members_share_a_story(features: list[StoryFeatures]) -> None:
    # The flood report is declared a copy of fire A1: the group wins over the scores.
    groups = {"flood": "a1", "b2": "b1"}
    labels = StoryIndex().assign(features, groups, next_label=0)
    assert _same(labels, 0, 3)
    assert _same(labels, 1, 4)


def test_group_member_before_its_canonical_still_joins_it(features: list[StoryFeatures]) -> None:
    flood, a1 = features[3], features[0]
    labels = StoryIndex().assign([flood, a1], {"flood": "a1"}, next_label=0)
    assert labels[0] == labels[1]


def test_incremental_assign_matches_one_batch(features: list[StoryFeatures]) -> None:
    whole = StoryIndex().assign(features, next_label=0)
    index = StoryIndex()
    index.add(features[:2], whole[:2])
    rest = index.assign(features[2:], next_label=max(whole[:2]) + 1)
    assert len(index) == len(features)
    assert _partition(whole) == _partition(whole[:2] + rest)


def test_incremental_assign_in_single_steps_matches_one_batch(features: list[StoryFeatures]) -> None:
    whole = StoryIndex().assign(features, next_label=0)
    index = StoryIndex()
    labels: list[int] = []
    for f in features:
        labels += index.assign([f], next_label=max(labels, default=-1) + 1)
    assert _partition(whole) == _partition(labels)


def _partition(labels: Sequence[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_features_find_names_numbers_and_day(features: list[StoryFeatures]) -> None:
    a1 = features[0]
    assert "marta quillon" in a1.people
    assert "olmsford" in a1.places
    assert {"41", "2"} <= a1.numbers
    assert a1.day is not None
    assert a1.vector.shape == (384,)
    assert abs(float(np.linalg.norm(a1.vector)) - 1) < 1e-3


def test_encode_decode_round_trip(features: list[StoryFeatures]) -> None:
    for f in features:
        back = decode_features(encode_features(f))
        assert (back.id, back.people, back.places, back.organisations) == (
            f.id, f.people, f.places, f.organisations)
        assert (back.numbers, back.ages, back.day) == (f.numbers, f.ages, f.day)
        assert (back.terms, back.headline) == (f.terms, f.headline)
        assert back.vector.dtype == np.float32
        assert np.allclose(back.vector, f.vector, atol=1e-3)


def test_decode_refuses_another_version(features: list[StoryFeatures]) -> None:
    data = bytearray(encode_features(features[0]))
    data[0] = 99
    with pytest.raises(ValueError, match="recompute"):
        decode_features(bytes(data))


def test_cluster_texts_gives_one_label_per_text_and_tolerates_empty(embedder: Embedder) -> None:
    texts = [_text(FIRE_A1), "", _text(FIRE_B), _text(FIRE_A2), "   \n  "]
    labels = cluster_texts(texts, [FIRE_A1[2], None, FIRE_B[2], FIRE_A2[2], None])
    assert len(labels) == len(texts)
    assert labels[0] == labels[3]
    assert len({labels[0], labels[1], labels[2], labels[4]}) == 4


def test_cluster_texts_clusters_a_bare_headline() -> None:
    labels = cluster_texts(["Fire destroys Brenwick Logistics warehouse in Olmsford", _text(FIRE_A1)])
    assert labels == [0, 0]
