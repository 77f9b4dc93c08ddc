"""Options for a comparison, built once and passed down to every stage."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: Largest input accepted, in bytes; news articles are far smaller.
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Options:
    #: Index of the reference article; None picks the earliest published, else the first.
    reference: int | None = None
    #: Detector names to run; empty means all registered detectors.
    detectors: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch_timeout: float = 15.0
    #: Allow fetching from loopback and private addresses (a newsroom's own
    #: intranet, or a test server); off, so a crafted link cannot probe the network.
    fetch_private: bool = False
    #: Threads for the sentence encoder (``STORYDIFF_THREADS``). Two were a third
    #: faster than one on the project's 2-core machine (benchmarks/run.py).
    threads: int = field(default_factory=lambda: int(
        os.environ.get("STORYDIFF_THREADS") or min(2, os.cpu_count() or 1)))
    #: Minimum confidence a finding needs to be reported.
    min_confidence: float = 0.0
    #: Load third-party detectors from the ``storydiff.detectors`` entry-point group.
    load_plugins: bool = True
    #: Read aligned claims with the NLI model (contradictions without a type).
    nli: bool = True
