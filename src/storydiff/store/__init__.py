"""The corpus store: the only place that speaks SQL.

:class:`Store` is the interface the engines, the CLI and the web app use;
:func:`open_store` picks the implementation from a path or a URL.
"""

from __future__ import annotations

from .base import Batch, Store, StoryFilter, StoryRow
from .sqlite import SQLiteStore


def open_store(location: str, *, readonly: bool = False) -> Store:
    """Open (creating and migrating) the store at a file path."""
    return SQLiteStore(location, readonly=readonly)


__all__ = ["Batch", "SQLiteStore", "Store", "StoryFilter", "StoryRow", "open_store"]
