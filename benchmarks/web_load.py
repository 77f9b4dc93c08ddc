"""Web load: p50/p95 latency of the story page and the stories page under 20 concurrent clients.

    .venv/bin/python benchmarks/web_load.py                               # 10k articles, both backends
    .venv/bin/python benchmarks/web_load.py --articles 1000 --requests 200 --backends sqlite   # quick
    .venv/bin/python benchmarks/web_load.py --workers 2 --client httpx    # variants, see --help

Loopback only, bounded in requests and time. For each backend (an SQLite file in a
temporary folder; a fresh schema on the PostgreSQL server, skipped with a message when
none answers) the script

1. writes a synthetic corpus of ``--articles`` invented reports straight into the store
   (``store.write(Batch(...))``, no NLP ingest): templated English news about invented
   towns and people, 12–20 sentences each, ~40% of stories with one report, most with
   1–5, one 50–80 report story per 2,500 articles, ~15% of all articles near-copies of
   another report of their story (canonical mapping);
2. starts ``storydiff serve``'s app (``create_app``) with uvicorn in a child process on
   127.0.0.1 and a free port (one worker, as ``storydiff serve`` runs it; ``--workers``);
3. views ``--stories`` sampled story pages of 1–5 reports and the ``--large`` largest
   stories once, one at a time: a first view compares the story's reports and caches the
   comparison in the corpus. These are the *cold* figures (the very first also loads the
   models). A page slower than ``--cold-timeout`` is reported and left out of the load,
   which then runs on a fresh server process;
4. sends ``--baseline`` requests from one client alone (the service time, no queueing),
   then runs ``--clients`` concurrent clients through a shuffled mix of ``--requests``
   requests per page type, stopping at ``--time-cap`` seconds: ``story`` =
   ``/stories/{id}`` of the sampled (now cached) stories, ``stories`` = ``/`` with
   various q/since/until/outlet/sort/page, ``api`` = ``/api/stories`` likewise.

Printed per backend and page type: requests done, p50, p95 and max latency (ms, from
sending the request to the whole body read, as a client sees it), requests/s over the
run, errors (any answer but 200, or a failed connection), and whether p95 ≤ 200 ms
(the target on the project's 2-core machine); then the CPU the server process(es) and
the clients used, and the machine's load average (other work on a shared machine shows
up in the tail). The clients share the machine with the server: by default each is a
bare asyncio HTTP/1.1 keep-alive connection (``--client raw``), since 20 clients on one
``httpx.AsyncClient`` (``--client httpx``) spent ~2 ms of CPU a request and queued
inside the client pool, which multiplied the measured p95 several times over.
Temporary files and the PostgreSQL schema are removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = os.environ.get("STORYDIFF_TEST_POSTGRES") or \
    "postgresql://storydiff:storydiff@127.0.0.1:5432/storydiff_test"
TARGET_MS = 200.0
SECRET = "web-load-benchmark-" + "s" * 40
START = datetime(2026, 9, 1, tzinfo=UTC)

# --- the synthetic corpus -------------------------------------------------------------------

TOWNS = ("Ostmere Harwick Quillon Brackenford Tealmouth Vessingham Corrow Linthorpe Marrowgate "
         "Pellbrook Saltney Drummerhill Fennick Ashgrove Kelvate Wendmoor Orrisdale Tamsford "
         "Breckwater Halloway Nettlecombe Rushden Cawley Embleford Gorsey Ilverton Juniper Bay "
         "Larchmont Moxley Northam").split()
FIRST = ("Celia Tomasz Joan Marcus Priya Ewan Ingrid Kofi Lucia Anders Mireille Rafael Hana "
         "Declan Oona Yusuf Greta Silas Noor Bram").split()
LAST = ("Brandt Wierzbicki Mabry Okafor Lindqvist Harrow Castellane Ndiaye Fairweather Moreau "
        "Kowalczyk Abernethy Tanaka Voss Delacroix Oyelaran Pryce Hallam Strand Quint").split()
OUTLETS = ("Ostmere Chronicle|Harbor Post|Lakeside Ledger|Valley Courier|Northam Herald|Daily Beacon|"
           "Coastline Times|Metro Dispatch|Evening Sentinel|Riverside Gazette|Capital Wire|"
           "Tealmouth Tribune|Morning Lantern|Weekly Compass|Hillcrest Observer|County Bugle|"
           "Regional Press Service|Civic Review|Highland Echo|Bayside News").split("|")
STREETS = ("Mill Lane", "Station Road", "Harbour Street", "Church Row", "Kiln Avenue", "Market Square")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SAID = ("said", "told reporters", "confirmed", "claimed", "said in a statement")

#: (headlines, sentences); {n1}-{n3} are numbers that reports may disagree on.
EVENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Fire at {town} warehouse injures {n1}", "{n1} hurt as blaze guts {town} depot",
      "Warehouse fire on {street} in {town}"),
     ("A fire broke out at a warehouse on {street} in {town} on {day} evening, injuring {n1} people.",
      "Firefighters from {n2} stations spent more than {n3} hours bringing the blaze under control.",
      "Fire Chief {person} {said} the cause of the fire was not yet known.",
      "Residents of nearby houses were evacuated as a precaution and allowed back shortly after midnight.",
      "{n1} workers were taken to {town} General Hospital, where two remain in a serious condition.",
      "The warehouse, owned by a local furniture firm, had been inspected in the spring.",
      "\"We heard a loud bang and then the whole roof was alight,\" one neighbour {said}.",
      "Police have closed {street} while investigators examine the site.",
      "The council {said} it would review fire safety at storage sites across {town}.",
      "A spokesperson for the owners {said} the company was cooperating fully with investigators.")),
    (("{town} council approves ${n1} million tram line", "Tram extension to {town} backed in {n2}-{n3} vote",
      "Councillors vote for {town} tram plan"),
     ("{town} City Council voted {n2}-{n3} on {day} night to approve a ${n1} million tram extension.",
      "Mayor {person} {said} it was the most important transport decision in a generation.",
      "The new line will run from Central Station to {street}, with eight new stops.",
      "Construction is due to begin in the spring and the line is scheduled to open in four years.",
      "The national infrastructure fund has agreed to provide most of the money, according to a council "
      "report.",
      "Opposition councillors {said} the cost estimates were wildly optimistic.",
      "Planners expect the line to carry about {n3},000 passengers a day.",
      "A public exhibition of the route will open at the {town} library next month.",
      "Residents' groups have campaigned for the line for more than a decade.",
      "The vote followed a debate that lasted almost {n2} hours.")),
    (("Ferry to {town} suspended after engine fault", "{n1} passengers stranded as {town} ferry breaks down",
      "{town} ferry service halted"),
     ("The ferry service between {town} and the mainland was suspended on {day} after an engine fault.",
      "About {n1} passengers were stranded at the terminal for several hours.",
      "Harbour master {person} {said} the vessel would be out of service for at least {n2} days.",
      "A replacement boat with room for {n3} passengers will run twice a day from {day}.",
      "Islanders have complained about repeated breakdowns on the route this year.",
      "The operator apologised and {said} refunds would be offered to all affected travellers.",
      "Coastguard officials {said} there had been no danger to anyone on board.",
      "Local businesses warned that the suspension would hit trade during the festival season.",
      "The regional transport authority has asked the operator for a full report.",
      "Engineers from the mainland arrived on {street} late on {day} to inspect the engine.")),
    (("{town} hospital to cut {n1} beds", "Health board confirms {n1} bed cuts at {town} General",
      "Bed closures planned at {town} hospital"),
     ("The health board {said} on {day} that {town} General Hospital will close {n1} beds by the spring.",
      "Health Director {person} {said} the beds would be replaced by care at home for older patients.",
      "Unions warned that waiting times at the emergency department could rise by {n2} percent.",
      "The hospital currently has about {n3} beds across its wards.",
      "Patients' groups have called a public meeting on {street} next week.",
      "The board {said} no staff would lose their jobs as a result of the change.",
      "Opposition politicians described the plan as a cut in all but name.",
      "A consultation on the proposals will run for twelve weeks.",
      "Similar changes were made at two other hospitals in the region last year.",
      "The health minister is expected to visit {town} later this month.")),
    (("Storm leaves {n1} homes without power in {town}", "{town} battered by storm, {n1} homes cut off",
      "Power cuts across {town} after storm"),
     ("A storm swept across {town} overnight into {day}, leaving {n1} homes without electricity.",
      "Winds of up to {n2} kilometres an hour brought down trees and power lines.",
      "Engineers {said} most supplies should be restored within {n3} hours.",
      "Mayor {person} {said} emergency shelters had been opened at two schools.",
      "Several roads, including {street}, remain closed because of fallen trees.",
      "The weather service had issued an amber warning the day before.",
      "Train services between {town} and the capital were cancelled for most of the morning.",
      "Insurers {said} it was too early to estimate the cost of the damage.",
      "Residents were urged to stay away from damaged power lines and to check on neighbours.",
      "Forecasters expect calmer weather by the weekend.")),
    (("{town} factory to close with loss of {n1} jobs", "{n1} jobs go as {town} plant shuts",
      "Closure announced at {town} factory"),
     ("A food processing plant in {town} will close next year with the loss of {n1} jobs, its owners "
      "{said} on {day}.",
      "The company blamed rising energy costs and falling orders over the past {n2} years.",
      "Union representative {person} {said} the news had come as a shock to the workforce.",
      "The plant on {street} has operated in the town for more than {n3} years.",
      "Local officials {said} they would seek talks with the company to save the site.",
      "Some production will move to a larger plant abroad, according to the company.",
      "Workers will be offered redundancy packages and help finding new jobs.",
      "The closure is the second major job loss in {town} this year.",
      "Shops near the plant fear a drop in trade once it shuts.",
      "The regional development agency has promised a task force to support the area.")),
)


#: Background sentences any story may carry, so that reports run to 12–20 sentences.
GENERIC = (
    "The {town} area has a population of about {n3},000 people.",
    "Local radio reported the news shortly after {n2} o'clock on {day}.",
    "{person} {said} more details would be given at a briefing later in the week.",
    "Officials {said} they had been in contact with the families concerned.",
    "Traffic on {street} was slow for much of the afternoon.",
    "The regional government {said} it was following the situation closely.",
    "Several residents posted photographs of the scene on social media.",
    "A similar incident in {town} {n2} years ago led to changes in local rules.",
    "Opposition politicians called for an independent inquiry.",
    "The mayor's office {said} a further statement would follow on {day}.",
    "Shops and cafes along {street} stayed open throughout the day.",
    "Community leaders urged people not to speculate about the causes.",
    "A helpline has been set up for anyone affected, the council {said}.",
    "Volunteers handed out food and blankets near the town hall.",
    "It was not immediately clear how long the disruption would last.",
    "Police {said} there was no suspicion of foul play at this stage.",
    "The local newspaper had warned about the issue in an editorial last year.",
    "More than {n3} people attended a meeting about the matter on {day} evening.",
)


@dataclass
class Planned:
    """One story to write: its size and how many of its reports are copies."""

    size: int
    copies: int


@dataclass
class Corpus:
    """What was written: story id → number of reports, and of reports that are not copies."""

    sizes: dict[int, int] = field(default_factory=dict)
    originals: dict[int, int] = field(default_factory=dict)
    articles: int = 0
    copies: int = 0
    seconds: float = 0.0


def plan_stories(articles: int, rng: random.Random) -> list[Planned]:
    """Story sizes for ``articles`` reports: 1–5 mostly, one 50+ story per 2,500 articles."""
    sizes: list[int] = [rng.randint(50, 80) for _ in range(articles // 2500)]
    total = sum(sizes)
    while total < articles:
        size = min(rng.choices((1, 2, 3, 4, 5), weights=(40, 22, 16, 12, 10))[0], articles - total)
        sizes.append(size)
        total += size
    # Copies only where a story has two reports or more; ~15% of all articles overall.
    room = sum(s - 1 for s in sizes)
    share = min(0.9, 0.15 * articles / room) if room else 0.0
    planned = []
    for size in sizes:
        copies = sum(rng.random() < share for _ in range(size - 1))
        planned.append(Planned(size, copies))
    rng.shuffle(planned)
    return planned


def _fill(template: str, facts: dict[str, str]) -> str:
    return template.format(**facts)


def _report_facts(facts: dict[str, str], rng: random.Random) -> dict[str, str]:
    """A report's own version of the facts: sometimes a number or a verb differs."""
    own = dict(facts)
    for key in ("n1", "n2", "n3"):
        if rng.random() < 0.25:
            own[key] = str(max(2, int(facts[key]) + rng.choice((-3, -2, -1, 1, 2, 4))))
    own["said"] = rng.choice(SAID)
    return own


def write_corpus(location: str, articles: int, seed: int) -> Corpus:
    """Write the synthetic corpus into the store at ``location``, a few hundred stories per batch."""
    from storydiff.models import Article, Record
    from storydiff.store import Batch, open_store

    rng = random.Random(seed)
    plan = plan_stories(articles, rng)
    start = time.perf_counter()
    done = Corpus()
    store = open_store(location)
    number = 0
    try:
        for first in range(0, len(plan), 300):
            records: list[Record] = []
            canonical: dict[str, str] = {}
            stories: dict[str, int] = {}
            labels: dict[int, Planned] = {}
            for label, story in enumerate(plan[first:first + 300], start=1):
                headlines, sentences = rng.choice(EVENTS)
                facts = {"town": rng.choice(TOWNS), "street": rng.choice(STREETS), "day": rng.choice(DAYS),
                         "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                         "n1": str(rng.randint(3, 400)), "n2": str(rng.randint(2, 12)),
                         "n3": str(rng.randint(4, 90)), "said": "said"}
                day = START + timedelta(days=rng.randint(0, 90), hours=rng.randint(5, 20))
                originals: list[tuple[str, list[str], str]] = []
                for k in range(story.size):
                    number += 1
                    id_ = f"w{number:06d}"
                    # The reports of a story follow within hours of each other.
                    when = day + timedelta(minutes=rng.randint(0, 60 * (4 + k // 2)))
                    published = when.strftime("%Y-%m-%dT%H:%M:00Z")
                    outlet = rng.choice(OUTLETS)
                    if k >= story.size - story.copies and originals:
                        # A near-copy: a new headline, one sentence cut, another outlet.
                        source, lines, title = rng.choice(originals)
                        lines = list(lines)
                        del lines[rng.randrange(1, len(lines))]
                        title = title + rng.choice((" - update", " (wire)", ": what we know"))
                        canonical[id_] = source
                        done.copies += 1
                    else:
                        own = _report_facts(facts, rng)
                        keep = [0, *sorted(rng.sample(range(1, len(sentences)), rng.randint(5, 9)))]
                        lines = [_fill(sentences[i], own) for i in keep]
                        for extra in rng.sample(GENERIC, rng.randint(6, 10)):
                            lines.insert(rng.randint(2, len(lines)), _fill(extra, own))
                        title = _fill(rng.choice(headlines), own)
                        originals.append((id_, lines, title))
                    text = "\n\n".join(" ".join(lines[i:i + 2]) for i in range(0, len(lines), 2))
                    digest = hashlib.sha1(text.encode()).hexdigest()
                    article = Article(id=id_, source=f"synthetic:{id_}", title=title, text=text,
                                      outlet=outlet, published=published,
                                      url=f"https://{outlet.lower().replace(' ', '-')}.example/{id_}")
                    records.append(Record(key=f"synthetic:{id_}", article=article,
                                          raw_hash=digest, text_hash=digest, origin=f"synthetic:{id_}"))
                    stories[id_] = label
                labels[label] = story
            fresh = store.write(Batch(records=records, canonical=canonical, stories=stories,
                                      new_stories=frozenset(labels)))
            for label, planned in labels.items():
                done.sizes[fresh[label]] = planned.size
                done.originals[fresh[label]] = planned.size - planned.copies
            done.articles += len(records)
    finally:
        store.close()
    done.seconds = time.perf_counter() - start
    return done


# --- the server -----------------------------------------------------------------------------


def make_app() -> Any:
    """The app over ``$STORYDIFF_WEBLOAD_LOCATION``: uvicorn's factory when it runs several workers."""
    from storydiff.web import Settings, create_app

    return create_app(Settings(location=os.environ["STORYDIFF_WEBLOAD_LOCATION"], secret=SECRET))


def serve(location: str, port: int, workers: int) -> None:
    """The child process: the app on 127.0.0.1:``port`` until killed."""
    import uvicorn

    os.environ["STORYDIFF_WEBLOAD_LOCATION"] = location
    options: dict[str, Any] = {"host": "127.0.0.1", "port": port, "log_level": "warning", "access_log": False}
    if workers > 1:
        uvicorn.run("web_load:make_app", factory=True, workers=workers,
                    app_dir=str(Path(__file__).resolve().parent), **options)
    else:
        uvicorn.run(make_app(), **options)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def server(location: str, log: Path, workers: int = 1) -> Iterator[tuple[str, int]]:
    """A server process for ``location``; yields its base URL and pid, stops it on leaving."""
    import httpx

    port = free_port()
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--serve", location,
                                  "--port", str(port), "--workers", str(workers)],
                                 stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if child.poll() is not None:
                raise RuntimeError(f"the server exited ({child.returncode}): {log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/api/session", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within 60 s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base, child.pid
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


# --- the load -------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def stories_urls(n: int, rng: random.Random, pages: int) -> list[str]:
    """``n`` stories-page queries: plain pages, sorts, dates, outlets, words."""
    urls = []
    for _ in range(n):
        params: dict[str, str] = {}
        kind = rng.random()
        if kind < 0.3:
            params["page"] = str(rng.randint(1, max(1, min(pages, 40))))
        elif kind < 0.45:
            params["sort"] = "size"
            params["page"] = str(rng.randint(1, 5))
        elif kind < 0.6:
            since = f"2026-{rng.randint(9, 11):02d}-{rng.randint(1, 28):02d}"
            params["since"] = since
            if rng.random() < 0.5:
                params["until"] = since[:8] + f"{min(28, int(since[8:]) + rng.randint(1, 14)):02d}"
        elif kind < 0.75:
            params["outlet"] = rng.choice(OUTLETS).split()[0]
            params["page"] = str(rng.randint(1, 3))
        else:
            params["q"] = rng.choice(TOWNS) + rng.choice(("", "", " fire", " ferry", " tram", " jobs"))
            if rng.random() < 0.3:
                params["sort"] = "size"
        urls.append("&".join(f"{k}={quote(v)}" for k, v in params.items()))
    return urls


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of process ``pid`` and its child processes (Linux), or NaN."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total or float("nan")


class RawClient:
    """A bare HTTP/1.1 keep-alive GET client on asyncio streams: a fraction of httpx's CPU per request,
    so that less of the shared machine goes to measuring. One connection, one request at a time."""

    def __init__(self, base: str, timeout: float) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> int:
        """The status of GET ``path``, its whole body read."""
        return await asyncio.wait_for(self._get(path), self.timeout)

    async def _get(self, path: str) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def run_load(base: str, plan: list[tuple[str, str]], clients: int, time_cap: float,
                   think: float = 0.0, seed: int = 0, raw: bool = False) -> tuple[dict[str, Tally], float]:
    """Send ``plan`` ((page type, path) pairs) from ``clients`` concurrent clients; stop at ``time_cap``.

    Each client sends its next request as soon as the last is answered, or after a pause
    of ``think`` seconds on average (exponential) when given.
    """
    import httpx

    pauses = random.Random(seed)

    tallies: dict[str, Tally] = {kind: Tally() for kind, _ in plan}
    queue = list(reversed(plan))
    stop_at = time.monotonic() + time_cap
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient | RawClient) -> None:
        while queue and time.monotonic() < stop_at:
            kind, path = queue.pop()
            tally = tallies[kind]
            start = time.perf_counter()
            try:
                reply = await http.get(path)
                elapsed = time.perf_counter() - start
                status = reply if isinstance(reply, int) else reply.status_code
                if status != 200:
                    tally.errors += 1
                    tally.first_error = tally.first_error or f"{path}: HTTP {status}"
                tally.latencies.append(elapsed)
            except (httpx.HTTPError, OSError, ValueError, IndexError, TimeoutError,
                    asyncio.IncompleteReadError) as exc:
                tally.errors += 1
                tally.first_error = tally.first_error or f"{path}: {type(exc).__name__} {exc}"
                if isinstance(http, RawClient):
                    await http.close()
            if think > 0:
                await asyncio.sleep(pauses.expovariate(1 / think))

    started = time.perf_counter()
    if raw:
        raws = [RawClient(base, 60) for _ in range(clients)]
        await asyncio.gather(*(client(r) for r in raws))
        wall = time.perf_counter() - started
        for r in raws:
            await r.close()
    else:
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
            await asyncio.gather(*(client(http) for _ in range(clients)))
            wall = time.perf_counter() - started
    return tallies, wall


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def sample_stories(corpus: Corpus, n: int, large: int, rng: random.Random) -> list[int]:
    """``n`` story ids of 1–5 reports as the corpus has them, then its ``large`` largest stories."""
    sizes = corpus.sizes
    small = sorted(s for s, size in sizes.items() if size <= 5)
    chosen = rng.sample(small, min(n, len(small)))
    # The first view loads the models: make it one that compares two reports or more.
    chosen.sort(key=lambda s: corpus.originals[s] < 2)
    largest = sorted((s for s in sizes if s not in chosen), key=lambda s: -sizes[s])[:large]
    return chosen + largest


def view_once(base: str, story_ids: list[int], sizes: dict[int, int],
              timeout: float) -> list[tuple[int, int, float, str]]:
    """View each story page once, one at a time: (story, reports, seconds, status or "timeout")."""
    import httpx

    cold = []
    with httpx.Client(base_url=base, timeout=timeout) as http:
        for story in story_ids:
            start = time.perf_counter()
            try:
                status = str(http.get(f"/stories/{story}").status_code)
            except httpx.TimeoutException:
                status = "timeout"
            cold.append((story, sizes[story], time.perf_counter() - start, status))
    return cold


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def bench_backend(name: str, location: str, args: argparse.Namespace, workdir: Path) -> bool:
    """Build, warm and load one backend; print its figures; True when every p95 met the target."""
    print(f"\n== {name}: writing {args.articles} synthetic articles", flush=True)
    corpus = write_corpus(location, args.articles, args.seed)
    reports = sorted(corpus.sizes.values())
    print(f"   {corpus.articles} articles, {len(corpus.sizes)} stories (largest {reports[-1]}, "
          f"{sum(1 for r in reports if r >= 50)} with 50+), {corpus.copies} copies "
          f"({corpus.copies / max(1, corpus.articles):.0%}), written in {corpus.seconds:.1f} s", flush=True)
    rng = random.Random(args.seed + 1)
    sample = sample_stories(corpus, args.stories, args.large, rng)
    log = workdir / f"{name}-server.log"
    with server(location, log) as (base, _):
        print(f"   cold: viewing {len(sample)} story pages once, one at a time (each computes and caches "
              f"its comparison; {args.cold_timeout:.0f} s at most each)", flush=True)
        cold = view_once(base, sample, corpus.sizes, args.cold_timeout)
        # A second view of the large stories: their comparison is cached now.
        large = view_once(base, sample[len(sample) - args.large:], corpus.sizes, args.cold_timeout) \
            if args.large and all(c[3] != "timeout" for c in cold) else []
    first = cold[0]
    print(f"   cold first view (loads the models too): {first[2]:.2f} s, story {first[0]} "
          f"({first[1]} reports)")
    rest = [c[2] for c in cold[1:] if c[1] <= 5 and corpus.originals[c[0]] > 1 and c[3] == "200"]
    if rest:
        print(f"   cold view, stories of 2–5 reports (not copies): median {statistics.median(rest):.2f} s, "
              f"max {max(rest):.2f} s over {len(rest)}")
    for story, size, seconds, status in cold[1:] + large:
        if size > 5:
            again = " (second view, comparison cached)" if (story, size, seconds, status) in large else ""
            print(f"   view of the {size}-report story {story}{again}: "
                  + (f"over {seconds:.0f} s, timed out" if status == "timeout" else f"{seconds:.2f} s"))
    bad = [c for c in cold + large if c[3] != "200"]
    if bad:
        print(f"   {len(bad)} story pages failed or timed out, left out of the load: "
              + ", ".join(f"{c[0]} ({c[3]})" for c in bad))
    sample = [s for s in sample if s not in {c[0] for c in bad}]
    # A fresh server for the load: the last one may still be rendering a page that timed out.
    with server(location, log, args.workers) as (base, pid):
        pages = max(1, len(corpus.sizes) // 25)
        plan = [("story", f"/stories/{rng.choice(sample)}") for _ in range(args.requests)]
        plan += [("stories", "/?" + q) for q in stories_urls(args.requests, rng, pages)]
        plan += [("api", "/api/stories?" + q) for q in stories_urls(args.requests, rng, pages)]
        rng.shuffle(plan)
        print(f"   load: {len(plan)} requests from {args.clients} clients, at most {args.time_cap:.0f} s; "
              f"machine load average before: {os.getloadavg()[0]:.1f}", flush=True)
        # One client first: the time a request takes with nothing else in the server's queue.
        raw = args.client == "raw"
        alone, _ = asyncio.run(run_load(base, plan[:args.baseline], 1, args.time_cap, raw=raw))
        print("   one client alone, p50 ms: " + ", ".join(
            f"{kind} {percentile(t.latencies, 0.5) * 1000:.1f}" for kind, t in alone.items()), flush=True)
        server_cpu, client_cpu = cpu_seconds(pid), time.process_time()
        tallies, wall = asyncio.run(run_load(base, plan, args.clients, args.time_cap, args.think,
                                             args.seed, raw))
        server_cpu, client_cpu = cpu_seconds(pid) - server_cpu, time.process_time() - client_cpu
    ok = not bad
    print(f"   {'page':8} {'done':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} {'errors':>6}  "
          f"p95 ≤ {TARGET_MS:.0f} ms")
    for kind in ("story", "stories", "api"):
        tally = tallies[kind]
        lat = tally.latencies
        p95 = percentile(lat, 0.95)
        met = bool(lat) and p95 * 1000 <= TARGET_MS and not tally.errors
        ok = ok and met
        print(f"   {kind:8} {len(lat):6d} {ms(percentile(lat, 0.5))} {ms(p95)} {ms(max(lat, default=0))} "
              f"{len(lat) / wall:7.1f} {tally.errors:6d}  {'yes' if met else 'NO'}")
        if tally.first_error:
            print(f"            first error: {tally.first_error}")
    done = sum(len(t.latencies) for t in tallies.values())
    print(f"   all: {done} requests in {wall:.1f} s = {done / wall:.1f} req/s"
          + ("" if done + sum(t.errors for t in tallies.values()) >= len(plan) else
             f" (stopped at the {args.time_cap:.0f} s cap)"))
    print(f"   CPU during the load: server {server_cpu:.1f} s ({server_cpu / wall:.0%} of a core, "
          f"{server_cpu / max(1, done) * 1000:.1f} ms a request), clients {client_cpu:.1f} s "
          f"({client_cpu / wall:.0%}); load average after: {os.getloadavg()[0]:.1f}")
    if bad:
        print(f"   target not met: {len(bad)} story page(s) took over {args.cold_timeout:.0f} s or failed")
    return ok


@contextlib.contextmanager
def postgres_schema(url: str) -> Iterator[str | None]:
    """A fresh schema on the server (its location URL), dropped afterwards; None with no server."""
    try:
        import psycopg
    except ImportError:
        print("\n== postgres: skipped, psycopg is not installed")
        yield None
        return
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        print(f"\n== postgres: skipped, no server answers ({' '.join(str(exc).split())[:200]})")
        yield None
        return
    schema = f"storydiff_webload_{uuid.uuid4().hex[:10]}"
    try:
        admin.execute(f"CREATE SCHEMA {schema}")
        option = quote(f"-csearch_path={schema}", safe="")
        yield f"{url}{'&' if '?' in url else '?'}options={option}"
    finally:
        admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000, help="requests per page type")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--stories", type=int, default=30,
                        help="story pages measured (each viewed cold once first)")
    parser.add_argument("--large", type=int, default=1,
                        help="also view (and load) this many of the largest (50+ report) stories")
    parser.add_argument("--cold-timeout", type=float, default=60.0,
                        help="seconds a single story page may take before it is left out")
    parser.add_argument("--baseline", type=int, default=150,
                        help="requests sent by one client alone before the load (0: none)")
    parser.add_argument("--workers", type=int, default=1,
                        help="uvicorn worker processes for the load (storydiff serve runs one)")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw",
                        help="raw: a bare asyncio HTTP/1.1 client (default); httpx: httpx.AsyncClient")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds between a client's requests (default 0: none)")
    parser.add_argument("--time-cap", type=float, default=300.0, help="seconds of load per backend at most")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL (a schema is made on it)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.workers)
        return 0
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    print(f"web load: {args.articles} articles, {args.requests} requests per page type, "
          f"{args.clients} clients, target p95 ≤ {TARGET_MS:.0f} ms, {os.cpu_count()} CPUs")
    met = True
    with tempfile.TemporaryDirectory(prefix="storydiff-webload-") as tmp:
        workdir = Path(tmp)
        for name in backends:
            if name == "sqlite":
                met = bench_backend("sqlite", str(workdir / "corpus.db"), args, workdir) and met
            else:
                with postgres_schema(args.postgres) as location:
                    if location is not None:
                        met = bench_backend("postgres", location, args, workdir) and met
    print(f"\ntarget p95 ≤ {TARGET_MS:.0f} ms on every page type: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
