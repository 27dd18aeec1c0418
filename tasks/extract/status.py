"""Whether a claim is done, planned, proposed or rejected, from the modals, negations and
proposals around the anchor and its verb."""

from __future__ import annotations

from tasks.extract.actors import subject_mention
from tasks.extract.anchors import Anchor
from tasks.extract.gazetteer import Mention
from tasks.extract.patterns import (
    ASIDE_RE,
    CLAUSE_TAIL_RE,
    COORDINATED_VERB_RE,
    HEADLINE_INFINITIVE,
    MAIN_VERB_AFTER_RE,
    MONTH_MAY_RE,
    PARTICIPLE_AFTER_RE,
    PLANNED,
    PROPOSED,
    REJECT_BEFORE_REACH,
    REJECTED,
    SHARED_AUX_REACH,
    STATIONED_WORD_RE,
    STATUS_AFTER_REACH,
    STATUS_BEFORE_REACH,
    STATUS_MASK,
    STATUS_MASK_RE,
    VERDICT_AFTER_RE,
)


def status_of(text: str, lo: int, hi: int, reject_lo: int) -> tuple[str, str]:
    """Status from cue words in text[lo:hi]: refusal > proposal > plan > done. A refusal
    reaches further back ('stepped back from every hint that they would send')."""
    window, reject_window = masked(text, lo, hi), masked(text, reject_lo, hi)
    if REJECTED.found_within(reject_window, text):
        return "rejected", "cue-rejected"
    if PROPOSED.found_within(window, text):
        return "proposed", "cue-proposed"
    if PLANNED.found_within(window, text):
        return "planned", "cue-planned"
    if HEADLINE_INFINITIVE.found_within(window, text):
        return "planned", "cue-planned"
    return "done", "cue-none"


def shared_status(
    text: str,
    local: list[Mention],
    anchor: Anchor,
    trig: tuple[int, int] | None,
    lo: int,
    actor_rule: str,
) -> tuple[str, str]:
    """A verb sharing its subject with an earlier one shares its plan: 'France will hand over
    the base but keep 80 soldiers', 'Austria will join the mission and send 60 soldiers'."""
    if actor_rule == "actor-shared":
        return subject_status(text, anchor.status_from or 0)
    if trig is None or not COORDINATED_VERB_RE.search(text, max(lo, trig[0] - 6), trig[0]):
        return "done", "cue-none"
    subject = subject_mention(text, local, trig[0], lo)
    return ("done", "cue-none") if subject is None else subject_status(text, subject.end)


def main_verb_end(text: str, pos: int, hi: int) -> int:
    """Where the clause's own modal or copula after `pos` ends, or `pos` when none is near."""
    tail = MAIN_VERB_AFTER_RE.match(text, pos, min(hi, pos + STATUS_AFTER_REACH))
    return pos if tail is None else tail.end()


def subject_status(text: str, lo: int) -> tuple[str, str]:
    """A plan or proposal in the verb group right after a subject ending at `lo`; a negation
    there belongs to the first verb only, so it is not read."""
    status, rule = status_of(text, lo, lo + SHARED_AUX_REACH, lo)
    return (status, rule) if status in ("planned", "proposed") else ("done", "cue-none")


def without_aside(text: str, anchor: Anchor) -> str:
    """The sentence with the aside after the anchor blanked (offsets kept): 'soldiers, who had
    been due to stay, left' is no plan."""
    aside = ASIDE_RE.match(text, anchor.end)
    if aside is None:
        return text
    return text[: aside.start()] + " " * (aside.end() - aside.start()) + text[aside.end() :]


def masked(text: str, lo: int, hi: int) -> str:
    """text[lo:hi] with phrases that only look like status cues ('at the request of') blanked."""
    window = text[lo:hi]
    if "May" in window:
        window = MONTH_MAY_RE.sub("   ", window)  # "until May" is a month, not a maybe
    if not STATUS_MASK.open_for(text):
        return window
    return STATUS_MASK_RE.sub(" ", window)


def describes_them(text: str, anchor: Anchor, trig: tuple[int, int]) -> bool:
    """'Marines stationed on Okinawa are to be relocated': a bare participle after the troops
    says where they are; the clause's own verb comes later."""
    cue = text[trig[0] : trig[1]].lower()
    return trig[0] > anchor.end and STATIONED_WORD_RE.match(cue) is not None


def status_window(
    text: str, anchor: Anchor, trig: tuple[int, int] | None, lo: int, hi: int
) -> tuple[int, int, int]:
    """Where this anchor's modals and negations sit: just before its verb, through its verb;
    and where refusals may start."""
    first = anchor.np_start if trig is None else min(trig[0], anchor.np_start)
    start = max(lo, first - STATUS_BEFORE_REACH)
    reject_start = max(lo, first - REJECT_BEFORE_REACH)
    if anchor.status_from is not None:
        start = reject_start = max(lo, anchor.status_from)
    if anchor.level == "presence":
        start = lo  # "will send 400 more, bringing the total to 2,200": the level is planned too
    end = anchor.end
    if trig is None:
        tail = CLAUSE_TAIL_RE.match(text[anchor.end : anchor.end + STATUS_AFTER_REACH])
        end += tail.end() if tail else 0
    else:
        end = max(end, trig[1])
        if PARTICIPLE_AFTER_RE.match(text, anchor.end, trig[1]) or describes_them(
            text, anchor, trig
        ):
            tail = MAIN_VERB_AFTER_RE.match(text, end, end + STATUS_AFTER_REACH)
            end = tail.end() if tail else end  # "troops leaving Mali will move": read "will"
    verdict = VERDICT_AFTER_RE.search(text, end, hi)
    if verdict is not None:
        end = verdict.end()  # "Withdrawing our soldiers from Qatar is out of the question"
    return start, min(end, hi), reject_start
