"""Which sentences of an article can hold a claim, found with one lower-casing of the text.

The rules make claims only in sentences naming personnel (a troop noun anchors every claim),
and most news sentences name none. Each sentence is gated by substring tests on its slice of
the lower-cased article (C speed), and only a sentence holding a noun's letters meets the
personnel regex, run over that slice in place.
"""

from __future__ import annotations

from tasks.extract.gates import foldable, may_match
from tasks.extract.patterns import PERSONNEL
from tasks.extract.rules import names_personnel
from tasks.extract.sentences import Sentence


def troop_sentences(text: str, sentences: list[Sentence]) -> list[int]:
    """Indices of the sentences naming personnel: the same as testing each sentence alone."""
    pieces = PERSONNEL.pieces
    if not (PERSONNEL.folds and pieces and foldable(text)):
        return [i for i, s in enumerate(sentences) if names_personnel(s.text)]
    low = text.lower()
    search = PERSONNEL.twin.search
    hits: list[int] = []
    for i, s in enumerate(sentences):
        # A sentence starts after a space and ends before one, so word boundaries at its
        # edges read the same in place as in the sentence alone.
        if may_match(pieces, low[s.start : s.end]) and search(low, s.start, s.end):
            hits.append(i)
    return hits
