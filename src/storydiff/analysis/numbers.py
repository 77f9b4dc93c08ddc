"""Numbers in a sentence, normalised: "some 30" ≈ 30, "four" = 4, "$830", "six weeks"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12, "half": 0.5,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
#: Vague amounts: a value for ordering, always approximate.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
          "millions": 2_000_000, "several": 3, "few": 3, "handful": 4}
_APPROX = frozenset("some about around approximately nearly almost roughly over estimated "
                    "under circa".split())
_APPROX_PAIRS = frozenset({"more than", "at least", "up to", "close to", "less than",
                           "fewer than", "upwards of", "as many", "as much", "an estimated"})
_SYMBOLS = frozenset("$€£¥")
_CURRENCY = {"$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "€": "EUR",
             "euro": "EUR", "euros": "EUR", "£": "GBP", "pound": "GBP", "pounds": "GBP",
             "sterling": "GBP", "¥": "JPY", "yen": "JPY", "rial": "IRR", "rials": "IRR",
             "toman": "IRR", "tomans": "IRR", "lira": "TRY", "rupees": "INR",
             "rupee": "INR", "rubles": "RUB", "roubles": "RUB", "yuan": "CNY"}
_TIME_UNITS = {"second": "second", "minute": "minute", "hour": "hour", "day": "day",
               "week": "week", "fortnight": "fortnight", "month": "month", "year": "year",
               "decade": "decade", "century": "century"}
_MONTHS = {name: name[:3] for name in (
    "january february march april may june july august september october november "
    "december").split()} | {abbr: abbr[:3] for abbr in
                            "jan feb mar apr jun jul aug sep sept oct nov dec".split()}
#: Nouns before "of N" that do count the story's people: "a total of 12".
_PARTITIVE = frozenset({"total", "group", "number", "toll", "count", "crowd"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_AGE = re.compile(r"^(\d{1,3})-(?:year|month|week|day)-old$", re.I)
_AGE_TAIL = re.compile(r"^\s*-?\s*(?:year|month|week|day)s?(?:\s*-?\s*old\b|-(?=[a-z]))", re.I)
#: "ages 25, 26 and 33": every number in the list is an age.
_AGE_LIST = re.compile(r"\bages? \d{1,3}(?:(?:,| and|, and) \d{1,3})*", re.I)
#: "at 20 Copeland St.": a house number.
_STREET = frozenset("street st st. avenue ave ave. road rd rd. boulevard blvd blvd. drive dr "
                    "dr. lane ln way court ct place pl highway hwy parkway pkwy".split())


def _token_end(sentence: Span, char: int) -> int:
    """Index after the last token ending at or before ``char``."""
    end = sentence.start
    for token in sentence:
        if token.idx + len(token.text) <= char:
            end = token.i + 1
    return end


def _is_apposed_age(token: Token, value: float) -> bool:
    """"John Smith, 45, was killed": a number set off by commas after a name."""
    doc = token.doc
    i = token.i
    if not (0 < value < 120) or i < 2 or i + 1 >= len(doc):
        return False
    before, after = doc[i - 1], doc[i + 1]
    return (before.text == "," and after.text in (",", ")", ".", ";", "—", "–", "-")
            and (doc[i - 2].ent_type_ == "PERSON" or doc[i - 2].pos_ == "PROPN"))


def _age_holder(doc: Doc, start: int, end: int) -> str:
    """Whose age it is: "Reed, 58," → reed; "a 45-year-old man" → man."""
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].pos_ == "PROPN":
        return str(doc[start - 2].lower_)
    if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN"):
        return str(doc[end].lemma_).lower()
    node = doc[start]
    for _ in range(4):
        if node.pos_ in ("NOUN", "PROPN") and node.lemma_.lower() not in _TIME_UNITS and (
                node.lower_ != "old"):
            return str(node.lemma_).lower()
        if node.head is node:
            break
        node = node.head
    return ""


def parse_number(words: list[str]) -> float | None:
    """Value of a number written in digits or words; None when it is not a number."""
    total = 0.0
    current = 0.0
    seen = False
    for raw in words:
        word = raw.lower().strip(",").replace("-", " ")
        for part in word.split():
            if part in ("and",):
                continue
            if _NUMBER.match(part):
                current += float(part.replace(",", ""))
            elif part in _UNITS:
                current += _UNITS[part]
            elif part in _SCALES:
                current = (current or 1) * _SCALES[part]
                if _SCALES[part] >= 1000:
                    total += current
                    current = 0
            elif part in _VAGUE:
                current += _VAGUE[part]
            else:
                return None
            seen = True
    return total + current if seen else None


def _counted_noun(token: Token) -> Token | None:
    """The noun a number counts: "30 military personnel" → personnel."""
    if token.dep_ in ("nummod", "quantmod", "amod", "compound") and token.head.pos_ in (
        "NOUN", "PROPN"
    ):
        head = token.head
        while head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        return head
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr") and token.pos_ == "NUM":
        return None
    return None


def _predicate(token: Token) -> str:
    """The verb governing a quantity: "30 ... have been killed" → kill."""
    node = token
    for _ in range(6):
        if node.pos_ in ("VERB",) or node.dep_ == "ROOT":
            return str(node.lemma_).lower()
        node = node.head
    return ""


def _number_tokens(sentence: Span) -> list[list[Token]]:
    """Runs of number tokens: "30", "six", "two hundred", "1,200"."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in sentence:
        lower = token.lower_
        is_num = (
            token.like_num or lower in _SCALES or lower in _VAGUE or lower == "dozen"
        ) and not (lower in ("one",) and token.dep_ not in ("nummod",))
        if token.pos_ == "PROPN" and not token.like_num:
            is_num = False
        # "one hundred and five" is one number; "ages 25 and 26" are two.
        if is_num or (current and lower == "and" and current[-1].lower_ in _SCALES
                      and token.i + 1 < sentence.end and sentence.doc[token.i + 1].like_num):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def extract_quantities(sentence: Span, offset: int) -> list[Quantity]:
    """All quantities in ``sentence``; spans are shifted by ``offset`` into the article text."""
    doc = sentence.doc
    found: list[Quantity] = []
    for token in sentence:
        match = _AGE.match(token.text)
        if match:
            start = token.idx + offset
            found.append(Quantity(token.text, (start, start + len(token.text)),
                                  float(match[1]), False, "age",
                                  _age_holder(doc, token.i, token.i + 1)))
        if token.lower_ in _WEEKDAYS and token.ent_type_ == "DATE":
            start = token.idx + offset
            found.append(Quantity(token.text, (start, start + len(token.text)),
                                  float(_WEEKDAYS.index(token.lower_)), False, "weekday",
                                  "day", _predicate(token)))
    age_lists = [(m.start() + sentence.start_char, m.end() + sentence.start_char)
                 for m in _AGE_LIST.finditer(sentence.text)]
    for run in _number_tokens(sentence):
        words = [t.text for t in run]
        value = parse_number(words)
        if value is None:
            continue
        first, last = run[0], run[-1]
        if sum(1 for t in run if t.text.isdigit() and len(t.text) >= 3) > 1:
            continue  # "713 308 ...": a phone or reference number, not a quantity
        if last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.pos_ in (
                "NOUN", "NUM", "PROPN") and last.head.head.lower_ not in _PARTITIVE:
            continue  # "a father of three" counts children, not the story's victims
        month = doc[first.i - 1].lower_.rstrip(".") if first.i > sentence.start else ""
        vague = any(t.lower_ in _VAGUE for t in run)
        ent = first.ent_type_
        if ent == "DATE" and re.fullmatch(r"(1[89]|20)\d\d", first.text):
            start = first.idx + offset
            found.append(Quantity(first.text, (start, start + len(first.text)), value,
                                  False, "year", "year", _predicate(first)))
            continue
        if ent in ("ORDINAL",) or (first.like_num and first.text.lower().endswith(
            ("st", "nd", "rd", "th")
        ) and not first.text.isdigit()):
            continue
        # Words before the number that make it approximate, a currency or an age.
        begin = first.i
        approximate = vague
        kind = "count"
        unit = ""
        prev = doc[begin - 1] if begin > sentence.start else None
        if prev is not None and prev.text in _SYMBOLS:
            kind, unit = "money", _CURRENCY[prev.text]
            begin -= 1
            prev = doc[begin - 1] if begin > sentence.start else None
        if prev is not None:
            pair = f"{doc[begin - 2].lower_} {prev.lower_}" if begin - 2 >= sentence.start else ""
            if pair in _APPROX_PAIRS:
                approximate, begin = True, begin - 2
            elif prev.lower_ in _APPROX:
                approximate, begin = True, begin - 1
            elif prev.lower_ == "aged":
                kind = "age"
        end = last.i + 1
        after = doc[end] if end < sentence.end else None
        if after is not None:
            named_place = after.pos_ == "PROPN" and after.lower_ not in _CURRENCY
            street = any(t.lower_ in _STREET for t in doc[end:min(end + 4, sentence.end)])
            if (value >= 100 and (after.lower_ == "block" or named_place)) or (
                    named_place and street):
                continue  # "the 2700 block", "9500 Main Street", "20 Copeland St.": an address
        tail = _AGE_TAIL.match(doc.text[last.idx + len(last.text):])
        if any(start <= first.idx < stop for start, stop in age_lists):
            kind = "age"
        if month in _MONTHS and value <= 31:
            kind, unit = "date", _MONTHS[month]
            begin -= 1
        elif tail:
            end = _token_end(sentence, last.idx + len(last.text) + tail.end())
            kind, unit = "age", _age_holder(doc, begin, end)
        elif _is_apposed_age(last, value) or kind == "age":
            kind, unit = "age", _age_holder(doc, begin, end)
        elif after is not None:
            after_lower = after.lower_.rstrip("'’s")
            lemma = after.lemma_.lower()
            if after_lower in _CURRENCY or lemma in _CURRENCY:
                kind, unit = "money", _CURRENCY.get(after_lower, _CURRENCY.get(lemma, ""))
                end += 1
            elif lemma in _TIME_UNITS or after_lower in _TIME_UNITS:
                kind, unit = "duration", _TIME_UNITS.get(lemma, after_lower)
                end += 1
            elif after.text in ("%",) or after.lower_ in ("percent", "per"):
                kind, unit = "percent", "%"
                end += 1 if after.text == "%" or after.lower_ == "percent" else 0
        if kind == "count" and ent == "MONEY":
            kind = "money"
            unit = unit or "USD"
        if kind == "count":
            noun = _counted_noun(last)
            unit = str(noun.lemma_).lower() if noun is not None else ""
            if ent in ("TIME",):
                kind = "time"
        span_start = doc[begin].idx + offset
        span_end = doc[end - 1].idx + len(doc[end - 1].text) + offset
        text = doc[begin:end].text
        found.append(Quantity(text, (span_start, span_end), value, approximate, kind, unit,
                              _predicate(last)))
    return found


def is_vague(q: Quantity) -> bool:
    """"dozens", "several", "scores": an order of magnitude, not a count."""
    return not any(ch.isdigit() for ch in q.text) and any(
        w in _VAGUE for w in q.text.lower().split())


def same_value(a: Quantity, b: Quantity) -> bool:
    """Equal, or within what "some"/"about" allows (10%, at least 1)."""
    if a.value == b.value:
        return True
    if a.approximate or b.approximate:
        tolerance = max(1.0, 0.1 * max(abs(a.value), abs(b.value)))
        return abs(a.value - b.value) <= tolerance
    return False
