"""The command line, through click's CliRunner."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from conftest import story_files
from storydiff.cli import main

HOSTILE = ('Mayor quits <script>alert("x")</script>\n'
           'The mayor <img src=x onerror=alert(1)> resigned on Monday after a vote of no '
           'confidence, officials said, and a new election will be held in June.\n')


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_output_validates_against_the_schema() -> None:
    code, out, _ = run("compare", *map(str, story_files("mayor-trial")), "--format", "json",
                       "--limit", "1")
    assert code == 0
    data = json.loads(out)
    schema = json.loads(resources.files("storydiff").joinpath(
        "reports/schema/compare.v1.2.json").read_text())
    jsonschema.validate(data, schema)
    assert data["schema"] == "storydiff.compare/1.2"
    assert {"edges", "nodes"} <= set(data["provenance"])
    # The limit is for people: JSON keeps every finding, each with its rank.
    ranks = [d["rank"] for d in data["discrepancies"]]
    assert len(ranks) > 1 and sorted(ranks) == list(range(1, len(ranks) + 1))


def test_html_report_escapes_article_text(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(HOSTILE)
    b.write_text(HOSTILE.replace("June", "July").replace("Monday", "Tuesday"))
    out = tmp_path / "r.html"
    code, _, _ = run("compare", str(a), str(b), "-f", "html", "-o", str(out))
    assert code == 0
    page = out.read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x" in page
    assert "http://" not in page and "https://" not in page


def test_markdown_and_terminal_outputs() -> None:
    files = list(map(str, story_files("harbour-fire")))
    code, out, _ = run("compare", *files, "-f", "md")
    assert code == 0 and "number_conflict" in out and "| Number conflicts | 1 |" in out
    code, out, _ = run("compare", *files)
    assert code == 0 and "Maria Gomez" in out


FINDING_HEAD = re.compile(r"^\s*#(\d+) ", re.M)


def test_limit_lists_the_top_findings_and_sums_up_the_rest() -> None:
    files = list(map(str, story_files("harbour-fire")))
    code, out, _ = run("compare", *files, "--limit", "2")
    assert code == 0
    assert FINDING_HEAD.findall(out) == ["1", "2"]
    assert re.search(r"^\+ 10 more: ", out, re.M)
    code, out, _ = run("compare", *files, "--limit", "2", "--all")
    assert code == 0
    assert FINDING_HEAD.findall(out) == [str(k) for k in range(1, 13)] and "more:" not in out
    code, out, _ = run("compare", *files, "-f", "md", "--limit", "2")
    assert re.findall(r"^### (\d+)\. ", out, re.M) == ["1", "2"] and "+ 10 more: " in out


def test_limit_must_be_positive() -> None:
    code, _, err = run("compare", *map(str, story_files("harbour-fire")), "--limit", "0")
    assert code == 2 and "--limit" in err


def test_three_reports_are_grouped_by_claim() -> None:
    files = sorted(map(str, (story_files("provenance/wire-storm"))))
    code, out, _ = run("compare", *files)
    assert code == 0
    assert "Claims across 4 reports" in out and "added by D (1 of 4 reports)" in out
    assert not FINDING_HEAD.search(out)
    code, out, _ = run("compare", *files, "--all")
    assert code == 0 and "A ↔ D" in out and len(FINDING_HEAD.findall(out)) > 5
    code, out, _ = run("compare", *files, "-f", "md", "--limit", "2")
    assert "## Claims across 4 reports" in out and re.search(r"^\+ 6 more claims: ", out, re.M)


def test_errors_are_one_line_and_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    for args in (["compare", str(empty), str(empty)],
                 ["compare", str(tmp_path / "missing.txt"), str(empty)],
                 ["compare", *map(str, story_files("mayor-trial")), "--detector", "nope"]):
        code, out, err = run(*args)
        assert code != 0
        assert err.count("\n") == 1 and err.startswith("storydiff: error:")
        assert "Traceback" not in err + out


def test_single_article_is_refused() -> None:
    code, _, err = run("compare", str(story_files("mayor-trial")[0]))
    assert code != 0 and "at least two" in err


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("previous report")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, _ = run("compare", str(empty), str(empty), "-f", "json", "-o", str(out))
    assert code != 0 and out.read_text() == "previous report"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_detectors_command_lists_every_detector() -> None:
    code, out, _ = run("detectors")
    assert code == 0
    for name in ("number_conflict", "omission", "addition", "framing_changed"):
        assert name in out
