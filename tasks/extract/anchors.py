"""Anchors: the troop phrases and bare figures a claim hangs on, with their counts and any
level they state. Found first, with no story context; the other rules read around them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.extract import lexicon as lx
from tasks.extract.gazetteer import COUNTRY, ORG, UNIT, Mention
from tasks.extract.numbers import Quantity, find_quantities
from tasks.extract.patterns import (
    BARE_FOLLOWER_RE,
    CASUALTY,
    CASUALTY_REACH,
    COUNT_LINK_RE,
    COUNTED_FORMATION_RE,
    DEATHS_OF_RE,
    DEATHS_REACH,
    DEFINITE_RE,
    DEPLOYMENT_NOUN_RE,
    DETERMINER_RE,
    FROM_TO_LEVEL_RE,
    INCLUDED_BEFORE_RE,
    JOINED_FORCE_RE,
    JOINED_REACH,
    LEVEL_BEFORE_RE,
    MANDATE_EXTENDED_AFTER_RE,
    MANDATE_EXTENDED_BEFORE_RE,
    MANDATE_REACH,
    NAME_NUMBER_RE,
    NAME_NUMBER_REACH,
    NOT_PERSONNEL_BEFORE,
    OF_AFTER_RE,
    OF_TRIGGER_RE,
    OLD_LEVEL_RE,
    PARTITIVE_OF_RE,
    PARTITIVE_REACH,
    PEOPLE_AFTER_RE,
    PERSONNEL,
    PLACE_PREP_END_RE,
    SERVED_RE,
    SERVED_REACH,
    SPEAKS_AFTER_RE,
    STRENGTH_OF_RE,
    TO_AFTER_RE,
    TO_AT_RE,
    UNIT_COUNT,
    UNIT_NOUN_END_RE,
    UNIT_NOUN_REACH,
    WEAK_NEEDS_QTY,
    WORD_OF_END_RE,
)
from tasks.extract.roles import can_be_actor


@dataclass(slots=True)
class Anchor:
    """A personnel phrase or bare figure a claim hangs on."""

    start: int
    end: int
    np_start: int
    qty: Quantity | None
    actor: str | None
    rule: str
    strong: bool = True
    level: str | None = None  # presence/withdraw/deploy forced by "to N", "by N" patterns
    definite: bool = False  # "the troops": troops the story already named
    presence_noun: bool = False  # "military presence" states a level by itself
    status_from: int | None = None  # where the status cues of this anchor start


def walk_np_left(text: str, noun_start: int, quantities: list[Quantity]) -> int:
    """Start of the noun phrase ending at a noun: modifiers, numbers, names, a determiner."""
    pos, used = noun_start, 0
    while used < lx.NP_MAX_MODIFIERS:
        token_end = end_of_word_before(text, pos)
        if token_end == 0 or text.find("\n", token_end, pos) >= 0:
            break
        token_start = max(text.rfind(" ", 0, token_end), text.rfind("\n", 0, token_end)) + 1
        token = text[token_start:token_end]
        opens = token.startswith("(") and len(token) > 1  # "(American forces)": a gloss
        if opens:
            token_start, token = token_start + 1, token[1:]
        is_modifier = token[-1] not in ',;:()"“”' and lx.NP_MODIFIER_RE.fullmatch(token)
        if not is_modifier and not inside_quantity(quantities, token_start):
            break
        if token.lower() == "of" and not of_continues_np(text, token_start, quantities):
            break
        if place_before_figure(text, token_start, token_end, quantities):
            break  # "deployed in Bosnia about 60,000 soldiers": the figure opens the phrase
        pos, used = token_start, used + 1
        if opens or DETERMINER_RE.match(token):
            break
    return pos


def place_before_figure(text: str, start: int, end: int, quantities: list[Quantity]) -> bool:
    """A name after a place preposition and right before a figure ('deployed in Bosnia about
    60,000 soldiers') is where they are, not a modifier of the troops; a name alone there
    ('Jamaica 200 soldiers') names their sender and stays in the phrase."""
    if not text[start : start + 1].isupper() or not PLACE_PREP_END_RE.search(
        text, max(0, start - 6), start
    ):
        return False
    return any(q.start == end + 1 for q in quantities)


def inside_quantity(quantities: list[Quantity], pos: int) -> bool:
    """Whether `pos` falls in a quantity ('1,500-strong' is one word of the phrase)."""
    for q in quantities:  # noqa: SIM110 - a plain loop: no generator for one or two items
        if q.start <= pos < q.end:
            return True
    return False


def end_of_word_before(text: str, pos: int) -> int:
    """Where the word before `pos` ends, past the spaces: len(text[:pos].rstrip()) without
    copying the sentence head once per word walked."""
    while pos and text[pos - 1].isspace():
        pos -= 1
    return pos


def of_continues_np(text: str, of_start: int, quantities: list[Quantity]) -> bool:
    """'thousands of troops', 'unit of 100 men': 'of' after a vague amount or a unit noun."""
    end = end_of_word_before(text, of_start)
    if any(q.end == end and q.value is None for q in quantities):
        return True
    return bool(UNIT_NOUN_END_RE.search(text, max(0, end - UNIT_NOUN_REACH), end))


def quantity_in(quantities: list[Quantity], start: int, end: int) -> Quantity | None:
    """The last quantity lying wholly inside [start, end)."""
    inside = [q for q in quantities if start <= q.start and q.end <= end]
    return inside[-1] if inside else None


def quantity_after_of(text: str, end: int, quantities: list[Quantity]) -> Quantity | None:
    """'a brigade of 5,000' - a figure right after a unit noun."""
    m = COUNT_LINK_RE.match(text, end)
    if m is None:
        return None
    return next((q for q in quantities if q.start == m.end()), None)


def np_actor(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """The state or organisation named inside a noun phrase, nearest the noun."""
    inside = [m for m in mentions if start <= m.start and m.end <= end and can_be_actor(text, m)]
    return inside[-1].code if inside else None


def personnel_ok(text: str, m: re.Match[str]) -> bool:
    """Rejects 'air forces', 'rebel forces', 'force generation' and the like."""
    before = text[max(0, m.start() - 25) : m.start()]
    if NOT_PERSONNEL_BEFORE.found_within(before, text):
        return False
    # No gate: one anchored match per noun costs less than thirty substring tests.
    return not lx.NOT_PERSONNEL_AFTER_RE.match(text[m.end() :])


def noun_anchors(text: str, mentions: list[Mention], quantities: list[Quantity]) -> list[Anchor]:
    """Anchors on personnel nouns, merging nouns of one phrase ('special forces unit')."""
    anchors: list[Anchor] = []
    for m in PERSONNEL.folded_matches(text):  # nouns are read lower-cased anyway
        if not personnel_ok(text, m):
            continue
        if m.group(0) == "mandate":
            anchor = mandate_anchor(text, mentions, m)
        else:
            anchor = noun_anchor(text, mentions, quantities, m)
        if anchor is None:
            continue
        if anchors and (anchor.np_start <= anchors[-1].end + 1 or counted_by(anchors[-1], anchor)):
            anchor = merge_anchors(anchors.pop(), anchor)
        anchors.append(anchor)
    return [a for a in anchors if a.strong or a.actor or a.qty]


def mandate_anchor(text: str, mentions: list[Mention], m: re.Match[str]) -> Anchor | None:
    """'extended the mandate of its mission, MONUSCO': a force kept where it is, by a vote.
    Any other mandate ('a mandate to protect civilians') says nothing of troops."""
    before = MANDATE_EXTENDED_BEFORE_RE.search(text, max(0, m.start() - MANDATE_REACH), m.start())
    after = MANDATE_EXTENDED_AFTER_RE.match(text, m.end())
    if before is None and after is None:
        return None
    reach = m.end() + MANDATE_REACH
    mission = next((x for x in mentions if m.end() <= x.start < reach and x.kind == ORG), None)
    start = m.start() if before is None else before.start()
    actor = None if mission is None else mission.code
    return Anchor(m.start(), m.end(), start, None, actor, "mandate", level="mandate")


def noun_anchor(
    text: str, mentions: list[Mention], quantities: list[Quantity], m: re.Match[str]
) -> Anchor | None:
    """One personnel noun with its quantity and the actor named beside it."""
    np_start = extend_to_mentions(mentions, walk_np_left(text, m.start(), quantities))
    np_start = partitive_start(text, np_start, m.start(), quantities)
    noun = m.group(0).lower()
    qty = quantity_in(quantities, np_start, m.start())
    weak = m.group("weak") is not None
    if weak and qty is not None and counts_units(text, noun, qty):
        weak = weak and not COUNTED_FORMATION_RE.fullmatch(noun)  # "four battalions" are troops
        qty = None
    if qty is None and weak and UNIT_COUNT.found(noun):
        qty = quantity_after_of(text, m.end(), quantities)
    if weak and DEPLOYMENT_NOUN_RE.fullmatch(noun) and OF_AFTER_RE.match(text, m.end()):
        return None  # "deployment of 3,000 troops": the troops carry the claim
    if weak and noun in WEAK_NEEDS_QTY and not counted_members(text, m, qty):
        return None
    if CASUALTY.found(text, m.end(), m.end() + CASUALTY_REACH):
        return None  # "20 soldiers were killed": a casualty report, not a deployment
    if DEATHS_OF_RE.search(text, max(0, np_start - DEATHS_REACH), np_start):
        return None  # "the deaths of several soldiers"
    actor = np_actor(text, mentions, np_start, m.end()) or unit_actor(mentions, m)
    rule = "np-qty" if qty else "np"
    anchor = Anchor(m.start(), m.end(), np_start, qty, actor, rule, strong=not weak)
    if qty is not None:
        anchor.level = level_change(text, qty, m.end()) or whole_of_share(
            text, np_start, quantities
        )
    anchor.definite = bool(DEFINITE_RE.match(text[np_start : m.start()]))
    anchor.presence_noun = "presence" in noun
    return anchor


def partitive_start(text: str, np_start: int, noun: int, quantities: list[Quantity]) -> int:
    """'about 200 of the US troops': the count before 'of' counts the troops after it (unless
    they have their own: '9,000 of the 19,000 Marines' leaves 9,000 a figure of its own)."""
    m = PARTITIVE_OF_RE.search(text, max(0, np_start - PARTITIVE_REACH), np_start)
    if m is None or quantity_in(quantities, np_start, noun) is not None:
        return np_start
    q = next((q for q in quantities if q.end == m.start() and q.value is not None), None)
    return np_start if q is None else q.start


def whole_of_share(text: str, np_start: int, quantities: list[Quantity]) -> str | None:
    """'4,000 of the 19,000 Marines on Okinawa are to move': the 19,000 are the standing
    level the share is taken from."""
    m = PARTITIVE_OF_RE.search(text, max(0, np_start - PARTITIVE_REACH), np_start)
    if m is None or not any(q.end == m.start() and q.value is not None for q in quantities):
        return None
    return "presence-from"


def level_change(text: str, qty: Quantity, noun_end: int) -> str | None:
    """'from about 1,000 to 2,200 troops': the new level; 'from 132,000 troops to': the old."""
    if FROM_TO_LEVEL_RE.search(text, max(0, qty.start - 50), qty.start):
        return "presence"
    if STRENGTH_OF_RE.search(text, max(0, qty.start - 30), qty.start):
        return "presence"  # "reach its full strength of around 4,800 troops", "reach 3,000"
    old = OLD_LEVEL_RE.search(text, max(0, qty.start - 30), qty.start)
    return "presence-from" if old and TO_AFTER_RE.match(text, noun_end) else None


def extend_to_mentions(mentions: list[Mention], pos: int) -> int:
    """Move a phrase start back to the start of a name it cuts ('south| Korea's troops')."""
    for m in mentions:
        if m.start < pos < m.end:
            return m.start
    return pos


def counts_units(text: str, noun: str, qty: Quantity) -> bool:
    """'four battalions' counts formations; 'a 1,500-strong group' counts heads."""
    return UNIT_COUNT.found(noun) and not text.startswith("-strong", qty.end)


def counted_members(text: str, m: re.Match[str], qty: Quantity | None) -> bool:
    """'men' and 'members' are troops only when counted: '100 members of the unit'."""
    if qty is None or qty.value is None:
        return False
    return m.group(0).lower() != "members" or text[m.end() :].lstrip().startswith("of ")


def unit_actor(mentions: list[Mention], m: re.Match[str]) -> str | None:
    """'Marines' or 'Barkhane force' names its state by itself."""
    for mention in mentions:
        if mention.kind in (UNIT, ORG) and mention.start <= m.start() and m.end() <= mention.end:
            return mention.code
    return None


def counted_by(first: Anchor, second: Anchor) -> bool:
    """'an armored division of about 15,000 men': one figure counts both nouns, one troop."""
    return first.qty is not None and first.qty is second.qty


def merge_anchors(first: Anchor, second: Anchor) -> Anchor:
    """Two nouns of one phrase become one anchor on the later noun."""
    return Anchor(
        second.start,
        second.end,
        first.np_start,
        second.qty or first.qty,
        second.actor or first.actor,
        second.rule if second.qty else first.rule,
        strong=first.strong or second.strong,
    )


# Names that can stand for the sender of a gapped figure ("Belarus about 500").
GAPPED_KINDS = frozenset({COUNTRY, ORG})


def bare_anchors(
    text: str, quantities: list[Quantity], taken: list[Anchor], mentions: list[Mention]
) -> list[Anchor]:
    """Figures standing alone in a troop sentence: 'including 2,400 in Mali', 'to 4,000',
    and figures a state's name stands before ('Armenia sent 100 soldiers, Belarus 500')."""
    out: list[Anchor] = []
    for q in quantities:
        if q.value is None or q.value < 2 or any(a.np_start <= q.start < a.end + 1 for a in taken):
            continue
        if any(a.qty is q for a in taken) or not bare_follower(text, q):
            continue
        gapped = gapped_sender(text, mentions, q)
        if gapped is None and NAME_NUMBER_RE.search(
            text, max(0, q.start - NAME_NUMBER_REACH), q.start
        ):
            continue  # "Air Base 101": part of a name, not a head count
        if CASUALTY.found_within(text[q.end : q.end + 40], text):
            continue
        level = level_of(text, q)
        out.append(Anchor(q.start, q.end, q.start, q, gapped, "bare-qty", level=level))
    return out


def gapped_sender(text: str, mentions: list[Mention], q: Quantity) -> str | None:
    """The state right before a figure whose verb the sentence gave once already: 'Russia sent
    3,000 paratroopers, Belarus about 500' (Belarus sent about 500)."""
    for m in mentions:
        if m.kind in GAPPED_KINDS and m.end < q.start and text[m.end : q.start].isspace():
            return m.code
    return None


def bare_follower(text: str, q: Quantity) -> bool:
    """What may follow a figure standing for troops; 'people' only where the figure changes a
    troop level ('reduce its personnel by about 1,000 people')."""
    if BARE_FOLLOWER_RE.match(text, q.end):
        return True
    return PEOPLE_AFTER_RE.match(text, q.end) is not None and level_of(text, q) is not None


def level_of(text: str, q: Quantity) -> str | None:
    """'to 4,000' after 'raise the number' states a level; 'by 500' after 'reduce' a change."""
    m = TO_AT_RE.search(text[max(0, q.start - 30) : q.start])
    if m is None:
        # "to reach 3,000 by 2028", "a strength of 4,000"
        return "presence" if STRENGTH_OF_RE.search(text, max(0, q.start - 30), q.start) else None
    prep = m.group("p").lower()
    before = text[max(0, q.start - 90) : q.start]
    if prep == "by":
        return "withdraw" if lx.WITHDRAW_RE.search(before) else "deploy"
    if prep == "from" and LEVEL_BEFORE_RE.search(before):
        return "presence-from"
    if LEVEL_BEFORE_RE.search(before):
        return "presence"
    return None


def sentence_anchors(text: str, mentions: list[Mention]) -> list[Anchor]:
    """The anchors of a sentence, in order; these need no story context."""
    quantities = find_quantities(text)
    nouns = [
        a
        for a in noun_anchors(text, mentions, quantities)
        if not served_by_others(text, a)
        and not SPEAKS_AFTER_RE.match(text, a.end)
        and not included_part(text, a)
    ]
    if not nouns:
        return []
    bare = bare_anchors(text, quantities, nouns, mentions)
    return sorted(nouns + bare, key=lambda a: a.start)


def included_part(text: str, anchor: Anchor) -> bool:
    """'460 troops, including medics and engineers who were deployed in Nasiriyah': a part
    named without a figure is the troops already counted, no claim of its own."""
    if anchor.qty is not None:
        return False
    return (
        INCLUDED_BEFORE_RE.search(text, max(0, anchor.np_start - 15), anchor.np_start) is not None
    )


def served_by_others(text: str, anchor: Anchor) -> bool:
    """'soldiers training Iraqi forces', 'serving with the NATO battle group', 'alongside
    Russian forces': forces others train, serve in or fight beside are no anchor of their own."""
    before = max(0, anchor.np_start - SERVED_REACH)
    if SERVED_RE.search(text, before, anchor.np_start) is not None:
        return True
    # "200 soldiers to the NATO land forces in Finland": the force they join, no claim of its own
    joined = max(0, anchor.np_start - JOINED_REACH)
    return JOINED_FORCE_RE.search(text, joined, anchor.np_start) is not None


def mere_modifier(text: str, anchor: Anchor) -> bool:
    """'housing of the troops', 'the fate of US troops': troops named in passing, no claim."""
    if anchor.qty is not None or anchor.rule == "bare-qty":
        return False
    before = text[max(0, anchor.np_start - 30) : anchor.np_start]
    m = WORD_OF_END_RE.search(before) if "of" in before else None  # 'of' is rarely there
    if m is None or OF_TRIGGER_RE.fullmatch(m.group(1)):
        return False
    # "Part of the personnel left" counts them; "as part of NATO's presence" does not.
    return not (m.group(1).lower() == "part" and not before[: m.start()].rstrip().endswith("as"))
