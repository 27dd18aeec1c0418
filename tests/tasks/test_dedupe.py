"""Dedupe with real MinHash LSH: exact copies, syndicated copies, memory across runs."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.dedupe import (
    DedupeIndex,
    dedupe_batch,
    estimated_jaccard,
    fingerprints_from_batch,
    shingle_hashes,
)
from tasks.schema import FINGERPRINTS, Article, Fingerprint, stable_id
from tasks.settings import DedupeSettings

STORY = """Coastal patrol force moves north as fishing dispute grows

HALDEN, 2 April 2026 — Norway will move a company of 140 coastal rangers to the island of
Andøya next month, the defence ministry said on Thursday, after a winter of disputes between
fishing crews and foreign trawlers in the waters off Vesterålen.

The rangers, who normally train at a base near Bergen, will stay on the island for at least
six months and will be supported by two patrol boats and a small team of drone operators.
Officials said the move was meant to reassure local communities and to give the coast guard
more eyes on the fishing grounds during the busy spring season.

Local mayors had asked the government for a stronger presence since January, when a trawler
cut the nets of three small boats from the island and left the area before inspectors could
reach it. "People here want to see that the state takes the sea seriously," one mayor said.

The ministry stressed that the rangers would not board foreign vessels themselves. That task
remains with the coast guard, which plans to add a second inspection ship to the region in
the summer. Fishing organisations welcomed the decision but asked for clearer rules on who
may fish where once the quota season opens in May."""

FURNITURE_COPY = """Rangers head to Andøya to calm tensions at sea | Northern Wire

Share this: Facebook | X | Email
By Northern Wire staff · 2 April 2026

HALDEN, 2 April 2026 — Norway will move a company of 140 coastal rangers to the island of
Andøya next month, the defence ministry said on Thursday, after a winter of disputes between
fishing crews and foreign trawlers in the waters off Vesterålen.

The rangers, who normally train at a base near Bergen, will stay on the island for at least
six months and will be supported by two patrol boats and a small team of drone operators.
Officials said the move was meant to reassure local communities and to give the coast guard
more eyes on the fishing grounds during the busy spring season.

Local mayors had asked the government for a stronger presence since January, when a trawler
cut the nets of three small boats from the island and left the area before inspectors could
reach it. "People here want to see that the state takes the sea seriously," one mayor said.

The ministry stressed that the rangers would not board foreign vessels themselves. That task
remains with the coast guard, which plans to add a second inspection ship to the region in
the summer. Fishing organisations welcomed the decision but asked for clearer rules on who
may fish where once the quota season opens in May.

Related: Quota talks stall in Brussels · Salmon prices hit record · Ferry strike ends"""

SAME_TOPIC_OTHER_STORY = """Norway sends coastal rangers to Finnmark for border training

VARDØ, 14 September 2025 — Norway has sent about 200 coastal rangers to Finnmark for three
weeks of training near the Russian border, the armed forces said on Monday, the largest such
exercise in the county for a decade.

The rangers arrived by ship and will practise landing on the rocky shore east of Vardø with
the home guard and the border guard. Officers said the exercise had been planned for a year
and was not linked to any incident at sea or on land.

Residents of Vardø said they were used to soldiers in town during the autumn. The municipal
council asked the defence ministry to use local suppliers for food and fuel, which the ministry
promised to consider for future exercises in the county.

The armed forces said the rangers would return to their base near Bergen in early October. A
second exercise with allied marines is planned for the winter, when conditions on the coast
are harder and the days are short."""


def article(source: str, text: str, *, content_hash: str | None = None) -> Article:
    """An article as clean would make it: id from source and text, hash from text."""
    digest = content_hash or stable_id("content", text)
    return Article(
        article_id=stable_id(source, digest),
        content_hash=digest,
        source_uri=source,
        title=text.splitlines()[0] if text else None,
        published_at=None,
        text=text,
        run_id="run-1",
    )


def with_sentence(text: str, sentence: str) -> str:
    """The text with one more paragraph, as a syndicating site might add."""
    return f"{text}\n\n{sentence}"


@pytest.fixture
def index() -> DedupeIndex:
    return DedupeIndex(DedupeSettings())


def test_exact_copy_points_at_the_first_article(index: DedupeIndex) -> None:
    first, copy = article("a.txt", STORY), article("b.txt", STORY)
    marked, fingerprints = dedupe_batch([first, copy], index)
    assert [a.duplicate_of for a in marked] == [None, first.article_id]
    assert [f.article_id for f in fingerprints] == [first.article_id, copy.article_id]


def test_syndicated_copy_with_page_furniture_is_a_near_duplicate(index: DedupeIndex) -> None:
    original = article("wire.txt", STORY)
    extended = with_sentence(FURNITURE_COPY, "The Sami parliament asked to be consulted too.")
    copy = article("portal.html", extended)
    marked, _ = dedupe_batch([original, copy], index)
    assert original.content_hash != copy.content_hash
    assert marked[1].duplicate_of == original.article_id


def test_two_stories_on_one_topic_are_not_merged(index: DedupeIndex) -> None:
    marked, _ = dedupe_batch(
        [article("a.txt", STORY), article("b.txt", SAME_TOPIC_OTHER_STORY)], index
    )
    assert [a.duplicate_of for a in marked] == [None, None]


def test_a_copy_of_a_duplicate_points_at_the_canonical_article(index: DedupeIndex) -> None:
    first = article("a.txt", STORY)
    second = article("b.txt", with_sentence(STORY, "Fishing crews plan a meeting on Friday."))
    third = article("c.txt", with_sentence(second.text, "The meeting will be held in Andenes."))
    marked, fingerprints = dedupe_batch([first, second, third], index)
    assert [a.duplicate_of for a in marked] == [None, first.article_id, first.article_id]
    assert fingerprints[2].duplicate_of == first.article_id


def test_rerun_keeps_duplicate_of_and_emits_no_fingerprint(index: DedupeIndex) -> None:
    batch = [article("a.txt", STORY), article("b.html", FURNITURE_COPY)]
    first_marks, first_prints = dedupe_batch(batch, index)
    again_marks, again_prints = dedupe_batch(batch, index)
    assert len(first_prints) == 2
    assert again_prints == []
    assert [a.duplicate_of for a in again_marks] == [a.duplicate_of for a in first_marks]


def as_record_batch(fingerprints: list[Fingerprint]) -> pa.RecordBatch:
    """Fingerprints as the warehouse table holds them."""
    return pa.RecordBatch.from_pylist([f.row() for f in fingerprints], schema=FINGERPRINTS)


def test_a_later_run_remembers_articles_from_the_warehouse() -> None:
    original, copy = article("a.txt", STORY), article("b.html", FURNITURE_COPY)
    _, stored = dedupe_batch([original, copy], DedupeIndex())

    later = DedupeIndex()
    later.remember(fingerprints_from_batch(as_record_batch(stored)))
    marked, fingerprints = dedupe_batch(
        [article("c.txt", STORY), copy, article("d.txt", SAME_TOPIC_OTHER_STORY)], later
    )
    assert [a.duplicate_of for a in marked] == [original.article_id, original.article_id, None]
    assert len(fingerprints) == 2  # the copy was already known


def test_fingerprints_survive_the_arrow_round_trip(index: DedupeIndex) -> None:
    _, stored = dedupe_batch([article("a.txt", STORY)], index)
    assert fingerprints_from_batch(as_record_batch(stored)) == stored


def test_remember_rejects_sketches_of_another_size() -> None:
    wide = DedupeIndex(DedupeSettings(num_perm=128))
    _, stored = dedupe_batch([article("a.txt", STORY)], wide)
    with pytest.raises(ValueError, match="num_perm"):
        DedupeIndex(DedupeSettings(num_perm=64)).remember(stored)


def test_texts_shorter_than_a_shingle_still_compare(index: DedupeIndex) -> None:
    short = article("a.txt", "Troops arrive")
    other = article("b.txt", "Troops leave")
    recased = article("c.txt", "TROOPS ARRIVE!")
    marked, fingerprints = dedupe_batch([short, other, recased], index)
    assert [a.duplicate_of for a in marked] == [None, None, short.article_id]
    assert len(fingerprints) == 3


def test_texts_without_words_are_only_exact_duplicates(index: DedupeIndex) -> None:
    marked, _ = dedupe_batch([article("a", "..."), article("b", "!!"), article("c", "...")], index)
    assert [a.duplicate_of for a in marked] == [None, None, marked[0].article_id]


def test_shingle_hashes_depend_on_word_order() -> None:
    forward = shingle_hashes("one two three four five six", 5)
    backward = shingle_hashes("six five four three two one", 5)
    assert set(forward.tolist()).isdisjoint(backward.tolist())


def test_sketch_estimates_jaccard_of_shingles(index: DedupeIndex) -> None:
    exact = len(
        set(shingle_hashes(STORY, 5).tolist()) & set(shingle_hashes(FURNITURE_COPY, 5).tolist())
    ) / len(
        set(shingle_hashes(STORY, 5).tolist()) | set(shingle_hashes(FURNITURE_COPY, 5).tolist())
    )
    estimate = estimated_jaccard(
        index.sketch(STORY).hashvalues, index.sketch(FURNITURE_COPY).hashvalues
    )
    assert abs(estimate - exact) < 0.15  # 64 permutations: standard error about 0.06


words = st.text(alphabet="abcdefghij", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_article_is_a_duplicate_of_its_exact_copy(text: str) -> None:
    original, copy = article("a", text), article("b", text)
    marked, _ = dedupe_batch([original, copy], DedupeIndex())
    assert marked[1].duplicate_of == original.article_id


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=80))
def test_a_copy_differing_only_in_case_and_punctuation_is_a_near_duplicate(
    tokens: list[str],
) -> None:
    text = " ".join(tokens)
    variant = "— " + " , ".join(token.upper() for token in tokens) + " !"
    original, copy = article("a", text), article("b", variant)
    marked, _ = dedupe_batch([original, copy], DedupeIndex())
    assert original.content_hash != copy.content_hash
    assert marked[1].duplicate_of == original.article_id


def dev_articles(docs: Path) -> list[Article]:
    """The shared dev documents as articles, title line first as clean would keep it."""
    return [article(path.name, path.read_text(encoding="utf-8")) for path in sorted(docs.iterdir())]


def test_dev_stories_on_shared_topics_stay_apart(dev_docs: Path) -> None:
    marked, fingerprints = dedupe_batch(dev_articles(dev_docs), DedupeIndex())
    by_id = {a.article_id: a.source_uri for a in marked}
    merged = {a.source_uri: by_id[a.duplicate_of] for a in marked if a.duplicate_of}
    # Only the longer AP reprint may join its original; rewrites by other outlets stay apart.
    assert set(merged.items()) <= {("r006.txt", "r005.txt")}
    assert len(fingerprints) == len(marked)
