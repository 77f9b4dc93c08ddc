"""The storydiff web app (optional extra ``storydiff[web]``): stories, comparisons, notes.

``create_app(Settings(location="news.db"))`` builds the FastAPI app; ``storydiff serve``
runs it with uvicorn.
"""

from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
