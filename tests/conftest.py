"""Shared fixtures: the project's example stories, the seeds (when ../shared exists)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storydiff import Options, compare, load_article
from storydiff.models import Report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
STORIES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "expected.json").exists())


@pytest.fixture(autouse=True)
def _no_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Third-party detectors installed on the machine must not change test results."""
    from storydiff import detectors

    monkeypatch.setattr(detectors, "_plugins_loaded", True)


def story_files(story: str) -> list[Path]:
    return sorted((EXAMPLES / story).glob("*.txt"))


def expected(story: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / story / "expected.json").read_text())
    return data


_cache: dict[str, Report] = {}


def compare_story(story: str) -> Report:
    if story not in _cache:
        articles = [load_article(str(p)) for p in story_files(story)]
        _cache[story] = compare(articles, Options(load_plugins=False))
    return _cache[story]


@pytest.fixture(scope="session")
def seed_report() -> Report:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if len(files) < 2:
        pytest.skip("../shared/seeds is absent")
    return compare([load_article(str(p)) for p in files], Options(load_plugins=False))
