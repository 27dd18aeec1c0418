"""Sentence -> deployment claims, by explainable rules over names, numbers and cue words.

Each claim hangs on an anchor: a personnel noun phrase ("615 additional American troops") or
a bare figure in a sentence about troops ("including 1,100 in Niger"). The actor, place,
action and status are then read from the words around the anchor, and the claim's `rule`
names the patterns used, so an analyst can see why a row exists.

This module joins those readings into one frame per anchor and turns frames into claims. Each
reading has a module of its own, named for what it decides: `anchors` (the troops), `actors`
(whose), `places` (where), `actions` (what happens) and `status` (done, planned, proposed or
rejected), over the shared `clauses`, `roles`, `context` and `patterns`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tasks.extract.actions import action_of, story_level
from tasks.extract.actors import anchor_actors, sends_next, unspecified_near
from tasks.extract.anchors import (
    Anchor,
    end_of_word_before,
    mere_modifier,
    of_continues_np,
    sentence_anchors,
)
from tasks.extract.clauses import clause_bounds, span_end
from tasks.extract.context import DocContext, local_mentions
from tasks.extract.gazetteer import ACTOR_KINDS, PLACE_KINDS, Mention
from tasks.extract.patterns import (
    ALREADY_BEFORE_RE,
    CONTINUING,
    DEICTIC_PLACE,
    DEPLOY,
    DOMESTIC,
    EXERCISE,
    HELPER_WORD_RE,
    MOVED_THEM,
    PAST_VERB_RE,
    PAST_VERB_REACH,
    PERSONNEL,
    PROPOSAL_ECHO,
    REJECT_BEFORE_REACH,
    SENTENCE_CACHE,
    SPEAKER,
    STATUS_BEFORE_REACH,
    THE_COUNTRYS,
    THEM_WITHDRAW,
    THEY_ECHO,
    WILL_BE_NO,
    WITHDRAW,
)
from tasks.extract.places import abroad, is_state, move_destination, place_of, sent_on, story_place
from tasks.extract.roles import can_be_actor, can_be_place
from tasks.extract.sentences import Sentence
from tasks.extract.status import (
    main_verb_end,
    shared_status,
    status_of,
    status_window,
    without_aside,
)
from tasks.schema import Claim

# The entry points, and the names callers and tests have long imported from here.
__all__ = [
    "PERSONNEL",
    "DocContext",
    "can_be_actor",
    "can_be_place",
    "end_of_word_before",
    "local_mentions",
    "names_personnel",
    "of_continues_np",
    "sentence_claims",
    "text_claims",
    "troop_sentence_claims",
]


@dataclass(frozen=True, slots=True)
class Frame:
    """Actor, places and verb read for one anchor."""

    actor: str
    places: list[tuple[str, str]]  # (code, preposition)
    action: str
    status: str
    rule: str
    own_region: bool = False  # sent to a province of the sender's own state


def speaker_of(text: str) -> str | None:
    """Who the sentence says said it, when it says so."""
    m = SPEAKER.search(text)
    if m is None:
        return None
    name = m.group("before") or m.group("after")
    if name.split()[-1] in ("He", "She", "They", "It", "We", "I", "Officials", "The"):
        return None
    return name.strip()


def sentence_claims(
    sent: Sentence, local: list[Mention], ctx: DocContext, index: int
) -> list[Claim]:
    """All claims one sentence makes; `local` are its mentions, relative to it."""
    if not names_personnel(sent.text):
        return []
    return troop_sentence_claims(sent, local, ctx)


def troop_sentence_claims(sent: Sentence, local: list[Mention], ctx: DocContext) -> list[Claim]:
    """The claims of a sentence already known to name personnel (the prefilter's picks), so
    the personnel test is not run twice."""
    recent = ctx.recent if reads_recent(sent.text) else []  # read here, never changed
    return text_claims(sent, local, DocContext(ctx.default_actor, ctx.default_place, recent))


@lru_cache(maxsize=SENTENCE_CACHE)
def names_personnel(text: str) -> bool:
    """The first test every sentence meets: does it name troops at all? Cached, because
    page furniture ('Share this article') recurs in every article of a site."""
    return PERSONNEL.found(text)


def reads_recent(text: str) -> bool:
    """Only 'the country's' and words like 'there' consult the places named before."""
    return THE_COUNTRYS.open_for(text) or DEICTIC_PLACE.open_for(text)


def text_claims(sent: Sentence, mentions: list[Mention], ctx: DocContext) -> list[Claim]:
    """Claims of a sentence, from its mentions (relative to it) and what the story told.
    Not cached: real sentences naming troops rarely recur, and the key (every mention) costs
    more to hash than a miss saves; so claims are made at the sentence's offsets at once."""
    text = sent.text
    anchors = sentence_anchors(text, mentions)
    if not anchors:
        return []
    framed = [
        (a, f) for i, a in enumerate(anchors) for f in frames(text, mentions, anchors, i, ctx)
    ]
    # Who spoke is looked for only once a claim needs it: many troop sentences make none.
    speaker = speaker_of(text) if framed else None  # a proposal's echo names none
    claims: list[Claim] = []
    for anchor, frame in framed:
        claims.extend(frame_claims(sent, anchor, frame, speaker))
    claims.extend(echo_claims(sent, mentions, claims, speaker))
    return claims


def echo_claims(
    sent: Sentence, mentions: list[Mention], claims: list[Claim], speaker: str | None
) -> list[Claim]:
    """Clauses that repeat the sentence's sending without naming troops again: 'after France
    hinted at the possibility', 'in Mali, where they intervened'."""
    text = sent.text
    echoes = []
    proposal = proposal_echo(sent, mentions)
    if proposal is not None:
        echoes.append(proposal)
    they = THEY_ECHO.search(text) if claims else None
    if they is not None:
        before = [c for c in claims if c.action != "withdraw"]
        if before:
            echoes.append(echo(sent, before[-1].actor, before[-1].location, "done", speaker))
    them = THEM_WITHDRAW.search(text) if claims else None
    if them is not None:
        echoes.append(them_echo(sent, claims[-1], them, speaker))
    moved = MOVED_THEM.search(text) if claims else None
    if moved is not None:
        echoes.extend(moved_echo(sent, mentions, claims[-1], moved, speaker))
    return echoes


def moved_echo(
    sent: Sentence, mentions: list[Mention], last: Claim, m: re.Match[str], speaker: str | None
) -> list[Claim]:
    """'Canada, which has 260 soldiers in Ukraine, said it had moved them to Poland': the
    troops just named leave their place for the one named after 'to'."""
    to = next((x for x in mentions if x.start == m.end() and x.kind in PLACE_KINDS), None)
    if to is None or to.code == last.location:
        return []
    return [
        moved_claim(sent, last, last.location, "withdraw", speaker),
        moved_claim(sent, last, to.code, "deploy", speaker),
    ]


def moved_claim(sent: Sentence, last: Claim, code: str, action: str, speaker: str | None) -> Claim:
    """One end of a move of the troops just named: the same troops, done."""
    troops = (last.troops, last.troops_text)
    return echo(sent, last.actor, code, "done", speaker, action, troops, "echo-moved")


def them_echo(sent: Sentence, last: Claim, m: re.Match[str], speaker: str | None) -> Claim:
    """'keeps 300 troops in Niger and has no plans to withdraw them': the troops just named,
    withdrawn (or not) with the status of the words before 'them'."""
    text = sent.text
    lo = max(0, m.start() - STATUS_BEFORE_REACH)
    status, _ = status_of(text, lo, m.end(), max(0, m.start() - REJECT_BEFORE_REACH))
    return echo(sent, last.actor, last.location, status, speaker, "withdraw", rule="echo-them")


def proposal_echo(sent: Sentence, mentions: list[Mention]) -> Claim | None:
    """'no plans to send troops to Libya, after Italy raised the prospect': Italy's own
    proposal to send them there."""
    text = sent.text
    m = PROPOSAL_ECHO.search(text)
    if m is None or not DEPLOY.found(text, 0, m.start()):
        return None
    who = next((x for x in mentions if x.start == m.start("who")), None)
    if who is None or who.kind not in ACTOR_KINDS:
        return None
    places = [x for x in mentions if x.end <= m.start() and can_be_place(text, x) in ("to", "into")]
    if not places or places[-1].code == who.code:
        return None
    return echo(sent, who.code, places[-1].code, "proposed", None)


def echo(
    sent: Sentence,
    actor: str,
    location: str,
    status: str,
    speaker: str | None,
    action: str = "deploy",
    troops: tuple[int | None, str | None] = (None, None),
    rule: str = "echo",
) -> Claim:
    """A claim resting on a whole sentence: by default a sending with no troop figure."""
    text, start, end = sent.text, sent.start, sent.end
    return Claim(actor, location, action, status, *troops, text, start, end, speaker, rule)


def frames(
    text: str, local: list[Mention], anchors: list[Anchor], i: int, ctx: DocContext
) -> list[Frame]:
    """Actor x place frames for one anchor."""
    anchor = anchors[i]
    lo, clause_hi = clause_bounds(text, anchor.start)
    hi = span_end(text, anchors, i, clause_hi)  # the clause is computed once per anchor
    action, trig, action_rule = action_of(text, anchors, i, (lo, clause_hi), hi)
    if action_rule == "act-default" and EXERCISE.found(text, lo, clause_hi):
        return []  # "the exercise will involve 30,000 personnel": taking part, not stationed
    if sends_next(anchors, i, trig):
        return []  # "The 101st Airborne Division will deploy 4,700 soldiers": the sender
    actors, actor_rule = anchor_actors(text, local, anchors, i, lo, ctx, action)
    if (
        not actors
        or unspecified_near(text, own_start(anchors, i, lo), anchor)
        or mere_modifier(text, anchor)
    ):
        return []
    if actor_rule == "actor-deictic" and anchor.qty is None and DEICTIC_PLACE.found(text, lo, hi):
        return []  # "the country's forces ... there": a host's own army at home
    places, place_rule = place_of(text, local, anchor, (lo, hi), actors, ctx)
    moving = action != "presence" or anchor.level in ("presence", "presence-from")
    moving = moving or story_level(text, trig)  # "the base could host up to 3,000 soldiers"
    if not places and moving and place_rule != "loc-unresolved":
        places, place_rule = story_place(text, local, anchor, actors, ctx)
    if (
        action == "withdraw"
        and place_rule == "loc-prep-after"
        and sent_on(text, local, anchor, places)
    ):
        action = "deploy"  # "moved out of Okinawa, about 4,000 of them to Guam": they arrive
    if action == "move" and not any(p in ("to", "into") for _, p in places):
        destination = move_destination(text, local, anchor, (actors, places), ctx, hi, place_rule)
        places = destination if place_rule == "loc-story" and destination else places + destination
    border = DOMESTIC.search(text, lo, clause_hi)
    if not places and border is None:
        return []
    if action == "presence" and any(p in ("to", "into") for _, p in places) and not anchor.level:
        action = "deploy"
    status, status_rule = frame_status(
        text, local, anchor, trig, (lo, clause_hi), (action_rule, actor_rule)
    )
    planned = status == "planned" and action_rule == "act-default"
    if planned and planned_arrival(text, anchor, (lo, clause_hi)):
        action = "deploy"  # "Britain will lead the unit in Estonia with 800 soldiers"
    if action == "presence" and status == "rejected" and WILL_BE_NO.found(text, lo, anchor.start):
        action = "deploy"  # "there will be no US boots on the ground in Ukraine": none sent
    rule = "+".join((anchor.rule, actor_rule, place_rule, action_rule, status_rule))
    own = place_rule == "loc-own-region"
    if border is not None and not abroad(local, places, actors, border):
        # A state's own border; an alliance has none of its own, so it keeps the place named.
        home = "to" if action in ("deploy", "move") else "in"  # "China moved troops to its side"
        return [
            Frame(a, [(a, home)] if is_state(a) else places, action, status, rule, own)
            for a in actors
        ]
    return [Frame(actor, places, action, status, rule, own) for actor in actors]


def planned_arrival(text: str, anchor: Anchor, clause: tuple[int, int]) -> bool:
    """Troops a plan puts somewhere, with no verb saying how, are new there (basing new forces
    is a deployment); a level, or troops that 'will continue to serve', are a presence."""
    return not anchor.level and not CONTINUING.found(text, *clause)


def past_verb_after(text: str, anchor: Anchor, trig: tuple[int, int] | None) -> bool:
    """The troops' own verb, right after them and in the past tense, says it happened,
    whatever an earlier clause planned ('Biden said all would leave; 2,500 troops remained')."""
    if trig is None or trig[0] < anchor.end or trig[0] - anchor.end > PAST_VERB_REACH:
        return False
    gap = text[anchor.end : trig[0]]
    return PAST_VERB_RE.match(text, trig[0]) is not None and not HELPER_WORD_RE.search(gap)


def own_start(anchors: list[Anchor], i: int, lo: int) -> int:
    """Where the words about this anchor alone may start: after the troops named before it
    ('no foreign troops since U.N. peacekeepers withdrew': 'foreign' is not about the UN)."""
    return max(lo, anchors[i - 1].end) if i > 0 else lo


def frame_status(
    text: str,
    local: list[Mention],
    anchor: Anchor,
    trig: tuple[int, int] | None,
    clause: tuple[int, int],
    rules: tuple[str, str],
) -> tuple[str, str]:
    """The status of one anchor's frame and the rule that chose it, from its own window."""
    lo, clause_hi = clause
    action_rule, actor_rule = rules
    w_lo, w_hi, reject_lo = status_window(text, anchor, trig, lo, clause_hi)
    if action_rule == "act-nominal":  # "the pullout of the troops ... would take months"
        w_hi = max(w_hi, main_verb_end(text, anchor.end, clause_hi))
    read = without_aside(text, anchor)
    if anchor.level == "mandate":  # the word "mandate" is the anchor here, not a proposal
        read = read[: anchor.start] + " " * (anchor.end - anchor.start) + read[anchor.end :]
    status, status_rule = status_of(read, w_lo, w_hi, reject_lo)
    if (
        trig is not None
        and status == "planned"
        and ALREADY_BEFORE_RE.search(text, max(0, trig[0] - 12), trig[0])
    ):
        status, status_rule = "done", "cue-already"  # "800 troops already stationed there"
    if status in ("planned", "proposed") and past_verb_after(text, anchor, trig):
        status, status_rule = "done", "cue-past"  # "..., about 2,500 American troops remained"
    if status_rule == "cue-none":
        status, status_rule = shared_status(text, local, anchor, trig, lo, actor_rule)
    if anchor.level == "presence-from":
        status = "done"
    if anchor.level == "mandate" and status == "done":
        status = "planned"  # an extended mandate keeps the force there from now on
    return status, status_rule


def frame_claims(sent: Sentence, anchor: Anchor, frame: Frame, speaker: str | None) -> list[Claim]:
    """Claims of a frame, one per place; a move 'from A to B' withdraws from A."""
    claims = []
    for code, prep in frame.places:
        action = place_action(frame.action, prep, frame.places)
        if action is None or (code == frame.actor and not home_claim(sent.text, frame)):
            continue
        qty = anchor.qty
        claims.append(
            Claim(
                actor=frame.actor,
                location=code,
                action=action,
                status=frame.status,
                troops=qty.value if qty else None,
                troops_text=qty.text if qty else None,
                evidence=sent.text,
                char_start=sent.start,
                char_end=sent.end,
                speaker=speaker,
                rule=frame.rule,
            )
        )
    return claims


def home_claim(text: str, frame: Frame) -> bool:
    """Troops of a state in the state itself count only when sent somewhere in it: to its
    border, or to one of its provinces (a move home from abroad is only a withdrawal)."""
    if domestic(text):
        return True
    own = frame.action in ("deploy", "move") and frame.own_region
    return own and not WITHDRAW.found(text)  # "pulled out of Okinawa, 5,000 to Hawaii": home


def place_action(action: str, prep: str, places: list[tuple[str, str]]) -> str | None:
    """Per place: troops moved 'from'/'on' a place leave it; 'to' a place arrive there."""
    destination = any(p in ("to", "into") for _, p in places)
    if action == "move":
        return "deploy" if prep in ("to", "into") else "withdraw"
    if prep == "from" or (prep == "out of" and action != "presence"):
        # a level keeps its place: "pull 9,500 out of Germany, cutting the force there to ..."
        return "withdraw" if action == "withdraw" or destination else None
    if prep in ("to", "into") and any(p in ("from", "out of") for _, p in places):
        return "deploy"  # "left Niger ... to Djibouti": they arrive where they go
    return action


def domestic(text: str) -> bool:
    """Troops sent inside their own country count: 'along the border'."""
    return DOMESTIC.found(text)
