"""Print docs/cli.md from the CLI's own --help, so the reference cannot drift.

    .venv/bin/python docs/make_cli_reference.py > docs/cli.md
"""

from __future__ import annotations

from click.testing import CliRunner

from storydiff.cli import main


def reference() -> str:
    runner = CliRunner()
    parts = ["# CLI reference", "",
             "Generated from `--help` by `docs/make_cli_reference.py`; do not edit by hand.", ""]
    for args in ([], ["compare"], ["detectors"]):
        title = " ".join(["storydiff", *args])
        help_text = runner.invoke(main, [*args, "--help"], prog_name="storydiff",
                                  terminal_width=100).output
        parts += [f"## {title}", "", "```", help_text.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
