"""Story clustering on ECB+ (topics 1-35) and the Gun Violence Archive (../shared/data).

    .venv/bin/python benchmarks/clustering.py              # both data sets
    .venv/bin/python benchmarks/clustering.py --only gva   # one of them

Gold stories: ECB+ topic + sub-topic (``T_Necb.xml`` -> "ecb", ``T_Necbplus.xml``
-> "ecbplus"; the two sub-topics of a topic are two real events of one kind);
GVA incident id (every development incident, singletons included). Prints B³
precision, recall and F1 and the adjusted Rand index over documents for
storydiff's clustering and for a baseline, TF-IDF cosine with single-link
clustering whose threshold is tuned on the very same data (an optimistic
baseline). Also prints features/second (embedding included) and assign/second.
Skips cleanly without the data; reads it in place and copies nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storydiff.analysis.embed import load_embedder
from storydiff.corpus.cluster import StoryIndex, story_features, text_article

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

#: Articles per assign() call in the incremental run.
BATCH = 100

#: One document: (text with the title on the first line, published date or None, gold story).
Document = tuple[str, str | None, str]


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]}'’”])", r"\1", text)
    text = re.sub(r"([(\[{$“]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)


def load_ecb() -> list[Document]:
    """ECB+ topics 1-35 rebuilt from tokens; the first sentence (not a URL) is the title."""
    docs: list[Document] = []
    root = DATA / "ecbplus" / "ECB+"
    for topic in sorted((p for p in root.iterdir() if p.name.isdigit()), key=lambda p: int(p.name)):
        if not 1 <= int(topic.name) <= 35:
            continue
        for path in sorted(topic.glob("*.xml")):
            match = re.fullmatch(r"(\d+)_\d+(ecbplus|ecb)\.xml", path.name)
            if not match:
                continue
            sentences: dict[int, list[str]] = defaultdict(list)
            for token in ET.parse(path).getroot().iter("token"):
                sentences[int(token.get("sentence", "0"))].append(token.text or "")
            lines = [_detokenise(sentences[k]) for k in sorted(sentences)]
            # ECB+ documents open with their source URL: an address, not a headline.
            if lines[0].startswith("http") and len(lines) > 1:
                lines = lines[1:]
            docs.append((lines[0] + "\n" + " ".join(lines[1:]), None, f"{match[1]}:{match[2]}"))
    return docs


def load_gva() -> list[Document]:
    """GVA reports as crawled: title + content, the crawl's ``dct`` as the date."""
    with gzip.open(DATA / "gva" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [(f"{r['title']}\n{r['content']}", r.get("dct"), str(r["incident_id"])) for r in rows]


def bcubed(pred: list[int], gold: list[str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over documents."""
    in_pred, in_gold, both = Counter(pred), Counter(gold), Counter(zip(pred, gold, strict=True))
    n = len(pred)
    p = sum(both[pg] / in_pred[pg[0]] for pg in zip(pred, gold, strict=True)) / n
    r = sum(both[pg] / in_gold[pg[1]] for pg in zip(pred, gold, strict=True)) / n
    return p, r, 2 * p * r / (p + r)


def adjusted_rand(pred: list[int], gold: list[str]) -> float:
    def pairs(counts: Counter[object]) -> float:
        return sum(c * (c - 1) / 2 for c in counts.values())

    n = len(pred)
    joint = pairs(Counter(zip(pred, gold, strict=True)))
    a, b = pairs(Counter(pred)), pairs(Counter(gold))
    expected = a * b / (n * (n - 1) / 2)
    return (joint - expected) / ((a + b) / 2 - expected)


def storydiff_labels(docs: list[Document], batch: int = 0) -> tuple[list[int], float, float]:
    """storydiff's stories, with features/s (embedding included) and assign/s.

    ``batch`` > 0 feeds the index that many articles at a time, as corpus mode does.
    """
    articles = [text_article(text, i, date) for i, (text, date, _) in enumerate(docs)]
    readable = [a for a in articles if a is not None]
    embedder = load_embedder(1)
    embedder.embed(["warm up"])
    start = time.perf_counter()
    features = story_features(readable, embedder)
    feature_rate = len(readable) / (time.perf_counter() - start)
    start = time.perf_counter()
    index, stories = StoryIndex(), list[int]()
    step = batch or len(features) or 1
    for first in range(0, len(features), step):
        stories += index.assign(features[first:first + step], next_label=max(stories, default=-1) + 1)
    assign_rate = len(readable) / (time.perf_counter() - start)
    assigned = iter(stories)
    labels, extra = [], len(docs)
    for a in articles:
        if a is None:
            labels.append(extra)
            extra += 1
        else:
            labels.append(next(assigned))
    return labels, feature_rate, assign_rate


def _tfidf(texts: list[str]) -> NDArray[np.float32]:
    """Cosine similarity of all pairs over log-tf x idf vectors of lower-cased words."""
    bags = [Counter(re.findall(r"\w+", t.lower())) for t in texts]
    df = Counter(w for bag in bags for w in bag)
    n = len(texts)
    # Words in one document only add to its norm but never to a similarity.
    vocab = {w: i for i, w in enumerate(w for w, c in df.items() if c > 1)}
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, bag in enumerate(bags):
        norm = 0.0
        for word, count in bag.items():
            weight = (1 + math.log(count)) * math.log(n / df[word])
            norm += weight * weight
            if word in vocab:
                matrix[row, vocab[word]] = weight
        matrix[row] /= max(math.sqrt(norm), 1e-9)
    result: NDArray[np.float32] = matrix @ matrix.T
    return result


def _components(n: int, edges: NDArray[np.intp]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(int(a))] = find(int(b))
    return [find(i) for i in range(n)]


def baseline(docs: list[Document]) -> tuple[float, list[int]]:
    """TF-IDF single link with the threshold that maximises B³ F1 on this very data."""
    gold = [g for _, _, g in docs]
    similarity = _tfidf([text for text, _, _ in docs])
    upper = np.triu(similarity, 1)
    best: tuple[float, float, list[int]] = (-1.0, 0.0, [])
    for threshold in np.arange(0.05, 0.96, 0.025):
        labels = _components(len(docs), np.argwhere(upper >= threshold))
        f1 = bcubed(labels, gold)[2]
        if f1 > best[0]:
            best = (f1, float(threshold), labels)
    return best[1], best[2]


def _line(name: str, labels: list[int], gold: list[str]) -> str:
    p, r, f = bcubed(labels, gold)
    return f"  {name:<34} B3 P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ARI {adjusted_rand(labels, gold):.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["ecb", "gva"])
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the evaluation data is not part of the repository)")
        return 0
    loaders = {"ecb": ("ECB+ topics 1-35", load_ecb), "gva": ("GVA development incidents", load_gva)}
    for key, (title, load) in loaders.items():
        if args.only and key != args.only:
            continue
        docs = load()
        gold = [g for _, _, g in docs]
        print(f"{title}: {len(docs)} documents, {len(set(gold))} gold stories")
        labels, feature_rate, assign_rate = storydiff_labels(docs)
        print(_line("storydiff", labels, gold))
        print(_line(f"storydiff, batches of {BATCH}", storydiff_labels(docs, BATCH)[0], gold))
        threshold, base = baseline(docs)
        print(_line(f"baseline TF-IDF single link @{threshold:.3f}", base, gold))
        print(f"  speed: features {feature_rate:.0f}/s (1 thread, embedding included), "
              f"assign {assign_rate:.0f}/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
