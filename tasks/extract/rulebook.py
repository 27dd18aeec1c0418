"""Article text -> what the hand-written rules read: claims the learned extractor takes as
one signal among many (a feature, never the decision).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from tasks.extract.context import DocContext, local_mentions
from tasks.extract.gazetteer import ACTOR_KINDS, DEMONYM, PLACE_KINDS, Mention, find_mentions
from tasks.extract.names import TERRITORIES
from tasks.extract.patterns import PERSONNEL
from tasks.extract.prefilter import troop_sentences
from tasks.extract.roles import can_be_actor, can_be_place
from tasks.extract.rules import troop_sentence_claims
from tasks.extract.sentences import Sentence, split_sentences
from tasks.schema import Claim

# Which rules the features were read with; part of the extractor's version.
RULES_VERSION = "rules-0.4.1"

# Prepositions that say a story is about troops in or going to a place: "to", "in" or "into",
# a word start, then "the" and one word at most before the name. The pattern opens with a
# plain class of every character that folds to "t" or "i", so the engine skips in C to the
# next one; the look-behind after it stands for the word boundary before the preposition.
STORY_PREPOSITION_RE = re.compile(
    r"[TtIi\u0130\u0131](?<!\w.)(?i:(?<=t)o|(?<=i)n(?:to)?)(?i:\s+(?:the\s+)?(?:[\w-]+\s+)?)$"
)
PREP_REACH = 30  # a preposition plus an adjective ("to the war-torn") before the name

__all__ = ["RULES_VERSION", "rule_claims"]


def destination_counts(text: str, mentions: list[Mention]) -> Counter[str]:
    """How often each place is named as one ('to Iraq', 'in Iraq'): a capital named as the
    government that speaks ('Seoul said') is no place the story is about."""
    counts: Counter[str] = Counter()
    for m in mentions:
        near = max(0, m.start - PREP_REACH)
        if m.kind in PLACE_KINDS and STORY_PREPOSITION_RE.search(text, near, m.start):
            counts[m.code] += 1
    return counts


def story_context(
    text: str, sentences: list[Sentence], title: list[Mention], mentions: list[Mention]
) -> tuple[DocContext, bool]:
    """The story's main actor and place: named in the title, else most often in the text;
    and whether the title named the actor."""
    ctx = DocContext()
    title_text = sentences[0].text if sentences else ""
    # Each title name is looked at once: whether it is a place decides both lists.
    placed = [(m, bool(can_be_place(title_text, m))) for m in title]
    # Guam and Greenland are places even in a headline's subject: they send no troops.
    actors = [
        m.code
        for m, place in placed
        if m.kind in ACTOR_KINDS and not place and m.code not in TERRITORIES
    ]
    places = [m.code for m, place in placed if place]
    ctx.default_actor = actors[0] if actors else most_named_actor(text, mentions)
    ctx.default_place = places[0] if places else most_named_place(text, mentions)
    return ctx, bool(actors)


def most_named_actor(text: str, mentions: list[Mention]) -> str | None:
    """The name most often in a position to act: 'to Poland' and 'in Poland' are places."""
    counts = Counter(m.code for m in mentions if m.kind in ACTOR_KINDS and can_be_actor(text, m))
    return counts.most_common(1)[0][0] if counts else None


def most_named_place(text: str, mentions: list[Mention]) -> str | None:
    """The place named most often as a destination, else most often at all."""
    counts = destination_counts(text, mentions) or Counter(
        m.code for m in mentions if m.kind in PLACE_KINDS
    )
    return counts.most_common(1)[0][0] if counts else None


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (actor, location, action, status, troops), first evidence kept; a claim
    without a number is dropped when the article gives one for the same actor/place/action."""
    numbered = {(c.actor, c.location, c.action) for c in claims if c.troops is not None}
    seen: set[tuple[object, ...]] = set()
    out: list[Claim] = []
    for c in claims:
        key = (c.actor, c.location, c.action, c.status, c.troops)
        if key in seen or (c.troops is None and (c.actor, c.location, c.action) in numbered):
            continue
        seen.add(key)
        out.append(c)
    return out


def sentence_mentions(mentions: list[Mention], starts: list[int], sent: Sentence) -> list[Mention]:
    """One sentence's mentions, relative to it, out of the article's sorted mentions."""
    lo, hi = bisect_left(starts, sent.start), bisect_right(starts, sent.end)
    return local_mentions(mentions[lo:hi], sent)


def placed_by_sentence(
    mentions: list[Mention], sentences: list[Sentence]
) -> tuple[list[int], list[str]]:
    """The states and places each sentence names, as sentence indices and codes in text
    order: what a later 'there' may mean, found in one pass over the article's mentions."""
    sentence_starts = [s.start for s in sentences]
    where: list[int] = []
    codes: list[str] = []
    for m in mentions:
        if m.kind in PLACE_KINDS or m.kind == DEMONYM:
            i = bisect_right(sentence_starts, m.start) - 1
            # A name running past its sentence's end counts in none.
            if i >= 0 and m.end <= sentences[i].end:
                where.append(i)
                codes.append(m.code)
    return where, codes


def title_context(ctx: DocContext) -> DocContext:
    """The headline's own claims name their sender in the headline or not at all: the story's
    actor is read off the headline, so lending it back would only echo a later clause
    ('Bush orders 21,500 troops to Iraq as Britain plans cut')."""
    return DocContext(None, ctx.default_place, ctx.recent)


def rule_claims(text: str) -> list[Claim]:
    """All deployment claims in one article text (title, blank line, body)."""
    first = PERSONNEL.search(text)
    if first is None:
        return []  # most news names no troops: one scan settles it, before any splitting
    sentences = split_sentences(text)
    candidates = troop_sentences(text, sentences, first.start())
    if not candidates:
        return []  # no sentence names troops: no claim, and no names need finding
    mentions = find_mentions(text)
    starts = [m.start for m in mentions]
    title = sentence_mentions(mentions, starts, sentences[0])
    ctx, actor_in_title = story_context(text, sentences, title, mentions)
    title_actor = ctx.default_actor if actor_in_title else None
    where, codes = placed_by_sentence(mentions, sentences)
    claims: list[Claim] = []
    done = 0  # sentences whose places are already in ctx.recent
    for index in candidates:
        ctx.recent.extend(codes[bisect_left(where, done) : bisect_left(where, index)])
        sent = sentences[index]
        local = title if index == 0 else sentence_mentions(mentions, starts, sent)
        found = troop_sentence_claims(sent, local, title_context(ctx) if index == 0 else ctx)
        if index == 0 and found:
            # The headline's first named actor stays the story's: a later clause's claim
            # ("Seoul extends unit's stay in UAE; Pentagon denies troop cut") does not take it.
            ctx.default_actor = title_actor or found[0].actor
            ctx.default_place = found[0].location
        claims.extend(found)
        done = index
    return dedupe(claims)
