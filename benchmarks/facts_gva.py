"""Fact aggregation on the Gun Violence Archive corpus (../shared/data/gva).

    .venv/bin/python benchmarks/facts_gva.py              # all incidents with 2+ reports
    .venv/bin/python benchmarks/facts_gva.py --limit 200  # a quicker sample

For each incident with two or more reports, the fact sheet's killed and injured
counts are compared with the archive's figures: exact-match accuracy and mean
absolute error on the incidents whose reports state a count (the fact sheet has
a value), with the share of incidents that do. Also: how often the victims'
names and ages appear in the fact sheet, and, where no report's own value matches
the archive, whether its figure is written in any report at all. Skips cleanly
without the data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from storydiff.analysis import analyse
from storydiff.errors import StorydiffError
from storydiff.provenance import fact_sheet
from storydiff.readers import article_from_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva"


def _load(name: str) -> list[dict]:  # type: ignore[type-arg]
    with gzip.open(DATA / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _count(value: str) -> int:
    return int(float(value.lstrip("~")))


_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_OUTCOME_STEMS = {"killed": r"kill|dead|die|death|slain|fatal|murder",
                  "injured": r"injur|wound|hurt|hospital"}


def _written_near_outcome(texts: list[str], slot: str, count: int) -> bool:
    """Whether some report writes ``count`` next to a word for the slot's outcome
    ("three others were wounded", "wounding three"): a rough test of whether the
    archive's figure is in the reports' text at all."""
    number = "|".join([str(count)] + ([_WORDS[count]] if count < len(_WORDS) else []))
    stems = _OUTCOME_STEMS[slot]
    pattern = re.compile(rf"\b(?:{number})\b[^.]{{0,40}}\b(?:{stems})|"
                         rf"\b(?:{stems})\w*\s+(?:{number})\b", re.I)
    return any(pattern.search(text) for text in texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N incidents")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    incidents = {i["incident_uri"]: i for i in _load("incidents.jsonl.gz")}
    by_incident: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for article in _load("articles.jsonl.gz"):
        by_incident[article["incident_id"]].append(article)
    chosen = sorted(k for k, v in by_incident.items() if len(v) >= 2 and k in incidents)
    if args.limit:
        chosen = chosen[: args.limit]
    started = time.perf_counter()
    scores: dict[str, list[tuple[int, int]]] = {"killed": [], "injured": []}
    # Whether any report's own value matches the archive: the best a choice among the
    # reports' values could do, so a miss there is the reports' (or the archive's).
    reachable: dict[str, list[bool]] = {"killed": [], "injured": []}
    # Of the incidents no report's value matches: is the archive's figure in the text?
    unmatched_written: dict[str, list[bool]] = {"killed": [], "injured": []}
    names_total = names_found = ages_total = ages_found = unreadable = 0
    for key in chosen:
        articles = []
        for item in by_incident[key]:
            try:
                articles.append(article_from_text(
                    (item["title"] or "Untitled") + "\n" + item["content"], source=item["id"],
                    published=item.get("dct"), html=False))
            except StorydiffError:
                unreadable += 1
        if len(articles) < 2:
            continue
        facts = fact_sheet(list(analyse(articles)))
        truth = incidents[key]
        for slot in scores:
            fact = next((f for f in facts if f.slot == slot), None)
            if fact is not None:
                scores[slot].append((_count(fact.value), int(truth[f"num_{slot}"])))
                count = int(truth[f"num_{slot}"])
                reachable[slot].append(any(_count(v.value) == count for v in fact.values))
                if not reachable[slot][-1]:
                    unmatched_written[slot].append(_written_near_outcome(
                        [a.text for a in articles], slot, count))
        people = " ".join(f.value for f in facts if f.slot == "person")
        ages = {f.value.lstrip("~") for f in facts if f.slot == "age"}
        for person in truth["participants"]:
            name = person.get("Name", "").strip()
            if name and person.get("Type", "").strip() == "Victim":
                names_total += 1
                names_found += name.lower().split()[-1] in people
                age = person.get("Age", "").strip()
                if age:
                    ages_total += 1
                    ages_found += age in ages
    elapsed = time.perf_counter() - started
    print(f"GVA: {len(chosen)} incidents with 2+ reports ({unreadable} unreadable reports "
          f"skipped), {elapsed:.0f} s")
    for slot, pairs in scores.items():
        if not pairs:
            continue
        exact = sum(p == t for p, t in pairs) / len(pairs)
        mae = sum(abs(p - t) for p, t in pairs) / len(pairs)
        print(f"  {slot:<8} stated in {len(pairs)}/{len(chosen)} incidents "
              f"({len(pairs) / len(chosen):.0%}): exact {exact:.1%}, MAE {mae:.2f}; "
              f"some report's value exact in {sum(reachable[slot]) / len(pairs):.1%}")
        missed = unmatched_written[slot]
        print(f"           where no report's value is exact ({len(missed)}), the archive's "
              f"figure is written next to a word for {slot} in {sum(missed)}")
    if names_total:
        print(f"  victims' names found: {names_found}/{names_total} ({names_found / names_total:.0%})"
              f"; ages found: {ages_found}/{ages_total} ({ages_found / max(ages_total, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
