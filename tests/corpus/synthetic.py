"""Invented news items in bulk, for tests that need many distinct articles."""

from __future__ import annotations

import json
from pathlib import Path

TOWNS = ("Ashcombe", "Brindleford", "Carrowmere", "Dunmere", "Elderbank", "Fallowby", "Greywick",
         "Hollinsport", "Ivelmouth", "Juniper Falls", "Kestrel Bay", "Larkhaven")
EVENTS = (
    ("fire", "A fire broke out at a {what} in {town} on {day}, and {n} people were taken to hospital, "
             "the fire service said. Crews from three stations fought the flames for {h} hours."),
    ("vote", "The {town} council voted {n} to {m} on {day} to approve a new {what}, the mayor's office "
             "said. Residents had argued about the plan for {h} months."),
    ("flood", "Heavy rain flooded a {what} in {town} on {day}, forcing {n} families from their homes, "
              "officials said. The river rose {h} feet in one night."),
)
WHATS = ("warehouse", "bakery", "school library", "bus depot", "sawmill", "marina", "sports hall")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def article(i: int) -> dict[str, str]:
    """The i-th invented article: every i gives a different event in different words."""
    kind, template = EVENTS[i % len(EVENTS)]
    town = TOWNS[(i // 3) % len(TOWNS)]
    what = WHATS[(i // 36) % len(WHATS)]
    day = DAYS[(i // 7) % len(DAYS)]
    body = template.format(what=what, town=town, day=day, n=i % 97 + 3, m=i % 5 + 1, h=i % 11 + 2)
    extra = (f" Item {i} was reported by the {town} Courier, which spoke to neighbours and to the "
             f"district office about what happens next for the {what}.")
    return {"id": f"item-{i}", "title": f"{town} {kind}: {what} case {i}", "content": body + extra,
            "published": f"2026-11-{i % 28 + 1:02d}T{i % 24:02d}:00:00Z",
            "url": f"https://courier.example/{kind}/{i}"}


def write_jsonl(path: Path, n: int, *, start: int = 0) -> list[str]:
    """Write ``n`` articles to ``path``; return their URLs."""
    items = [article(i) for i in range(start, start + n)]
    path.write_text("".join(json.dumps(a) + "\n" for a in items), encoding="utf-8")
    return [a["url"] for a in items]
