"""What a corpus store does, whatever database holds it.

One :class:`Batch` is written in one transaction: a run killed at any moment
keeps whole batches only, and a re-run skips the record keys already stored.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..models import Article, Record, Skip


@dataclass(frozen=True)
class Batch:
    """Everything one ingest batch adds or changes."""

    records: Sequence[Record] = ()
    #: article id → MinHash signature bytes, and its LSH band keys.
    signatures: Mapping[str, bytes] = field(default_factory=dict)
    bands: Mapping[str, Sequence[int]] = field(default_factory=dict)
    #: article id → encoded story features.
    features: Mapping[str, bytes] = field(default_factory=dict)
    #: article id → canonical article id, for every member whose group changed.
    canonical: Mapping[str, str] = field(default_factory=dict)
    #: article id → story id, for the new articles.
    stories: Mapping[str, int] = field(default_factory=dict)
    #: Story ids in ``stories`` that this batch opens. They are provisional: the store
    #: gives them the next free ids inside the write, so two workers never share one.
    new_stories: frozenset[int] = frozenset()
    skips: Sequence[Skip] = ()


@dataclass(frozen=True)
class StoryFilter:
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    q: str | None = None
    #: "size" or "recent"
    sort: str = "size"
    limit: int | None = None
    offset: int = 0
    #: Stories with fewer reports are left out.
    min_reports: int = 1


@dataclass(frozen=True)
class StoryRow:
    id: int
    title: str
    reports: int
    independent_reports: int
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    key: str
    canonical: str
    story: int | None


@dataclass(frozen=True)
class User:
    name: str
    #: An argon2 hash; the store never sees a password.
    password_hash: str
    created_at: str = ""


#: What a person can say about a finding.
MARKS = ("confirmed", "wrong", "follow_up")


@dataclass(frozen=True)
class Note:
    """A person's mark on one finding of a story's comparison."""

    story: int
    #: The finding's id in the story's comparison JSON ("d12").
    finding: str
    #: The finding's kind, for the per-kind tally of where detectors are trusted.
    kind: str
    user: str
    #: One of :data:`MARKS`.
    mark: str
    text: str = ""
    id: int = 0
    created_at: str = ""


def story_ids(batch: Batch, first_free: int) -> tuple[dict[int, int], dict[str, int]]:
    """Give a batch's new stories ids from ``first_free`` on; return that mapping and the
    article → story mapping to store."""
    fresh = {label: first_free + i for i, label in enumerate(sorted(batch.new_stories))}
    return fresh, {a: fresh.get(s, s) for a, s in batch.stories.items()}


class Store(ABC):
    """A corpus: articles, near-duplicate groups, stories, cached comparisons."""

    @abstractmethod
    def known_keys(self, keys: Sequence[str]) -> set[str]:
        """The record keys among ``keys`` that are stored already."""

    @abstractmethod
    def text_hash_owners(self, hashes: Sequence[str]) -> dict[str, str]:
        """text hash → id of a stored article with that exact text."""

    @abstractmethod
    def band_candidates(self, band_keys: Sequence[int]) -> list[tuple[str, bytes]]:
        """(article id, signature) of stored articles sharing any of ``band_keys``."""

    @abstractmethod
    def canonical_of(self, ids: Sequence[str]) -> dict[str, str]:
        """id → canonical id of its near-duplicate group, for stored ``ids``."""

    @abstractmethod
    def group_members(self, canonicals: Sequence[str]) -> dict[str, str]:
        """Every stored member of the groups of ``canonicals``: id → canonical."""

    @abstractmethod
    def published_of(self, ids: Sequence[str]) -> dict[str, str | None]:
        """id → published date, for stored ``ids``."""

    @abstractmethod
    def story_of(self, ids: Sequence[str]) -> dict[str, int]:
        """id → story id, for stored ``ids``."""

    @abstractmethod
    def features(self) -> Iterator[tuple[str, bytes, int]]:
        """(article id, encoded features, story id) of every clustered article."""

    @abstractmethod
    def next_story_id(self) -> int:
        """The smallest story id not in use."""

    @abstractmethod
    def write(self, batch: Batch) -> dict[int, int]:
        """Store ``batch`` whole, in one transaction, or not at all.

        Returns the ids the batch's new stories got: provisional id → stored id.
        """

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """articles, stories, duplicate groups, skipped records."""

    @abstractmethod
    def duplicate_groups(self, *, limit: int | None = None) -> list[list[StoredArticle]]:
        """Groups of two or more copies, largest first; the canonical member first."""

    @abstractmethod
    def stories(self, where: StoryFilter) -> list[StoryRow]:
        """Stories that pass ``where``, sorted as it asks."""

    @abstractmethod
    def story(self, story_id: int) -> StoryRow | None:
        """One story's summary, or None."""

    @abstractmethod
    def story_articles(self, story_id: int) -> list[StoredArticle]:
        """A story's articles, earliest published first."""

    @abstractmethod
    def cached_comparison(self, story_id: int, version: str, members: str) -> str | None:
        """A comparison stored for this story, project version and member set."""

    @abstractmethod
    def cache_comparison(self, story_id: int, version: str, members: str, data: str,
                         provenance_copies: int) -> None:
        """Keep a story's comparison; ``provenance_copies`` lowers its independent count."""

    @abstractmethod
    def skips(self, *, limit: int | None = None) -> list[Skip]:
        """Skipped records, latest first."""

    @abstractmethod
    def add_user(self, name: str, password_hash: str) -> None:
        """Create a user; a name in use raises :class:`StoreError`."""

    @abstractmethod
    def user(self, name: str) -> User | None: ...

    @abstractmethod
    def add_note(self, note: Note) -> Note:
        """Store a note (its id and time are set here) and return it."""

    @abstractmethod
    def notes(self, story_id: int) -> list[Note]:
        """A story's notes, oldest first."""

    @abstractmethod
    def note_tally(self) -> dict[str, dict[str, int]]:
        """finding kind → mark → number of notes, over the whole corpus."""

    @abstractmethod
    def close(self) -> None: ...
