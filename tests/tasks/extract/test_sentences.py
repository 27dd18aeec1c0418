"""Sentence splitting keeps exact offsets and does not break at abbreviations."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract.sentences import (
    ABBREVIATION_REACH,
    ABBREVIATIONS,
    BOUNDARY_RE,
    is_abbreviation,
    split_sentences,
)


@given(st.text(alphabet=st.sampled_from('ab U.S. Gen. ?!\n"”Xy3,'), max_size=200))
def test_offsets_are_exact(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_abbreviations_do_not_end_sentences() -> None:
    text = "U.S. troops met Gen. Smith. Lloyd J. Austin said so.\nNext line"
    assert [s.text for s in split_sentences(text)] == [
        "U.S. troops met Gen. Smith.",
        "Lloyd J. Austin said so.",
        "Next line",
    ]


# The boundary pattern written plainly, as two alternatives; the module's form opens with one
# character class for speed and must find exactly the same boundaries.
PLAIN_BOUNDARY_RE = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(".!?\n \t\"”’)(Aa0'“[]x"), max_size=40))
def test_boundary_pattern_matches_its_plain_form(text: str) -> None:
    spans = [m.span() for m in BOUNDARY_RE.finditer(text)]
    assert spans == [m.span() for m in PLAIN_BOUNDARY_RE.finditer(text)]


def abbreviation_on_a_copy(text: str, cut: int) -> bool:
    """The abbreviation test run on a copied window, as it was first written."""
    m = re.search(r"([A-Za-z.]+)$", text[max(0, cut - ABBREVIATION_REACH) : cut])
    if text[cut] != "." or m is None:
        return False
    word = m.group(1)
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word


ABBREVIATION_PIECES = ["Dr", "gen", "U", "S", "x", "ab", ".", " ", "\n", "3"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ABBREVIATION_PIECES)).map("".join))
def test_abbreviation_in_place_agrees_with_a_copied_window(text: str) -> None:
    for cut, ch in enumerate(text):
        if ch == ".":
            assert is_abbreviation(text, cut) == abbreviation_on_a_copy(text, cut)


def test_a_period_before_a_line_break_ends_the_sentence_even_after_a_capital() -> None:
    text = 'Title\n\n"We stay," she wrote on X.\n\nAbout 900 troops remain.'
    pieces = [s.text for s in split_sentences(text)]
    assert pieces[-1] == "About 900 troops remain."
    assert "X." in pieces[-2]
