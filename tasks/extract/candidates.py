"""Article text -> claim candidates, generated for recall: the model decides which hold.

A candidate is a pair of names that could be a claim's actor and location, read in one
sentence that talks about troops or their movement, with the names' mentions and where each
came from (the sentence, the ones before it, the headline, or the story as a whole). Figures
are candidates too: every quantity in the sentence may be the pair's troop count.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from tasks.extract.gazetteer import ACTOR_KINDS, DEMONYM, PLACE_KINDS, Mention, find_mentions
from tasks.extract.lexicon import DEPLOY_RE, PRESENCE_RE, WITHDRAW_RE
from tasks.extract.numbers import Quantity, find_quantities
from tasks.extract.patterns import PERSONNEL
from tasks.extract.sentences import Sentence, split_sentences

# Sentences that can hold a claim without a troop noun: a mission or contingent, a list of
# contributors, or a verb of sending or leaving ("France withdrew from Mali").
MOVEMENT_RE = re.compile(
    r"\b(?:mission|contingent|contribut\w*|peacekeep\w*|deploy\w*|withdr[ae]w\w*|pull\w* out"
    r"|station\w*|garrison\w*|brigade|battalion|division|regiment|coalition|boots)\b",
    re.IGNORECASE,
)
# How far back a sentence's story reaches: names in the two sentences before it can be
# the subject or place its pronouns ('they', 'there') stand for.
LOOKBACK = 2
# A candidate sentence longer than this is page furniture (a run-on list or a table).
MAX_SENTENCE = 1_500

# How many of the story's most named actors and places every sentence may draw on.
STORY_NAMES = 2

SENT, PREV, TITLE, STORY, LATEST = "sent", "prev", "title", "story", "latest"


@dataclass(slots=True)
class Side:
    """One name as a candidate actor or location: its code, the mention nearest the
    sentence's troops (if the sentence names it), and where else it was named."""

    code: str
    origins: set[str] = field(default_factory=set)
    mention: Mention | None = None  # relative to the sentence


@dataclass(slots=True)
class SentenceView:
    """One candidate sentence with what the features read: its names and figures."""

    index: int
    sentence: Sentence
    mentions: list[Mention]  # relative to the sentence
    quantities: list[Quantity]  # relative to the sentence
    troop_words: list[tuple[int, int]]  # personnel nouns' offsets, relative


@dataclass(slots=True)
class Candidate:
    """A possible claim's actor and location in one sentence."""

    view: SentenceView
    actor: Side
    location: Side


@dataclass(slots=True)
class DocView:
    """What the whole article tells every sentence: its names counted, its headline."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    actor_counts: Counter[str]
    place_counts: Counter[str]
    title_codes: set[str]
    mention_starts: list[int]


# A line of a table or list that gives a contributor and its figure, the troops named only
# in the heading: "Romania: 1,648", "Hungary (502)", "South Korea — 27,500".
LIST_LINE_RE = re.compile(
    r"^\W{0,3}[A-Z][\w'’ .-]{1,40}?\s*[:(\u2013\u2014-]\s*(?:about |some )?\d"
)


def is_candidate_sentence(text: str) -> bool:
    """Troops named, or a mission, contingent or movement that needs none, or a list line."""
    if len(text) > MAX_SENTENCE:
        return False
    return bool(PERSONNEL.found(text) or MOVEMENT_RE.search(text) or LIST_LINE_RE.match(text))


# A run of capitals four letters or longer: a name in a table, dateline or shouted headline
# ("ESTONIA: 35", "BOSNIA-HERZEGOVINA"), which the gazetteer reads only in title case.
SHOUTED_RE = re.compile(r"\b[A-Z]{4,}(?:[-' ][A-Z]{2,})*\b")


def recased(text: str) -> str:
    """The text with shouted words in title case, at the same offsets."""
    return SHOUTED_RE.sub(lambda m: m.group().title(), text)


def all_mentions(text: str) -> list[Mention]:
    """The gazetteer's names, plus those it finds only once shouted words are recased
    (acronyms it knows, such as NATO, are found in the first pass and kept as found)."""
    mentions = find_mentions(text)
    if not SHOUTED_RE.search(text):
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    extra = [
        m._replace(surface=text[m.start : m.end])
        for m in find_mentions(recased(text))
        if not any(s < m.end and m.start < e for s, e in taken)
    ]
    return sorted(mentions + extra)


def doc_view(text: str) -> DocView:
    """Split, find names once, and count them: the story's main actors and places."""
    sentences = split_sentences(text)
    mentions = all_mentions(text)
    actors = Counter(m.code for m in mentions if m.kind in ACTOR_KINDS)
    places = Counter(m.code for m in mentions if m.kind in PLACE_KINDS or m.kind == DEMONYM)
    title = sentences[0] if sentences else None
    title_codes = {m.code for m in mentions if title and m.end <= title.end}
    starts = [m.start for m in mentions]
    return DocView(text, sentences, mentions, actors, places, title_codes, starts)


def sentence_view(doc: DocView, index: int) -> SentenceView:
    """A sentence's own names, figures and troop nouns, at offsets relative to it."""
    sent = doc.sentences[index]
    starts = doc.mention_starts
    lo, hi = bisect_left(starts, sent.start), bisect_right(starts, sent.end)
    local = [
        m._replace(start=m.start - sent.start, end=m.end - sent.start)
        for m in doc.mentions[lo:hi]
        if m.end <= sent.end
    ]
    words = [(m.start(), m.end()) for m in PERSONNEL.pattern.finditer(sent.text)]
    return SentenceView(index, sent, local, find_quantities(sent.text), words)


def names_in(doc: DocView, index: int, kinds: frozenset[str]) -> list[str]:
    """Codes of the given kinds named in sentence `index`."""
    sent = doc.sentences[index]
    lo = bisect_left(doc.mention_starts, sent.start)
    hi = bisect_left(doc.mention_starts, sent.end)
    return [m.code for m in doc.mentions[lo:hi] if m.kind in kinds]


def nearest_mention(view: SentenceView, code: str) -> Mention | None:
    """The sentence's mention of `code` closest to one of its troop words (or its first)."""
    own = [m for m in view.mentions if m.code == code]
    if not own:
        return None
    if not view.troop_words:
        return own[0]
    return min(own, key=lambda m: min(abs(m.start - w[0]) for w in view.troop_words))


# A demonym can name a place ("on Iraqi soil"); ACTOR_KINDS holds demonyms already.
PLACE_OR_DEMONYM = PLACE_KINDS | {DEMONYM}


def sides(doc: DocView, view: SentenceView, kinds: frozenset[str], story: list[str]) -> list[Side]:
    """Every name of `kinds` within reach of the sentence, with where each was named."""
    found: dict[str, Side] = {}

    def add(code: str, origin: str) -> None:
        found.setdefault(code, Side(code)).origins.add(origin)

    for m in view.mentions:
        if m.kind in kinds:
            add(m.code, SENT)
    for back in range(max(1, view.index - LOOKBACK), view.index):
        for code in names_in(doc, back, kinds):
            add(code, PREV)
    if view.index > 0:
        for code in names_in(doc, 0, kinds):
            add(code, TITLE)
    for code in story:
        add(code, STORY)
    latest = latest_before(doc, view.sentence.start, kinds)
    if latest is not None:
        add(latest, LATEST)
    for side in found.values():
        side.mention = nearest_mention(view, side.code)
    return list(found.values())


def allowed(actor: Side, place: Side) -> bool:
    """A sentence speaks of a pair only when it names one of them itself (pairs read wholly
    from other sentences were next to never claims there, in training). A state's troops
    in its own country are a claim only when the sentence names the place ('along the
    border in Ladakh'): otherwise the pair is one name read twice."""
    if SENT not in actor.origins and SENT not in place.origins:
        return False
    return actor.code != place.code or (SENT in place.origins and place.mention is not None)


def latest_before(doc: DocView, pos: int, kinds: frozenset[str]) -> str | None:
    """The last name of `kinds` before `pos`: what 'there' or an unnamed place refers to."""
    i = bisect_left(doc.mention_starts, pos) - 1
    while i >= 0:
        if doc.mentions[i].kind in kinds:
            return doc.mentions[i].code
        i -= 1
    return None


def story_names(doc: DocView) -> tuple[list[str], list[str]]:
    """The actors and places the article names most: a list's lines name only the
    contributor, the mission's country stands in the headline or the first paragraph."""
    actors = [code for code, _ in doc.actor_counts.most_common(STORY_NAMES)]
    places = [code for code, _ in doc.place_counts.most_common(STORY_NAMES)]
    return actors, places


def candidates(doc: DocView) -> list[Candidate]:
    """Every (actor, location) pair within reach of every candidate sentence."""
    story_actor, story_place = story_names(doc)
    found: list[Candidate] = []
    for index, sent in enumerate(doc.sentences):
        if not is_candidate_sentence(sent.text):
            continue
        view = sentence_view(doc, index)
        actors = sides(doc, view, ACTOR_KINDS, story_actor)
        places = sides(doc, view, PLACE_OR_DEMONYM, story_place)
        found.extend(Candidate(view, a, p) for a in actors for p in places if allowed(a, p))
    return found


def movement_cues(text: str) -> set[str]:
    """Which of the action lexicons a sentence's words hit."""
    cues = set()
    if DEPLOY_RE.search(text):
        cues.add("deploy")
    if WITHDRAW_RE.search(text):
        cues.add("withdraw")
    if PRESENCE_RE.search(text):
        cues.add("presence")
    return cues
