"""Names -> codes: every ISO country, variants, demonyms, capitals, organisations, towns."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tasks.extract.gazetteer import CITY, TOKEN_RE, find_mentions, name_candidates
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


@settings(max_examples=60, deadline=None)  # the first example builds the gazetteer
@given(st.sampled_from(COUNTRIES))
def test_every_country_short_name_is_found(country: pycountry.db.Country) -> None:
    name = short_name(country)
    assume(name not in NOT_A_STATE)  # deliberately ignored ("American Samoa")
    assume(name not in SHARED_SHORT_NAMES and country.alpha_3 not in KNOWN_GAPS)
    assert codes(f"Troops were sent to {name} on Monday.") == [country.alpha_3]


def test_variants_and_acronyms() -> None:
    text = "The U.S., America, the UK, Britain, S Korea and the Republic of Korea"
    assert codes(text) == ["USA", "USA", "GBR", "GBR", "KOR", "KOR"]
    assert codes("EU troops in BiH and in Bosnia-Herzegovina") == ["EU", "BIH", "BIH"]


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


@pytest.mark.parametrize(
    ("country", "spelling", "code"),
    [("Iraq", "Basra", "IRQ"), ("Iraq", "Fallujah", "IRQ"), ("Syria", "Raqqa", "SYR")],
)
def test_big_cities_are_found_under_their_news_spellings(
    country: str, spelling: str, code: str
) -> None:
    mentions = find_mentions(f"Troops in {country} moved to {spelling} on Monday.")
    assert [(m.surface, m.code) for m in mentions if m.kind == CITY] == [(spelling, code)]


def test_old_and_foreign_names_of_a_city_are_no_spelling_of_it() -> None:
    # "Hamid" is an old name of a Turkish city, and a first name far more often
    mentions = find_mentions("Turkey: troops at Hamid Karzai International Airport")
    assert [m.surface for m in mentions] == ["Turkey"]


def test_codes_and_other_scripts_are_no_city_spellings() -> None:
    assert find_mentions("Iraq: BSR, Al Başrah") == find_mentions("Iraq: ...")[:1]


def test_a_country_name_used_as_its_adjective_stays_the_country() -> None:
    for text in ("New Zealand troops", "New Zealand said", "Luxembourg soldiers"):
        assert [m.kind for m in find_mentions(text)] == ["country"]


def test_possessive_without_apostrophe() -> None:
    assert codes("most of Ukraines reserves") == ["UKR"]


# The plain scan name_candidates replaces: every start NAME_START_RE allows, token read there.
SLOW_CANDIDATE_RE = re.compile(
    rf"(?<![\w'’.])(?=[A-ZÀ-ÖØ-Þ\u0100-\u017f]|\d+(?:st|nd|rd|th)\b|"
    rf"(?:south|north|east|west|mainland)\b)(?P<tok>{TOKEN_RE.pattern})?"
)
# Pieces that put capitals, digits and compass words next to letters, dots and apostrophes.
CANDIDATE_PIECES = st.sampled_from(
    [*"aAsSnN.'’ -5\n1Āéɛ", "U.S.", "st", "th", "south", "north", "mainland", "Korea", "21st"]
)


@settings(max_examples=300, deadline=None)  # an example may build the name tables
@given(st.lists(CANDIDATE_PIECES, max_size=30).map("".join))
def test_name_candidates_equal_the_plain_scan(text: str) -> None:
    slow = [(m.start(), m.group("tok")) for m in SLOW_CANDIDATE_RE.finditer(text)]
    assert [(m.start(), m.group()) for m in name_candidates(text)] == slow


def test_name_candidates_find_ordinals_and_compass_words() -> None:
    text = "the 21st Brigade left mainland China for north Korea, not Northeast"
    assert [m.group() for m in name_candidates(text)] == [
        "21st", "Brigade", "mainland", "China", "north", "Korea", "Northeast",
    ]  # fmt: skip
