"""Which sentences of an article can hold a claim, found in one scan of the whole text.

The rules make claims only in sentences naming personnel (a troop noun anchors every claim),
and most news sentences name none. One regex pass over the lower-cased article finds the
nouns; each sentence is then a candidate or not without a per-sentence search.
"""

from __future__ import annotations

from bisect import bisect_right

from tasks.extract.gates import foldable
from tasks.extract.rules import PERSONNEL, names_personnel
from tasks.extract.sentences import Sentence


def troop_sentences(text: str, sentences: list[Sentence]) -> list[int]:
    """Indices of the sentences naming personnel: the same as testing each sentence alone."""
    if not (PERSONNEL.folds and foldable(text)):
        return [i for i, s in enumerate(sentences) if names_personnel(s.text)]
    starts = [s.start for s in sentences]
    hits: set[int] = set()
    unsure: set[int] = set()
    for m in PERSONNEL.twin.finditer(text.lower()):
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or m.end() > sentences[i].end:
            unsure.update(spanned(starts, m.start(), m.end()))  # e.g. 'army\nunits'
            continue
        hits.add(i)
    hits.update(i for i in unsure if names_personnel(sentences[i].text))
    return sorted(hits)


def spanned(starts: list[int], lo: int, hi: int) -> range:
    """Indices of the sentences a span [lo, hi) touches, which a match across a boundary hides."""
    first = max(0, bisect_right(starts, lo) - 1)
    return range(first, max(first + 1, bisect_right(starts, hi)))
