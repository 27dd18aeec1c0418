"""Quantity phrases -> troop counts: '3,000', 'about 1.5 million', 'three thousand', 'dozens'.

Troop figures are written in digits, words or both, with qualifiers and ranges; money,
percentages, years and dates look like numbers too and must never become troop counts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tasks.extract.gates import FastPattern
from tasks.schema import TROOPS_MAX, TROOPS_MIN

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
DOZEN = 12

# Plural scale words name no number: "thousands of troops" is vague, not 2,000.
VAGUE_RE = re.compile(
    r"\b(?:(?:tens|hundreds)\s+of\s+thousands|thousands|hundreds|dozens|scores|several"
    r"\s+(?:hundred|thousand)|a\s+few\s+(?:hundred|thousand))\b",
    re.IGNORECASE,
)

_UNIT_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
_WORD = "|".join(sorted([*UNITS, *SCALES, "dozen"], key=len, reverse=True))
# A word number starts with a unit word or "a": a bare "million" is the tail of "$500 million".
_WORDS = (
    rf"(?:(?:a|an)\s+(?:dozen|hundred|thousand|million)|(?:{_UNIT_WORD}))\b"
    rf"(?:[\s-]+(?:and\s+)?(?:{_WORD})\b)*"
)
# "3,000"; "3.000" only as a thousands group (exactly three digits after each dot); "1.5".
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:\.\d{3})+(?![\d.,])|\d+(?:\.\d+)?"
_SCALED = rf"(?:{_DIGITS})(?:\s*(?:million|thousand|hundred)\b)?"
_ONE = rf"(?:{_SCALED}|{_WORDS})"
QUALIFIER = (
    r"about|around|roughly|some|nearly|almost|approximately|over|more\s+than|up\s+to|"
    r"at\s+least|fewer\s+than|less\s+than|an\s+estimated|as\s+many\s+as|close\s+to|"
    r"just\s+over|just\s+under|upwards\s+of|estimated"
)
QUANTITY_RE = re.compile(
    rf"(?<![\w$€£.,])(?:(?P<qual>{QUALIFIER})\s+)?(?P<low>{_ONE})"
    rf"(?:\s*(?:-|–|to|and|or)\s*(?P<high>{_ONE}))?(?![\w%])",
    re.IGNORECASE,
)

# What follows a number that is not a head count.
NOT_TROOPS_AFTER_RE = re.compile(
    r"\s*(?:%|percent|per\s*cent|billion|bn\b|dollars|euros|pounds|yuan|rubles|km|kilomet|"
    r"miles|metres|meters|years?|months?|weeks?|days?|hours?|minutes?|times|a\.m|p\.m|"
    r"am\b|pm\b|-year|-month|-day|-mile|-kilomet|st\b|nd\b|rd\b|th\b|:\d)",
    re.IGNORECASE,
)
NOT_TROOPS_BEFORE_RE = re.compile(
    r"(?:[$€£]|\b(?:US\$|USD|EUR|No\.|number|page|p\.|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|"
    r"November|December|year|Resolution))\s*$",
    re.IGNORECASE,
)
# The scans over whole sentences, run as lower-case twins (see gates): same matches, faster.
VAGUE = FastPattern(VAGUE_RE)
QUANTITY = FastPattern(QUANTITY_RE)
# A thousands group written with dots ("3.000"), which reads as 3000, not 3.0.
DOTTED_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
DIGIT_PHRASE_RE = re.compile(r"([\d.,]+)\s*(million|thousand|hundred)?", re.IGNORECASE)
WORD_SPLIT_RE = re.compile(r"[\s-]+")
FOUR_DIGITS_RE = re.compile(r"\d{4}")
FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:(?:the\s+)?current\s+|present\s+)?$", re.IGNORECASE)
FROM_REACH = 20  # "from the current "
# Four-digit numbers in this range read as years unless a head noun follows at once.
YEAR_MIN, YEAR_MAX = 1900, 2100
# Distinct number phrases remembered: figures like '1,000' recur across articles, and each
# parse re-runs the whole quantity pattern.
PHRASE_CACHE = 4096
# How far back a currency sign, "No." or a month may sit before a number.
BEFORE_REACH = 12
# A word start before the month: "Denmark 200" holds "mark", no month.
MONTHS_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$", re.IGNORECASE
)
NOT_TROOPS_BEFORE = FastPattern(NOT_TROOPS_BEFORE_RE)
MONTHS = FastPattern(MONTHS_RE)
# The month names are among the words before a number that are not a head count, so a text
# the wider gate shuts cannot hold a month either (one gate loop instead of two).
if not set(MONTHS.pieces or ("",)) <= set(NOT_TROOPS_BEFORE.pieces or ()):
    raise ValueError("every month piece must be a piece of NOT_TROOPS_BEFORE's gate")


class Quantity(NamedTuple):
    """A number phrase in a text: its offsets, the value (None when vague) and the words (a
    named tuple: built at half the cost of a frozen dataclass, for every figure in a sentence)."""

    start: int
    end: int
    value: int | None
    text: str


def words_to_int(phrase: str) -> int | None:
    """'three thousand five hundred' -> 3500; None when a word is not a number word."""
    total = current = 0
    seen = False
    for word in WORD_SPLIT_RE.split(phrase.lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = max(current, 1)
        elif word in UNITS:
            current += UNITS[word]
        elif word == "dozen":
            current = max(current, 1) * DOZEN
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1_000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def digits_to_int(phrase: str) -> int | None:
    """'3,000' -> 3000, '1.5 million' -> 1500000, '3.000' -> 3000."""
    m = DIGIT_PHRASE_RE.fullmatch(phrase.strip())
    if m is None:
        return None
    digits, scale = m.group(1), (m.group(2) or "").lower()
    if DOTTED_THOUSANDS_RE.fullmatch(digits) and not scale:
        digits = digits.replace(".", "")
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    return round(value * SCALES.get(scale, 1))


def parse_number(phrase: str) -> int | None:
    """One number phrase in digits or words -> int, or None if it is not one."""
    phrase = phrase.strip()
    if not phrase:
        return None
    if phrase[0].isdigit():
        return digits_to_int(phrase)
    return words_to_int(phrase)


@lru_cache(maxsize=PHRASE_CACHE)
def parse_quantity(phrase: str) -> int | None:
    """A whole quantity phrase (qualifier, range) -> troop count; ranges give the upper bound."""
    if VAGUE.found(phrase):
        return None
    m = QUANTITY_RE.search(phrase)
    if m is None:
        return None
    value = parse_number(m.group("high") or m.group("low"))
    if value is None or not TROOPS_MIN <= value <= TROOPS_MAX:
        return None
    return value


def looks_like_year(m: re.Match[str]) -> bool:
    """'2016' alone is a year, not 2,016 troops."""
    low = m.group("low")
    return bool(FOUR_DIGITS_RE.fullmatch(low)) and YEAR_MIN <= int(low) <= YEAR_MAX


def not_a_head_count(text: str, m: re.Match[str]) -> bool:
    """Money, percentages, dates, durations, years and ordinals are not troop figures."""
    if NOT_TROOPS_AFTER_RE.match(text, m.end()):  # anchored: cheaper than any gate
        return True
    # Both look-backs end at the number (`$`) and look behind nothing, so they read the
    # same in the short window alone, whose substring gate settles most of them.
    before = text[max(0, m.start() - BEFORE_REACH) : m.start()]
    if looks_like_year(m):
        return True
    if not NOT_TROOPS_BEFORE.open_for(before):
        return False  # its gate holds every month's piece: no month can end here either
    if m.group("qual") is None and NOT_TROOPS_BEFORE.found(before):
        return True
    return MONTHS.found(before)


def find_quantities(text: str) -> list[Quantity]:
    """Every plausible head count in `text`, plus vague amounts ('thousands of') as None."""
    vague = [vague_quantity(m) for m in VAGUE.finditer(text)]
    found = vague.copy()
    # Matches read off the folded text: the pattern's own spans and groups, lower-cased, so
    # the words a quantity keeps are read back from `text` by span.
    for m in QUANTITY.folded_matches(text):
        if not_a_head_count(text, m) or overlaps(found, m.start(), m.end()):
            continue
        found.extend(quantities_of_match(text, m))
    # Without vague amounts the list is in text order already: matches come in order, and
    # a 'from A to B' change gives A before B.
    return sorted(found, key=lambda q: q.start) if vague else found


def quantities_of_match(text: str, m: re.Match[str]) -> list[Quantity]:
    """One quantity, or two for 'from 500 to 4,000', which states a change, not a range."""
    if m.group("high") and FROM_BEFORE_RE.search(text, max(0, m.start() - FROM_REACH), m.start()):
        return [q for q in (part(text, m, "low"), part(text, m, "high")) if q is not None]
    phrase = text[m.start() : m.end()]
    value = parse_quantity(phrase)
    return [] if value is None else [Quantity(m.start(), m.end(), value, phrase)]


def part(text: str, m: re.Match[str], group: str) -> Quantity | None:
    """One end of a 'from A to B' change as its own quantity."""
    words = text[m.start(group) : m.end(group)]
    value = parse_number(words)
    if value is None or not TROOPS_MIN <= value <= TROOPS_MAX:
        return None
    return Quantity(m.start(group), m.end(group), value, words)


def vague_quantity(m: re.Match[str]) -> Quantity:
    """'thousands' and friends: a quantity with no number."""
    return Quantity(m.start(), m.end(), None, m.group(0))


def overlaps(found: list[Quantity], start: int, end: int) -> bool:
    """True when [start, end) intersects a quantity already found."""
    return any(q.start < end and start < q.end for q in found)
