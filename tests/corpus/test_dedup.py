"""Near-copy detection on invented reports: what must be one copy, what must not."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from rensa import RMinHash

from storydiff.corpus import dedup

# An invented wire report and versions of it. Paragraphs are single lines, as ingest keeps them.
WIRE = "\n\n".join(
    [
        "LARKMOOR, Ont. (Northway Press) - Two security guards were wounded early Sunday when a man"
        " opened fire inside the Fenwick Logistics warehouse on Quarry Road, police said.",
        "Officers were called to the building at about 2:40 a.m. after an alarm company reported"
        " several shots, Larkmoor police spokesperson Dalia Venn told reporters at the scene.",
        "One guard, a 34-year-old man, was shot in the shoulder and taken to St. Brendan Hospital,"
        " where he was listed in stable condition. A second guard, 51, was treated for a graze"
        " wound to the hand and released a few hours later.",
        "Venn said the suspect fled on foot toward the rail yard before officers arrived. A police"
        " dog team followed a trail for nearly a kilometre but lost it near the Ellery Street bridge.",
        "Investigators believe the gunman had worked at the warehouse until last spring and may"
        " have been looking for a former supervisor, Venn said, adding that the motive was still"
        " being examined.",
        "The company said in a statement that the warehouse would stay closed on Monday and that"
        " counsellors would be available to its forty employees at the Larkmoor community centre.",
    ]
)

REPOST = "\n".join(
    [
        "UPDATE: Guards hurt as gunman opens fire at Larkmoor warehouse",
        "By Morgan Teale, Staff Writer",
        WIRE,
        "Anyone with information about the shooting is asked to call Larkmoor police at the"
        " non-emergency line or leave an anonymous tip online.",
        "Copyright 2024 The Larkmoor Gazette. All rights reserved.",
    ]
)

# The same invented event, the same facts, written from scratch by another outlet.
INDEPENDENT = "\n\n".join(
    [
        "A former employee is suspected of shooting two guards at a Quarry Road warehouse in"
        " Larkmoor overnight, according to police, who were still searching for him on Sunday.",
        "Police spokesperson Dalia Venn said an alarm company called 911 shortly before 3 a.m."
        " to report gunfire at Fenwick Logistics.",
        "The older of the two guards, who is 51, suffered a minor injury to his hand and has gone"
        " home. His colleague, 34, remains at St. Brendan Hospital with a bullet wound to the"
        " shoulder but is expected to recover.",
        "A canine unit tracked the man toward the rail yard and the Ellery Street bridge, where the"
        " scent was lost. Detectives think he may have come back to confront a manager he had"
        " clashed with before he left the company last year.",
        "Fenwick Logistics, which employs about forty people in Larkmoor, will keep the site shut"
        " on Monday and is offering counselling to staff.",
    ]
)

LOGIN_WALL = "Already a subscriber?\n\nClick on the button below to set up your account or log in.\n\nClose"


def test_parameters_are_consistent() -> None:
    assert dedup.BANDS * dedup.ROWS == dedup.NUM_PERM
    assert 0 < dedup.THRESHOLD < 1


def test_repost_with_new_headline_byline_and_added_sentence_is_a_near_copy() -> None:
    wire, repost = dedup.signatures([WIRE, REPOST])
    assert dedup.similarity(wire, repost) >= dedup.THRESHOLD
    pairs = dedup.near_copy_pairs([("wire", wire), ("repost", repost)])
    assert [(a, b) for a, b, _ in pairs] == [("repost", "wire")]


def test_independent_report_of_the_same_event_is_not_a_near_copy() -> None:
    wire, independent = dedup.signatures([WIRE, INDEPENDENT])
    assert dedup.similarity(wire, independent) < 0.2
    assert dedup.near_copy_pairs([("wire", wire), ("independent", independent)]) == []


def test_shingles_ignore_bylines_and_page_furniture() -> None:
    dressed = "By Morgan Teale\n" + WIRE + "\nCopyright 2024 The Larkmoor Gazette. All rights reserved."
    assert dedup.shingles(dressed) == dedup.shingles(WIRE)
    # Case, punctuation and curly quotes vary between sites; the words do not.
    assert dedup.shingles(WIRE.upper().replace("'", "\u2019")) == dedup.shingles(WIRE)


def test_text_without_a_body_is_never_a_near_copy() -> None:
    assert dedup.shingles(LOGIN_WALL) == []
    sig = dedup.signature(LOGIN_WALL)
    assert dedup.band_keys(sig) == []
    assert dedup.similarity(sig, sig) == 0.0
    assert dedup.near_copy_pairs([("a", sig), ("b", sig.copy())]) == []


def test_batch_is_matched_against_stored_candidates_only_once() -> None:
    wire, repost, independent = dedup.signatures([WIRE, REPOST, INDEPENDENT])
    stored = [("s1", wire), ("s2", wire.copy()), ("repost", repost)]
    pairs = dedup.near_copy_pairs([("new", repost), ("other", independent)], stored)
    # s1-s2 were paired when stored; the new article's own id among candidates is not a pair.
    assert [(a, b) for a, b, _ in pairs] == [("new", "repost"), ("new", "s1"), ("new", "s2")]
    assert all(s >= dedup.THRESHOLD for _, _, s in pairs)


def test_signatures_equal_signature_and_similarity_is_rensas_estimate() -> None:
    batch = dedup.signatures([WIRE, REPOST])
    single = [dedup.signature(WIRE), dedup.signature(REPOST)]
    assert all(np.array_equal(a, b) and a.dtype == np.uint64 for a, b in zip(batch, single, strict=True))
    wire, repost = RMinHash.from_token_sets(
        [dedup.shingles(WIRE), dedup.shingles(REPOST)], num_perm=dedup.NUM_PERM, seed=dedup.SEED
    )
    assert dedup.similarity(*batch) == pytest.approx(wire.jaccard(repost))
    assert dedup.signatures([]) == []


def test_signature_survives_storage() -> None:
    sig = dedup.signature(WIRE)
    blob = dedup.encode_signature(sig)
    assert len(blob) == dedup.NUM_PERM * 4
    back = dedup.decode_signature(blob)
    assert back.dtype == np.uint64 and np.array_equal(back, sig)
    with pytest.raises(ValueError, match="rebuild"):
        dedup.decode_signature(blob[:-4])


# Pinned: stored band keys are only valid while these hold. A change here (rensa's
# algorithm version, SEED, the shingles or the key mixing) needs every stored signature rebuilt.
PINNED_KEYS = [7224037486931958060, -8558558791833468921, -7488678834270035537]


def test_band_keys_are_stable_across_runs_and_fit_signed_64_bit() -> None:
    keys = dedup.band_keys(dedup.signature(WIRE))
    assert len(keys) == dedup.BANDS
    assert all(isinstance(k, int) and -(2**63) <= k < 2**63 for k in keys)
    assert keys[:3] == PINNED_KEYS
    script = (
        "from storydiff.corpus import dedup; import sys; "
        "print(dedup.band_keys(dedup.signature(sys.stdin.read())))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], input=WIRE, capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == str(keys)


def test_band_index_is_mixed_into_band_keys() -> None:
    # Every band holds the same values here; the keys must still differ by band.
    same_rows = np.full(dedup.NUM_PERM, 12345, dtype=np.uint64)
    assert len(set(dedup.band_keys(same_rows))) == dedup.BANDS


def test_group_merges_transitively_with_the_earliest_as_canonical() -> None:
    published = {"a": "2024-03-02T08:00:00Z", "b": "2024-03-01T09:30:00+00:00", "c": None, "d": None}
    groups = dedup.group([("a", "b", 0.9), ("b", "c", 0.6)], published)
    assert groups == {"a": "b", "b": "b", "c": "b"}


@pytest.mark.parametrize(
    ("published", "canonical"),
    [
        # 23:00 at UTC-5 is 04:00 UTC the next day: later than 01:00 UTC.
        ({"x": "2024-03-01T23:00:00-05:00", "y": "2024-03-02T01:00:00Z"}, "y"),
        ({"x": "2024-03-02", "y": "2024-03-01T12:00:00"}, "y"),
        ({"x": None, "y": "2024-03-05"}, "y"),
        ({"x": "not a date", "y": "2024-03-05"}, "y"),
        ({"x": "2024-03-05", "y": "2024-03-05"}, "x"),
        ({"x": None, "y": None}, "x"),
    ],
)
def test_canonical_is_earliest_then_dated_then_smallest_id(
    published: dict[str, str | None], canonical: str
) -> None:
    assert dedup.group([("x", "y", 0.8)], published) == {"x": canonical, "y": canonical}


def test_group_merges_stored_groups_across_batches() -> None:
    published = {"old1": "2024-01-01", "old2": "2024-01-02", "new": "2024-02-01", "mid": "2023-12-31"}
    existing = {"old1": "old1", "copy1": "old1", "old2": "mid", "mid": "mid", "copy2": "mid"}
    # One new article copies a member of each stored group: the groups become one.
    groups = dedup.group([("copy1", "new", 0.7), ("new", "old2", 0.8)], published, existing)
    assert set(groups) == {"old1", "copy1", "old2", "mid", "copy2", "new"}
    assert set(groups.values()) == {"mid"}


def test_group_keeps_stored_groups_and_leaves_singletons_out() -> None:
    existing = {"a": "a", "b": "a"}
    assert dedup.group([], {"a": "2024-01-01", "z": None}, existing) == {"a": "a", "b": "a"}
    assert dedup.group([], {"z": None}) == {}


def test_exact_groups_join_identical_text_hashes() -> None:
    items = [
        ("late", "h1", "2024-05-02"),
        ("early", "h1", "2024-05-01"),
        ("undated", "h1", None),
        ("alone", "h2", "2024-01-01"),
        ("b", "h3", None),
        ("a", "h3", None),
    ]
    assert dedup.exact_groups(items) == {
        "late": "early",
        "early": "early",
        "undated": "early",
        "b": "a",
        "a": "a",
    }
