"""The clause around a position and where an anchor's span ends in it: the bounds inside
which actors, places, actions and status are read."""

from __future__ import annotations

from functools import lru_cache

from tasks.extract.anchors import Anchor
from tasks.extract.patterns import CLAUSE_BREAK, COORDINATION_RE, INCLUDING_GAP_RE, SENTENCE_CACHE


@lru_cache(maxsize=SENTENCE_CACHE)
def clause_breaks(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the words that end a clause in a sentence, found once per sentence."""
    return tuple((m.start(), m.end()) for m in CLAUSE_BREAK.folded_matches(text))


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around `pos`, cut at semicolons, 'while', 'but' and dashes."""
    start, end = 0, len(text)
    for b_start, b_end in clause_breaks(text):
        if b_end <= pos:
            start = b_end
        elif b_start >= pos:
            end = b_start
            break
    return start, end


def span_end(text: str, anchors: list[Anchor], i: int, hi: int) -> int:
    """Where an anchor's span ends in its clause (which ends at `hi`): where the next anchor's
    phrase starts, unless the two share one predicate ('600 Dutch troops and 250 Belgian
    soldiers will be ...')."""
    j = i
    while j + 1 < len(anchors) and shares_predicate(text[anchors[j].end : anchors[j + 1].np_start]):
        j += 1
    if j + 1 < len(anchors):
        hi = min(hi, max(anchors[i].end, anchors[j + 1].np_start))
    return hi


def shares_predicate(gap: str) -> bool:
    """'600 Dutch troops and 250 Belgian soldiers will ...', '400 of the 900 troops in ...':
    two anchors the same verb and places govern."""
    if COORDINATION_RE.match(gap) is not None or gap.strip() in ("of", "from", "from the"):
        return True  # "500 soldiers from the 101st Airborne Division will leave"
    return INCLUDING_GAP_RE.match(gap) is not None  # "60 personnel, including a team, will"
