"""The local engine: ingest → dedup → cluster, batch by batch, on one machine.

Each batch is read, extracted, deduplicated and clustered in memory, then
written in one store transaction. A killed run keeps whole batches; running the
same command again skips the stored record keys and finishes the job.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..analysis.embed import Embedder
from ..corpus import cluster, dedup
from ..corpus.extract import extract_batch
from ..corpus.sources import SourceOptions, iter_records
from ..models import RawRecord, Record, Skip
from ..store import Batch, Store

log = logging.getLogger("storydiff.ingest")

#: Records per transaction: small enough that a kill loses little, large enough
#: that the encoder runs full batches.
BATCH_SIZE = 256


@dataclass
class Progress:
    """Running totals of one ingest, for the progress bar and the summary."""

    read: int = 0
    kept: int = 0
    known: int = 0
    skipped: int = 0
    copies: int = 0
    new_stories: int = 0
    joined: int = 0
    started: float = field(default_factory=time.monotonic)
    reasons: dict[str, int] = field(default_factory=dict)
    #: Seconds spent in each stage: read, extract, dedup, cluster, write.
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - start

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.read / max(self.elapsed, 1e-9)

    def skip(self, skip: Skip) -> None:
        self.skipped += 1
        # Reasons are counted by kind: "not valid JSON (Expecting ',' ...)" and "not valid
        # JSON (Unterminated string ...)" are one kind; the log keeps each in full.
        reason = skip.reason.removeprefix(f"{skip.origin}: ")
        kind = re.sub(r"\s*\(.*", "", reason).strip() or reason
        self.reasons[kind] = self.reasons.get(kind, 0) + 1


def _batches(items: Iterable[RawRecord | Skip], size: int) -> Iterator[list[RawRecord | Skip]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class LocalEngine:
    """Runs the corpus stages over one store; holds the story index between batches."""

    def __init__(self, store: Store, *, threads: int = 1) -> None:
        self.store = store
        self.threads = threads
        self._index: cluster.StoryIndex | None = None

    def _story_index(self) -> cluster.StoryIndex:
        if self._index is None:
            index = cluster.StoryIndex()
            ids_features, labels = [], []
            for _, blob, story in self.store.features():
                ids_features.append(cluster.decode_features(blob))
                labels.append(story)
            if ids_features:
                index.add(ids_features, labels)
            self._index = index
        return self._index

    def ingest(self, sources: Sequence[str], options: SourceOptions,
               on_progress: Callable[[Progress], None] | None = None,
               batch_size: int = BATCH_SIZE) -> Progress:
        progress = Progress()
        batches = _batches(iter_records(sources, options), batch_size)
        while True:
            with progress.timing("read"):
                items = next(batches, None)
            if items is None:
                return progress
            self._ingest_batch(items, progress)
            if on_progress:
                on_progress(progress)

    def _ingest_batch(self, items: list[RawRecord | Skip], progress: Progress) -> None:
        skips: list[Skip] = []
        raws: dict[str, RawRecord] = {}
        for item in items:
            progress.read += 1
            if isinstance(item, Skip):
                skips.append(item)
            elif item.key not in raws:
                raws[item.key] = item
            else:
                progress.known += 1
        known = self.store.known_keys(list(raws))
        progress.known += len(known)
        records: list[Record] = []
        with progress.timing("extract"):
            for result in extract_batch(r for k, r in raws.items() if k not in known):
                if isinstance(result, Skip):
                    skips.append(result)
                else:
                    records.append(result)
        for s in skips:
            progress.skip(s)
            log.warning("skipped %s: %s", s.origin, s.reason)
        batch, placed = self._process(records, skips, progress)
        with progress.timing("write"):
            fresh = self.store.write(batch)
        if fresh or placed:
            # assign() indexed what it placed; copies placed by their group are added here,
            # and new stories take the ids the store gave them.
            self._story_index().add(
                [cluster.decode_features(batch.features[i]) for i in placed],
                [batch.stories[i] for i in placed])
            if fresh:
                self._story_index().relabel(fresh)
        progress.kept += len(records)
        progress.copies += sum(1 for r in records
                               if batch.canonical.get(r.article.id, r.article.id) != r.article.id)

    def _process(self, records: list[Record], skips: list[Skip], progress: Progress
                 ) -> tuple[Batch, list[str]]:
        """Dedup and cluster one batch against the store; nothing is written here.

        Also returns the ids placed in a story by their copy group rather than by
        the story index, which the index has yet to learn.
        """
        if not records:
            return Batch(skips=skips), []
        with progress.timing("dedup"):
            ids, sigs, bands, canonical = self._dedup(records)
        with progress.timing("cluster"):
            stories, features, new_stories, placed = self._cluster(records, canonical)
        return Batch(records=records,
                     signatures={i: dedup.encode_signature(s) for i, s in zip(ids, sigs, strict=True)},
                     bands=bands, features=features, canonical=canonical, stories=stories,
                     new_stories=new_stories, skips=skips), placed

    def _dedup(self, records: list[Record]) -> tuple[list[str], list[Any], dict[str, list[int]],
                                                     dict[str, str]]:
        ids = [r.article.id for r in records]
        new = set(ids)
        published = {r.article.id: r.article.published for r in records}
        # Exact copies: the same cleaned text, stored or earlier in this batch.
        owners = self.store.text_hash_owners([r.text_hash for r in records])
        pairs: list[tuple[str, str, float]] = []
        for r in records:
            owner = owners.setdefault(r.text_hash, r.article.id)
            if owner != r.article.id:
                pairs.append((r.article.id, owner, 1.0))
        sigs = dedup.signatures([r.article.text for r in records])
        bands = {i: dedup.band_keys(s) for i, s in zip(ids, sigs, strict=True)}
        stored = [(id_, dedup.decode_signature(blob)) for id_, blob in
                  self.store.band_candidates(sorted({k for ks in bands.values() for k in ks}))]
        pairs += dedup.near_copy_pairs(list(zip(ids, sigs, strict=True)), stored)
        linked = sorted({x for pair in pairs for x in pair[:2]} - new)
        existing = self.store.canonical_of(linked)
        existing.update(self.store.group_members(sorted(set(existing.values()))))
        published.update(self.store.published_of(sorted(set(existing) - new)))
        grouped = dedup.group(pairs, published, existing)
        # Stored members are rewritten only when their canonical member changes.
        return ids, sigs, bands, {k: v for k, v in grouped.items() if k in new or existing.get(k) != v}

    def _cluster(self, records: list[Record], canonical: dict[str, str]
                 ) -> tuple[dict[str, int], dict[str, bytes], frozenset[int], list[str]]:
        ids = [r.article.id for r in records]
        features = cluster.story_features([r.article for r in records], _embedder(self.threads))
        # A copy of a stored article joins that article's story, whatever the text says.
        group_of = {i: canonical.get(i, i) for i in ids}
        stored_members = {m: canonical.get(m, c) for m, c in
                          self.store.group_members(sorted(set(group_of.values()))).items()}
        stored_members.update({m: c for m, c in canonical.items() if m not in group_of})
        member_story = self.store.story_of(sorted(stored_members))
        group_story = {stored_members[m]: s for m, s in member_story.items()}
        stories = {i: group_story[g] for i, g in group_of.items() if g in group_story}
        rest = [f for f in features if f.id not in stories]
        first_new = self.store.next_story_id()
        labels = self._story_index().assign(rest, same_group={f.id: group_of[f.id] for f in rest},
                                            next_label=first_new)
        labelled = {f.id for f in rest}
        stories.update(zip((f.id for f in rest), labels, strict=True))
        placed = [f.id for f in features if f.id in stories and f.id not in labelled]
        return (stories, {f.id: cluster.encode_features(f) for f in features},
                frozenset(label for label in labels if label >= first_new), placed)


def _embedder(threads: int) -> Embedder:
    from ..analysis.embed import load_embedder

    return load_embedder(threads)
