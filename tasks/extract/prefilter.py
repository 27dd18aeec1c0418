"""Which sentences of an article can hold a claim, found with one lower-casing of the text.

The rules make claims only in sentences naming personnel (a troop noun anchors every claim),
and most news sentences name none. Each sentence is gated by substring tests on its slice of
the lower-cased article (C speed), and only a sentence holding a noun's letters meets the
personnel regex, run over that slice in place. Sentences before the whole text's first
match are not looked at: the caller has found it already, to drop troop-free articles unsplit.
"""

from __future__ import annotations

from bisect import bisect_right

from tasks.extract.gates import folded, may_match
from tasks.extract.patterns import PERSONNEL
from tasks.extract.rules import names_personnel
from tasks.extract.sentences import Sentence


def troop_sentences(text: str, sentences: list[Sentence], first: int = 0) -> list[int]:
    """Indices of the sentences naming personnel: the same as testing each sentence alone.
    `first` is where the whole text's first match starts: a sentence's match is also one in
    the whole text (it ends before a space), so no sentence ending before it can match."""
    pieces = PERSONNEL.pieces
    skip = bisect_right([s.end for s in sentences], first)
    # The caller's whole-text search folded the text already: `folded` returns that copy.
    low = folded(text)
    if not (PERSONNEL.folds and pieces and low is not None):
        return [i for i, s in enumerate(sentences) if i >= skip and names_personnel(s.text)]
    search = PERSONNEL.twin.search
    hits: list[int] = []
    for i in range(skip, len(sentences)):
        s = sentences[i]
        # A sentence starts after a space and ends before one, so word boundaries at its
        # edges read the same in place as in the sentence alone.
        if may_match(pieces, low[s.start : s.end]) and search(low, s.start, s.end):
            hits.append(i)
    return hits
