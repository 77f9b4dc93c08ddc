"""Incremental story clustering: give each new report the story of the event it is about.

Each new article is scored against candidates: its nearest neighbours by title
vector in an approximate-nearest-neighbour index (so the cost grows about
linearly with the corpus) plus the articles that share its rarest names. The pair
score is a weighted sum: what the vector blurs is added back, since two reports
of one event name the same rare people and places and give the same numbers,
while two events of one kind (two shootings, two earthquakes) differ in exactly
those, and reports far apart in time are rarely about one event.

The batch's articles and the stories they touch are then merged best pair first
by average score (average link), counting pairs never scored as a fixed negative
score; a story joins another only when most of their reports look alike, never
through one chain of look-alikes. Stories already stored never merge with each
other, and articles already placed never move: order matters a little, and a
corpus added in batches gives about the stories it gets added at once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..errors import StorydiffError
from ..models import Article
from .features import DIM, StoryFeatures, decode_features, encode_features, story_features

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "Entry", "ScoreWeights", "StoryFeatures", "StoryIndex", "Vocabulary", "cluster_texts", "decode_features",
    "encode_features", "entry_score", "merge_chunk", "pair_score", "story_features", "text_article",
]

#: Nearest neighbours scored per new article: a story's reports are near each other, so
#: a few are enough, and each costs one pair score.
NEIGHBOURS = 10
#: Articles searched and added to the index together; bounds the in-batch similarity matrix.
CHUNK = 2048
#: Most recent articles looked at per name: a name in thousands of reports is no clue.
POSTINGS = 50
#: Score of a pair never compared, in average link: clearly "not one event", or stories
#: would join through the few pairs that happen to look alike.
MISSING = -2.0
#: Reports of a story counted in average link: about as many as a new article has
#: candidates, so a long-running story stays as joinable as a young one.
LINK_CAP = 2 * NEIGHBOURS
#: Days apart that say nothing: follow-ups, charges and funerals come within a week, and a
#: crawl date may trail publication by a few days.
GRACE_DAYS = 7
#: Articles the rarity of a name is measured against before the corpus has that many: in a
#: handful of reports every shared name would otherwise look common.
PRIOR_DOCS = 1000


@dataclass(frozen=True)
class ScoreWeights:
    """Weights of the pair score, a logistic-regression logit: >= 0 argues for one event.

    Fitted by logistic regression on the pairs the index scores (same event or not)
    in the development parts of ECB+ and the Gun Violence Archive together; only
    ``bias`` was then tuned for B³ F1 of the clustering (benchmarks/clustering.py).
    Every sign is the one expected, the check that the fit learnt no quirk of the data.
    """

    bias: float = -3.0
    #: Cosine of the headline vectors.
    cosine: float = 1.42
    #: Cosine of rarity-weighted content-word sets.
    lexical: float = 0.86
    #: log(1 + summed rarity of shared name words).
    shared_names: float = 1.68
    #: Shared name rarity over the smaller side's: how much of one report's cast the other has.
    name_overlap: float = 1.72
    #: Whole multi-word names shared, by rarity.
    shared_phrases: float = 0.51
    #: log(1 + summed rarity of shared numbers of two or more digits).
    shared_numbers: float = 0.50
    #: Both give ages and none agrees.
    age_conflict: float = -1.16
    #: log(1 + days apart beyond the grace period), when both dates are known.
    days_apart: float = -0.67
    #: The latest years the reports name agree / differ.
    same_year: float = 0.71
    other_year: float = -0.84
    #: Each headline names someone or somewhere the other report never mentions.
    other_headline: float = -0.92


WEIGHTS = ScoreWeights()


@dataclass(frozen=True)
class Entry:
    """What the index keeps of an article besides its vector: interned keys, no text."""

    names: tuple[int, ...]
    #: Whole names of two or more words ("marta quillon"): sharing one is strong evidence.
    phrases: tuple[int, ...]
    numbers: tuple[int, ...]
    ages: tuple[int, ...]
    terms: tuple[int, ...]
    #: Squared norm of the rarity-weighted term vector, fixed when the article is added.
    norm: float
    #: Summed rarity of the name words, also fixed when added: a pair's score then reads only
    #: the two entries and the rarity of what they share, which is the same whichever
    #: articles came between them (so a distributed engine can compute it).
    name_mass: float
    day: int | None
    #: Name words of the headline and lead.
    headline: tuple[int, ...]
    #: The latest year the text names: a report names its event's year more than any later one.
    year: int | None


class Vocabulary:
    """Interns keys as ints and counts the articles each occurs in (its rarity)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.df: list[int] = []
        #: log(df) of each key id, kept beside df: rarity is read millions of times. A dict,
        #: so a vocabulary may give its keys ids of its own (the Spark engine hashes them).
        self.log_df: dict[int, float] = {}
        self.docs = 0

    def intern(self, keys: frozenset[str]) -> tuple[int, ...]:
        out = []
        for key in keys:
            i = self.ids.get(key)
            if i is None:
                i = self.ids[key] = len(self.df)
                self.df.append(0)
            self.df[i] += 1
            self.log_df[i] = math.log(self.df[i])
            out.append(i)
        return tuple(sorted(out))

    def scale(self) -> float:
        """1 / log(articles): rarity = 1 - log(df) * scale, 0 (in every article) to 1 (in one)."""
        return 1.0 / math.log(self.docs + PRIOR_DOCS)

    def mass(self, keys: Iterable[int], scale: float) -> float:
        """Summed rarity of the keys."""
        log_df = self.log_df
        return sum(1.0 - log_df[k] * scale for k in keys)

    def entry(self, f: StoryFeatures) -> Entry:
        # Small counts ("two", "3") occur in every report; they say nothing.
        numbers = self.intern(frozenset("#" + n for n in f.numbers if len(n) > 1))
        ages = self.intern(frozenset("@" + a for a in f.ages))
        names = self.intern(f.name_tokens())
        phrases = self.intern(frozenset("~" + p for p in f.people | f.places | f.organisations
                                        if " " in p))
        terms = self.intern(f.terms)
        self.docs += 1
        scale, log_df = self.scale(), self.log_df
        norm = sum((1.0 - log_df[k] * scale) ** 2 for k in terms)
        name_mass = self.mass(names, scale)
        years = [int(n) for n in f.numbers if len(n) == 4 and n.isdigit() and 1900 <= int(n) <= 2100]
        headline = tuple(sorted(self.ids[w] for w in f.headline if w in self.ids))
        return Entry(names, phrases, numbers, ages, terms, norm, name_mass, f.day, headline,
                      max(years, default=None))


def _pair_features(a: Entry, b: Entry, cosine: float, vocab: Vocabulary) -> list[float]:
    scale, log_df, mass = vocab.scale(), vocab.log_df, vocab.mass
    shared_terms = set(a.terms).intersection(b.terms)
    lexical = sum((1.0 - log_df[k] * scale) ** 2 for k in shared_terms) / math.sqrt(
        max(a.norm * b.norm, 1e-9))
    shared = mass(set(a.names).intersection(b.names), scale)
    smaller = min(a.name_mass, b.name_mass)
    overlap = shared / smaller if smaller > 0 else 0.0
    numbers = mass(set(a.numbers).intersection(b.numbers), scale)
    phrases = mass(set(a.phrases).intersection(b.phrases), scale)
    age_conflict = 1.0 if a.ages and b.ages and not set(a.ages).intersection(b.ages) else 0.0
    gap = 0.0
    if a.day is not None and b.day is not None:
        gap = math.log1p(max(0, abs(a.day - b.day) - GRACE_DAYS))
    same_year = other_year = 0.0
    if a.year is not None and b.year is not None:
        same_year, other_year = (1.0, 0.0) if a.year == b.year else (0.0, 1.0)
    # Each headline names someone or somewhere the other report never mentions: two protagonists.
    other_headline = 1.0 if (a.headline and b.headline and not set(a.headline).intersection(b.names)
                             and not set(b.headline).intersection(a.names)) else 0.0
    return [cosine, lexical, math.log1p(shared), overlap, math.log1p(numbers), age_conflict, gap,
            phrases, same_year, other_year, other_headline]


def _score(values: list[float], weights: ScoreWeights) -> float:
    w = weights
    return (w.bias + w.cosine * values[0] + w.lexical * values[1] + w.shared_names * values[2]
            + w.name_overlap * values[3] + w.shared_numbers * values[4] + w.age_conflict * values[5]
            + w.days_apart * values[6] + w.shared_phrases * values[7] + w.same_year * values[8]
            + w.other_year * values[9] + w.other_headline * values[10])


def entry_score(new: Entry, old: Entry, cosine: float, vocab: Vocabulary,
                weights: ScoreWeights = WEIGHTS) -> float:
    """The index's score of a new article's entry against an older one, rarity as ``vocab`` has it now."""
    return _score(_pair_features(new, old, cosine, vocab), weights)


def pair_score(a: StoryFeatures, b: StoryFeatures, weights: ScoreWeights = WEIGHTS) -> float:
    """How strongly two articles look like reports of one event (>= 0: the same story).

    Rarity is measured against the two articles alone (and the prior), so this
    standalone score can differ a little from the one an index with a corpus gives.
    """
    vocab = Vocabulary()
    first, second = vocab.entry(a), vocab.entry(b)
    return entry_score(first, second, float(np.dot(a.vector, b.vector)), vocab, weights)


class StoryIndex:
    """Clustered articles held in memory: vectors in an ANN index, names and numbers interned.

    The owner (an engine) rebuilds it at start with :meth:`add` from stored features
    and labels, then calls :meth:`assign` on each new batch. Candidates for a new
    article are its nearest neighbours by vector plus the articles that share its
    rarest names (crawled leads are often junk, so the vector alone misses reports).
    """

    def __init__(self, weights: ScoreWeights = WEIGHTS, neighbours: int = NEIGHBOURS) -> None:
        from usearch.index import Index

        self.weights = weights
        self.neighbours = neighbours
        self._index = Index(ndim=DIM, metric="cos", dtype="f16")
        self._vectors: list[NDArray[np.float32]] = []
        self._vocab = Vocabulary()
        self._entries: list[Entry] = []
        self._labels: list[int] = []
        self._sizes: dict[int, int] = {}
        #: Positions of the articles each name key occurs in, oldest first.
        self._postings: dict[int, list[int]] = {}
        #: Story label of each article id and of each near-duplicate group seen.
        self._label_of: dict[str, int] = {}
        #: Ids of the articles in the index: adding one twice would count its names twice.
        self._ids: set[str] = set()

    def __len__(self) -> int:
        return len(self._entries)

    def _remember(self, f: StoryFeatures, entry: Entry) -> int:
        position = len(self._entries)
        self._ids.add(f.id)
        self._entries.append(entry)
        self._labels.append(-1)
        self._vectors.append(f.vector)
        for key in entry.names + entry.numbers:
            self._postings.setdefault(key, []).append(position)
        return position

    def _label(self, position: int, article_id: str, label: int) -> None:
        self._labels[position] = label
        self._sizes[label] = self._sizes.get(label, 0) + 1
        self._label_of[article_id] = label

    def _flush(self, first: int) -> None:
        """Move the vectors of articles remembered since ``first`` into the ANN index."""
        if first < len(self._entries):
            keys = np.arange(first, len(self._entries), dtype=np.uint64)
            self._index.add(keys, np.stack(self._vectors), threads=1)
        self._vectors = []

    def add(self, features: Sequence[StoryFeatures], labels: Sequence[int]) -> None:
        """Add already clustered articles (e.g. from the store at start) with their labels.

        Articles already in the index (placed by :meth:`assign`) are skipped, so adding
        a whole written batch after assigning part of it is safe.
        """
        if len(features) != len(labels):
            raise StorydiffError(f"add() got {len(features)} features but {len(labels)} labels; "
                                 "give one label per article")
        first = len(self._entries)
        for f, label in zip(features, labels, strict=True):
            if f.id not in self._ids:
                self._label(self._remember(f, self._vocab.entry(f)), f.id, label)
        self._flush(first)

    def relabel(self, mapping: Mapping[int, int]) -> None:
        """Rename stories (old label → new label): the store hands out the final ids of
        new stories when it writes them."""
        if not mapping:
            return
        self._labels = [mapping.get(label, label) for label in self._labels]
        self._label_of = {k: mapping.get(v, v) for k, v in self._label_of.items()}
        sizes: dict[int, int] = {}
        for label, size in self._sizes.items():
            new = mapping.get(label, label)
            sizes[new] = sizes.get(new, 0) + size
        self._sizes = sizes

    def assign(self, batch: Sequence[StoryFeatures], same_group: Mapping[str, str] | None = None,
               *, next_label: int) -> list[int]:
        """Give each article of ``batch`` a story label, and add it to the index.

        Each article is scored against its candidates among the indexed articles and
        the batch's earlier ones; then the batch's articles and the stories they touch
        are merged best pair first by average score, as long as it is positive. A new
        story is numbered from ``next_label`` up. Members of one near-duplicate group
        (``same_group``: member id -> canonical id) always share a story. An article
        already in the index keeps its story.
        """
        groups = same_group or {}
        # An article already indexed (or repeated in the batch) keeps its story; placing it
        # again would count its names twice.
        fresh: list[StoryFeatures] = []
        seen: set[str] = set()
        for f in batch:
            if f.id not in self._ids and f.id not in seen:
                seen.add(f.id)
                fresh.append(f)
        for start in range(0, len(fresh), CHUNK):
            chunk = fresh[start:start + CHUNK]
            first = len(self._entries)
            vectors = _matrix(chunk)
            nearest = self._nearest(vectors)
            inner = vectors @ vectors.T
            edges: dict[tuple[int, int], float] = {}
            for i, f in enumerate(chunk):
                entry = self._vocab.entry(f)
                earlier = {first + j: float(inner[i, j])
                           for j in np.argsort(-inner[i, :i])[:self.neighbours]}
                found = nearest[i] | earlier
                found.update(self._named(f, entry, found))
                for position, score in self._scores(entry, found).items():
                    edges[(first + i, position)] = score
                self._remember(f, entry)
            labels, opened = self._cluster(chunk, first, edges, groups, next_label)
            next_label += opened
            for i, (f, label) in enumerate(zip(chunk, labels, strict=True)):
                self._label(first + i, f.id, label)
                self._label_of[groups.get(f.id, f.id)] = label
            self._flush(first)
        return [self._label_of[f.id] for f in batch]

    def _cluster(self, chunk: Sequence[StoryFeatures], first: int, edges: dict[tuple[int, int], float],
                 groups: Mapping[str, str], next_label: int) -> tuple[list[int], int]:
        """Labels of the chunk's articles (at positions ``first`` on), and how many new stories they open."""
        links: list[Link] = [
            (a - first, b - first, False, score) if b >= first else (a - first, self._labels[b], True, score)
            for (a, b), score in edges.items()]
        group_of = [groups.get(f.id, f.id) for f in chunk]
        known = [self._label_of.get(g, self._label_of.get(f.id))
                 for f, g in zip(chunk, group_of, strict=True)]
        return merge_chunk(group_of, known, links, self._sizes, next_label)

    def _nearest(self, vectors: NDArray[np.float32]) -> list[dict[int, float]]:
        """Nearest articles in the ANN index for each vector: position -> cosine."""
        if not len(self._index) or not len(vectors):
            return [{} for _ in range(len(vectors))]
        count = min(self.neighbours, len(self._index))
        from usearch.index import BatchMatches

        found = self._index.search(vectors, count, threads=1)
        if isinstance(found, BatchMatches):
            rows = [(found.keys[i, :n], found.distances[i, :n]) for i, n in enumerate(found.counts)]
        else:  # usearch answers a one-row batch with a plain match list
            rows = [(found.keys, found.distances)]
        return [{int(k): 1.0 - float(d) for k, d in zip(keys, distances, strict=True)}
                for keys, distances in rows]

    def _named(self, f: StoryFeatures, entry: Entry, found: Mapping[int, float]) -> dict[int, float]:
        """Earlier articles sharing the entry's rare names, not already ``found``: position -> cosine.

        The ``neighbours`` with the most shared rarity, the latest first among equals
        (an order that does not depend on how keys were interned).
        """
        mass: dict[int, float] = {}
        scale = self._vocab.scale()
        for key in entry.names + entry.numbers:
            weight = 1.0 - self._vocab.log_df[key] * scale
            for position in self._postings.get(key, [])[-POSTINGS:]:
                mass[position] = mass.get(position, 0.0) + weight
        best = sorted(mass, key=lambda p: (-mass[p], -p))[:self.neighbours]
        return {p: float(np.dot(f.vector, self._vector(p))) for p in best if p not in found}

    def _scores(self, entry: Entry, candidates: Mapping[int, float]) -> dict[int, float]:
        """Pair scores of the article with its candidates (position -> cosine): position -> score."""
        return {position: entry_score(entry, self._entries[position], cosine, self._vocab, self.weights)
                for position, cosine in sorted(candidates.items())}

    def _vector(self, position: int) -> NDArray[np.float32]:
        flushed = len(self._entries) - len(self._vectors)
        if position >= flushed:
            return self._vectors[position - flushed]
        vector: NDArray[np.float32] = np.asarray(self._index.get(position), dtype=np.float32)
        return vector


#: (i, j, False, score): article i of a chunk scored against its article j; (i, label, True,
#: score): against an earlier article of story ``label``.
Link = tuple[int, int, bool, float]


def merge_chunk(groups: Sequence[str], known: Sequence[int | None], links: Iterable[Link],
                sizes: Mapping[int, int], next_label: int) -> tuple[list[int], int]:
    """Story labels of a chunk of new articles by average-link merging, and how many new stories they open.

    Article ``i`` of the chunk is in copy group ``groups[i]``, whose story so far is
    ``known[i]`` (or None). ``links`` are the pair scores (see :data:`Link`); a story's
    size is ``sizes[label]``. New stories are numbered from ``next_label`` up. The local
    index calls this for each chunk; the Spark engine replays it with pair scores found
    across the corpus.
    """
    agglomeration = _Agglomeration()
    story_node: dict[int, int] = {}

    def story(label: int) -> int:
        if label not in story_node:
            # Stories get nodes below zero so they never collide with the chunk's.
            story_node[label] = agglomeration.add(-1 - len(story_node), sizes[label], label)
        return story_node[label]

    for i in range(len(groups)):
        agglomeration.add(i, 1, None)
    # Near-duplicates are one report: join them, and join a group already in a story.
    group_node: dict[str, int] = {}
    for i, (group, label) in enumerate(zip(groups, known, strict=True)):
        if label is not None and label in sizes:
            agglomeration.union(i, story(label))
        if group in group_node:
            agglomeration.union(i, group_node[group])
        group_node.setdefault(group, i)
    for i, other, in_story, score in links:
        agglomeration.link(i, story(other) if in_story else other, score)
    agglomeration.merge(MISSING, LINK_CAP)
    labels: list[int] = []
    new: dict[int, int] = {}
    for i in range(len(groups)):
        root = agglomeration.find(i)
        found = agglomeration.story(root)
        if found is None:
            found = new.setdefault(root, next_label + len(new))
        labels.append(found)
    return labels, len(new)


class _Agglomeration:
    """Average-link merging over a sparse graph of pair scores, best pair first.

    A pair never scored counts as ``missing``: a story joins another only when most
    of their reports look alike, not through one chain of look-alikes. Sizes are capped
    at ``cap`` so a large story is judged by about as many reports as a new article
    has candidates. Two nodes that each hold a stored story never merge.
    """

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}
        self.label: dict[int, int | None] = {}
        self.sums: dict[int, dict[int, list[float]]] = {}

    def add(self, node: int, size: int, label: int | None) -> int:
        self.parent[node] = node
        self.size[node] = size
        self.label[node] = label
        self.sums[node] = {}
        return node

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def story(self, root: int) -> int | None:
        return self.label[root]

    def link(self, a: int, b: int, score: float) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        stats = self.sums[a].setdefault(b, [0.0, 0.0])
        stats[0] += score
        stats[1] += 1
        self.sums[b][a] = stats

    def union(self, a: int, b: int) -> bool:
        """Join b's cluster into a's; False when both hold a story."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if self.label[a] is not None and self.label[b] is not None:
            return False
        self.parent[b] = a
        self.size[a] += self.size[b]
        self.label[a] = self.label[a] if self.label[a] is not None else self.label[b]
        for other, stats in self.sums.pop(b).items():
            del self.sums[other][b]
            if other == a:
                continue
            mine = self.sums[a].setdefault(other, [0.0, 0.0])
            mine[0] += stats[0]
            mine[1] += stats[1]
            self.sums[other][a] = mine
        return True

    def _average(self, a: int, b: int, missing: float, cap: int) -> float:
        total, count = self.sums[a][b]
        pairs = max(min(self.size[a], cap) * min(self.size[b], cap), count)
        return (total + missing * (pairs - count)) / pairs

    def merge(self, missing: float, cap: int) -> None:
        import heapq

        stamp = dict.fromkeys(self.parent, 0)
        heap: list[tuple[float, int, int, int, int]] = []

        def push(a: int, b: int) -> None:
            if self.label[a] is not None and self.label[b] is not None:
                return
            average = self._average(a, b, missing, cap)
            if average >= 0:
                heapq.heappush(heap, (-average, a, b, stamp[a], stamp[b]))

        for a, others in self.sums.items():
            for b in others:
                if a < b:
                    push(a, b)
        while heap:
            _, a, b, stamp_a, stamp_b = heapq.heappop(heap)
            if stamp[a] != stamp_a or stamp[b] != stamp_b or self.find(a) != a or self.find(b) != b:
                continue
            self.union(a, b)
            stamp[a] += 1
            for other in list(self.sums[a]):
                push(a, other)


def _matrix(features: Sequence[StoryFeatures]) -> NDArray[np.float32]:
    if not features:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([f.vector for f in features]).astype(np.float32)


def text_article(text: str, index: int, published: str | None = None) -> Article | None:
    """The text (title on the first line) as article ``index``; None when it has no words.

    A bare headline, too short for claim-by-claim comparison, still clusters.
    """
    from ..errors import InputError
    from ..readers import article_from_text

    source = f"<text {index}>"
    try:
        article = article_from_text(text, source=source, published=published)
    except InputError:
        title, _, body = text.strip().partition("\n")
        if not title.strip():
            return None
        article = Article(id=source, source=source, title=title.strip(), text=body.strip(),
                          published=published)
    # Ids from content collide for identical texts; positions cannot.
    return dataclasses.replace(article, id=str(index))


def cluster_texts(texts: list[str], published: list[str | None] | None = None) -> list[int]:
    """One story label per text (title on the first line); equal labels mean one event.

    ``published`` gives each text's publication date (ISO, may be None). A text that
    cannot be read (empty, or not a news report) gets a story of its own.
    """
    from ..analysis.embed import load_embedder

    dates = published if published is not None else [None] * len(texts)
    if len(dates) != len(texts):
        raise StorydiffError(f"cluster_texts() got {len(texts)} texts but {len(dates)} dates; "
                             "give one date (or None) per text")
    articles = [text_article(t, i, d) for i, (t, d) in enumerate(zip(texts, dates, strict=True))]
    readable = [a for a in articles if a is not None]
    features = story_features(readable, load_embedder(1)) if readable else []
    labels = iter(StoryIndex().assign(features, next_label=0))
    out: list[int] = []
    next_label = len(readable)
    for a in articles:
        if a is None:
            out.append(next_label)
            next_label += 1
        else:
            out.append(next(labels))
    # Number stories in order of first appearance so equal inputs give equal labels.
    renumber: dict[int, int] = {}
    return [renumber.setdefault(label, len(renumber)) for label in out]
