"""Report renderers, registered by format name like detectors."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import OutputError, RegistryError, UsageError
from ..models import Report
from .selection import DEFAULT_LIMIT


@dataclass(frozen=True)
class RenderOptions:
    """How much a human report lists; the JSON report always has everything."""

    #: Findings (or, with three or more reports, claims) listed before the rest is
    #: summed up in one line; None lists everything, pairwise detail included.
    limit: int | None = DEFAULT_LIMIT


Renderer = Callable[[Report, RenderOptions], str]
RENDERERS: dict[str, Renderer] = {}


_R = TypeVar("_R", bound=Renderer)


def renderer(name: str) -> Callable[[_R], _R]:
    """Register ``func(report, options) -> str`` as the renderer for format ``name``."""
    def register(func: _R) -> _R:
        existing = RENDERERS.get(name)
        if existing is not None and existing is not func:
            raise RegistryError(f"renderer {name!r} is already registered by {existing.__module__}")
        RENDERERS[name] = func
        return func

    return register


def _load_builtins() -> None:
    from . import html, json, markdown, terminal  # noqa: F401  (they register themselves)


def render(report: Report, format_: str, options: RenderOptions | None = None) -> str:
    """``report`` as text in ``format_`` (terminal, json, html, md)."""
    _load_builtins()
    if format_ not in RENDERERS:
        raise UsageError(f"unknown format {format_!r}; choose from {', '.join(sorted(RENDERERS))}")
    return RENDERERS[format_](report, options or RenderOptions())


def write_atomic(path: str | Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file renamed into place."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            # mkstemp makes the file private; give it the usual permissions.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


__all__ = ["DEFAULT_LIMIT", "RENDERERS", "RenderOptions", "Renderer", "render", "renderer",
           "write_atomic"]
