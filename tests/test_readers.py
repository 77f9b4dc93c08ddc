"""Reading articles: noise cleaning, outlets, and one-line errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff import Options, load_article
from storydiff.errors import (
    BinaryInputError,
    EmptyArticleError,
    InputError,
    NoMainTextError,
    OversizedInputError,
    UnsupportedLanguageError,
)
from storydiff.readers import article_from_text

BODY = ("The council approved the new budget on Tuesday after a long debate. "
        "Officials said spending on schools would rise by ten percent next year.")


def test_noise_lines_captions_and_credits_are_removed() -> None:
    text = (f"Budget approved\n\nShare:\nCouncillors vote in the town hall\n"
            f"Councillors vote in the town hall\n{BODY}\n"
            "Sign up for our newsletter to get the latest news\n"
            "Stay with Town Crier for more details.\n\nTown Crier\n\nShare:")
    a = article_from_text(text)
    assert a.title == "Budget approved"
    assert a.text == BODY
    assert a.outlet == "Town Crier"


def test_photo_credit_glued_to_caption_is_never_the_outlet() -> None:
    text = f"Budget approved\nBudget approvedAFP\n\n{BODY}"
    a = article_from_text(text)
    assert a.outlet is None
    assert a.credits == ("AFP",)
    assert a.text == BODY


def test_explicit_outlet_wins() -> None:
    a = article_from_text(f"Title\n{BODY}\n\nTown Crier", outlet="The Herald")
    assert a.outlet == "The Herald"


def test_html_main_text_and_metadata() -> None:
    html = ("<html><head><title>Budget approved</title>"
            '<meta property="og:site_name" content="Town Crier">'
            '<meta property="article:published_time" content="2024-03-05"></head>'
            f"<body><nav>Home | News</nav><article><h1>Budget approved</h1><p>{BODY}</p>"
            f"<p>{BODY.replace('Tuesday', 'Monday')}</p></article>"
            "<script>alert('x')</script></body></html>")
    a = article_from_text(html, source="page.html")
    assert a.outlet == "Town Crier"
    assert a.published == "2024-03-05"
    assert "council approved" in a.text and "alert" not in a.text


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(f"Café budget\n{BODY} The café owners were pleased.".encode("latin-1"))
    assert "café owners" in load_article(str(path)).text


@pytest.mark.parametrize("content, error", [
    (b"", EmptyArticleError),
    (b"Title only\n\n   \n", EmptyArticleError),
    (b"%PDF-1.7 binary", BinaryInputError),
    (b"\x00\x01\x02\x03" * 100, BinaryInputError),
    ("Le budget\nLe conseil municipal a approuvé le nouveau budget mardi après un long débat "
     "et les dépenses pour les écoles augmenteront de dix pour cent.".encode(),
     UnsupportedLanguageError),
    (b"<html><body><nav>menu</nav></body></html>", NoMainTextError),
])
def test_bad_input_raises_a_clear_error(tmp_path: Path, content: bytes, error: type) -> None:
    path = tmp_path / ("bad.html" if content.startswith(b"<html") else "bad.txt")
    path.write_bytes(content)
    with pytest.raises(error):
        load_article(str(path))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="folder"):
        load_article(str(tmp_path))


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + BODY * 50)
    with pytest.raises(OversizedInputError, match="--max-bytes"):
        load_article(str(path), Options(max_bytes=1000))
