"""Differences planted into real sibling reports: two outlets on one GVA incident.

    .venv/bin/python benchmarks/planted_siblings.py                  # 150 pairs, seed 0
    .venv/bin/python benchmarks/planted_siblings.py --n 3 --verbose  # a quick look, misses on stderr
    .venv/bin/python benchmarks/planted_siblings.py --json /tmp/planted_siblings.json

A pair is two reports of one incident from different web hosts, both readable
with six sentences or more. Each plant type of plants.py goes into a sentence of
one report (B) that the comparison before the plant aligns, with a score of 0.6
or more, to a sentence of the other (A) holding the material the plant changes
(the same number, the same surname, an attribution); when B has no such sentence
for a type, the plant goes into A with B as reference. The pair is compared before
and after the plant. Reported: recall; the rank of the best-ranked finding that
matches the plant (median, share in the top 5); findings per pair before the
plant; findings after it that match neither the plant nor a finding from before,
by kind, subkind and both texts. Skips cleanly without the data; article text
goes to the terminal only, with --verbose.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plants
from plants import (
    TYPES,
    apply,
    at_plant,
    choose,
    counterpart_fits,
    describe,
    donor_sentences,
    load,
    matched,
    pipeline,
    rank,
    read_stable,
    rebuild,
    relocate,
    sites,
    usable,
)

TARGET_RECALL = 0.85
TARGET_TOP5 = 0.8
MIN_SCORE = 0.6
MIN_CLAIMS = 6
_ARCHIVED = re.compile(r"web\.archive\.org/web/[^/]+/(?:https?://)?([^/:?#]+)", re.I)


def host(uri: str) -> str:
    """The original site of a web-archive address."""
    match = _ARCHIVED.search(uri) or re.search(r"https?://([^/:?#]+)", uri)
    return (match.group(1) if match else uri).lower().removeprefix("www.")


def _key(finding: Any) -> tuple[str, str, str | None, str | None]:
    return (finding.kind.value, finding.subkind, finding.a.text, finding.b.text)


def _pairs(items: list[dict[str, Any]], seed: int) -> list[tuple[str, list[dict[str, Any]]]]:
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_incident[item["incident_id"]].append(item)
    incidents = sorted((k, sorted(v, key=lambda i: i["id"])) for k, v in by_incident.items()
                       if len({host(i["uri"]) for i in v}) >= 2)
    random.Random(seed).shuffle(incidents)
    return incidents


class Pair:
    """Two sibling reports, with their comparisons before any plant, in both directions."""

    def __init__(self, a: Any, b: Any, compare: Any, options: Any) -> None:
        self.articles = (a, b)
        self._compare, self._options = compare, options
        self._before: dict[int, Any] = {}
        self._docs: dict[int, Any] = {}

    def before(self, planted: int) -> Any:
        """The comparison before the plant, the other report as reference."""
        if planted not in self._before:
            other = self.articles[1 - planted]
            self._before[planted] = self._compare([other, self.articles[planted]],
                                                  self._options).comparisons[0]
        return self._before[planted]

    def doc(self, planted: int) -> Any:
        if planted not in self._docs:
            self._docs[planted] = pipeline()(self.articles[planted].text)
        return self._docs[planted]


def _candidates(pair: Pair, planted: int, type_: str, rng: random.Random,
                donors: list[str]) -> list[tuple[Any, tuple[int, ...]]]:
    """Sites in the planted report's well-aligned sentences, with their counterparts."""
    comparison = pair.before(planted)
    counterparts: dict[int, set[int]] = defaultdict(set)
    for alignment in comparison.alignments:
        if alignment.score >= MIN_SCORE:
            for j in alignment.b:
                counterparts[j].update(alignment.a)
    mine = {c.index: c for c in comparison.other.claims}
    theirs = {c.index: c for c in comparison.reference.claims}
    text, found = pair.articles[planted].text, []
    for j in sorted(counterparts):
        claim = mine[j]
        if not usable(claim.text):
            continue
        others = tuple(sorted(counterparts[j]))
        counterpart = " ".join(theirs[i].text for i in others)
        for site in sites(type_, text, pair.doc(planted), claim.span, rng, donors):
            if counterpart_fits(site, counterpart):
                found.append((site, others))
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    from storydiff import Options, compare
    from storydiff.errors import StorydiffError

    options = Options(reference=0, load_plugins=False)
    items = load("articles.jsonl.gz")
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    ranks: dict[str, list[int]] = defaultdict(list)
    before_counts: list[int] = []
    skipped: Counter[str] = Counter()
    cases: list[dict[str, Any]] = []
    for incident, reports in _pairs(items, args.seed):
        if len(before_counts) >= args.n:
            break
        random.Random(f"{args.seed}:{incident}").shuffle(reports)
        readable = [(r, a) for r in reports if (a := read_stable(r)) is not None]
        chosen = next(((x, y) for i, x in enumerate(readable) for y in readable[i + 1:]
                       if host(x[0]["uri"]) != host(y[0]["uri"]) and x[1].text != y[1].text), None)
        if chosen is None:
            skipped["no two readable, different reports from two hosts"] += 1
            continue
        (_, a), (_, b) = chosen
        pair = Pair(a, b, compare, options)
        try:
            before = pair.before(1)
        except StorydiffError:
            skipped["comparison failed"] += 1
            continue
        if min(len(before.reference.claims), len(before.other.claims)) < MIN_CLAIMS:
            skipped[f"fewer than {MIN_CLAIMS} sentences"] += 1
            continue
        before_counts.append(len(before.findings))
        for type_ in TYPES:
            rng = random.Random(f"{args.seed}:{incident}:{type_}")
            donors = []
            if type_ == "addition":
                donor = read_stable(rng.choice([i for i in items if i["incident_id"] != incident]))
                donors = donor_sentences(donor.text) if donor is not None else []
            # Plant into B; where B has no fitting sentence, into A with B as reference.
            for planted in (1, 0):
                found = _candidates(pair, planted, type_, rng, donors)
                site = choose([s for s, _ in found], rng)
                if site is not None:
                    break
            counts = per_type[type_]
            if site is None:
                counts["no site"] += 1
                continue
            others = next(o for s, o in found if s == site)
            target = pair.articles[planted]
            plant = apply(target.text, site)
            theirs = {c.index: c for c in pair.before(planted).reference.claims}
            if type_ in ("omission", "source_dropped"):
                plant = replace(plant, a_spans=tuple(theirs[i].span for i in others))
            else:
                plant = replace(plant, a_spans=())
            try:
                copy = rebuild(target, plant.text, f"{target.source}+{type_}")
                plant = relocate(plant, copy.text)
                findings = compare([pair.articles[1 - planted], copy], options).comparisons[0].findings
            except StorydiffError:
                counts["failed"] += 1
                continue
            best, near = matched(plant, findings)
            known = {_key(f) for f in pair.before(planted).findings}
            new = [f for f in findings if not at_plant(f, plant) and _key(f) not in known]
            counts["planted"] += 1
            counts["found"] += best is not None
            counts["found any kind"] += near
            counts["new unexplained"] += len(new)
            if best is not None:
                ranks[type_].append(rank(best, findings))
            cases.append({"incident": incident, "a": pair.articles[1 - planted].source,
                          "b": target.source, "type": type_, "variant": site.variant,
                          "found": best is not None, "found_any_kind": near,
                          "rank": rank(best, findings) if best else None,
                          "kinds_at_plant": sorted({f.kind.value for f in findings
                                                    if at_plant(f, plant)}),
                          "new_unexplained": [f.kind.value for f in new],
                          "findings_before": len(pair.before(planted).findings),
                          "findings_after": len(findings)})
            if args.verbose and best is None:
                counterpart = " ".join(theirs[i].text for i in others)
                print(f"miss {incident} {describe(plant, findings)}\n    A says: {counterpart[:160]!r}",
                      file=sys.stderr)
    return {"pairs": len(before_counts), "skipped": dict(skipped), "before_counts": before_counts,
            "per_type": {t: dict(per_type[t]) for t in TYPES},
            "ranks": {t: ranks[t] for t in TYPES}, "cases": cases}


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _rank_figures(values: list[int], planted: int) -> tuple[float, float, float]:
    """Median rank, share in the top 5 of the found plants, and of all plants."""
    top = sum(v <= 5 for v in values)
    return (statistics.median(values) if values else float("nan"), _ratio(top, len(values)),
            _ratio(top, planted))


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for counts in result["per_type"].values():
        total.update(counts)
    all_ranks = [r for values in result["ranks"].values() for r in values]
    median, top5, top5_all = _rank_figures(all_ranks, total["planted"])
    before = result["before_counts"] or [0]
    return {"planted": total["planted"], "recall": _ratio(total["found"], total["planted"]),
            "found_any_kind": _ratio(total["found any kind"], total["planted"]),
            "median_rank": median, "top5_of_found": top5, "top5_of_planted": top5_all,
            "findings_before": {"median": statistics.median(before),
                                "mean": statistics.fmean(before), "max": max(before)},
            "new_unexplained_per_pair": _ratio(total["new unexplained"], total["planted"])}


def report(result: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    overall = result["overall"]
    skipped = ", ".join(f"{v} {k}" for k, v in result["skipped"].items()) or "none"
    lines = [f"Planted in real sibling pairs (GVA) — {meta['date']}, seed {meta['seed']}, "
             f"storydiff {meta['storydiff']}, Python {meta['python']}",
             f"command: {meta['command']}",
             f"{result['pairs']} pairs (incidents skipped: {skipped}), {overall['planted']} plants, "
             f"{meta['seconds']:.0f} s",
             f"{'type':<16}{'planted':>8}{'no site':>8}{'recall':>8}{'any kind':>9}"
             f"{'median rank':>12}{'top 5':>7}{'top 5/all':>10}{'new/pair':>9}"]
    for type_, c in result["per_type"].items():
        planted = c.get("planted", 0)
        median, top5, top5_all = _rank_figures(result["ranks"][type_], planted)
        lines.append(f"{type_:<16}{planted:>8}{c.get('no site', 0):>8}"
                     f"{_ratio(c.get('found', 0), planted):>8.2f}"
                     f"{_ratio(c.get('found any kind', 0), planted):>9.2f}{median:>12.1f}"
                     f"{top5:>7.2f}{top5_all:>10.2f}"
                     f"{_ratio(c.get('new unexplained', 0), planted):>9.2f}")
    lines.append(f"{'all':<16}{overall['planted']:>8}{'':>8}{overall['recall']:>8.2f}"
                 f"{overall['found_any_kind']:>9.2f}{overall['median_rank']:>12.1f}"
                 f"{overall['top5_of_found']:>7.2f}{overall['top5_of_planted']:>10.2f}"
                 f"{overall['new_unexplained_per_pair']:>9.2f}")
    before = overall["findings_before"]
    lines.append(f"findings per pair before the plant: median {before['median']:.1f}, "
                 f"mean {before['mean']:.1f}, max {before['max']}")
    lines.append("top 5: share of found plants whose finding ranks 1-5; top 5/all: of all plants; "
                 "new/pair: findings after the plant that match neither it nor one from before")

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines.append(f"targets: recall ≥ {TARGET_RECALL} ({met(overall['recall'] >= TARGET_RECALL)}); "
                 f"planted finding in the top 5 in ≥ {TARGET_TOP5:.0%} of cases "
                 f"({met(overall['top5_of_found'] >= TARGET_TOP5)})")
    return lines


def main() -> int:
    return plants.main(__doc__ or "", run, summarise, report, default_n=150,
                       n_help="sibling pairs (default 150)")


if __name__ == "__main__":
    sys.exit(main())
