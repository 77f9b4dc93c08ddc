"""Near-duplicate detection: MinHash LSH over word shingles of an article's body.

A pure stage: plain functions over ids, texts and signatures, no I/O and no state, so
the local engine and the Spark engine call the same code batch by batch. The engine
stores each article's signature and band keys; for a new batch it fetches stored
articles sharing a band key and hands them to :func:`near_copy_pairs` as candidates,
then merges groups with :func:`group`, passing the stored member → canonical mapping.

Parameters were chosen on the GVA development corpus (``benchmarks/dedup_speed.py``
prints the figures): 99.7% of planted re-posts keep a shingle Jaccard of 0.5 or more,
while 97% of pairs of real reports on one incident share under a fifth of their
shingles; the same-incident pairs above 0.5 are identical pages or, by inspection,
mostly one outlet's copy updated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from rensa import RMinHash

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SEED",
    "THRESHOLD",
    "Signature",
    "band_keys",
    "decode_signature",
    "encode_signature",
    "exact_groups",
    "group",
    "near_copy_pairs",
    "shingles",
    "signature",
    "signatures",
    "similarity",
]

Signature = npt.NDArray[np.uint64]

#: 128 slots estimate a Jaccard of 0.5 within ±0.045 (one standard deviation), and a
#: power of two keeps rensa on its fast path.
NUM_PERM = 128
#: 32 bands of 4 rows put the LSH S-curve's midpoint at 0.42: a pair at Jaccard 0.5
#: becomes a candidate with probability 0.87, at 0.6 with 0.99, at 0.3 with 0.23
#: (those are then rejected by THRESHOLD, costing only a comparison).
BANDS = 32
ROWS = 4
#: Estimated Jaccard from which two texts count as one copy (see the module docstring).
THRESHOLD = 0.5
#: Fixed so signatures and band keys stored by one run stay valid in the next.
SEED = 20_160_427

#: Word 5-grams: long enough that two reports written independently share few of them
#: even when they repeat the same facts, short enough that one changed word spoils
#: only five shingles.
SHINGLE_WORDS = 5
#: Bylines, datelines, captions, share buttons and navigation are short lines; the
#: body of a report is sentences.
MIN_LINE_WORDS = 6
#: Furniture that comes as whole sentences (login walls, copyright notices, galleries),
#: matched on the lower-cased line. Only short lines are tested, so a long paragraph
#: that mentions "email" survives.
FURNITURE_MAX_WORDS = 40
_FURNITURE = re.compile(
    r"copyright|all rights reserved|©|subscri|sign (up|in)|log ?in|newsletter|e-?mail|click|javascript"
    r"|cookie|advertis|follow us|share this|notification|terms of (service|use)|privacy policy"
    r"|verification|regist(er|ration)|no longer available|image \d+ of|photo:|caption"
)
_WORD = re.compile(r"\w+")
#: A shingle made only of these ("one of the most of") says nothing about the story
#: and is shared by unrelated texts.
_STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its"
    " of on or our she that the their them they this to was we were which who will with"
    " you not no one said says after before about into over than".split()
)
#: rensa's value for a slot no token reached: an all-empty signature means no body text.
_EMPTY = np.uint64(0xFFFF_FFFF)


def shingles(text: str) -> list[str]:
    """Return the distinct word 5-grams of a text's body, in order of first occurrence.

    Lines shorter than ``MIN_LINE_WORDS`` words and short lines that look like page
    furniture are dropped, so the same report extracted from two sites (different
    byline, share bar, copyright line) keeps the same shingles. Words are lower-cased
    runs of letters and digits: punctuation and curly quotes vary between sites,
    numbers carry the facts. A text with no body line (a login wall, a video page)
    has no shingles and is never a near-copy; exact copies are still found by hash.
    """
    words: list[str] = []
    for line in text.splitlines():
        line = line.lower()
        tokens = _WORD.findall(line)
        if len(tokens) < MIN_LINE_WORDS:
            continue
        if len(tokens) < FURNITURE_MAX_WORDS and _FURNITURE.search(line):
            continue
        words.extend(tokens)
    if len(words) < SHINGLE_WORDS:
        return []
    grams = [" ".join(g) for g in zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)]
    content = np.cumsum([0] + [w not in _STOPWORDS for w in words])
    keep = (content[SHINGLE_WORDS:] - content[:-SHINGLE_WORDS] > 0).tolist()
    return list(dict.fromkeys(g for g, k in zip(grams, keep, strict=True) if k))


def signature(text: str) -> Signature:
    """Return the MinHash signature of a text's shingles (``NUM_PERM`` values below 2**32)."""
    return signatures([text])[0]


def signatures(texts: Iterable[str]) -> list[Signature]:
    """Return :func:`signature` for each text, computed in one call to rensa."""
    token_sets = [shingles(text) for text in texts]
    if not token_sets:
        return []
    # rensa's batch call skips a Python object per text: about twice as fast as a loop.
    rows = RMinHash.digest_matrix_from_token_sets(token_sets, NUM_PERM, SEED).to_rows()
    return list(np.asarray(rows, dtype=np.uint64).reshape(len(token_sets), NUM_PERM))


def encode_signature(sig: Signature) -> bytes:
    """Return a signature as stored: ``NUM_PERM`` little-endian 32-bit values (512 bytes)."""
    # rensa's R-MinHash slots are 32-bit, so half the width of the array loses nothing.
    return np.asarray(sig, dtype="<u4").tobytes()


def decode_signature(blob: bytes) -> Signature:
    """Return the signature :func:`encode_signature` stored."""
    if len(blob) != NUM_PERM * 4:
        raise ValueError(
            f"a stored signature has {len(blob)} bytes, not {NUM_PERM * 4}: it was made with other"
            " dedup parameters; rebuild the corpus's signatures and band keys"
        )
    return np.frombuffer(blob, dtype="<u4").astype(np.uint64)


def _mix(z: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # splitmix64's finaliser: every input bit flips about half the output bits, so
    # band keys spread evenly over the 64-bit range and rarely collide by chance.
    # uint64 arrays wrap on overflow, which is the arithmetic modulo 2**64 it needs.
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _band_key_matrix(sigs: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Band keys for a (n, NUM_PERM) matrix: (n, BANDS) signed 64-bit integers."""
    rows = sigs.reshape(len(sigs), BANDS, ROWS)
    # Start each band from its own index so equal values in different bands differ.
    keys = np.broadcast_to(_mix(np.arange(1, BANDS + 1, dtype=np.uint64)), (len(sigs), BANDS)).copy()
    for r in range(ROWS):
        keys = _mix(keys ^ rows[:, :, r])
    # Reinterpreting the bits, not converting the value, keeps every key within SQLite's INTEGER.
    return keys.view(np.int64)


def _is_empty(sig: npt.NDArray[np.uint64]) -> bool:
    return bool(np.all(sig == _EMPTY))


def band_keys(sig: Signature) -> list[int]:
    """Return one signed 64-bit key per band; two signatures sharing a key are LSH candidates.

    Keys depend only on the signature and the band index, so they are stable across runs
    and machines. A signature of a text without shingles has no keys: every such text
    would otherwise share every band.
    """
    if _is_empty(sig):
        return []
    return [int(k) for k in _band_key_matrix(np.asarray(sig, dtype=np.uint64)[None, :])[0]]


def similarity(sig_a: Signature, sig_b: Signature) -> float:
    """Return the Jaccard similarity of two texts' shingles as estimated from their signatures."""
    if _is_empty(sig_a) or _is_empty(sig_b):
        return 0.0
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def _bucket_pairs(keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Row pairs (a < b) sharing a band key, repeated once per shared band."""
    flat = keys.ravel()
    order = np.argsort(flat, kind="stable")  # stable: rows stay ascending inside a bucket
    sorted_keys, rows = flat[order], order // BANDS
    first = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(flat)]
    # How many entries follow each entry in its bucket.
    after = np.repeat(ends, ends - starts) - np.arange(len(flat)) - 1
    lefts, rights = [], []
    at, step = np.flatnonzero(after > 0), 1
    # One pass per distance inside a bucket: the work is the number of pairs, done in numpy.
    while at.size:
        lefts.append(rows[at])
        rights.append(rows[at + step])
        step += 1
        at = at[after[at] >= step]
    if not lefts:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    return np.concatenate(lefts), np.concatenate(rights)


def near_copy_pairs(
    batch: Sequence[tuple[str, Signature]], candidates: Sequence[tuple[str, Signature]] = ()
) -> list[tuple[str, str, float]]:
    """Return ``(id_a, id_b, similarity)`` for near-copies, ``id_a < id_b``, sorted.

    Pairs are taken within ``batch`` and between ``batch`` and ``candidates`` (stored
    articles the engine fetched by band key); pairs among candidates were found when
    they were stored. A pair must share a band and reach ``THRESHOLD``. Identical texts
    share every band, so the engine does well to pass one article per text hash
    (see :func:`exact_groups`): a bucket of k articles costs k*(k-1)/2 comparisons.
    """
    items = [(i, s) for i, s in [*batch, *candidates] if not _is_empty(s)]
    in_batch = sum(1 for _, s in batch if not _is_empty(s))
    if not items:
        return []
    ids = [i for i, _ in items]
    sigs = np.asarray([s for _, s in items], dtype=np.uint64).reshape(len(items), NUM_PERM)
    left, right = _bucket_pairs(_band_key_matrix(sigs))
    keep = left < in_batch  # rows ascend in a bucket, so a candidate row is never on the left
    code = np.unique(left[keep] * len(items) + right[keep])
    left, right = code // len(items), code % len(items)
    sims = np.empty(len(code))
    for at in range(0, len(code), 100_000):  # bounds the temporary (pairs x NUM_PERM) array
        part = slice(at, at + 100_000)
        sims[part] = np.mean(sigs[left[part]] == sigs[right[part]], axis=1)
    pairs: dict[tuple[str, str], float] = {}
    for a, b, sim in zip(left.tolist(), right.tolist(), sims.tolist(), strict=True):
        if sim >= THRESHOLD and ids[a] != ids[b]:
            pairs[(min(ids[a], ids[b]), max(ids[a], ids[b]))] = sim
    return sorted((a, b, s) for (a, b), s in pairs.items())


def _date_key(published: str | None) -> float | None:
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    # Naive dates are taken as UTC so that they compare with dated ones at all.
    stamp = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    # A date without a time could be any time that day: a report with a time on the
    # same day is not shown to be later, so it keeps its place as the original.
    return stamp + 86_399 if len(published.strip()) == 10 else stamp


def _canonical(members: Iterable[str], published: Mapping[str, str | None]) -> str:
    """The earliest published member; undated ones come after dated; ties go to the smallest id."""

    def order(member: str) -> tuple[bool, float, str]:
        when = _date_key(published.get(member))
        return (when is None, when or 0.0, member)

    return min(members, key=order)


def group(
    pairs: Iterable[tuple[str, str, float]],
    ids_published: Mapping[str, str | None],
    existing: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Join near-copy pairs into groups; return member id → canonical id.

    Groups are connected components: a copy of a copy joins the group even when the
    two ends fall below the threshold, as a story re-posted twice with edits should.
    ``existing`` is the stored member → canonical mapping, so a batch that bridges two
    stored groups merges them. The canonical is the earliest ``published`` date (ISO
    8601; naive times read as UTC); undated or unparsable ids come after dated ones,
    and ties go to the smallest id. ``ids_published`` should hold every id in ``pairs``
    and each existing canonical; a missing id counts as undated. The result covers every
    id of a group of two or more, the canonical included (mapped to itself); any other
    id is its own canonical.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds short
            parent[x], x = root, parent[x]
        return root

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for member, canonical in (existing or {}).items():
        union(member, canonical)
    for a, b, _ in pairs:
        union(a, b)
    components: dict[str, list[str]] = {}
    for member in list(parent):
        components.setdefault(find(member), []).append(member)
    result: dict[str, str] = {}
    for members in components.values():
        if len(members) > 1:
            canonical = _canonical(members, ids_published)
            result.update(dict.fromkeys(members, canonical))
    return result


def exact_groups(items: Sequence[tuple[str, str, str | None]]) -> dict[str, str]:
    """Group ``(id, text_hash, published)`` by identical text hash; return member id → canonical id.

    The canonical follows :func:`group`'s rule. Only hashes held by two or more ids appear.
    """
    by_hash: dict[str, list[str]] = {}
    published: dict[str, str | None] = {}
    for member, text_hash, when in items:
        by_hash.setdefault(text_hash, []).append(member)
        published[member] = when
    result: dict[str, str] = {}
    for members in by_hash.values():
        if len(set(members)) > 1:
            result.update(dict.fromkeys(members, _canonical(members, published)))
    return result
