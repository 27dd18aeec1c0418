"""Where an anchor's troops are or go: a name after a preposition, a town, a host, 'there'
or 'the country', or the story's place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tasks.extract import lexicon as lx
from tasks.extract.actors import acts_as_subject, coordinated, demonym_as_subject
from tasks.extract.anchors import Anchor
from tasks.extract.clauses import clause_bounds
from tasks.extract.context import DocContext
from tasks.extract.gazetteer import CITY, COUNTRY, DEMONYM, PLACE_KINDS, REGION, Mention
from tasks.extract.names import MISSION_COUNTRIES
from tasks.extract.patterns import (
    ASIDE_RE,
    ATTRIBUTION_RE,
    BORDERS_AFTER_RE,
    CLAUSE_SUBJECT_RE,
    COORDINATION_RE,
    DEICTIC_AFTER_RE,
    DEICTIC_PLACE,
    FACILITY_REACH,
    FACILITY_TO_RE,
    FACILITY_WORD_RE,
    HOST_KINDS,
    HOST_NOUN_RE,
    HOST_OFFICIAL,
    HOST_REQUEST_RE,
    HOSTS_RE,
    INCLUDING_AFTER_RE,
    LEAVE_BEFORE_RE,
    LEAVE_REACH,
    MOVE_DEICTIC_RE,
    NEAR_BORDER_RE,
    NEAR_REACH,
    NEW_SUBJECT_BEFORE_RE,
    NEW_SUBJECT_REACH,
    OWN_FACILITY_RE,
    QUOTE_CLOSE_RE,
    QUOTE_REACH,
    RELATIVE_OPEN_RE,
    RELATIVE_REACH,
    THE_COUNTRY_RE,
    TOWN_PLACED_RE,
    UNKNOWN_TOWN_RE,
    WHERE_AFTER_RE,
    WITH_BEFORE_RE,
)
from tasks.extract.roles import can_be_place, preposition_before


def place_of(
    text: str,
    mentions: list[Mention],
    anchor: Anchor,
    span: tuple[int, int],
    actors: list[str],
    ctx: DocContext,
) -> tuple[list[tuple[str, str]], str]:
    """Where the anchor's troops are or go: [(code, preposition)], and a rule name."""
    lo, hi = span
    if DEICTIC_AFTER_RE.match(text, anchor.end):
        code = earlier_place(text, mentions, anchor, actors, ctx)
        if code:
            return [(code, "in")], "loc-deictic"  # "US forces there": where they already are
    region = lx.UNRESOLVED_PLACE_RE.match(text[anchor.end :])
    if region is not None:
        return places_after_region(text, mentions, anchor.end + region.end(), region.group(1))
    if text.find(",", anchor.end, hi) != -1:  # each cut below starts at a comma
        hi = place_window_end(text, mentions, anchor, hi)
    town = unknown_town(text, mentions, anchor.end, hi)
    for m in mentions:
        if m.start < anchor.end or m.end > hi or (town is not None and m.start > town):
            continue
        if m.code in actors and OWN_FACILITY_RE.match(text, m.end):
            continue  # "at the US embassy in Port-au-Prince": the sender's own, not the place
        if NEAR_BORDER_RE.search(text, max(0, m.start - NEAR_REACH), m.start) and (
            BORDERS_AFTER_RE.match(text, m.end)
        ):
            continue  # "massed near Ukraine's borders": outside the country, not in it
        prep = verb_preposition(text, m, can_be_place(text, m))
        if prep == "from" and m.code in actors:
            continue  # "troops from France and Denmark": who sends them, not a place
        if prep:
            places = [(x.code, prep) for x in coordinated_places(text, mentions, m)]
            rule = "loc-own-region" if own_region(m, prep, actors) else "loc-prep-after"
            return places + destination_after(text, mentions, m, prep, hi), rule
    before = place_before(text, mentions, anchor, lo)
    if before is not None:
        return [before], "loc-prep-before"  # named in the clause beats a guessed town
    if town is not None and ctx.default_place and ctx.default_place not in actors:
        return [(ctx.default_place, "in")], "loc-town"
    if DEICTIC_PLACE.found(text, lo, hi):
        code = country_meant(text, mentions, anchor, actors, ctx, (lo, hi))
        if code:
            return [(code, "in")], "loc-deictic"
    hosting = hosting_subject(text, mentions, anchor, actors)
    if hosting is not None:
        return [hosting], "loc-host-subject"
    host = requesting_host(text, mentions, anchor, actors)
    if host is not None:
        # "Washington requested more South Korean troops" in a story about Iraq: the asker is
        # not always the host; the story's place, where there is one, says where they go.
        if ctx.default_place and ctx.default_place not in actors:
            return [(ctx.default_place, "to")], "loc-story-request"
        return [(host, "to")], "loc-requester"
    mission = mission_country(mentions, lo, hi)
    if mission is not None:
        return [(mission, "in")], "loc-mission"  # "UNMISS has some 12,000 troops"
    return fallback_place(text, mentions, anchor, actors, clause_bounds(text, anchor.start)[1])


def mission_country(mentions: list[Mention], lo: int, hi: int) -> str | None:
    """The country of a one-country mission (KFOR, UNIFIL ...) named in the anchor's span."""
    for m in mentions:
        if lo <= m.start and m.end <= hi and m.surface in MISSION_COUNTRIES:
            return MISSION_COUNTRIES[m.surface]
    return None


def place_before(
    text: str, mentions: list[Mention], anchor: Anchor, lo: int
) -> tuple[str, str] | None:
    """The nearest place named before the troops in their clause, with its preposition."""
    if anchor.presence_noun:
        return None
    for m in reversed(mentions):
        if lo <= m.start and m.end <= anchor.np_start:
            prep = can_be_place(text, m) or where_antecedent(text, m, anchor.np_start)
            if prep and WHERE_AFTER_RE.search(text, m.end, anchor.np_start):
                prep = "in"  # "to the Tapa camp, where 1,000 British troops already serve"
            if prep and prep not in ("from", "out of"):
                return m.code, prep
    return None


def place_window_end(text: str, mentions: list[Mention], anchor: Anchor, hi: int) -> int:
    """Where the words naming these troops' place end: before a closing attribution, an open
    'including', the end of their relative clause, or a clause with a subject of its own."""
    hi = before_including(text, anchor.end, before_attribution(text, anchor.end, hi))
    return before_new_subject(text, mentions, anchor.end, relative_clause_end(text, anchor, hi))


def relative_clause_end(text: str, anchor: Anchor, hi: int) -> int:
    """Where the relative clause holding the troops closes ('Canada, which has 260 soldiers
    training Ukrainian forces, said it moved them to Poland'): the main clause's places are
    about what the subject did next."""
    if RELATIVE_OPEN_RE.search(text, max(0, anchor.np_start - RELATIVE_REACH), anchor.np_start):
        close = text.find(",", anchor.end, hi)
        return hi if close == -1 else close
    return hi


def before_new_subject(text: str, mentions: list[Mention], pos: int, hi: int) -> int:
    """Where a clause with a subject of its own starts after `pos` (', and Ottawa will lead in
    Latvia'): its places are that subject's, not these troops'."""
    for m in mentions:
        if pos <= m.start < hi and opens_clause(text, m, pos, hi):
            return m.start
    return hi


def opens_clause(text: str, m: Mention, pos: int, hi: int) -> bool:
    """A name right after ', and' that can be a subject starts a clause of its own."""
    joined = NEW_SUBJECT_BEFORE_RE.search(text, max(pos, m.start - NEW_SUBJECT_REACH), m.start)
    return joined is not None and acts_as_subject(text, m, hi)


def before_attribution(text: str, pos: int, hi: int) -> int:
    """Where a closing attribution (', the defence ministry in Berlin says.') starts after
    `pos`, if before `hi`: the speaker's whereabouts are no place of the troops."""
    m = ATTRIBUTION_RE.search(text, pos, hi) if hi == len(text) else None
    return hi if m is None else m.start()


def before_including(text: str, pos: int, hi: int) -> int:
    """Where an open ', including ...' after `pos` starts: 'massed 130,000 troops near the
    border, including 30,000 sent to Belarus' names the part's place, not the whole's. A
    closed aside (', including engineers, to Mali') is skipped, not cut at."""
    m = INCLUDING_AFTER_RE.search(text, pos, hi)
    if m is None or ASIDE_RE.match(text, m.start(), hi):
        return hi
    return m.start()


def where_antecedent(text: str, m: Mention, before: int) -> str | None:
    """'Gabon, where France keeps 300 soldiers': the place a 'where' clause (still open at
    `before`) is about."""
    where = WHERE_AFTER_RE.match(text, m.end) if m.kind in PLACE_KINDS else None
    if where is None or "," in text[where.end() : before]:
        return None
    return "in"


def country_meant(
    text: str,
    mentions: list[Mention],
    anchor: Anchor,
    actors: list[str],
    ctx: DocContext,
    span: tuple[int, int],
) -> str | None:
    """'there' is the place named last; 'in the country', in a sentence naming no place of its
    own, is the country the article names most."""
    named_here = any(
        (m.kind in PLACE_KINDS or m.kind == DEMONYM)
        and m.end <= anchor.np_start
        and m.code not in actors
        for m in mentions
    )
    if not named_here and THE_COUNTRY_RE.search(text, *span):
        counts = Counter(code for code in ctx.recent if code not in actors)
        if counts:
            return counts.most_common(1)[0][0]
    return earlier_place(text, mentions, anchor, actors, ctx)


def hosting_subject(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str]
) -> tuple[str, str] | None:
    """'Poland already hosts around 10,000 American troops': the host is where they are;
    'Guam will host 5,000 more Marines': where they will go."""
    nearest = next(hosts_before(mentions, anchor, actors), None)
    hosts = None if nearest is None else HOSTS_RE.match(text, nearest.end)
    if nearest is None or hosts is None:
        return None
    return nearest.code, "to" if hosts.group("future") else "in"


def requesting_host(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str]
) -> str | None:
    """'Warsaw had asked for a U.S. division', 'Iraq no longer needs American forces': the
    state asking for (or refusing) foreign troops is where they would go."""
    asker = (
        m for m in hosts_before(mentions, anchor, actors) if HOST_REQUEST_RE.match(text, m.end)
    )
    return next((m.code for m in asker), None)


def hosts_before(mentions: list[Mention], anchor: Anchor, actors: list[str]) -> Iterator[Mention]:
    """States named before the troops, nearest first, that could host them (not the senders)."""
    for m in reversed(mentions):
        if m.end <= anchor.np_start and m.code not in actors and m.kind in HOST_KINDS:
            yield m


def own_region(m: Mention, prep: str, actors: list[str]) -> bool:
    """'India will deploy troops to Arunachal Pradesh': sent to a province of its own."""
    return m.kind in (REGION, CITY) and m.code in actors and prep in ("to", "into")


def verb_preposition(text: str, m: Mention, prep: str | None) -> str | None:
    """'left Niger' leaves it; 'to Camp Lemonnier in Djibouti' goes there."""
    leaving = prep == "" or (prep is None and m.kind in PLACE_KINDS)
    if leaving and LEAVE_BEFORE_RE.search(text, max(0, m.start - LEAVE_REACH), m.start):
        return "from"  # "have left Niger", "have left Niamey"
    if prep == "in" and FACILITY_TO_RE.search(text, max(0, m.start - FACILITY_REACH), m.start):
        return "to"
    return prep


def coordinated_places(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """The places listed with a place: 'to Chad, Niger and Mauritania', but not a state that
    opens the next clause ('out of Mali, and Britain withdrew') nor 'Iraq, Pentagon says'."""
    group = [first]
    for m in coordinated(text, mentions, first)[1:]:
        if m.kind not in PLACE_KINDS or CLAUSE_SUBJECT_RE.match(text, m.end):
            break
        group.append(m)
    return group


def places_after_region(
    text: str, mentions: list[Mention], pos: int, prep: str
) -> tuple[list[tuple[str, str]], str]:
    """'to the Nordic countries and Finland': the region has no code, the countries joined to it
    do."""
    first = next((m for m in mentions if m.start >= pos), None)
    if first is None or first.kind not in PLACE_KINDS:
        return [], "loc-unresolved"
    if not COORDINATION_RE.match(text[pos : first.start]):
        return [], "loc-unresolved"
    places = [(m.code, prep.lower()) for m in coordinated(text, mentions, first)]
    return places, "loc-after-region"


def destination_after(
    text: str, mentions: list[Mention], source: Mention, prep: str, hi: int
) -> list[tuple[str, str]]:
    """'from Okinawa to Guam': after a source, the place the troops go."""
    if prep not in ("from", "out of"):
        return []
    later = [m for m in mentions if source.end < m.start and m.end <= hi]
    for m in later:
        if verb_preposition(text, m, can_be_place(text, m)) in ("to", "into"):
            return [(m.code, "to")]
    return []


def unknown_town(text: str, mentions: list[Mention], lo: int, hi: int) -> int | None:
    """Where 'in Tapa' names a town the gazetteer cannot place (a small town of the story's
    country, most likely), or None."""
    starts = {m.start for m in mentions}
    for m in UNKNOWN_TOWN_RE.finditer(text, lo, hi):
        if FACILITY_WORD_RE.fullmatch(m.group(1)):
            continue  # "to Camp Lemonnier in Djibouti": the place follows the facility
        if m.start(1) in starts or any(x.start < m.start(1) < x.end for x in mentions):
            continue
        if not placed_after(text, mentions, m.end(1)):
            return m.start(1)
    return None


def placed_after(text: str, mentions: list[Mention], end: int) -> bool:
    """'Irbil in northern Iraq', 'Rukla, Lithuania': a town the text places itself."""
    m = TOWN_PLACED_RE.match(text, end)
    return m is not None and any(x.start == m.end() and x.kind in PLACE_KINDS for x in mentions)


def earlier_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], ctx: DocContext
) -> str | None:
    """What 'there' or 'the country' points at: the last place or state named before."""
    for m in reversed(mentions):
        placed = m.kind in PLACE_KINDS or (m.kind == DEMONYM and demonym_as_subject(text, m))
        if placed and m.end <= anchor.np_start and m.code not in actors:
            return m.code
    for code in reversed(ctx.recent):
        if code not in actors:
            return code
    return None


def fallback_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], hi: int
) -> tuple[list[tuple[str, str]], str]:
    """'Iraqi soil', 'Lithuanian bases', 'assisting Iraqi forces' (in the anchor's clause, up
    to `hi`): an adjective for the place."""
    for m in mentions:
        if m.kind == DEMONYM and lx.PLACE_NOUN_AFTER_RE.match(text[m.end :]):
            return [(m.code, "in")], "loc-demonym"
    for m in mentions:
        if m.kind == DEMONYM and m.code not in actors and anchor.end < m.start and m.end <= hi:
            host = HOST_NOUN_RE.match(text, m.end)
            if host and not WITH_BEFORE_RE.search(text, max(0, m.start - 12), m.start):
                return [(m.code, "")], "loc-host"
    for m in mentions:
        if m.code not in actors and quoted_host(text, m, anchor):
            return [(m.code, "")], "loc-host-speaker"  # "we do not need ...," the Iraqi minister
    return [], "loc-none"


def quoted_host(text: str, m: Mention, anchor: Anchor) -> bool:
    """'"... American forces," Iraqi Foreign Minister X said': the host's official, quoted."""
    if m.kind not in (DEMONYM, COUNTRY) or m.start < anchor.end:
        return False
    quote_end = QUOTE_CLOSE_RE.search(text, max(anchor.end, m.start - QUOTE_REACH), m.start)
    return quote_end is not None and HOST_OFFICIAL.match(text, m.end) is not None


def story_place(
    text: str, mentions: list[Mention], anchor: Anchor, actors: list[str], ctx: DocContext
) -> tuple[list[tuple[str, str]], str]:
    """A movement with no place named goes where the story is (the title's place)."""
    if ctx.default_place and ctx.default_place not in actors:
        return [(ctx.default_place, "")], "loc-story"
    return [], "loc-none"


def sent_on(text: str, local: list[Mention], anchor: Anchor, places: list[tuple[str, str]]) -> bool:
    """Withdrawn troops whose only place, in their own clause, is where they go to."""
    if not places or any(prep not in ("to", "into") for _, prep in places):
        return False
    first = next((m for m in local if m.start >= anchor.end and m.code == places[0][0]), None)
    if first is None or "," in text[anchor.end : first.start]:
        return False
    return preposition_before(text, first.start) in ("to", "into")  # not "for Abyei"


def abroad(
    local: list[Mention], places: list[tuple[str, str]], actors: list[str], border: re.Match[str]
) -> bool:
    """'travel to south Lebanon ... along the border with Israel': troops sent to another
    country, whose border it is, not their own ('to the Belarus border' names the border)."""
    sent_to = {code for code, prep in places if prep in ("to", "into") and code not in actors}
    return any(m.code in sent_to and not border.start() <= m.start < border.end() for m in local)


def is_state(code: str) -> bool:
    """States have ISO alpha-3 codes; the organisations CLAIMS.md names do not."""
    return len(code) == 3


def move_destination(
    text: str,
    local: list[Mention],
    anchor: Anchor,
    known: tuple[list[str], list[tuple[str, str]]],
    ctx: DocContext,
    hi: int,
    place_rule: str,
) -> list[tuple[str, str]]:
    """Where moved troops go: 'stationed in Germany moving to Poland', or 'moving to the
    island' (the place the story named before, other than the one they leave, or else the
    story's own country, when no place was named at all)."""
    for m in local:
        if anchor.end < m.start and m.end <= hi and can_be_place(text, m) in ("to", "into"):
            return [(m.code, "to")]
    if MOVE_DEICTIC_RE.search(text, anchor.end, hi) is None:
        return []
    actors, places = known
    code = earlier_place(text, local, anchor, actors + [c for c, _ in places], ctx)
    if code is None and place_rule == "loc-story":
        return [(c, "to") for c, _ in places]  # "will move into the capital": within the story's
    return [(code, "to")] if code else []
