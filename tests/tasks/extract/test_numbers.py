"""Quantity phrases -> troop counts, and the numbers that must never become troop counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.extract.numbers import (
    BEFORE_REACH,
    MONTHS_RE,
    NOT_TROOPS_AFTER_RE,
    NOT_TROOPS_BEFORE_RE,
    QUANTITY_RE,
    find_quantities,
    looks_like_year,
    not_a_head_count,
    parse_number,
    parse_quantity,
    words_to_int,
)

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """English words for 1 <= n < 1,000,000, written independently of the parser."""
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return f"{in_words(head)} thousand" + (f" {in_words(rest)}" if rest else "")
    if n >= 100:
        head, rest = divmod(n, 100)
        return f"{UNITS[head]} hundred" + (f" and {in_words(rest)}" if rest else "")
    if n >= 20:
        tens, unit = divmod(n, 10)
        return TENS[tens - 2] + (f"-{UNITS[unit]}" if unit else "")
    return UNITS[n]


@given(st.integers(min_value=1, max_value=999_999))
def test_words_round_trip(n: int) -> None:
    assert words_to_int(in_words(n)) == n


@given(st.integers(min_value=2, max_value=2_000_000))
def test_digits_with_commas_round_trip(n: int) -> None:
    assert parse_quantity(f"{n:,} troops") == n


@given(st.integers(min_value=2, max_value=99_999), st.integers(min_value=2, max_value=99_999))
def test_range_gives_upper_bound(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert parse_quantity(f"{low:,} to {high:,}") == high


@given(st.sampled_from(["about", "more than", "nearly", "up to", "some", "roughly"]))
def test_qualifiers_keep_the_number(qualifier: str) -> None:
    found = find_quantities(f"{qualifier} 3,500 soldiers")
    assert [q.value for q in found] == [3500]


def test_scaled_and_word_forms() -> None:
    assert parse_number("1.5 million") == 1_500_000
    assert parse_number("a dozen") == 12
    assert parse_number("3.000") == 3000
    assert parse_number("2.5") == 2


def test_vague_amounts_have_no_value_but_keep_text() -> None:
    found = find_quantities("thousands of troops and hundreds more")
    assert [(q.value, q.text) for q in found] == [(None, "thousands"), (None, "hundreds")]


def test_money_percent_years_dates_are_not_counts() -> None:
    text = "It costs $500 million, 20 percent more, since 2016, on March 17, for 12 years."
    assert find_quantities(text) == []


def test_change_from_a_to_b_is_two_figures() -> None:
    values = [q.value for q in find_quantities("raise the mission from 500 to 4,000")]
    assert values == [500, 4000]


def test_ordinals_are_not_counts() -> None:
    assert find_quantities("the 10th Mountain Division and 5th Battalion") == []


@given(
    st.lists(
        st.sampled_from(
            ["About", "three", "THOUSAND", "1,500", "to", "from", "2,000", "x", "Some"]
        ),
        max_size=8,
    ),
    st.data(),
)
def test_quantities_keep_the_text_as_written_whatever_its_case(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    flipped = "".join(ch.upper() if data.draw(st.booleans()) else ch.lower() for ch in text)
    lower = [(q.start, q.end, q.value) for q in find_quantities(text.lower())]
    found = find_quantities(flipped)
    assert [(q.start, q.end, q.value) for q in found] == lower
    assert all(q.text == flipped[q.start : q.end] for q in found)


# Pieces that put money, dates, durations and qualifiers next to numbers.
CONTEXT_PIECES_WORDS = [
    *["$", "US$", "No.", "Sept.", "March", "in", "about", "some", "year", "  ", "\n", ","],
    *["3,000", "2016", "1.5", "five", "a dozen", "million", "percent", "km", "troops", "İ"],
]
CONTEXT_PIECES = st.sampled_from(CONTEXT_PIECES_WORDS)


@given(st.lists(CONTEXT_PIECES, max_size=12).map(" ".join))
def test_head_count_checks_agree_with_plain_searches(text: str) -> None:
    for m in QUANTITY_RE.finditer(text):
        lo = max(0, m.start() - BEFORE_REACH)
        before = m.group("qual") is None and NOT_TROOPS_BEFORE_RE.search(text, lo, m.start())
        month = MONTHS_RE.search(text, lo, m.start())
        after = NOT_TROOPS_AFTER_RE.match(text, m.end())
        slow = bool(after or before or looks_like_year(m) or month)
        assert not_a_head_count(text, m) == slow


@given(
    st.lists(st.sampled_from([*CONTEXT_PIECES_WORDS, "thousands of", "from", "to"]), max_size=12)
)
def test_quantities_come_in_text_order_with_or_without_vague_amounts(words: list[str]) -> None:
    starts = [q.start for q in find_quantities(" ".join(words))]
    assert starts == sorted(starts)
