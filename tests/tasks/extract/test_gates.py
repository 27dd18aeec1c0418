"""Gated, lower-case-twin patterns return exactly what the plain patterns return."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract import numbers, patterns
from tasks.extract.gates import (
    FastPattern,
    factored_source,
    foldable,
    lower_source,
    required_literals,
    with_first_char_check,
)

FAST = {
    name: value
    for module in (patterns, numbers)
    for name, value in vars(module).items()
    if isinstance(value, FastPattern)
}
# Words that trip the patterns, words that nearly do, and characters that fold oddly.
WORDS = [
    "troops", "Soldiers", "FORCES", "air", "men", "government", "will", "Not", "won't",
    "n’t", "could", "sent", "Deployed", "stationed", "there", "the", "country's", "along",
    "border", "killed", "3,000", "three", "Thousand", "hundreds", "of", "in", "to", "from",
    "said", "Lee", "request", "at", "plans", "no", "pull", "out", "withdrew", "ſent", "İn",
    "Kelvin", "but", ";", "—", "1.5", "million", "$", "%", "deployment", "foreign",
]  # fmt: skip
SEPARATORS = [" ", " ", ", ", ". ", "-", "\n", "’", '"']


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """Random word salads from the patterns' own vocabulary."""
    words = draw(st.lists(st.sampled_from(WORDS), max_size=14))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


def spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), (m.group(0), *m.groups())) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(FAST))
@settings(max_examples=25, deadline=None)
@given(text=sentences(), cut=st.integers(0, 60))
def test_fast_pattern_agrees_with_plain_pattern(name: str, text: str, cut: int) -> None:
    fast = FAST[name]
    plain = fast.pattern
    assert spans(fast.finditer(text)) == spans(plain.finditer(text))
    assert spans(fast.finditer(text, cut // 2, cut)) == spans(plain.finditer(text, cut // 2, cut))
    hit, want = fast.search(text, cut // 3), plain.search(text, cut // 3)
    assert (hit and hit.span()) == (want and want.span())
    assert fast.found(text, 0, cut) == bool(plain.search(text, 0, cut))


@pytest.mark.parametrize("name", sorted(FAST))
@settings(max_examples=15, deadline=None)
@given(text=sentences())
def test_every_match_contains_a_required_piece(name: str, text: str) -> None:
    pieces = FAST[name].literals
    if pieces is None or not foldable(text):
        return
    for m in FAST[name].pattern.finditer(text):
        assert any(p in m.group(0).lower() for p in pieces)


def test_literals_come_from_every_branch() -> None:
    assert required_literals(re.compile(r"\b(?:sen[dt]|troops?)\b", re.I)) == {
        "send",
        "sent",
        "troop",
    }
    assert required_literals(re.compile(r"\d+|\w+")) is None


def test_text_without_any_piece_is_ruled_out_without_running_the_pattern() -> None:
    casualty = FastPattern(re.compile(r"\b(?:killed|wounded)\b", re.I))
    assert not casualty.open_for("Troops arrived in Vilnius.")
    assert casualty.open_for("Two were KILLED.")


def test_odd_case_folding_falls_back_to_the_plain_pattern() -> None:
    pattern = FastPattern(re.compile(r"\bsent\b", re.I))
    assert re.search(r"\bsent\b", "ſent", re.I)  # the long s folds to 's' in regexes ...
    assert "ſent".lower() != "sent"  # ... but not in str.lower()
    assert pattern.found("They ſent them.")


def test_lower_source_keeps_escapes_and_group_names() -> None:
    assert lower_source(r"(?P<low>\S+)\s+Middle\B(?P=low)") == r"(?P<low>\S+)\s+middle\B(?P=low)"


def test_non_ascii_letters_in_a_case_blind_pattern_are_left_to_the_regex() -> None:
    strasse = FastPattern(re.compile("straße", re.I))
    assert strasse.literals is None and strasse.twin is strasse.pattern
    assert strasse.found("STRASSE") == bool(re.search("straße", "STRASSE", re.I))


@pytest.mark.parametrize("name", sorted(FAST))
@settings(max_examples=25, deadline=None)
@given(text=sentences(), lo=st.integers(0, 60), size=st.integers(0, 60))
def test_found_within_agrees_with_the_plain_pattern_on_the_part(
    name: str, text: str, lo: int, size: int
) -> None:
    fast = FAST[name]
    part = text[lo : lo + size]
    assert fast.open_for(text) is fast.open_for(text)  # the remembered verdict is the same
    assert fast.found_within(part, text) == bool(fast.pattern.search(part))
    assert fast.found(text) == bool(fast.pattern.search(text))  # the memo follows the text


def test_first_char_check_reads_the_characters_a_match_starts_with() -> None:
    checked = with_first_char_check(re.compile(r"\b(?:sen[dt]|(?:re)?deploy|x?troops?)\b"))
    assert checked.pattern.startswith("(?=[drstx])(?:")
    assert with_first_char_check(re.compile(r"a?")).pattern == "a?"  # may match empty
    assert with_first_char_check(re.compile(r"\w+")).pattern == r"\w+"  # any word character


@settings(max_examples=50, deadline=None)
@given(text=sentences(), pos=st.integers(0, 40))
def test_first_char_check_changes_no_match(text: str, pos: int) -> None:
    plain = re.compile(r"\b(?:will|would|n't|to\s+be)\b|;|—|'ll\b")
    checked = with_first_char_check(plain)
    assert spans(checked.finditer(text, pos)) == spans(plain.finditer(text, pos))


def test_an_ungated_pattern_runs_its_regex_and_finds_the_same() -> None:
    ungated = FastPattern(re.compile(r"\b(?:killed|wounded)\b", re.I), gate_pays=False)
    assert ungated.open_for("Troops arrived in Vilnius.")  # no pieces tested: always open
    assert not ungated.found("Troops arrived in Vilnius.")
    assert ungated.found_within("were KILLED", "Two were KILLED.")


def test_factoring_branches_a_groups_words_by_first_letter() -> None:
    assert factored_source(r"\b(?:troops|troop|men|tanks)\b") == r"\b(?:t(?:roops|roop|anks)|men)\b"
    assert factored_source(r"(?:ab|ac|\wd|ae|af)") == r"(?:a(?:b|c)|\wd|a(?:e|f))"
    assert factored_source(r"(?P<n>ab|ac)x") == r"(?P<n>a(?:b|c))x"


@pytest.mark.parametrize(
    "source",
    [
        r"(?i:ab|ac)",
        r"(?:a?b|ac)",
        r"(?:\wb|\wc)",
        r"(?:[ab]c|ad)",
        r"(?<=ab|ac)x",
        r"(ab|ac",
        r"[ab",
    ],
)
def test_factoring_leaves_what_it_cannot_regroup(source: str) -> None:
    assert factored_source(source) == source


# Alternatives over a tiny alphabet, so first letters collide and texts hit them often.
ALTERNATIVE = st.text(alphabet="ab", min_size=1, max_size=3)
QUANTIFIED = st.sampled_from(["", "?", "+", "*"])
# Alternatives that open otherwise: nothing may move across them.
BARRIERS = [r"\wb", "[ab]a", "(?:b|a)a", "(?:a|b)", " a"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(ALTERNATIVE, QUANTIFIED).map("".join) | st.sampled_from(BARRIERS),
        min_size=1,
        max_size=6,
    ),
    st.text(alphabet="ab ", max_size=20),
    st.sampled_from(["(?:{})", "(?:{})b", r"\b(?:{})\b", "(?P<g>{})|b"]),
)
def test_factored_source_matches_what_the_source_matches(
    alternatives: list[str], text: str, frame: str
) -> None:
    source = frame.format("|".join(alternatives))
    plain, factored = re.compile(source), re.compile(factored_source(source))
    assert spans(factored.finditer(text)) == spans(plain.finditer(text))
