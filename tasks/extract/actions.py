"""What happens to an anchor's troops (deploy, withdraw, move or presence), read from the
nearest action word in its span."""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.extract import lexicon as lx
from tasks.extract.anchors import Anchor
from tasks.extract.patterns import (
    ACTIVE_OBJECT_RE,
    ASIDE_RE,
    AUXILIARY_GAP_RE,
    CAPITALISED_WORD_RE,
    CONTRIBUTE_REACH,
    DEPLOY,
    EACH_OF_RE,
    EACH_OF_REACH,
    EXISTENTIAL_RE,
    EXISTENTIAL_REACH,
    FORMATION_AFTER_RE,
    FUTURE_BE_RE,
    FUTURE_BEFORE_RE,
    MOVE_AFTER_REACH,
    NOMINAL_ACTION_RE,
    NOMINAL_REACH,
    PARTICIPLE_RE,
    PERFECT_ACTIVE_RE,
    PRESENCE,
    SENTENCE_CACHE,
    SPEECH_AFTER_RE,
    STATIONED_THEN_MOVE_RE,
    STATIONED_WORD_RE,
    STORY_LEVEL_VERBS,
    TOTAL,
    VERB_AFTER_REACH,
    VERB_BEFORE_REACH,
    WITHDRAW,
    WITHDRAW_NOUNS,
)


@lru_cache(maxsize=SENTENCE_CACHE)
def action_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """Every action cue in a sentence as (action, start, end), found once per sentence."""
    found = []
    for action, pattern in (("presence", PRESENCE), ("withdraw", WITHDRAW), ("deploy", DEPLOY)):
        for m in pattern.folded_matches(text):  # cue words are read lower-cased anyway
            found.append((refine_action(text, action, m), m.start(), m.end()))
    return tuple(
        cue for cue in found if not auxiliary_have(text, cue, found) and not said(text, cue)
    )


def said(text: str, cue: tuple[str, int, int]) -> bool:
    """'..., he added.': a verb of speech, not troops added."""
    return (
        text[cue[1] : cue[2]].lower() == "added" and SPEECH_AFTER_RE.match(text, cue[2]) is not None
    )


def auxiliary_have(text: str, cue: tuple[str, int, int], found: list[tuple[str, int, int]]) -> bool:
    """'troops have left', 'Serbia had deployed': 'have' helps the verb after it, which
    says what happened; only 'has 900 soldiers in' states a level with it."""
    if cue[0] != "presence" or text[cue[1] : cue[2]].lower() not in ("has", "have", "had"):
        return False
    m = AUXILIARY_GAP_RE.match(text, cue[2])
    if m is None:
        return False
    # "have completed the withdrawal": a participle after 'have' is the verb, cue or not
    return any(start == m.end() for _, start, _ in found) or bool(
        PARTICIPLE_RE.match(text, m.end())
    )


def find_trigger(
    text: str, anchors: list[Anchor], i: int, lo: int, hi: int
) -> tuple[str, int, int, str] | None:
    """The action word nearest the anchor within its span (see span_end):
    (action, start, end, side). A word beyond a neighbouring anchor belongs to that anchor."""
    anchor = anchors[i]
    if i > 0 and not is_gloss(text, anchors[i - 1], anchor):
        lo = max(lo, anchors[i - 1].end)
    best: tuple[int, tuple[str, int, int, str]] | None = None
    aside = ASIDE_RE.match(text, anchor.end, hi)
    aside_end = anchor.end if aside is None else aside.end()
    for act, start, end in action_words(text):
        if start < lo or end > hi or anchor.end <= start < aside_end:
            continue  # out of the span, or inside an aside: "soldiers, who had been due, left"
        if joins_them(text, anchor, start, end):
            continue
        side, dist = trigger_distance(anchor, start, end, reach_discount(text, anchor, start))
        if dist is not None and (best is None or dist < best[0]):
            best = (dist, (act, start, end, side))
    return best[1] if best else None


def joins_them(text: str, anchor: Anchor, start: int, end: int) -> bool:
    """'They will join roughly 800 French personnel already stationed there': the troops
    joined are the verb's object; the joining is someone else's move."""
    return text.startswith(("join", "Join"), start) and 0 <= anchor.np_start - end <= 1


def is_gloss(text: str, first: Anchor, second: Anchor) -> bool:
    """'additional fighters (American forces)': the second names the first again."""
    return text[first.end : second.np_start].strip() == "("


def trigger_distance(
    anchor: Anchor, start: int, end: int, names: int = 0
) -> tuple[str, int | None]:
    """How far a cue word is from the anchor, and on which side; None when out of reach.
    `names` characters of proper names after the anchor do not count against the reach."""
    if end <= anchor.np_start:
        dist = anchor.np_start - end
        return "before", dist if dist <= VERB_BEFORE_REACH else None
    if start >= anchor.end:
        dist = start - anchor.end
        return "after", dist if dist - names <= VERB_AFTER_REACH else None
    return "inside", 0


def reach_discount(text: str, anchor: Anchor, start: int) -> int:
    """Characters between the anchor and a later cue that do not count against the reach: an
    aside (', including a team,') or proper names ('631 personnel of the ECOWAS Stabilisation
    Support Mission in Guinea-Bissau will be withdrawn')."""
    if start <= anchor.end:
        return 0
    aside = ASIDE_RE.match(text, anchor.end, start)
    if aside is not None:
        return aside.end() - anchor.end  # "60 personnel, including a security team, will be"
    formation = FORMATION_AFTER_RE.match(text, anchor.end, start)
    if formation is not None:
        return formation.end() - anchor.end  # "soldiers from the 3rd Brigade, 4th Division, have"
    if "," in text[anchor.end : start]:
        return 0  # "2,400 in Mali, in February when Macron announced": another clause
    return sum(len(w) for w in CAPITALISED_WORD_RE.findall(text, anchor.end, start))


def refine_action(text: str, action: str, m: re.Match[str]) -> str:
    """'will be stationed' sends new troops; 'stationed there' states a level."""
    word = m.group(0).lower()
    if word.startswith("contribut"):
        return contribution_action(text, word, m.start())
    if not STATIONED_WORD_RE.search(word):
        return action
    before = text[max(0, m.start() - 30) : m.start()]
    if action == "presence":
        before += word.split()[0] + " "
    if FUTURE_BE_RE.search(before) or PERFECT_ACTIVE_RE.search(before):
        return "deploy"  # "will be stationed", "Serbia had deployed troops"
    if action == "deploy" and ACTIVE_OBJECT_RE.match(text, m.end()):
        return "deploy"  # "Japan deployed ground troops abroad": the verb takes the troops
    return "presence"


def contribution_action(text: str, word: str, start: int) -> str:
    """'Sweden contributes 600 soldiers' states a level; 'Norway will contribute 200 soldiers'
    and 'contributing 450 soldiers' send them."""
    before = text[max(0, start - CONTRIBUTE_REACH) : start]
    if word == "contributing" or FUTURE_BEFORE_RE.search(before):
        return "deploy"
    return "presence"


def story_level(text: str, trig: tuple[int, int] | None) -> bool:
    """A verb of hosting or contributing states a level in the story's place, named or not:
    'the base could host 3,000 soldiers', 'Senegal contributes about 600 soldiers'."""
    return trig is not None and text.startswith(STORY_LEVEL_VERBS, trig[0])


def action_of(
    text: str, anchors: list[Anchor], i: int, clause: tuple[int, int], span_hi: int
) -> tuple[str, tuple[int, int] | None, str]:
    """The action, the span of its cue word, and the rule that chose it; `span_hi` is where
    the anchor's span (see span_end) ends inside its clause."""
    anchor = anchors[i]
    lo, hi = clause
    if anchor.level in ("presence", "presence-from"):
        return "presence", None, "act-level"
    if anchor.level in ("withdraw", "deploy"):
        return anchor.level, None, "act-change"
    if anchor.level == "mandate":
        return "deploy", None, "act-mandate"
    if EXISTENTIAL_RE.search(text, max(lo, anchor.np_start - EXISTENTIAL_REACH), anchor.np_start):
        return "presence", None, "act-existential"  # "there are about 10,000 US troops in ..."
    nominal = NOMINAL_ACTION_RE.search(
        text, max(lo, anchor.np_start - NOMINAL_REACH), anchor.np_start
    )
    if nominal is not None:  # "the pullout of the 2,400 soldiers deployed in Mali": a pullout
        word = nominal.group("noun").lower()
        action = "withdraw" if word in WITHDRAW_NOUNS else "deploy"
        return action, (nominal.start(), nominal.end("noun")), "act-nominal"
    trig = find_trigger(text, anchors, i, lo, span_hi)
    j = i
    while trig is None and j > 0 and (gapped(anchors[j]) or apposed(text, anchors[j])):
        # "Russia sent 3,000 troops, Armenia 100 and Belarus 500": one verb serves them all
        j -= 1
        trig = find_trigger(text, anchors, j, lo, span_hi)
    if anchor.presence_noun:
        return "presence", None if trig is None else trig[1:3], "act-presence-noun"
    if trig is None:
        return "presence", None, "act-default"
    action, start, end, side = trig
    if TOTAL.found_within(text[lo:hi], text):
        action = "presence"
    if action == "deploy" and lx.MOVE_RE.match(text, start):
        action = "move"
    elif action == "presence" and moving_on(text, end, hi):
        action = "move"  # "Marines stationed on Okinawa moving to Guam"
    return action, (start, end), f"act-{side}"


def gapped(anchor: Anchor) -> bool:
    """A bare figure with a state of its own before it: its verb was left out."""
    return anchor.rule == "bare-qty" and anchor.actor is not None


def apposed(text: str, anchor: Anchor) -> bool:
    """'four battalions, each of about 1,000 troops,': the figure says what the troops before
    it are, and shares their verb."""
    return (
        EACH_OF_RE.search(text, max(0, anchor.np_start - EACH_OF_REACH), anchor.np_start)
        is not None
    )


def moving_on(text: str, end: int, hi: int) -> bool:
    """A move verb right after a standing place: 'stationed on Okinawa moving to ...'."""
    m = STATIONED_THEN_MOVE_RE.match(text, end, min(hi, end + MOVE_AFTER_REACH))
    return m is not None
