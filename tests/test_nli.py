"""The shipped contradiction model loads offline and separates clear news pairs."""

from __future__ import annotations

import time

import pytest

from storydiff import nli

#: Written for the project: (premise, hypothesis, label).
NEWS_PAIRS = [
    ("Police arrested two men after the shooting on Friday.",
     "Two men were arrested following Friday's shooting.", "entailment"),
    ("The council approved the new budget on Tuesday.",
     "The budget was approved by the council.", "entailment"),
    ("The fire destroyed the warehouse and injured 12 people.",
     "Twelve people were hurt in the fire.", "entailment"),
    ("The minister resigned on Monday after the vote.",
     "The minister stepped down on Monday.", "entailment"),
    ("Police arrested a suspect near the scene.",
     "No one has been arrested.", "contradiction"),
    ("The commanders have been referred to a court-martial.",
     "The commanders have already been convicted by a court-martial.", "contradiction"),
    ("The bridge reopened to traffic on Friday.",
     "The bridge remains closed to traffic.", "contradiction"),
    ("The mayor denied all the charges.",
     "The mayor admitted all the charges.", "contradiction"),
    ("The storm hit the coast on Tuesday night.",
     "The storm caused millions of dollars of damage to farms.", "neutral"),
    ("The company announced it would close the plant.",
     "The union plans to strike next month.", "neutral"),
    ("The minister visited the flooded town.",
     "The minister was criticised for arriving late.", "neutral"),
    ("Rescue teams searched the collapsed houses.",
     "Rescue teams were sent by a neighbouring country.", "neutral"),
]

pytestmark = pytest.mark.skipif(not nli.available(), reason="no NLI model built yet")


def test_model_loads_offline_quickly() -> None:
    started = time.perf_counter()
    model = nli.NLIModel(nli.model_dir())
    assert time.perf_counter() - started < 5  # "well under a second" is measured in benchmarks
    assert model.predict([]) == []


def test_probabilities_are_distributions() -> None:
    for reading in nli.predict([(p, h) for p, h, _ in NEWS_PAIRS[:3]]):
        assert set(reading) == set(nli.LABELS)
        assert abs(sum(reading.values()) - 1) < 0.01


def test_separates_clear_news_pairs() -> None:
    readings = nli.predict([(p, h) for p, h, _ in NEWS_PAIRS])
    predicted = [max(r, key=lambda label: r[label]) for r in readings]
    right = sum(p == label for p, (_, _, label) in zip(predicted, NEWS_PAIRS, strict=True))
    contradictions = [r["contradiction"] for r, (_, _, label) in zip(readings, NEWS_PAIRS,
                                                                     strict=True)
                      if label == "contradiction"]
    others = [r["contradiction"] for r, (_, _, label) in zip(readings, NEWS_PAIRS, strict=True)
              if label != "contradiction"]
    assert right >= 9, list(zip(predicted, [label for *_, label in NEWS_PAIRS], strict=True))
    assert min(contradictions) > max(others) - 0.2
