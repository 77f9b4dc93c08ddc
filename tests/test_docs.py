"""The docs cover every detector and command, and the CLI reference is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from storydiff.detectors import REGISTRY

ROOT = Path(__file__).resolve().parents[1]


def test_every_detector_has_a_heading() -> None:
    headings = set(re.findall(r"^## (\w+)$", (ROOT / "docs" / "detectors.md").read_text(), re.M))
    assert set(REGISTRY) <= headings


def test_cli_reference_is_generated_from_help() -> None:
    current = subprocess.run([sys.executable, str(ROOT / "docs" / "make_cli_reference.py")],
                             capture_output=True, text=True, check=True).stdout
    assert current == (ROOT / "docs" / "cli.md").read_text(), "run `make docs`"


def test_every_command_documents_an_example() -> None:
    from storydiff.cli import main

    for name, command in main.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, name


def test_readme_starts_with_the_two_setup_commands() -> None:
    commands = re.findall(r"^make \w+", (ROOT / "README.md").read_text(), re.M)
    assert commands[:2] == ["make demo", "make test"]
