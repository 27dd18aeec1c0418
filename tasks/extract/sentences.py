"""Split article text into sentences with exact offsets, so evidence == text[start:end].

Web text breaks lines inside paragraphs and sentences end in abbreviations ("U.S.", "Gen."),
so a boundary is a line break or end punctuation followed by a capital, unless an
abbreviation precedes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence and where it sits in the article text."""

    start: int
    end: int
    text: str


# The letters and dots just before a period: the word it may abbreviate.
WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)$")
ABBREVIATION_REACH = 12  # longest abbreviation looked at, dots included


def is_abbreviation(text: str, boundary_start: int) -> bool:
    """True when the period at `boundary_start` closes an abbreviation, not a sentence."""
    if text[boundary_start] != ".":
        return False
    m = WORD_BEFORE_RE.search(text, max(0, boundary_start - ABBREVIATION_REACH), boundary_start)
    if m is None:
        return False
    word = m.group(1)
    if word.lower() in ABBREVIATIONS:
        return True
    # Initials ("Lloyd J. Austin") and dotted acronyms ("U.S. troops").
    return (len(word) == 1 and word.isupper()) or "." in word


def spans(text: str) -> list[tuple[int, int]]:
    """Raw [start, end) pieces between boundaries."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in BOUNDARY_RE.finditer(text):
        cut = m.start()
        if text[cut] != "\n" and is_abbreviation(text, cut):
            continue
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
