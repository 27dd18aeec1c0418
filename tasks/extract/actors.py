"""Whose troops an anchor names: in its phrase, after 'from', the clause's subject, a
neighbouring anchor's, or the story's actor."""

from __future__ import annotations

from tasks.extract.actions import action_words
from tasks.extract.anchors import Anchor
from tasks.extract.clauses import clause_bounds
from tasks.extract.context import DocContext
from tasks.extract.gazetteer import ACTOR_KINDS, CAPITAL, COUNTRY, DEMONYM, INSTITUTION, Mention
from tasks.extract.patterns import (
    ACTING_NOUN_RE,
    ATTRIBUTION_RE,
    COORDINATION_RE,
    ELIDED_SUBJECT_RE,
    FORMATION_KINDS,
    FROM_OF_RE,
    HOST_REQUEST_RE,
    NEIGHBOUR_REACH,
    NOMINAL_TRIGGER,
    OBJECT_VERB_BEFORE_RE,
    OBJECT_VERB_REACH,
    OWNED_LEVEL_RE,
    POSSESSIVE_PRONOUN_RE,
    PRONOUN_SUBJECT,
    RELATIVE_OPEN_RE,
    RELATIVE_REACH,
    SHARING_BREAKS,
    THE_COUNTRYS_RE,
    UNSPECIFIED_ACTOR,
)
from tasks.extract.roles import can_be_actor


def subject_mention(text: str, mentions: list[Mention], before: int, floor: int) -> Mention | None:
    """The nearest name before the anchor that can act: 'Seoul offering to send ...'; but
    past a pronoun ('..., and it has 2,500 peacekeepers') the first one, whom it stands for."""
    for m in reversed(mentions):
        if floor <= m.start and m.end <= before and acts_as_subject(text, m, before):
            if PRONOUN_SUBJECT.found(text, m.end, before):
                return first_subject(text, mentions, before, floor)
            return m
    return None


def first_subject(text: str, mentions: list[Mention], before: int, floor: int) -> Mention | None:
    """The first name from `floor` that can be the subject of a verb at `before`."""
    names = (m for m in mentions if floor <= m.start and m.end <= before)
    return next((m for m in names if acts_as_subject(text, m, before)), None)


def acts_as_subject(text: str, m: Mention, before: int) -> bool:
    """A name that can be the subject of a verb at `before`: no place, no 'Iraqi forces', and
    not inside a relative clause ('Italy, which commands KFOR, has 900 soldiers': Italy)."""
    if not can_be_actor(text, m) or (m.kind == DEMONYM and not demonym_as_subject(text, m)):
        return False
    if OBJECT_VERB_BEFORE_RE.search(text, max(0, m.start - OBJECT_VERB_REACH), m.start):
        return False  # "to lead NATO's land forces, send 1,200 troops": NATO is led, not sending
    return not in_relative_clause(text, m, before)


def in_relative_clause(text: str, m: Mention, before: int) -> bool:
    """A name inside ', which ... ,' that closes before the troops are named."""
    opened = RELATIVE_OPEN_RE.search(text, max(0, m.start - RELATIVE_REACH), m.start)
    return opened is not None and "," in text[m.end : before]


def demonym_as_subject(text: str, m: Mention) -> bool:
    """'the French military', 'the British government' act; 'Iraqi forces' are no subject."""
    return bool(ACTING_NOUN_RE.match(text, m.end, m.end + 30))


def from_actors(
    text: str, mentions: list[Mention], anchor: Anchor, kinds: frozenset[str] = ACTOR_KINDS
) -> list[str]:
    """'troops from France and Denmark', 'soldiers of Britain's battalion'."""
    m = FROM_OF_RE.match(text, anchor.end)
    if m is None:
        return []
    start = m.end()
    first = next((x for x in mentions if x.start == start and x.kind in kinds), None)
    if first is None:
        return []
    return [x.code for x in coordinated(text, mentions, first) if x.kind in ACTOR_KINDS]


def coordinated(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """A name and those joined to it by commas and 'and': 'Chad, Niger and Mauritania'."""
    group = [first]
    for m in mentions:
        if m.start < group[-1].end:
            continue
        if not COORDINATION_RE.match(text[group[-1].end : m.start]):
            break
        group.append(m)
    return group


def nominal_actor(text: str, mentions: list[Mention], anchor: Anchor) -> Mention | None:
    """'NATO Deployment of 3,500 troops': the actor owns the deployment noun."""
    m = NOMINAL_TRIGGER.search(text, max(0, anchor.np_start - 40), anchor.np_start)
    if m is None:
        return None
    before = [x for x in mentions if x.end <= m.start() and m.start() - x.end <= 3]
    return before[-1] if before and can_be_actor(text, before[-1]) else None


def anchor_actors(
    text: str,
    local: list[Mention],
    anchors: list[Anchor],
    i: int,
    lo: int,
    ctx: DocContext,
    action: str,
) -> tuple[list[str], str]:
    """Whose troops: named in the phrase, after 'from', the subject, a neighbour, the story."""
    anchor = anchors[i]
    if anchor.actor:
        return [anchor.actor], "actor-np"
    nominal = nominal_actor(text, local, anchor)
    if nominal is not None:
        anchor.status_from = nominal.start
        return [nominal.code], "actor-nominal"
    # Leaving troops come "from" a place, unless it names a formation ("from the 82nd Airborne").
    moving = action in ("withdraw", "move")
    froms = from_actors(text, local, anchor, FORMATION_KINDS if moving else ACTOR_KINDS)
    if froms:
        return froms, "actor-from"
    owner = level_owner(text, local, anchor)
    if owner is not None:
        return [owner], "actor-owner"
    apposed = apposition_actor(text, anchors, i)
    if apposed is not None:
        return [apposed], "actor-apposition"  # "a British brigade, 4,000 soldiers"
    sender = sending_formation(text, anchors, i)
    if sender is not None:
        return [sender], "actor-formation"  # "the Belgian battalion will bring 600 soldiers"
    if anchor.rule == "bare-qty" and anchor.level != "presence-from":
        near = neighbour_actor(anchors, i)  # "from 14,600 to 10,600": the sentence's subject
        if near:
            return [near], "actor-neighbour"
    possessive = text[max(0, anchor.np_start - 20) : anchor.start]
    if ctx.recent and THE_COUNTRYS_RE.search(possessive):
        return [ctx.recent[-1]], "actor-deictic"
    subj = subject_actors(text, local, anchor.np_start, lo)
    if subj:
        return subj, "actor-subject"
    shared = shared_subject(text, local, lo)
    if shared is not None:
        anchor.status_from = shared.end  # "France will hand over ... but keep": "will" counts
        return [shared.code], "actor-shared"
    near = neighbour_actor(anchors, i) if anchor.level == "presence-from" else None
    if near:
        return [near], "actor-neighbour"  # "British forces will be reduced from 7,100 to 5,500"
    attributed = attributed_owner(text, local, anchor)
    if attributed is not None:
        return [attributed], "actor-attributed"  # "its troops ..., the ministry in London said"
    if ctx.default_actor and (anchor.definite or counted_alone(text, local, anchor)):
        return [ctx.default_actor], "actor-story"
    return [], "actor-none"


# Names a closing attribution can hand troops to: "the Ministry of Defence in London said".
OWNER_KINDS = frozenset({COUNTRY, CAPITAL, DEMONYM, INSTITUTION})


def attributed_owner(text: str, local: list[Mention], anchor: Anchor) -> str | None:
    """'Most of its 25,000 troops are to be home by Easter, the Ministry of Defence in London
    said': troops that are 'its' belong to the government the closing attribution names."""
    if not POSSESSIVE_PRONOUN_RE.search(text, anchor.np_start, anchor.start):
        return None
    said = ATTRIBUTION_RE.search(text, anchor.end)
    if said is None:
        return None
    owners = (m for m in local if said.start() <= m.start and m.kind in OWNER_KINDS)
    return next((m.code for m in owners), None)


def counted_alone(text: str, local: list[Mention], anchor: Anchor) -> bool:
    """'A regiment of 2,000 personnel will be based ...' in a story about one state."""
    valued = anchor.qty is not None and anchor.qty.value is not None
    return valued and not any(can_be_actor(text, m) for m in local if m.end <= anchor.np_start)


def subject_actors(text: str, local: list[Mention], before: int, lo: int) -> list[str]:
    """The subject, with states coordinated before it: 'Germany, Britain and Spain said'."""
    subject = subject_mention(text, local, before, lo)
    if subject is None or HOST_REQUEST_RE.match(text, subject.end):
        return []  # "Yerevan asked the bloc to send forces": the asker owns no troops here
    group = [subject]
    for m in reversed([x for x in local if x.end <= subject.start]):
        if not COORDINATION_RE.match(text[m.end : group[0].start]) or not can_be_actor(text, m):
            break
        group.insert(0, m)
    return [m.code for m in group]


def shared_subject(text: str, local: list[Mention], lo: int) -> Mention | None:
    """'France will hand over the base but keep 80 soldiers there', '... while lowering its
    ceiling': a clause opening on 'but' or 'while' and a verb has no subject of its own; it
    shares the one of the clause before."""
    word = next((w for w in SHARING_BREAKS if text[max(0, lo - len(w)) : lo].lower() == w), "")
    if not word or lo == len(word) or not ELIDED_SUBJECT_RE.match(text, lo):
        return None
    before = lo - len(word)
    floor = clause_bounds(text, before - 1)[0]
    # The clause's subject comes first: "thanked Kenya, but said" is the thanker's saying.
    return first_subject(text, local, before, floor)


def sending_formation(text: str, anchors: list[Anchor], i: int) -> str | None:
    """The state of a named formation whose verb governs these troops."""
    if i == 0:
        return None
    before = anchors[i - 1]
    if before.strong or before.qty is not None or not before.actor:
        return None
    verbs = [
        start for _, start, _ in action_words(text) if before.end <= start < anchors[i].np_start
    ]
    return before.actor if verbs else None


def apposition_actor(text: str, anchors: list[Anchor], i: int) -> str | None:
    """The sender of the formation just before, when the troops restate it after a comma."""
    if i == 0 or text[anchors[i - 1].end : anchors[i].np_start].strip() != ",":
        return None
    return anchors[i - 1].actor


def level_owner(text: str, local: list[Mention], anchor: Anchor) -> str | None:
    """'bring KFOR's total strength to 4,500': the force whose level it is."""
    if anchor.level not in ("presence", "presence-from"):
        return None
    owners = [m for m in local if m.end <= anchor.np_start and m.kind in ACTOR_KINDS]
    for m in reversed(owners):
        if OWNED_LEVEL_RE.match(text, m.end, anchor.np_start):
            return m.code
    return None


def neighbour_actor(anchors: list[Anchor], i: int) -> str | None:
    """A bare figure belongs to the troops named just before or after it."""
    for j in [*range(i - 1, -1, -1), *range(i + 1, len(anchors))]:
        if anchor_gap(anchors[i], anchors[j]) > NEIGHBOUR_REACH:
            continue  # "... 14,600 to 10,600 soldiers as Somali forces take over": another clause
        if anchors[j].actor:
            return anchors[j].actor
    return None


def anchor_gap(a: Anchor, b: Anchor) -> int:
    """Characters between two anchors' phrases."""
    return b.np_start - a.end if b.np_start >= a.end else a.np_start - b.end


def sends_next(anchors: list[Anchor], i: int, trig: tuple[int, int] | None) -> bool:
    """A named formation with no figure whose verb governs the next troops is their sender."""
    anchor = anchors[i]
    if anchor.strong or anchor.qty is not None or trig is None or i + 1 == len(anchors):
        return False
    return anchor.end <= trig[0] and trig[1] <= anchors[i + 1].np_start


def unspecified_near(text: str, lo: int, anchor: Anchor) -> bool:
    """'hopes other states will send troops', 'forces of other nations': no named sender. A
    state's own gapped figure ('Belarus about 500, and the other members ...') has one."""
    if anchor.rule == "bare-qty" and anchor.actor is not None:
        return False
    window = text[max(lo, anchor.np_start - 40) : anchor.end + 25]
    return UNSPECIFIED_ACTOR.found_within(window, text)
