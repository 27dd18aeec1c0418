"""Whole articles through the rules (a feature of the learned extractor): golden files
written for these tests, evidence offsets, dedupe; and the batch helper the flow calls."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract import extract_articles, extractor_version
from tasks.extract.gazetteer import DEMONYM, PLACE_KINDS, find_mentions
from tasks.extract.rulebook import STORY_PREPOSITION_RE, placed_by_sentence
from tasks.extract.rulebook import rule_claims as extract_claims
from tasks.extract.sentences import split_sentences
from tasks.schema import ACTIONS, STATUSES, Article

GOLDEN = Path(__file__).parent / "golden"
FIELDS = ("actor", "location", "action", "status", "troops")


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text())
    got = [{f: getattr(c, f) for f in FIELDS} for c in extract_claims(path.read_text())]
    assert sorted(got, key=str) == sorted(expected, key=str)


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_evidence_points_into_text(path: Path) -> None:
    text = path.read_text()
    for c in extract_claims(text):
        assert text[c.char_start : c.char_end] == c.evidence
        assert c.action in ACTIONS and c.status in STATUSES


def test_repeated_claim_is_one_row_and_null_troops_yield_to_a_number() -> None:
    text = (
        "US sends troops to Poland\n\n1,000 US troops will head to Poland.\n"
        "1,000 US troops will head to Poland."
    )
    claims = extract_claims(text)
    assert [(c.actor, c.location, c.action, c.troops) for c in claims] == [
        ("USA", "POL", "deploy", 1000)
    ]
    assert claims[0].char_start == text.index("1,000")


def test_batch_helper_pairs_articles_with_claims() -> None:
    article = Article("a1", "h", "src", "t", None, "T\n\nBritain sent 120 troops to Estonia.")
    ((same, claims),) = extract_articles([article])
    assert same is article and claims[0].troops == 120
    assert extractor_version().startswith("learned-")


def test_a_sentence_met_again_is_read_in_its_own_story() -> None:
    line = "The 300 troops will be stationed there next year."
    first = f"Britain to send troops to Estonia\n\nBritain sent troops.\n{line}"
    again = f"France to send troops to Mali\n\nLater.\n{line}"
    one, two = extract_claims(first), extract_claims(again)
    assert {(c.actor, c.location) for c in one if c.evidence == line} == {("GBR", "EST")}
    assert {(c.actor, c.location) for c in two if c.evidence == line} == {("FRA", "MLI")}
    assert [c.char_start for c in two if c.evidence == line] == [again.index(line)]


def test_the_story_actor_is_the_name_most_often_acting_not_the_place_most_often_named() -> None:
    text = (
        "Armoured brigade heads to Estonia\n\n"
        "Denmark confirmed on Monday that its unit will travel to Estonia in May. "
        "In Estonia, officials welcomed the news. Exercises in Estonia start in June.\n"
        "The brigade will bring about 1,200 soldiers."
    )
    keys = {(c.actor, c.location, c.troops) for c in extract_claims(text)}
    assert ("DNK", "EST", 1200) in keys


def test_a_territory_heading_the_story_is_never_its_actor() -> None:
    text = (
        "Guam: more boots on the island\n\n"
        "The US Marine Corps confirmed the move on Monday.\n"
        "About 400 marines will arrive on the island next month."
    )
    keys = {(c.actor, c.location, c.troops) for c in extract_claims(text)}
    assert ("USA", "GUM", 400) in keys


def test_a_later_headline_clause_does_not_take_the_named_actor() -> None:
    text = (
        "Oslo extends its unit's stay in Jordan; Pentagon denies troop cut report\n\n"
        "The unit of about 70 soldiers has been stationed in Amman since 2019."
    )
    keys = {(c.actor, c.location, c.troops) for c in extract_claims(text)}
    assert ("NOR", "JOR", 70) in keys


# The preposition look-back written plainly; the module's form opens with a character class
# for speed and must say the same before every name.
PLAIN_PREPOSITION_RE = re.compile(r"\b(?:to|in|into)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
PREPOSITION_PIECES = ["to", "in", "into", "IN", "İn", "ın", "Tin", "the", "war-torn", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PREPOSITION_PIECES), max_size=8).map("".join),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_story_preposition_agrees_with_its_plain_form(text: str, back: int, cut: int) -> None:
    end = min(cut, len(text))
    near = max(0, end - back)
    fast = STORY_PREPOSITION_RE.search(text, near, end)
    assert bool(fast) == bool(PLAIN_PREPOSITION_RE.search(text, near, end))


def placed_codes_one_by_one(text: str, first: int, stop: int) -> list[str]:
    """The places sentences [first, stop) name, each sentence looked at alone."""
    sentences = split_sentences(text)
    return [
        m.code
        for s in sentences[first:stop]
        for m in find_mentions(text)
        if s.start <= m.start <= s.end and m.end <= s.end
        if m.kind in PLACE_KINDS or m.kind == DEMONYM
    ]


PLACE_PIECES = [
    "Iraq",
    "Paris",
    "French",
    "Germany",
    "South\nKorea",
    "troops",
    ".",
    ". ",
    "\n",
    " ",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PLACE_PIECES), max_size=14).map("".join), st.data())
def test_places_by_sentence_agree_with_each_sentence_alone(text: str, data: st.DataObject) -> None:
    sentences = split_sentences(text)
    where, codes = placed_by_sentence(find_mentions(text), sentences)
    first = data.draw(st.integers(0, len(sentences)))
    stop = data.draw(st.integers(first, len(sentences)))
    got = codes[bisect_left(where, first) : bisect_left(where, stop)]
    assert got == placed_codes_one_by_one(text, first, stop)
