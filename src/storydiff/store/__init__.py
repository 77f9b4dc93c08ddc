"""The corpus store: the only place that speaks SQL.

:class:`Store` is the interface the engines, the CLI and the web app use;
:func:`open_store` picks the implementation from a path or a URL.
"""

from __future__ import annotations

from ..errors import StoreError
from .base import Batch, Store, StoryFilter, StoryRow
from .sqlite import SQLiteStore

#: URL schemes libpq accepts for a server; anything else is an SQLite file path.
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str, *, readonly: bool = False) -> Store:
    """Open (creating and migrating) the store at a file path or a ``postgresql://`` URL."""
    if location.lower().startswith(POSTGRES_SCHEMES):
        # Imported here: psycopg is an optional extra, and SQLite users never need it.
        try:
            from .postgres import PostgresStore
        except ImportError:
            raise StoreError("a postgresql:// corpus needs psycopg: "
                             "pip install 'storydiff[postgres]'") from None
        return PostgresStore(location, readonly=readonly)
    return SQLiteStore(location, readonly=readonly)


__all__ = ["Batch", "SQLiteStore", "Store", "StoryFilter", "StoryRow", "open_store"]
