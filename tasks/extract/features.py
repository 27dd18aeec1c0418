"""Candidates -> feature strings the models weigh: words and windows, name kinds and
origins, distances and order, cue lexicons, and what today's rules read in the sentence.

Features are plain strings ("A:prep=to"), so a trained weight can be read back by name and
a claim's `rule` column can list the strongest ones behind it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from tasks.extract.candidates import (
    LATEST,
    PREV,
    SENT,
    STORY,
    TITLE,
    Candidate,
    DocView,
    SentenceView,
    Side,
    movement_cues,
)
from tasks.extract.gazetteer import ACTOR_KINDS, PLACE_KINDS, Mention
from tasks.extract.lexicon import PLANNED_RE, PROPOSED_RE, REJECTED_RE
from tasks.extract.numbers import Quantity
from tasks.extract.roles import can_be_actor, can_be_place, preposition_before
from tasks.schema import Claim

WORD_RE = re.compile(r"[^\W_]+(?:['’][a-z]+)?|\S")
# Words further than this from the troops say little about them.
SENTENCE_WORDS = 80
# Words read between an actor's and a place's mentions (a verb, a preposition, a list).
BETWEEN_WORDS = 6
YEAR_RE = re.compile(r"(?:19|20)\d\d")


@dataclass(slots=True)
class RuleReadings:
    """What the rule extractor read in an article, by sentence: a prior the model weighs."""

    by_sentence: dict[int, list[Claim]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def in_sentence(self, index: int) -> list[Claim]:
        return self.by_sentence.get(index, [])


def rule_readings(doc: DocView, claims: list[Claim]) -> RuleReadings:
    """Index the rules' claims by the sentence their evidence starts in."""
    starts = [s.start for s in doc.sentences]
    readings = RuleReadings()
    for claim in claims:
        index = max(0, bisect_right(starts, claim.char_start) - 1)
        readings.by_sentence.setdefault(index, []).append(claim)
        readings.pairs.setdefault((claim.actor, claim.location), set()).add(claim.action)
    return readings


def bucket(n: int) -> str:
    """A distance or count in a few bins: 0, 1, 2, 3-4, 5-8, 9-16, more."""
    for edge, name in ((0, "0"), (1, "1"), (2, "2"), (4, "3-4"), (8, "5-8"), (16, "9-16")):
        if n <= edge:
            return name
    return "17+"


@dataclass(slots=True)
class Words:
    """A sentence's lower-cased words with their offsets, for windows and distances."""

    words: list[str]
    starts: list[int]

    def index_at(self, pos: int) -> int:
        return bisect_left(self.starts, pos)

    def before(self, pos: int, n: int) -> list[str]:
        i = self.index_at(pos)
        return self.words[max(0, i - n) : i]

    def after(self, pos: int, n: int) -> list[str]:
        i = self.index_at(pos)
        return self.words[i : i + n]

    def between(self, start: int, end: int) -> list[str]:
        return self.words[self.index_at(start) : self.index_at(end)]


def words_of(text: str) -> Words:
    found = list(WORD_RE.finditer(text))
    return Words([m.group().lower() for m in found], [m.start() for m in found])


@dataclass(slots=True)
class SentenceFeatures:
    """What is read once per sentence and shared by all its candidates."""

    words: Words
    shared: list[str]
    troop_at: list[int]
    troop_end: dict[int, int]
    shape: str
    # A name's own features, read once per sentence however many pairs it stands in.
    sides: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def side(self, prefix: str, side: Side, text: str) -> list[str]:
        key = (prefix, side.code)
        if key not in self.sides:
            self.sides[key] = side_features(prefix, side, text, self.words, self.troop_at)
        return self.sides[key]


def sentence_features(view: SentenceView, readings: RuleReadings) -> SentenceFeatures:
    """Bag of words, cue lexicons, counts and the words around the troop nouns."""
    text = view.sentence.text
    words = words_of(text)
    # Only common words: a name in the bag would teach the model one story's cast.
    import os

    feats = (
        []
        if os.environ.get("NO_BOW")
        else [f"S:w={w}" for w in set(common_words(text)[:SENTENCE_WORDS])]
    )
    feats += [f"S:cue={c}" for c in movement_cues(text)]
    feats += [f"S:status={s}" for s in status_cues(text)]
    feats.append(f"S:troops={bool(view.troop_words)}")
    feats.append(f"S:nq={bucket(len(view.quantities))}")
    feats.append(f"S:title={view.index == 0}")
    shape = shape_of(view, words)
    feats.append(f"S:shape={shape}")
    actors = {m.code for m in view.mentions if m.kind in ACTOR_KINDS}
    places = {m.code for m in view.mentions if m.kind in PLACE_KINDS}
    feats.append(f"S:nA={bucket(len(actors))}")
    feats.append(f"S:nL={bucket(len(places))}")
    for start, end in view.troop_words[:3]:
        feats += [f"T:w-1={w}" for w in words.before(start, 1)]
        feats += [f"T:w+1={w}" for w in words.after(end, 1)]
    feats += [f"R:sent_action={c.action}" for c in readings.in_sentence(view.index)]
    troop_at = [s for s, _ in view.troop_words]
    shared = list(dict.fromkeys(feats))
    return SentenceFeatures(words, shared, troop_at, dict(view.troop_words), shape)


COMMON_WORD_RE = re.compile(r"(?<![\w'’])[a-z]+")


def common_words(text: str) -> list[str]:
    """The sentence's lower-case words: verbs, nouns and particles, no names."""
    return COMMON_WORD_RE.findall(text)


# Sentences at most this many words long are described by their shape ("C : N"): the
# lines of tables and lists, whose words say little and whose layout says a lot.
SHAPE_WORDS = 8


def shape_of(view: SentenceView, words: Words) -> str:
    """A short sentence as classes of its words: C a name, N a figure, W a word; long
    sentences are 'long'."""
    if len(words.words) > SHAPE_WORDS:
        return "long"
    names = [(m.start, m.end) for m in view.mentions]
    figures = [(q.start, q.end) for q in view.quantities]
    out: list[str] = []
    for word, start in zip(words.words, words.starts, strict=True):
        cls = (
            "C"
            if any(s <= start < e for s, e in names)
            else "N"
            if any(s <= start < e for s, e in figures)
            else "T"
            if any(s <= start < e for s, e in view.troop_words)
            else word
            if not word.isalnum()
            else "W"
        )
        if not out or out[-1] != cls:
            out.append(cls)
    return " ".join(out)


def status_cues(text: str) -> set[str]:
    """Which status lexicons a sentence's words hit."""
    cues = set()
    for name, pattern in (("rej", REJECTED_RE), ("prop", PROPOSED_RE), ("plan", PLANNED_RE)):
        if pattern.search(text):
            cues.add(name)
    return cues


def side_features(
    prefix: str, side: Side, text: str, words: Words, troop_at: list[int]
) -> list[str]:
    """Where a name stands: origins, kind, the words around it, its distance to the troops."""
    feats = [f"{prefix}:orig={'+'.join(sorted(side.origins))}"]
    feats += [f"{prefix}:o={o}" for o in side.origins]
    m = side.mention
    if m is None:
        return feats
    feats.append(f"{prefix}:kind={m.kind}")
    feats += [f"{prefix}:w-1={w}" for w in words.before(m.start, 1)]
    feats += [f"{prefix}:w-2={w}" for w in words.before(m.start, 2)[:1]]
    feats += [f"{prefix}:w+1={w}" for w in words.after(m.end, 1)]
    feats += [f"{prefix}:w+2={w}" for w in words.after(m.end, 2)[1:]]
    feats.append(f"{prefix}:prep={preposition_before(text, m.start)}")
    feats.append(f"{prefix}:actor={can_be_actor(text, m)}")
    feats.append(f"{prefix}:place={can_be_place(text, m)}")
    if troop_at:
        nearest = min(troop_at, key=lambda t: abs(t - m.start))
        gap = abs(words.index_at(nearest) - words.index_at(m.start))
        feats.append(f"{prefix}:dist={bucket(gap)}")
        feats.append(f"{prefix}:side={'before' if m.start < nearest else 'after'}")
    return feats


def doc_features(prefix: str, code: str, doc: DocView, counts_rank: list[str]) -> list[str]:
    """How much the story is about this name: its rank among the article's names."""
    rank = counts_rank.index(code) if code in counts_rank else 9
    return [f"{prefix}:rank={min(rank, 4)}", f"{prefix}:title={code in doc.title_codes}"]


def pair_features(
    cand: Candidate, doc: DocView, sf: SentenceFeatures, readings: RuleReadings, ranks: Ranks
) -> list[str]:
    """The features of one (actor, location) candidate beyond its sentence's shared ones."""
    text = cand.view.sentence.text
    a, loc = cand.actor, cand.location
    feats: list[str] = []  # the sentence's shared features are scored once, not per pair
    feats += sf.side("A", a, text)
    feats += sf.side("L", loc, text)
    feats += doc_features("A", a.code, doc, ranks.actors)
    feats += doc_features("L", loc.code, doc, ranks.places)
    feats += between_features(a.mention, loc.mention, sf.words)
    feats += troop_path("AT", a.mention, sf)
    feats += troop_path("LT", loc.mention, sf)
    if a.mention is not None:
        feats += list_features(a.mention, cand.view.mentions, sf.words, origin_of(loc))
    if loc.mention is not None and SENT in loc.origins:
        feats += [
            "L" + f for f in list_features(loc.mention, cand.view.mentions, sf.words, origin_of(a))
        ]
    feats.append(f"P:origins={'+'.join(sorted(a.origins))}/{'+'.join(sorted(loc.origins))}")
    feats.append(f"P:same={a.code == loc.code}")
    feats += conjunctions(cand, sf, ranks)
    feats += rule_pair_features(cand, readings)
    return feats


@dataclass(slots=True)
class Ranks:
    """The article's actors and places, most named first."""

    actors: list[str]
    places: list[str]


def ranks_of(doc: DocView) -> Ranks:
    return Ranks(
        [c for c, _ in doc.actor_counts.most_common(5)],
        [c for c, _ in doc.place_counts.most_common(5)],
    )


def origin_of(side: Side) -> str:
    """The nearest place a name was read: the sentence, the ones before, or the story."""
    for origin in (SENT, PREV, LATEST, TITLE, STORY):
        if origin in side.origins:
            return origin
    return "none"


def conjunctions(cand: Candidate, sf: SentenceFeatures, ranks: Ranks) -> list[str]:
    """Joint readings a linear model cannot add up from parts: where each name came from,
    with how many names the sentence has of its own and how central the story makes them."""
    a, loc = cand.actor, cand.location
    n_places = len({m.code for m in cand.view.mentions if m.kind in PLACE_KINDS})
    n_actors = len({m.code for m in cand.view.mentions if m.kind in ACTOR_KINDS})
    a_rank = ranks.actors.index(a.code) if a.code in ranks.actors else 9
    l_rank = ranks.places.index(loc.code) if loc.code in ranks.places else 9
    ao, lo = origin_of(a), origin_of(loc)
    feats = [
        f"X:{ao}/{lo}",
        f"X:{ao}/{lo}/nL={min(n_places, 2)}",
        f"X:{ao}/{lo}/nA={min(n_actors, 3)}",
        f"X:{ao}/lrank={min(l_rank, 3)}",
        f"X:arank={min(a_rank, 3)}/{lo}",
        f"X:latest={LATEST in a.origins}/{LATEST in loc.origins}/nL={min(n_places, 2)}",
        f"X:shape={sf.shape}/{ao}/{lo}",
    ]
    if a.mention is not None:
        feats.append(f"X:listed={in_list(a.mention, cand.view.mentions, sf.words)}/{lo}")
    return feats


# The words between a name and the troop noun, read as one phrase when this short
# ("German troops in northern Afghanistan": actor adjacent, place after "in northern").
PATH_WORDS = 4


def troop_path(prefix: str, m: Mention | None, sf: SentenceFeatures) -> list[str]:
    """The words between a name and the nearest troop noun, as a phrase and one by one."""
    if m is None or not sf.troop_at:
        return []
    nearest = min(sf.troop_at, key=lambda t: abs(t - m.start))
    words = sf.words
    if m.start < nearest:
        inside, side = words.between(m.end, nearest), "before"
    else:
        inside, side = words.between(sf.troop_end[nearest], m.start), "after"
    if len(inside) > PATH_WORDS:
        return [f"{prefix}:far_{side}"]
    return [f"{prefix}:{side}:{'_'.join(inside)}"] + [f"{prefix}:{side}:w={w}" for w in inside]


def list_features(m: Mention, mentions: list[Mention], words: Words, sf_origin: str) -> list[str]:
    """A name inside a list of names reads as the whole list does: the word before the
    list's first name and after its last ('troops from Senegal, Mali and Chad will')."""
    members = list_around(m, mentions, words)
    if len(members) < 2:
        return []
    first, last = members[0], members[-1]
    feats = [f"LS:n={bucket(len(members))}", f"LS:n={bucket(len(members))}/{sf_origin}"]
    feats += [f"LS:w-1={w}" for w in words.before(first.start, 1)]
    feats += [f"LS:w-2={w}" for w in words.before(first.start, 2)[:1]]
    feats += [f"LS:w+1={w}" for w in words.after(last.end, 1)]
    return feats


LIST_GLUE = frozenset({",", "and", ";", "or", "/", "as", "well", "plus"})


def list_around(m: Mention, mentions: list[Mention], words: Words) -> list[Mention]:
    """The run of names, joined by commas and 'and', that `m` stands in."""
    names = sorted(
        (o for o in mentions if o.kind in ACTOR_KINDS | PLACE_KINDS), key=lambda o: o.start
    )
    if m not in names:
        return [m]
    i = names.index(m)
    lo = hi = i
    while lo > 0 and glued(names[lo - 1], names[lo], words):
        lo -= 1
    while hi + 1 < len(names) and glued(names[hi], names[hi + 1], words):
        hi += 1
    return names[lo : hi + 1]


# Between two names of one list: glue words, and a figure in brackets or after a colon
# ("Bulgaria (516), Hungary (502)", "Italy: 3,688; Spain: 1,500").
LIST_GAP_WORDS = 6


def glued(first: Mention, second: Mention, words: Words) -> bool:
    gap = words.between(first.end, second.start)
    if not 0 < len(gap) <= LIST_GAP_WORDS:
        return False
    return all(w in LIST_GLUE or w in "():;-–—" or w.isdigit() for w in gap) and any(
        w in LIST_GLUE for w in gap
    )


def in_list(m: Mention, mentions: list[Mention], words: Words) -> bool:
    """Whether a name stands in a list of names ('Denmark, Finland and Norway')."""
    for other in mentions:
        if other is m or other.kind not in ACTOR_KINDS:
            continue
        first, second = (other, m) if other.start < m.start else (m, other)
        gap = words.between(first.end, second.start)
        if gap and len(gap) <= 2 and set(gap) <= {",", "and", ";", "or", "/"}:
            return True
    return False


def between_features(a: Mention | None, loc: Mention | None, words: Words) -> list[str]:
    """Order of the two names, the gap between them and the words in it."""
    if a is None or loc is None:
        return [f"P:both={a is not None}/{loc is not None}"]
    first, second = (a, loc) if a.start <= loc.start else (loc, a)
    inside = words.between(first.end, second.start)
    feats = [f"P:order={'AL' if a.start <= loc.start else 'LA'}", f"P:gap={bucket(len(inside))}"]
    if len(inside) <= BETWEEN_WORDS:
        feats += [f"P:bw={w}" for w in inside]
    return feats


def rule_pair_features(cand: Candidate, readings: RuleReadings) -> list[str]:
    """Whether the rules made this pair's claim here, elsewhere in the article, or made a
    claim with only one of its names."""
    a, loc = cand.actor.code, cand.location.code
    feats = [f"R:doc={act}" for act in readings.pairs.get((a, loc), ())]
    for claim in readings.in_sentence(cand.view.index):
        if claim.actor == a and claim.location == loc:
            feats.append(f"R:pair={claim.action}")
            feats.append(f"R:pair_status={claim.status}")
        elif claim.actor == a:
            feats.append("R:actor_only")
        elif claim.location == loc:
            feats.append("R:loc_only")
    return feats


def crossed(feats: list[str], action: str) -> list[str]:
    """Each feature alone and joined with the action it is weighed for."""
    return feats + [f"{action}|{f}" for f in feats]


def quantity_features(
    cand: Candidate, q: Quantity, sf: SentenceFeatures, readings: RuleReadings
) -> list[str]:
    """Whether a figure counts this candidate's troops: the words around it, whether a troop
    noun follows, how far it sits from the two names, and what the rules read."""
    words = sf.words
    feats = [f"Q:w-1={w}" for w in words.before(q.start, 1)]
    feats += [f"Q:w-2={w}" for w in words.before(q.start, 2)[:1]]
    feats += [f"Q:w+1={w}" for w in words.after(q.end, 1)]
    feats += [f"Q:w+2={w}" for w in words.after(q.end, 2)[1:]]
    feats.append(f"Q:size={size_of(q)}")
    feats.append(f"Q:nq={bucket(len(cand.view.quantities))}")
    after = [t for t in sf.troop_at if t >= q.end]
    gap = bucket(words.index_at(after[0]) - words.index_at(q.end)) if after else "none"
    feats.append(f"Q:troops_after={gap}")
    for prefix, side in (("QA", cand.actor), ("QL", cand.location)):
        feats += mention_distance(prefix, side, q, words, cand.view.quantities)
    feats += rule_quantity_features(cand, q, readings)
    feats.append("Q:any")  # crossed with the action, a bias of its own per action
    return list(dict.fromkeys(feats))


def size_of(q: Quantity) -> str:
    """The figure's order of magnitude, and whether it reads like a year."""
    if q.value is None:
        return "vague"
    if YEAR_RE.fullmatch(q.text.strip()):
        return "year"
    return str(len(str(q.value)))


def mention_distance(
    prefix: str, side: Side, q: Quantity, words: Words, quantities: list[Quantity]
) -> list[str]:
    """Distance from a name to a figure, and whether no other figure sits closer to it."""
    m = side.mention
    if m is None or SENT not in side.origins:
        return [f"{prefix}:none"]
    gap = abs(words.index_at(q.start) - words.index_at(m.start))
    closest = min(quantities, key=lambda o: abs(o.start - m.start)) is q
    side_name = "before" if m.start < q.start else "after"
    return [f"{prefix}:dist={bucket(gap)}", f"{prefix}:closest={closest}", f"{prefix}:{side_name}"]


def rule_quantity_features(cand: Candidate, q: Quantity, readings: RuleReadings) -> list[str]:
    """Whether the rules gave this figure to this pair, or to another."""
    feats = []
    for claim in readings.in_sentence(cand.view.index):
        if claim.troops != q.value:
            continue
        same = claim.actor == cand.actor.code and claim.location == cand.location.code
        feats.append("R:q_pair" if same else "R:q_other")
    return feats
