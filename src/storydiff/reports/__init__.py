"""Report renderers, registered by format name like detectors."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import OutputError, RegistryError, UsageError
from ..models import Report

Renderer = Callable[[Report], str]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    def register(func: Renderer) -> Renderer:
        existing = RENDERERS.get(name)
        if existing is not None and existing is not func:
            raise RegistryError(f"renderer {name!r} is already registered by {existing.__module__}")
        RENDERERS[name] = func
        return func

    return register


def _load_builtins() -> None:
    from . import html, json, markdown, terminal  # noqa: F401  (they register themselves)


def render(report: Report, format_: str) -> str:
    _load_builtins()
    if format_ not in RENDERERS:
        raise UsageError(f"unknown format {format_!r}; choose from {', '.join(sorted(RENDERERS))}")
    return RENDERERS[format_](report)


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
