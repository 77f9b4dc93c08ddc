import json
from pathlib import Path

import pytest

from storydiff.detectors import REGISTRY, detector, get_detectors
from storydiff.errors import RegistryError, UsageError

PINNED = Path(__file__).parent / "data" / "detector_names.json"


def test_builtin_detector_names_are_pinned() -> None:
    assert sorted(REGISTRY) == json.loads(PINNED.read_text())


def test_registering_a_taken_name_names_both_functions() -> None:
    def impostor(pair):  # type: ignore[no-untyped-def]
        return []

    with pytest.raises(RegistryError, match=r"number_conflict.*impostor"):
        detector("number_conflict", version=9, description="x")(impostor)


def test_unknown_requirement_is_refused() -> None:
    with pytest.raises(RegistryError, match="unknown annotations"):
        detector("needs_magic", version=1, description="x", requires=("claim.magic",))


def test_unknown_detector_name_lists_valid_ones() -> None:
    with pytest.raises(UsageError, match=r"choose from .*number_conflict"):
        get_detectors(("no_such",), load_plugins=False)
