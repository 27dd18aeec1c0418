"""Whether a name can act or be a place where it stands, read from the preposition before
it; anchors, actors and places all ask, so it sits below them."""

from __future__ import annotations

from functools import lru_cache

from tasks.extract.gazetteer import ACTOR_KINDS, COUNTRY, ORG, PLACE_KINDS, Mention
from tasks.extract.names import TERRITORIES
from tasks.extract.patterns import (
    ACCORDING_TO_RE,
    COMPOUND_AFTER_RE,
    FOR_PLACE_RE,
    PLACE_PREPOSITION,
    SENTENCE_CACHE,
)


@lru_cache(maxsize=SENTENCE_CACHE)
def preposition_before(text: str, start: int) -> str | None:
    """The place preposition right before position `start` ('to', 'in', 'from', ...)."""
    m = PLACE_PREPOSITION.search(text, max(0, start - 60), start)
    if m is None:
        return None
    prep = m.group("prep").lower()
    if prep == "to" and ACCORDING_TO_RE.search(text[max(0, start - 20) : start]):
        return None
    if prep.startswith("of the"):
        return "in"
    if prep.endswith(" of") and not prep.startswith("out"):
        return prep.split()[0]  # "in the north of Syria"
    return prep


def for_preposition(text: str, start: int) -> str | None:
    """'troops for Iraq' names where they go; 'the troop number for Iraq' where they are."""
    m = FOR_PLACE_RE.search(text, max(0, start - 40), start)
    if m is None:
        return None
    return "to" if m.group("who") else "in"


def is_compound(text: str, m: Mention) -> bool:
    """'U.S.-led' and 'NATO-backed' modify another noun; they are no actor."""
    return bool(COMPOUND_AFTER_RE.match(text, m.end, m.end + 12))


def can_be_actor(text: str, m: Mention) -> bool:
    """Names that can stand for a force provider at this position."""
    if m.kind not in ACTOR_KINDS or is_compound(text, m) or m.code in TERRITORIES:
        return False  # Guam and Greenland receive troops; they send none
    if m.kind != ORG and for_preposition(text, m.start):
        return False  # "troops for Iraq": a destination; "troops for the NATO mission" acts
    return preposition_before(text, m.start) is None


def can_be_place(text: str, m: Mention) -> str | None:
    """The preposition making a mention a place, or '' for a country named bare, else None."""
    if m.kind not in PLACE_KINDS or is_compound(text, m):
        return None
    prep = preposition_before(text, m.start) or for_preposition(text, m.start)
    if prep is not None:
        return prep
    return "" if m.kind == COUNTRY else None
