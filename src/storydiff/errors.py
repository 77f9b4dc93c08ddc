"""The one exception tree of storydiff.

Every error a user can cause derives from :class:`StorydiffError`; the CLI prints
its message on one line and exits non-zero.
"""

from __future__ import annotations


class StorydiffError(Exception):
    """Base class of every error storydiff raises on purpose."""

    exit_code = 1


class InputError(StorydiffError):
    """An article could not be read or is not usable."""

    exit_code = 2


class EmptyArticleError(InputError):
    """The article has no text once noise is removed."""


class BinaryInputError(InputError):
    """The input is not text."""


class EncodingError(InputError):
    """The input's character encoding could not be determined."""


class OversizedInputError(InputError):
    """The input is larger than the configured cap."""


class NoMainTextError(InputError):
    """An HTML page has no extractable main text."""


class UnsupportedLanguageError(InputError):
    """The article is not in a language storydiff supports yet."""


class FetchError(InputError):
    """A URL could not be fetched."""


class UsageError(StorydiffError):
    """The request itself is inconsistent (too few articles, bad reference)."""

    exit_code = 2


class RegistryError(StorydiffError):
    """A detector or renderer registration is invalid."""


class OutputError(StorydiffError):
    """A report could not be written."""


class StoreError(StorydiffError):
    """The corpus store cannot be opened or used."""
