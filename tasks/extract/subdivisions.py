"""Provinces, states and regions of every country (ISO 3166-2, via pycountry), as news names them.

"Deploy 10,000 troops to Arunachal Pradesh" places the troops in India only if the gazetteer
knows the province. ISO lists names in local transliteration ("Bihār", "Donetska oblast",
"Xinjiang Uygur Zizhiqu"), so each is folded to ASCII and stripped of its administrative
word; names that are also ordinary words or belong to several countries are left out, since a
wrong place is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

import pycountry

# Levels news uses to place troops; districts, municipalities and parishes are too fine and
# too often named like villages or saints elsewhere.
KEPT_TYPES = frozenset(
    {
        "Province",
        "Region",
        "State",
        "Governorate",
        "Prefecture",
        "Oblast",
        "Autonomous region",
        "Autonomous republic",
        "Autonomous province",
        "Territory",
        "Federal district",
        "Republic",
        "County",  # Kenya's Mandera, Norway's Finnmark, Estonia's Ida-Viru
        "Pakistan administered area",  # so "Kashmir" is named by two states, and by neither
    }
)
# Administrative words that follow or precede the name itself.
ADMIN_WORDS = frozenset(
    {"sheng", "shi", "zizhiqu", "oblast", "oblys", "province", "region", "governorate", "state"}
)
# Generic words some subdivisions are called; as names they would match ordinary prose.
GENERIC_WORDS = frozenset(
    {
        "central", "capital", "northern", "southern", "eastern", "western", "north", "south",
        "east", "west", "centre", "center", "coast", "coastal", "lakes", "lake", "islands",
        "island", "delta", "rivers", "river", "plateau", "unity", "bay", "upper", "lower",
        "interior", "littoral", "highlands", "valley", "mountain", "mountains", "city", "great",
        "greater", "new", "saint", "san", "santa", "border", "frontier", "mid", "far", "sea",
    }
)  # fmt: skip
# Subdivision names that news uses for something else: a person, a hero, an old country
# ("Zaire" is a province of Angola, and the DR Congo's former name), a peninsula.
AMBIGUOUS = frozenset(
    {
        "victoria", "batman", "balkan", "canterbury", "independencia", "zaire", "georgia",
        "washington", "northland", "southland", "tasman", "rizal", "shimal", "capital",
    }
)  # fmt: skip
# Seas, gulfs and mountains span borders: "the Red Sea mission" is not in Sudan's Red Sea state.
FEATURE_WORDS = frozenset(
    {"sea", "gulf", "ocean", "lake", "lakes", "river", "rivers", "coast", "mount", "desert"}
)
MIN_NAME_LENGTH = 5  # shorter names ("Bari", "Imo") collide with words and surnames
JOINER_RE = re.compile(r" (?:og|and|y|et|und|i|e) ")  # "Troms og Finnmark", "Jammu and Kashmir"
ARTICLES = ("al ", "ar ", "as ", "an ", "ad ", "ash ", "at ", "az ")


def ascii_fold(name: str) -> str:
    """'Bihār' -> 'Bihar': news writes names without diacritics."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def news_forms(name: str) -> list[str]:
    """The forms a subdivision goes by in English news: without its administrative word, and
    without an Arabic article ('Al Anbar' -> 'Anbar')."""
    words = [w for w in ascii_fold(name).split() if w.lower() not in ADMIN_WORDS]
    base = " ".join(words)
    forms = [base]
    if base.lower().startswith(ARTICLES):
        forms.append(base.split(" ", 1)[1])
    # A merged region goes by its old parts too: "Troms og Finnmark" is Troms and Finnmark.
    parts = JOINER_RE.split(base)
    if len(parts) > 1:
        forms.extend(parts)
    return [f for f in forms if usable(f)]


def usable(form: str) -> bool:
    """Long enough, made of letters, and not only generic words."""
    if len(form) < MIN_NAME_LENGTH or not form.replace(" ", "").replace("-", "").isalpha():
        return False
    if form.lower() in AMBIGUOUS or FEATURE_WORDS & set(form.lower().split()):
        return False
    return not all(w.lower() in GENERIC_WORDS for w in form.replace("-", " ").split())


def subdivision_names() -> Iterator[tuple[str, str]]:
    """(name, ISO alpha-3 country) for every usable subdivision name found in one country only."""
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        code = alpha3.get(sub.country_code)
        if code is None or sub.type not in KEPT_TYPES:
            continue
        for form in news_forms(sub.name):
            owners[form.lower()].add(code)
            spelled.setdefault(form.lower(), form)
    for key, codes in owners.items():
        if len(codes) == 1:
            yield spelled[key], next(iter(codes))
