"""Provinces and regions from ISO 3166-2: the forms news uses, and only unambiguous ones."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tasks.extract.rulebook import rule_claims as extract_claims
from tasks.extract.subdivisions import (
    AMBIGUOUS,
    GENERIC_WORDS,
    ascii_fold,
    news_forms,
    subdivision_names,
    usable,
)


def test_local_spellings_become_news_forms() -> None:
    assert news_forms("Bihār") == ["Bihar"]
    assert news_forms("Al Anbār") == ["Al Anbar", "Anbar"]
    assert news_forms("Xinjiang Uygur Zizhiqu") == ["Xinjiang Uygur"]


def test_generic_and_ambiguous_names_are_left_out() -> None:
    names = {name.lower() for name, _ in subdivision_names()}
    assert not names & AMBIGUOUS
    assert not any(all(w in GENERIC_WORDS for w in name.split()) for name in names)
    assert "red sea" not in names  # a sea is no province, whatever ISO says


def test_every_name_has_one_country() -> None:
    counts = Counter(name.lower() for name, _ in subdivision_names())
    assert counts and max(counts.values()) == 1


@given(st.text(alphabet=st.characters(min_codepoint=0x41, max_codepoint=0x17F), max_size=30))
def test_folding_keeps_letters_and_drops_marks(name: str) -> None:
    folded = ascii_fold(name)
    assert len(folded) >= len([ch for ch in name if ch.isascii()])
    assert usable(folded) == usable(ascii_fold(folded))  # folding twice changes nothing


def test_a_province_of_its_own_places_troops_at_home() -> None:
    claims = extract_claims("Title\n\nIndia will send 4,000 troops to Arunachal Pradesh.")
    assert ("IND", "IND", "deploy", 4000) in {
        (c.actor, c.location, c.action, c.troops) for c in claims
    }


def test_a_merged_county_goes_by_its_old_parts() -> None:
    names = dict(subdivision_names())
    assert names.get("Finnmark") == "NOR" and names.get("Telemark") == "NOR"
