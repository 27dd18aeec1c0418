"""Names -> codes: every ISO country, variants, demonyms, capitals, organisations, towns."""

from __future__ import annotations

import re

import pycountry
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract.gazetteer import CITY, find_mentions

COUNTRIES = sorted(pycountry.countries, key=lambda c: c.alpha_3)


def codes(text: str) -> list[str]:
    return [m.code for m in find_mentions(text)]


@settings(max_examples=60)
@given(st.sampled_from(COUNTRIES))
def test_every_country_short_name_is_found(country: pycountry.db.Country) -> None:
    name = (getattr(country, "common_name", None) or country.name).split(",")[0]
    name = re.sub(r"\s*\([^)]*\)", "", name)
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
    assert codes("the main part of Russias forces") == ["RUS"]
