"""The one-scan sentence filter must pick exactly the sentences a per-sentence test picks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract.patterns import PERSONNEL
from tasks.extract.prefilter import troop_sentences
from tasks.extract.rulebook import rule_claims as extract_claims
from tasks.extract.rules import names_personnel
from tasks.extract.sentences import split_sentences

# Pieces that make sentences, some naming troops, some splitting a noun phrase over a line.
PIECES = [
    "The budget passed.",
    "Germany sent 300 troops to Lithuania.",
    "Talks went on late into the night",
    "the army\nunits stayed",
    "military\npresence",
    "A brigade of 5,000 men arrived.",
    "service\nmembers left.",
    "Prices rose 4 percent in March.",
    "\n",
    " ",
    "İstanbul hosted the troops.",
]


def one_by_one(text: str) -> list[int]:
    return [i for i, s in enumerate(split_sentences(text)) if names_personnel(s.text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_same_sentences_as_testing_each_alone(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert troop_sentences(text, split_sentences(text)) == one_by_one(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12))
def test_skipping_to_the_first_match_in_the_whole_text_loses_no_sentence(
    pieces: list[str],
) -> None:
    text = " ".join(pieces)
    first = PERSONNEL.search(text)
    expected = one_by_one(text)
    if first is None:
        assert expected == []
    else:
        assert troop_sentences(text, split_sentences(text), first.start()) == expected


def test_a_noun_broken_over_a_line_is_still_found_in_its_own_sentence() -> None:
    text = "Officials spoke of the army\nunits moving east."
    assert troop_sentences(text, split_sentences(text)) == one_by_one(text) == [1]


def test_an_article_without_troops_has_no_candidates_and_no_claims() -> None:
    text = "Markets steady\n\nShares rose 2 percent. The bank kept rates at 4 percent."
    assert troop_sentences(text, split_sentences(text)) == []
    assert extract_claims(text) == []


def test_places_named_in_skipped_sentences_still_resolve_there() -> None:
    text = (
        "Allies meet in Mali\n\nThe talks were held in Estonia on Monday.\n"
        "Prices rose in Tallinn.\nBritain will station 300 troops there."
    )
    claims = extract_claims(text)
    assert {(c.actor, c.location) for c in claims} == {("GBR", "EST")}  # not the title's Mali
    assert "loc-deictic" in (claims[0].rule or "")
