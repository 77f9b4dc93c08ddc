"""The fact sheet: the story's key facts with each report's value.

Slots (documented in docs/report-schema.md):

- ``killed``, ``injured``, ``arrested``: counts of people;
- ``amount``: sums of money, labelled with what they pay for;
- ``location``: the place the report names most;
- ``date``: the publication date, else the weekday the report gives;
- ``person``: each named person, labelled with title; ``age``: a person's age.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..analysis.entities import names_clash, normalise_name
from ..analysis.numbers import is_vague, same_value
from ..models import AnalysedArticle, Claim, Fact, FactValue, Quantity, Span
from .citations import same_outlet

SLOTS = ("killed", "injured", "arrested", "amount", "location", "date", "person", "age")
_COUNT_SLOTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # slot: (governing verbs, counted nouns)
    "killed": (frozenset("kill die slay murder execute dead behead".split()),
               frozenset("death fatality dead body".split())),
    "injured": (frozenset("injure wound hurt hospitalize hospitalise maim".split()),
                frozenset("injury injured wounded".split())),
    "arrested": (frozenset("arrest detain apprehend".split()),
                 frozenset("arrest detention suspect".split())),
}
#: Only the top of a report states its main facts; later numbers are often other events.
LEAD_SENTENCES = 8
_SHOT_DEAD = re.compile(r"\b(?:shot and killed|shot dead|fatally shot|shot to death|"
                        r"gunned down)\b", re.I)
_DEATH = re.compile(r"\b(?:killed|died|dead|fatally|slain|murdered)\b", re.I)
_SINGLE_VICTIM = re.compile(r"^(?:an?|the)\s+(?:\d+-year-old\s+)?(?:man|woman|boy|girl|teen"
                            r"|teenager|child|person|victim|driver|officer|resident)\b", re.I)
_PLACES = frozenset({"GPE", "LOC", "FAC"})

Origin = Callable[[str, int], str]


def _source(claim: Claim) -> str | None:
    named = [a for a in claim.attributions if a.source_kind not in ("unknown",)]
    return named[-1].source if named else None


def _value(article: AnalysedArticle, claim: Claim, value: str, text: str, span: Span,
           origin: Origin) -> FactValue:
    return FactValue(article.article.id, value, text, span,
                     origin(article.article.id, claim.index), _source(claim))


def _number(q: Quantity) -> str:
    value = int(q.value) if q.value == int(q.value) else q.value
    return f"~{value}" if q.approximate else f"{value}"


def _lead(article: AnalysedArticle) -> tuple[Claim, ...]:
    return article.claims[:LEAD_SENTENCES]


#: Counted nouns that are never people: "shot more than 20 rounds", "50 miles away".
_NOT_PEOPLE = frozenset("round shot bullet casing mile kilometre kilometer foot feet yard meter "
                        "metre time minute hour day week month year percent dollar image photo "
                        "gun weapon car vehicle house home block".split())


#: "and 21 others injured": an outcome that follows the count names its slot, whatever
#: verb the parse hangs the number on.
_OUTCOME_AFTER = re.compile(r"^\s+(?:(?:other|more|people|others|men|women|were|are|also)\s+)"
                            r"{0,2}(?:shot and )?(injured|wounded|hurt|killed|dead)\b", re.I)
_OUTCOME_SLOT = {"injured": "injured", "wounded": "injured", "hurt": "injured",
                 "killed": "killed", "dead": "killed"}


#: Nouns that count everyone they name: "four people", "three others", "two men".
_HEADCOUNT_NOUNS = frozenset("people person persons other others victim victims man men teen "
                             "teenager adult individual male female relative personnel soldier "
                             "troop fighter militant protester passenger migrant".split())
#: "shot by two men", "two people shot at them": the count is of those who fired.
_AGENT_BEFORE = re.compile(r"\bby\s+$", re.I)
_FIRED_AT = re.compile(r"^\s+(?:[\w-]+\s+)?(?:(?:were|was|had|have|reportedly)\s+)?"
                       r"(?:shot|shooting|fired|firing|opened fire)\s+(?:at|on)\b", re.I)
#: "one of five people shot": the five are not all the dead.
_PART_OF = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) of (?:the )?$",
                      re.I)


def _slot_of(q: Quantity, claim: Claim) -> str | None:
    if q.kind != "count" or q.unit in _NOT_PEOPLE or is_vague(q):
        return None
    if q.unit not in _HEADCOUNT_NOUNS and not any(q.unit in nouns for _, nouns in
                                                  _COUNT_SLOTS.values()):
        # "two women" may be part of "two women and a man"; a bare "18" is often an age.
        # Such lists are counted whole by the casualty phrases.
        return None
    before = claim.text[:max(0, q.span[0] - claim.span[0])]
    rest = claim.text[max(0, q.span[1] - claim.span[0]):]
    if _PART_OF.search(before) or _AGENT_BEFORE.search(before) or _FIRED_AT.match(rest):
        return None
    after = _OUTCOME_AFTER.match(rest)
    if after:
        return _OUTCOME_SLOT[after.group(1).lower()]
    for slot, (verbs, nouns) in _COUNT_SLOTS.items():
        if q.predicate in verbs or q.unit in nouns:
            return slot
    if q.predicate == "shoot":
        # "Four people were shot": the dead and the hurt together, split below;
        # "fatally shot three" names the dead, but not "fatally shot a man and three others".
        start = q.span[0] - claim.span[0]
        dead = any(0 <= start - m.end() < 12 or 0 <= m.start() - (q.span[1] - claim.span[0]) < 25
                   for m in _SHOT_DEAD.finditer(claim.text))
        return "killed" if dead else "shot"
    return None


#: A small count, not a clock time ("0:43"), a decimal or an age ("12 year-old girl").
_NUM = (r"(?<![:.,$])(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"a|an)(?![-\d])(?! ?-?(?:year|month|week)s?\b)")
#: Who was hit: up to three describing words ("two young", "a 9-year-old") and a person.
_WHO = (r"(?:(?!(?:of|and|a|an|the|that|his|her|their|who|which|was|were|is|are)\b)"
        r"(?:[a-z][\w-]*|\d+-\w+-old) ){0,3}?"
        r"(?:people|persons|men|women|children|kids|teens|teenagers|adults|"
        r"victims|others|man|woman|boy|girl|teen|teenager|child|baby|infant|toddler|person|"
        r"student|father|mother|son|daughter|victim|officer|deputy|driver|resident|family members|"
        r"\d+-(?:year|month|week|day)-old)")
#: Phrases that state how many died or were hurt, with the number in group 1.
_CASUALTY_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.I)) for slot, pattern in (
        ("killed", rf"\b{_NUM} {_WHO} (?:(?:were|was|are|is|have been|has been|has|have) )?"
                   r"(?:shot and killed|killed|shot dead|found dead|pronounced dead|fatally "
                   r"(?:shot|wounded)|slain|dead|died|murdered)\b"),
        ("killed", rf"\b(?:left|leaves|leaving) {_NUM} (?:[\w-]+ ){{0,2}}?dead\b"),
        ("killed", rf"\b(?:killing|killed|kills|shot and killed|fatally shot|murdered) {_NUM}"
                   r"(?! years?\b)\b"),
        ("killed", rf"\b{_NUM} {_WHO},? and {_NUM} {_WHO} (?:(?:were|have been|had been) )?"
                   r"(?:found dead|killed|pronounced dead|dead|fatally shot|shot dead)\b"),
        ("killed", rf"^{_NUM} (?:dead|killed)\b"),
        # "five people were shot, one fatally", "shot six people — two fatally",
        # "six people were shot, two of whom have died"
        ("killed", rf"\bshot(?: [\w-]+){{0,3}}?\s*(?:,|—|–|-)\s*{_NUM} (?:of them )?"
                   r"fatally\b"),
        ("killed", rf"\b{_NUM} of (?:them|whom|those) (?:have |has |had |later )?(?:died|"
                   r"were killed|was killed|are dead)\b"),
        ("killed", rf"\b{_NUM} {_WHO} (?:are|were|was|is) (?:found )?dead,? along with "
                   r"(his|her|their|a|an) (?:\w+ )?(?:father|mother|husband|wife|son|daughter|"
                   r"brother|sister|boyfriend|girlfriend|grandmother|grandfather|man|woman)\b"),
        # "the shooting death of a 5-year-old": one victim, named by the event.
        ("killed", rf"\b(?:shooting death|fatal shooting|murder|killing|slaying) of {_NUM} {_WHO}\b"),
        ("injured", rf"\b{_NUM} {_WHO} (?:(?:were|was|are|is|have been|has been) )?(?:injured|"
                    r"wounded|hurt|hospitalized|hospitalised)\b"),
        # not "a wounded child", "a second injured person"
        ("injured", rf"\b(?:and|with|leaving|left) {_NUM} (?:[\w-]+ ){{0,2}}?(?:injured|wounded|"
                    r"hurt)\b(?! (?:person|people|man|men|woman|women|child|children|boy|girl|"
                    r"teen|teenager|officer|victim|driver)\b)"),
        ("injured", rf"\b(?:injuring|wounding|injured|wounded) {_NUM}\b(?! years?\b)"),
        ("arrested", r"\b(no one|nobody|none) (?:\w+ ){0,2}?(?:arrested|detained|in custody)\b"),
        ("killed", r"\b(no one|nobody|none) (?:\w+ ){0,2}?(?:killed|died|dead)\b"),
        ("injured", r"\b(no one|nobody|none) (?:\w+ ){0,2}?(?:injured|hurt|wounded)\b"),
    )
)
_NONE = frozenset({"no one", "nobody", "none"})
_ONE_PERSON = frozenset({"a", "an", "his", "her", "their"})
_PERSON_NOUNS = frozenset(
    "wife husband son daughter girlfriend boyfriend fiancee fiance fiancé fiancée mother father "
    "mom dad brother sister child baby boy girl man woman neighbor neighbour grandson "
    "granddaughter grandchild grandmother grandfather stepson stepdaughter stepfather stepmother "
    "ex-girlfriend ex-wife ex-husband ex-boyfriend friend roommate cousin nephew niece uncle aunt "
    "officer deputy trooper toddler infant teen teenager student customer clerk employee "
    "co-worker coworker partner mother-in-law father-in-law sister-in-law brother-in-law "
    "landlord tenant pastor teacher nurse doctor guard security-guard bartender cashier "
    "manager owner worker him".split())
_PERSON_PLURALS = {noun + "s": noun for noun in _PERSON_NOUNS} | {
    "children": "child", "men": "man", "women": "woman", "grandchildren": "grandchild",
    "people": "person", "persons": "person", "sons": "son", "daughters": "daughter"}
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {
    "a": 1, "an": 1, "both": 2}
#: "killed his wife, son and daughter before turning the gun on himself", "wounded a
#: mother and her 2-year-old son who were outside": the victims, up to where the
#: sentence moves on.
_VICTIMS = (r"\s+(?P<victims>[^.;:!?]{3,160}?)(?=\s+(?:before|then|after|in|at|on|inside|"
            r"outside|during|while|because|when|as|early|late|last|this|following|over|near|"
            r"with|who)\b|[.;:!?]|$)")
_VICTIM_LISTS = (
    ("killed", re.compile(r"\b(?:shot and killed|fatally shot|killed|murdered|gunned down|"
                          r"shooting and killing|killing|shot to death|stabbed to death)"
                          + _VICTIMS, re.I)),
    ("injured", re.compile(r"\b(?:wounded|wounding|injured|injuring)" + _VICTIMS, re.I)),
)


#: "a six-year-old", "an 11-month-old": a person named by age.
_AGED = re.compile(r"[\w]+-(?:year|month|week|day)s?-old")


def _count_people(phrase: str) -> int | None:
    """How many people a list names ("his wife and two young grandchildren" → 3); None
    when a part is unclear ("his children")."""
    total = 0
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase):
        words = [w.strip("\"'’") for w in part.lower().split()]
        if not words:
            continue
        if _NOT_IN_NAME_PHRASE & set(words[:-1]):
            return None  # a clause, not a name: "shooting her mother"
        if re.fullmatch(r"\d{1,3}", words[0]) or (
                part[:1].isupper() and len(words) <= 3 and words[0] not in _NUMBER_WORDS
                and words[0] not in ("his", "her", "their") and words[-1] not in _PERSON_NOUNS):
            continue  # an apposed name or age: "his fiancee, Jaime Salazar, 34,"
        head = words[-1]
        count = next((_NUMBER_WORDS[w] for w in words[:-1] if w in _NUMBER_WORDS), None)
        if head in _PERSON_NOUNS or _AGED.fullmatch(head):
            total += count or 1
        elif head in _PERSON_PLURALS and count and count > 1:
            total += count
        else:
            return None
    return total or None


#: "a man and a child were injured", "left a mother and a grandmother dead": the people
#: named just before the outcome.
_OUTCOMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.I)) for slot, pattern in (
        ("killed", r"\s+(?:(?:were|have been|had been|are) )?(?:both )?(?:found )?(?:dead|killed|shot "
                   r"to death|shot and killed|fatally shot|shot dead|slain|dead)\b"),
        ("injured", r"\s+(?:(?:were|have been|had been|are) )?(?:also )?(?:injured|wounded|hurt|"
                    r"hospitalized)\b"),
        # the dead and the hurt together: "a 6-year-old and three people were shot"
        ("shot", r"\s+(?:were|have been|had been|are) (?:all |both )?shot\b(?!\s+(?:and killed|"
                 r"dead|to death|at)\b)"),
    ))
_NOT_IN_NAME_PHRASE = frozenset("shot killed was were is are has have had said says and who "
                                "that which after before when police shooting wounding "
                                "injuring killing wounded injured left leaving critically "
                                "fatally seriously saying told reported".split())
_PERSON_PHRASE = re.compile(r"^(?:(?:an?|the|his|her|their|another|both|\w+'s?)\s+)?"
                            r"(?:[\w-]+\s+){0,3}[\w-]+$", re.I)
_NAME = re.compile(r"^[\"“]?[A-Z][\w'’.-]*(?:\s+[\"“(]?[A-Z][\w'’.\")”-]*){0,3}$")


def _people_before(text: str, names: frozenset[str]) -> int | None:
    """Count the people listed at the end of ``text``: parts joined by commas, semicolons
    and "and", read from the right while each names people: a noun phrase, or one of
    ``names``; a name right after a noun phrase is its apposition ("his father, Joe"),
    and ages are skipped."""
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+", text)]
    total = 0
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        words = part.lower().split()
        if not part or re.fullmatch(r"\d{1,3}", part):
            continue
        if words[0] == "including":
            total = 0  # "six people, including a woman and her granddaughter": a subset
            continue
        if _NAME.match(part) and any(part in name or name in part for name in names):
            left = parts[i - 1] if i else ""
            total += 0 if left and _count_people(left) else 1
            continue
        if (not words or not _PERSON_PHRASE.match(part)
                or _NOT_IN_NAME_PHRASE & set(words[:-1])):
            break
        count = _count_people(part)
        if count is None:
            break
        total += count
    return total or None


def _victim_list_counts(text: str, names: frozenset[str] = frozenset()
                        ) -> list[tuple[str, float, int, int]]:
    """Counts from lists of victims; ``names`` are the people the text names."""
    if _AGGREGATE.search(text):
        return []
    found = []
    for slot, victim_list in _VICTIM_LISTS:
        for match in victim_list.finditer(text):
            count = _count_people(match.group("victims"))
            if count and count > 1:
                found.append((slot, float(count), match.start(), match.end()))
    for slot, outcome in _OUTCOMES:
        for match in outcome.finditer(text):
            before = text[max(0, match.start() - 100):match.start()]
            before = re.split(r"[.;:!?—]|\b(?:left|leaving|after|when|where|while|says|said|"
                              r"told)\b", before)[-1]
            count = _people_before(before, names)
            if count and count > 1:
                found.append((slot, float(count), match.start() - len(before), match.end()))
    return found


#: Counts over many events ("13 toddler shooting deaths this year") are not this story's.
_AGGREGATE = re.compile(r"\b(?:this year|so far|since january|across the city|throughout the "
                        r"day|in separate|citywide|over the weekend in|statewide|nationwide|"
                        r"last year|a year earlier|since (?:19|20)\d\d|in (?:[\w-]+ ){0,3}"
                        r"shootings|separate shootings|(?:shootings|violence) across|"
                        r"in (?:january|february|march|april|may|june|july|august|september|"
                        r"october|november|december) alone|in the city (?:in|"
                        r"this|since|so far|over)|each year|every year|"
                        r"since (?:friday|saturday|sunday|monday|tuesday|wednesday|thursday)|"
                        r"(?:two|three|four|five|six|several|multiple|separate|\d+) (?:[\w-]+ )"
                        r"{0,3}(?:shootings|incidents|accidents|attacks)|percent of|"
                        r"since \d{1,2}(?::\d\d)? ?[ap]\.?m\b)\b",
                        re.I)


def _phrase_counts(claim: Claim) -> list[tuple[str, float, int, int]]:
    """(slot, count, start, end) for casualty phrases in a claim; "two women and a man
    were found dead" adds its parts."""
    from ..analysis.numbers import parse_number

    if _AGGREGATE.search(claim.text):
        return []
    found = []
    for slot, pattern in _CASUALTY_PHRASES:
        for match in pattern.finditer(claim.text):
            words = [g.lower() for g in match.groups() if g]
            if words and words[0] in _NONE:
                found.append((slot, 0.0, match.start(), match.end()))
                continue
            total = 0.0
            for word in words:
                total += 1.0 if word in _ONE_PERSON else (parse_number([word]) or 0.0)
            if total:
                found.append((slot, total, match.start(), match.end()))
    return found


_HEADLINE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.I)) for slot, pattern in (
        ("killed", rf"(?<!\bof )\b{_NUM} (?:(?:people|persons|men|women|kids|teens|dead|killed) )?"
                   r"(?:dead|killed|die|slain)\b"),
        ("killed", r"\b(?:man|woman|teen|teenager|boy|girl|child|toddler|baby|infant|person|"
                   r"father|mother|student|\d+-(?:year|month|week)-old)\b(?:, \d+,)?"
                   r"[^,;:|]{0,25}?\b(?:killed|dies|died|dead|slain)\b"),
        ("killed", rf"\b(?:shooting death|fatal shooting|murder|killing|slaying) of {_NUM} {_WHO}\b"),
        ("injured", rf"\b{_NUM} (?:(?:people|persons|men|women|kids|teens|others) )?"
                    r"(?:hurt|injured|wounded)\b"),
    )
)


#: Per slot, the count a report states (None: a lone victim) and the claim stating it.
Counts = dict[str, tuple[Quantity | None, Claim]]


def _offer(best: Counts, slot: str, q: Quantity | None, claim: Claim) -> None:
    """Keep the larger count for ``slot``: reports add victims as they list them."""
    current = best.get(slot)
    if current is None or (q.value if q else 1) > (current[0].value if current[0] else 1):
        best[slot] = (q, claim)


def _headline_counts(article: AnalysedArticle,
                     best: Counts) -> None:
    """Headlines state the toll tersely ("2 dead, 3 hurt in shooting", "father, son
    killed"); use them when the body gave no count for a slot, or a smaller one."""
    from ..analysis.numbers import parse_number

    title = article.article.title
    if not article.claims or _AGGREGATE.search(title):
        return
    found = []
    for slot, pattern in _HEADLINE:
        match = pattern.search(title)
        if match:
            word = (match.group(1) if match.groups() and match.group(1) else "a").lower()
            found.append((slot, 1.0 if word in ("a", "an") else parse_number([word]),
                          match.group()))
    found += [(slot, value, title[start:end])
              for slot, value, start, end in _victim_list_counts(title)]
    # "35 Others Wounded" over "... 35 others have been wounded in shootings across Chicago".
    roundup = {q.value for claim in _lead(article) if _AGGREGATE.search(claim.text)
               for q in claim.quantities}
    for slot, value, text in found:
        if value and value not in roundup:
            _offer(best, slot, Quantity(text, (0, 0), value, False, "count", "", slot),
                   article.claims[0])


#: The shooter killed others, then themself; the archive (and most tallies) count the
#: shooter among the dead. A child who "shot himself" by accident is the only victim.
_SHOOTER_DIED = re.compile(
    r"\b(?:turn(?:ed|ing|s)? the (?:gun|weapon|rifle|shotgun|pistol) on (?:himself|herself)|"
    r"(?:before|then|and|after) (?:fatally )?(?:killing|killed|shooting|shot|kills|shoots) "
    r"(?:and killing )?(?:himself|herself|self)\b|"
    r"and (?:then )?(?:himself|herself)\b(?! (?:with|by accident))|"
    r"(?:before|then|and|after) (?:taking|took|takes) (?:his|her) own life|"
    r"murder[-/ ]suicide)", re.I)
#: The count already takes the shooter in: "seven dead, including the gunman".
_SHOOTER_COUNTED = re.compile(
    r"\b(?:including (?:the )?(?:suspected )?(?:suspect|gunman|shooter|attacker)|"
    r"murder[-/ ]suicide)\b", re.I)
#: "three people were found dead": a count of the bodies, the shooter's among them;
#: "killed three people" counts only the shooter's victims.
_BODY_COUNT = re.compile(r"^[\w\s,-]{0,40}?\b(?:were|are|was|have been|had been|is)\s+"
                         r"(?:\w+\s+)?(?:found\s+)?dead\b|^\s*(?:\w+\s+){0,2}?dead\b",
                         re.I)
#: "a double murder-suicide": two killed and the killer.
_MURDER_SUICIDE = re.compile(r"\b(double|triple|quadruple) (?:murder|homicide)[-/ ]suicide\b",
                             re.I)
_MULTIPLE = {"double": 3, "triple": 4, "quadruple": 5}


#: Someone else was shot first: "killed his wife", "shooting a woman", "fatally shot two".
_KILLED_OTHERS = re.compile(r"\b(?:killed|killing|kills|shot|shooting|shoots|murdered|"
                            r"murdering)\s+(?:and killed\s+)?(?:his|her|their|a|an|the|two|three|"
                            r"four|five|six|seven|eight|\d+|both|several)\b", re.I)


_SUICIDE_ATTEMPT = re.compile(r"\b(?:attempted (?:murder[-/ ])?suicide|suicide attempt|"
                              r"tried to (?:kill|take)|attempts? (?:to kill|suicide))", re.I)


def _shooter_died(text: str) -> bool:
    """The shooter killed others and then died: a child who shot himself is not that."""
    if _SUICIDE_ATTEMPT.search(text):
        return False
    for match in _SHOOTER_DIED.finditer(text):
        if "suicide" in match.group().lower() or _KILLED_OTHERS.search(text[:match.start()]):
            return True
    return False


def _with_shooter(article: AnalysedArticle,
                  best: Counts) -> None:
    """Count the shooter among the dead when the report says the shooter died and its
    count of the dead left the shooter out."""
    lead = _lead(article)
    for claim in lead:
        match = _MURDER_SUICIDE.search(claim.text)
        if match:
            value = float(_MULTIPLE[match.group(1).lower()])
            span = (claim.span[0] + match.start(), claim.span[0] + match.end())
            _offer(best, "killed", Quantity(match.group(), span, value, False, "count", "",
                                            "killed"), claim)
            return
    killed = best.get("killed")
    if killed is None:
        return
    q, claim = killed
    title = article.article.title
    if q is not None and q.span == (0, 0):  # the headline's count: read the headline
        if _SHOOTER_COUNTED.search(title) or re.search(r"\bdead\b", q.text, re.I):
            return  # "4 dead" counts the bodies
    elif _SHOOTER_COUNTED.search(claim.text) or (q is not None and _BODY_COUNT.match(
            claim.text[max(0, q.span[1] - claim.span[0]):])):
        return
    if any(_shooter_died(text) for text in [title] + [c.text for c in lead]):
        value = (q.value if q is not None else 1) + 1
        text, span = (q.text, q.span) if q is not None else (claim.subject, claim.span)
        best["killed"] = (Quantity(text, span, value, False, "count", "", "killed"), claim)


def _lone_victim_twice(best: Counts) -> bool:
    """Whether the one hurt is the one dead: a lone victim's status told as hurt, or
    "critically injured a 16-year-old" where another sentence "killed a 16-year-old"."""
    (dead, dead_claim), (hurt, hurt_claim) = best["killed"], best["injured"]
    if hurt is None:
        return True
    start = hurt.span[1] - hurt_claim.span[0]
    if (hurt.value != 1 or (dead is not None and dead.value != 1) or hurt_claim is dead_claim
            or hurt_claim.text[start - len(hurt.text):start] != hurt.text):
        return False
    victim = hurt_claim.text[start:].split()[:1]
    return bool(victim) and re.search(rf"\b{re.escape(victim[0].strip(',.;'))}\b",
                                      dead_claim.text, re.I) is not None


#: "A man injured in the shooting has died", "died two weeks after he was wounded".
_DIED_LATER = re.compile(
    r"\b(?:injured|wounded|hurt|shot)\b.{0,80}\b(?:has died|have died|died|dies|succumbed)\b|"
    r"\b(?:died|dies|succumbed)\b.{0,60}\b(?:after|from|of)\b.{0,60}\b(?:wounded|injured|"
    r"hurt|injuries|wounds)\b", re.I)


def _people(count: tuple[Quantity | None, Claim]) -> float:
    """How many people a report's count names; a lone victim is one."""
    return count[0].value if count[0] is not None else 1.0


def _survivors(best: Counts) -> Quantity | None:
    """The report's count of the hurt less its dead, when the dead are ones that count
    took in: victims it tells of as hurt who died later, in a sentence apart from it."""
    (hurt, hurt_claim), dead_claim = best["injured"], best["killed"][1]
    if hurt is None or dead_claim is hurt_claim or not _DIED_LATER.search(dead_claim.text):
        return None
    survivors = hurt.value - _people(best["killed"])
    return replace(hurt, value=survivors) if survivors > 0 else None


def _counts(article: AnalysedArticle) -> Counts:
    """Per slot, the largest count the report's lead states; a lone victim counts one."""
    best: Counts = {}
    for claim in _lead(article):
        if not _AGGREGATE.search(claim.text):
            for q in claim.quantities:
                slot = _slot_of(q, claim)
                if slot:
                    _offer(best, slot, q, claim)
        for slot, value, start, end in _phrase_counts(claim) + _victim_list_counts(
                claim.text, frozenset(m.text for m in claim.mentions if m.label == "PERSON")):
            text = claim.text[start:end]
            span = (claim.span[0] + start, claim.span[0] + end)
            _offer(best, slot, Quantity(text, span, value, False, "count", "", slot), claim)
        stages = {c.detail: c.target for c in claim.cues_of("status")}
        single = bool(_SINGLE_VICTIM.match(claim.subject)) or any(
            m.label == "PERSON" and claim.subject.startswith(m.text) for m in claim.mentions)
        if single and not any(q.kind == "count" for q in claim.quantities):
            if stages.get("casualty") == "dead" and "killed" not in best:
                best["killed"] = (None, claim)
            elif stages.get("casualty") == "alive" and "injured" not in best:
                best["injured"] = (None, claim)
    _headline_counts(article, best)
    _with_shooter(article, best)
    if "killed" in best and "injured" in best:
        if _lone_victim_twice(best):
            del best["injured"]  # a lone victim first hurt, then dead, is one of the dead
        elif (survivors := _survivors(best)) is not None:
            best["injured"] = (survivors, best["injured"][1])
    shot, shot_claim = best.pop("shot", (None, None))
    if shot is not None and shot_claim is not None and "injured" not in best:
        if "killed" not in best:
            best["shot"] = (shot, shot_claim)  # split by the story's dead in count_facts
        elif shot.value > _people(best["killed"]):
            best["injured"] = (replace(shot, value=shot.value - _people(best["killed"])),
                               shot_claim)
    return best


def _fact(slot: str, values: list[FactValue], label: str = "") -> Fact:
    tally = Counter(v.value for v in values)
    top = max(tally.values())
    # The most frequent value; among equals, the one the earliest report gives.
    value = next(v.value for v in values if tally[v.value] == top)
    agreement = all(v.value == values[0].value for v in values[1:])
    origins = tuple(sorted({v.origin for v in values}))
    return Fact(slot, value, tuple(values), agreement, origins, label)


def count_facts(articles: Iterable[AnalysedArticle], origin: Origin) -> list[Fact]:
    per_slot: dict[str, list[tuple[FactValue, Quantity | None]]] = defaultdict(list)
    slots_of: dict[str, set[str]] = {}
    for article in articles:
        counts = _counts(article)
        slots_of[article.article.id] = set(counts)
        for slot, (q, claim) in counts.items():
            text, span = (q.text, q.span) if q else (claim.subject, claim.span)
            value = _number(q) if q else "1"
            per_slot[slot].append((_value(article, claim, value, text or claim.text, span,
                                          origin), q))
    # A lone victim one report calls hurt and a later one dead is one of the dead: the
    # earlier "1 injured" stays on the sheet but does not vote.
    outdated = {v.article for v, _ in per_slot.get("injured", []) if v.value == "1"
                and "killed" not in slots_of[v.article]} if any(
        slots == {"killed"} for slots in slots_of.values()) else set()
    # "Four people were shot" in a report that says nothing of deaths: whoever of them
    # did not die, by the story's count of the dead, was hurt.
    killed = _most_stated([v for v, _ in per_slot["killed"]]) if per_slot.get("killed") else "0"
    for said, q in per_slot.pop("shot", []):
        hurt = float(said.value.lstrip("~")) - float(killed.lstrip("~"))
        if q is not None and hurt > 0:
            q = replace(q, value=hurt)
            per_slot["injured"].append((replace(said, value=_number(q)), q))
    facts = []
    for slot in ("killed", "injured", "arrested"):
        items = per_slot.get(slot)
        if items:
            fact = _fact(slot, [v for v, _ in items])
            agreement = all(_same_count(items[0], item) for item in items[1:])
            voters = [v for v, _ in items if slot != "injured" or v.article not in outdated]
            if slot == "injured" and killed != "0":
                # A report silent on the dead may count them among the hurt ("4 hurt",
                # one of whom died): the reports that count both decide.
                voters = [v for v in voters if "killed" in slots_of[v.article]] or voters
            if not voters:
                continue
            facts.append(replace(fact, agreement=agreement, value=_most_stated(voters)))
    return facts


def _most_stated(values: list[FactValue]) -> str:
    """The count most reports give; among equals the largest, since tolls rise as a
    story develops (victims die, bodies are found) and early reports fall behind."""
    tally = Counter(v.value for v in values)
    top = max(tally.values())
    return max((value for value in tally if tally[value] == top),
               key=lambda value: float(value.lstrip("~")))


def _same_count(a: tuple[FactValue, Quantity | None], b: tuple[FactValue, Quantity | None]
                ) -> bool:
    (va, qa), (vb, qb) = a, b
    if qa is not None and qb is not None:
        return same_value(qa, qb)
    return va.value.lstrip("~") == vb.value.lstrip("~")


def amount_facts(articles: list[AnalysedArticle], origin: Origin) -> list[Fact]:
    groups: dict[tuple[str, str], list[FactValue]] = defaultdict(list)
    for article in articles:
        for claim in article.claims:
            for q in claim.quantities:
                if q.kind == "money":
                    groups[(q.unit, q.predicate)].append(_value(
                        article, claim, f"{_number(q)} {q.unit}", q.text, q.span, origin))
    return [_fact("amount", values, label=predicate) for (_, predicate), values in groups.items()]


def place_facts(articles: list[AnalysedArticle], origin: Origin) -> list[Fact]:
    values = []
    for article in articles:
        mentions = [(m, c) for c in _lead(article) for m in c.mentions if m.label in _PLACES]
        if not mentions:
            continue
        top_key = Counter(m.key for m, _ in mentions).most_common(1)[0][0]
        mention, claim = next((m, c) for m, c in mentions if m.key == top_key)
        values.append(_value(article, claim, mention.key.split(":")[-1], mention.text,
                             mention.span, origin))
    return [_fact("location", values)] if values else []


def date_facts(articles: list[AnalysedArticle], origin: Origin) -> list[Fact]:
    values = []
    for article in articles:
        if article.article.published:
            values.append(FactValue(article.article.id, article.article.published,
                                    article.article.published, (0, 0), f"report:{article.article.id}"))
            continue
        for claim in _lead(article):
            days = [q for q in claim.quantities if q.kind in ("weekday", "date")]
            if days:
                q = days[0]
                values.append(_value(article, claim, q.text.lower(), q.text, q.span, origin))
                break
    return [_fact("date", values)] if values else []


def person_facts(articles: list[AnalysedArticle], origin: Origin) -> list[Fact]:
    """Each named person, with the name as each report writes it: a renamed person
    ("Mostafa Ezzatollah" / "Ezzatollah Soleimani") stays one fact that disagrees."""
    outlets = [a.article.outlet for a in articles if a.article.outlet]
    people: dict[str, list[FactValue]] = {}
    titles: dict[str, str] = {}
    ages: dict[str, list[FactValue]] = defaultdict(list)
    for article in articles:
        seen: set[str] = set()
        for claim in article.claims:
            for m in claim.mentions:
                if m.label != "PERSON" or " " not in m.key or any(
                        same_outlet(m.text, o) for o in outlets):
                    continue  # spaCy takes some outlets ("Asharq Al-Awsat") for people
                # A clashing name in another report is the same person renamed; in the
                # same report it is someone else ("Zoey Horton" and "Zoey Duncan").
                key = m.key if m.key in people else next(
                    (k for k in people if k not in seen and names_clash(k, m.key)), m.key)
                if key in seen:
                    continue
                seen.add(key)
                people.setdefault(key, []).append(_value(
                    article, claim, normalise_name(m.text), m.text, m.span, origin))
                if m.title:
                    titles.setdefault(key, m.title)
            for q in claim.quantities:
                if q.kind == "age":
                    owner = next((k for k in people if k.split()[-1] == q.unit), None) or (
                        _nearest_person(claim, q, people))
                    if owner:
                        ages[owner].append(_value(article, claim, _number(q), q.text, q.span,
                                                  origin))
    facts = [_fact("person", values, label=titles.get(key, "")) for key, values in people.items()]
    facts += [_fact("age", values, label=people[key][0].text) for key, values in ages.items()]
    return facts


#: How far apart a name and an age may stand in "Kenneth Mills, a 22-year-old man".
_AGE_REACH = 60


def _nearest_person(claim: Claim, q: Quantity, people: dict[str, list[FactValue]]) -> str | None:
    """The person named just before (or right after) an age in the same sentence."""
    best = None
    for m in claim.mentions:
        if m.label != "PERSON":
            continue
        gap = q.span[0] - m.span[1] if m.span[1] <= q.span[0] else m.span[0] - q.span[1]
        if 0 <= gap <= _AGE_REACH and (best is None or gap < best[0]):
            key = next((k for k in people if k == m.key or k.split()[-1] == m.key.split()[-1]),
                       None)
            if key:
                best = (gap, key)
    return best[1] if best else None


def fact_sheet(articles: list[AnalysedArticle], origin: Origin | None = None
               ) -> tuple[Fact, ...]:
    """All facts of the story; ``origin(article, sentence)`` names where a value comes from."""
    origin = origin or (lambda article, _: f"report:{article}")
    return tuple(count_facts(articles, origin) + amount_facts(articles, origin)
                 + place_facts(articles, origin) + date_facts(articles, origin)
                 + person_facts(articles, origin))
