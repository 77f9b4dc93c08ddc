"""A hostile report: markup, handlers, a javascript: link, an RTL override, a 20,000-character line."""

from __future__ import annotations

import json

RLO = "\u202e"
# Words, not one 20,000-letter token: such a token costs provenance/citations.py's
# _NAME patterns seconds of backtracking per report (reported, not the web app's to fix).
LONG = ("the council said that the tram would run to the estate and " * 400)[:20_000].strip()
TITLE = f"<script>alert(1)</script> Council backs tram line {RLO}gnp.exe"
TEXT = (
    "Ostmere City Council voted 9-4 on Monday night to approve a $410 million extension of the city's "
    "tram network to the Harwick Estate, ending more than a decade of debate. "
    "<img src=x onerror=alert(1)> The new Line 3 will run 6.5 kilometres from Central Station to "
    "Harwick, with eight new stops, officials said.\n\n"
    '<a href="javascript:alert(2)">Read the council report</a> said the national infrastructure fund '
    f"has agreed to provide $250 million {RLO}for the line{RLO}, with the rest borrowed by the city.\n\n"
    f"Critics called the plan {LONG} and said costs could rise.\n\n"
    "Mayor Celia Brandt said it was the most important transport decision the city had made in a "
    "generation, and construction is due to begin in spring 2028."
)
RECORD = {"id": "hostile-1", "title": TITLE, "content": TEXT, "published": "2026-11-03T09:00:00Z",
          "url": "javascript:alert(3)", "outlet": "<b onmouseover=alert(4)>Evil Gazette</b>"}
#: Two plain new reports of a new event, so the upload also makes a new story.
NEW = [
    {"id": f"bridge-{k}", "title": title, "content": text, "published": published,
     "url": f"https://example.org/bridge-{k}", "outlet": outlet}
    for k, (title, text, published, outlet) in enumerate([
        ("Kessel bridge closed after cracks found in main span",
         "Engineers closed the Kessel river bridge on Thursday after inspectors found cracks in its main "
         "span, the county highways department said. About 14,000 vehicles cross the bridge each day. "
         "Drivers face a 12-mile detour while repairs are assessed, officials said. The bridge was built "
         "in 1968 and was last inspected in March.",
         "2026-11-08T10:00:00Z", "Kessel Courier"),
        ("Cracks shut Kessel bridge, detour of 12 miles",
         "The Kessel river bridge was closed on Thursday after cracks were found in its main span, "
         "according to the county highways department. Some 14,000 vehicles use the bridge daily. "
         "Motorists face a 12-mile detour while repairs are assessed. The bridge opened in 1968 and "
         "was last inspected in March, officials said.",
         "2026-11-08T13:30:00Z", "Valley Radio"),
    ])
]


def jsonl() -> bytes:
    return "".join(json.dumps(r) + "\n" for r in [RECORD, *NEW]).encode()
