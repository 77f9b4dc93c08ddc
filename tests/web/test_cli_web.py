"""``storydiff serve`` and ``storydiff users add``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from storydiff import Corpus
from storydiff.cli import main
from storydiff.web.auth import verify_password
from storydiff.web.settings import Settings, load_secret


def test_users_add_stores_an_argon2_hash(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    result = CliRunner().invoke(main, ["users", "add", "bob", "--db", db, "--password-stdin"],
                                input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with Corpus(db) as corpus:
        user = corpus.store.user("bob")
    assert user and user.password_hash.startswith("$argon2")
    assert verify_password(user.password_hash, "a long enough password")
    assert not verify_password(user.password_hash, "another password")
    again = CliRunner().invoke(main, ["users", "add", "bob", "--db", db, "--password-stdin"],
                               input="a long enough password\n")
    assert again.exit_code != 0 and "exists" in again.output


def test_users_add_prompts_twice_and_refuses_short_passwords(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    ok = CliRunner().invoke(main, ["users", "add", "carol", "--db", db],
                            input="a long enough password\na long enough password\n")
    assert ok.exit_code == 0, ok.output
    short = CliRunner().invoke(main, ["users", "add", "dave", "--db", db, "--password-stdin"],
                               input="short\n")
    assert short.exit_code == 2 and "too short" in short.output


def test_serve_has_help_with_an_example_and_checks_its_options() -> None:
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "storydiff serve --db demo.db" in help_text and "--allow-fetch" in help_text
    both = CliRunner().invoke(main, ["serve", "--db", "a.db", "--db-url", "postgresql://x/y"])
    assert both.exit_code == 2 and "not both" in both.output
    assert "storydiff users add" in CliRunner().invoke(main, ["users", "add", "--help"]).output


def test_secret_is_made_once_beside_the_corpus_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings(location=str(tmp_path / "c.db"))
    first = load_secret(settings)
    path = tmp_path / "c.db.secret"
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secret(settings) == first and len(first) >= 32
