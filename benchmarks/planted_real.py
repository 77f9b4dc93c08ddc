"""Differences planted into copies of real articles (../shared/data/gva).

    .venv/bin/python benchmarks/planted_real.py                    # 100 articles, seed 0
    .venv/bin/python benchmarks/planted_real.py --n 5 --verbose    # a quick look, misses on stderr
    .venv/bin/python benchmarks/planted_real.py --json /tmp/planted_real.json

Each sampled article is compared with a copy holding one planted difference of a
known type (see plants.py): a changed number or surname, a dropped or changed
source, a hedge, a loaded word, an omitted sentence, a sentence added from a
different incident, a negation. A plant is found when a finding of an accepted
kind points at the planted text. Conflicts (any finding but omission and
addition) away from the plant are spurious. Controls compare each article with a
copy whose two adjacent paragraphs are swapped: they must give no conflict.
Skips cleanly without the data. Data and article text stay out of the output
files; --verbose prints misses, with text, to the terminal only.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plants
from plants import (
    NOT_CONFLICTS,
    TYPES,
    apply,
    at_plant,
    choose,
    describe,
    donor_sentences,
    load,
    matched,
    pipeline,
    read_stable,
    rebuild,
    relocate,
    sentences,
    sites,
)

TARGET_RECALL = 0.95
TARGET_SPURIOUS = 0.1
MIN_SENTENCES = 4


def _donors(items: list[dict[str, Any]], incident: str, rng: random.Random) -> list[str]:
    """Sentences of a report on a different incident, for the addition plant."""
    for _ in range(20):
        item = rng.choice(items)
        if item["incident_id"] == incident:
            continue
        other = read_stable(item)
        found = donor_sentences(other.text) if other is not None else []
        if found:
            return found
    return []


def _swap(text: str, rng: random.Random) -> str | None:
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 2:
        return None
    i = rng.randrange(len(paragraphs) - 1)
    paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    return "\n\n".join(paragraphs)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from storydiff import Options, compare
    from storydiff.errors import StorydiffError

    options = Options(reference=0, load_plugins=False)
    items = load("articles.jsonl.gz")
    order = sorted(items, key=lambda i: i["id"])
    random.Random(args.seed).shuffle(order)
    nlp = pipeline()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    spurious_kinds: Counter[str] = Counter()
    controls: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    cases: list[dict[str, Any]] = []
    used = 0
    for item in order:
        if used >= args.n:
            break
        article = read_stable(item)
        if article is None:
            skipped["unreadable or unstable cleaning"] += 1
            continue
        doc = nlp(article.text)
        spans = sentences(doc)
        if len(spans) < MIN_SENTENCES:
            skipped[f"fewer than {MIN_SENTENCES} sentences"] += 1
            continue
        used += 1
        text = article.text
        for type_ in TYPES:
            rng = random.Random(f"{args.seed}:{item['id']}:{type_}")
            donors = _donors(items, item["incident_id"], rng) if type_ == "addition" else None
            site = choose([s for span in spans for s in sites(type_, text, doc, span, rng, donors)],
                          rng)
            counts = per_type[type_]
            if site is None:
                counts["no site"] += 1
                continue
            plant = apply(text, site)
            try:
                copy = rebuild(article, plant.text, f"{item['id']}+{type_}")
                plant = relocate(plant, copy.text)
                findings = compare([article, copy], options).comparisons[0].findings
            except StorydiffError:
                counts["failed"] += 1
                continue
            best, near = matched(plant, findings)
            spurious = [f for f in findings if f.kind not in NOT_CONFLICTS and not at_plant(f, plant)]
            counts["planted"] += 1
            counts["found"] += best is not None
            counts["found any kind"] += near
            counts["spurious"] += len(spurious)
            counts["pairs with spurious"] += bool(spurious)
            spurious_kinds.update(f.kind.value for f in spurious)
            cases.append({"article": item["id"], "type": type_, "variant": site.variant,
                          "found": best is not None, "found_any_kind": near,
                          "kinds_at_plant": sorted({f.kind.value for f in findings
                                                    if at_plant(f, plant)}),
                          "spurious": [f.kind.value for f in spurious], "findings": len(findings)})
            if args.verbose and best is None:
                print(f"miss {item['id']} {describe(plant, findings)}", file=sys.stderr)
            if args.verbose and spurious:
                print(f"spurious {item['id']} {type_}: "
                      + "; ".join(f"{f.kind.value}/{f.subkind} {f.a.text!r} vs {f.b.text!r}"
                                  for f in spurious), file=sys.stderr)
        swapped = _swap(text, random.Random(f"{args.seed}:{item['id']}:swap"))
        if swapped is None:
            controls["no two paragraphs"] += 1
            continue
        try:
            copy = rebuild(article, swapped, f"{item['id']}+swap")
            findings = compare([article, copy], options).comparisons[0].findings
        except StorydiffError:
            controls["failed"] += 1
            continue
        conflicts = [f for f in findings if f.kind not in NOT_CONFLICTS]
        controls["pairs"] += 1
        controls["conflicts"] += len(conflicts)
        controls["pairs with conflicts"] += bool(conflicts)
        controls["findings"] += len(findings)
        if args.verbose and conflicts:
            print(f"control {item['id']}: " + "; ".join(
                f"{f.kind.value}/{f.subkind} {f.a.text!r} vs {f.b.text!r}" for f in conflicts),
                file=sys.stderr)
    return {"articles": used, "skipped": dict(skipped), "per_type": {t: dict(per_type[t])
                                                                      for t in TYPES},
            "spurious_kinds": dict(spurious_kinds), "controls": dict(controls), "cases": cases}


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for counts in result["per_type"].values():
        total.update(counts)
    controls = result["controls"]
    return {"recall": _ratio(total["found"], total["planted"]),
            "found_any_kind": _ratio(total["found any kind"], total["planted"]),
            "spurious_per_pair": _ratio(total["spurious"], total["planted"]),
            "planted": total["planted"],
            "control_conflicts": controls.get("conflicts", 0),
            "control_findings_per_pair": _ratio(controls.get("findings", 0),
                                                controls.get("pairs", 0))}


def report(result: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    overall = result["overall"]
    skipped = ", ".join(f"{v} {k}" for k, v in result["skipped"].items()) or "none"
    lines = [f"Planted in real articles (GVA) — {meta['date']}, seed {meta['seed']}, "
             f"storydiff {meta['storydiff']}, Python {meta['python']}",
             f"command: {meta['command']}",
             f"{result['articles']} articles ({skipped} skipped), {overall['planted']} plants, "
             f"{meta['seconds']:.0f} s",
             f"{'type':<16}{'planted':>8}{'no site':>8}{'recall':>8}{'any kind':>9}"
             f"{'spurious/pair':>14}"]
    for type_, c in result["per_type"].items():
        planted = c.get("planted", 0)
        lines.append(f"{type_:<16}{planted:>8}{c.get('no site', 0):>8}"
                     f"{_ratio(c.get('found', 0), planted):>8.2f}"
                     f"{_ratio(c.get('found any kind', 0), planted):>9.2f}"
                     f"{_ratio(c.get('spurious', 0), planted):>14.2f}")
    lines.append(f"{'all':<16}{overall['planted']:>8}{'':>8}{overall['recall']:>8.2f}"
                 f"{overall['found_any_kind']:>9.2f}{overall['spurious_per_pair']:>14.2f}")
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(result["spurious_kinds"].items(),
                                                     key=lambda kv: -kv[1]))
    lines.append(f"spurious conflicts by kind: {kinds or 'none'}")
    controls = result["controls"]
    lines.append(f"swapped-paragraph controls: {controls.get('pairs', 0)} pairs, "
                 f"{overall['control_conflicts']} conflicts "
                 f"({controls.get('pairs with conflicts', 0)} pairs with any), "
                 f"{overall['control_findings_per_pair']:.2f} findings per pair")

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines.append(f"targets: recall ≥ {TARGET_RECALL} ({met(overall['recall'] >= TARGET_RECALL)}); "
                 f"spurious conflicts ≤ {TARGET_SPURIOUS} per pair "
                 f"({met(overall['spurious_per_pair'] <= TARGET_SPURIOUS)}); "
                 f"no conflict on the controls ({met(overall['control_conflicts'] == 0)})")
    return lines


def main() -> int:
    return plants.main(__doc__ or "", run, summarise, report, default_n=100,
                       n_help="articles to plant into (default 100)")


if __name__ == "__main__":
    sys.exit(main())
