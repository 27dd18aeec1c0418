"""Sentence splitting keeps exact offsets and does not break at abbreviations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.extract.sentences import split_sentences


@given(st.text(alphabet=st.sampled_from('ab U.S. Gen. ?!\n"”Xy3,'), max_size=200))
def test_offsets_are_exact(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_abbreviations_do_not_end_sentences() -> None:
    text = "U.S. troops met Gen. Smith. Lloyd J. Austin said so.\nNext line"
    assert [s.text for s in split_sentences(text)] == [
        "U.S. troops met Gen. Smith.",
        "Lloyd J. Austin said so.",
        "Next line",
    ]
