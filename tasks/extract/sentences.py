"""Split article text into sentences with exact offsets, so evidence == text[start:end].

Web text breaks lines inside paragraphs and sentences end in abbreviations ("U.S.", "Gen."),
so a boundary is a line break or end punctuation followed by a capital, unless an
abbreviation precedes it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# End punctuation, optional closing quote or bracket, space, then an opening capital or digit;
# or a line break. Both branches open with one character class, so the regex engine skips
# ahead in C to the next [.!?\n] instead of trying every position.
BOUNDARY_RE = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|(?<=\n)\s*)")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "sgt",
        "maj",
        "capt",
        "cpt",
        "adm",
        "cmdr",
        "st",
        "mt",
        "ft",
        "gov",
        "sen",
        "rep",
        "prof",
        "sen",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "rev",
        "brig",
        "pvt",
        "cpl",
        "spc",
    ]
)


class Sentence(NamedTuple):
    """A sentence and where it sits in the article text (a named tuple: an article makes
    dozens, and a tuple is built at half the cost of a frozen dataclass)."""

    start: int
    end: int
    text: str


# The letters and dots an abbreviation is written with ("Gen", "U.S").
WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
ABBREVIATION_REACH = 12  # longest abbreviation looked at, dots included


def is_abbreviation(text: str, boundary_start: int) -> bool:
    """True when the period at `boundary_start` closes an abbreviation, not a sentence."""
    if text[boundary_start] != ".":
        return False
    word = word_before(text, boundary_start)
    if not word:
        return False
    if word.lower() in ABBREVIATIONS:
        return True
    # Initials ("Lloyd J. Austin") and dotted acronyms ("U.S. troops").
    return (len(word) == 1 and word.isupper()) or "." in word


def word_before(text: str, end: int) -> str:
    """The run of letters and dots ending at `end`, at most ABBREVIATION_REACH long: one
    C-level strip of the window, where a regex search would try every start in it."""
    window = text[max(0, end - ABBREVIATION_REACH) : end]
    if window.endswith("\n"):
        window = window[:-1]  # as the regex `$` it replaces, which matches before a last \n
    return window[len(window.rstrip(WORD_CHARS)) :]


def spans(text: str) -> list[tuple[int, int]]:
    """Raw [start, end) pieces between boundaries."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY_RE.finditer(text):
        cut = m.start()
        if text[cut] == "." and "\n" not in m.group(0) and is_abbreviation(text, cut):
            continue  # a period before a line break ends the line's sentence: "portal X.\n"
        out.append((start, cut + len(m.group(0).rstrip())))
        start = m.end()
    out.append((start, len(text)))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Non-empty sentences, stripped of surrounding space, with exact offsets."""
    out: list[Sentence] = []
    for start, end in spans(text):
        piece = text[start:end]
        trimmed = piece.lstrip()
        lead = len(piece) - len(trimmed)
        trimmed = trimmed.rstrip()
        if trimmed:
            s = start + lead
            out.append(Sentence(s, s + len(trimmed), trimmed))
    return out
