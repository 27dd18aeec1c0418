"""Validation with real Great Expectations suites loaded from the committed JSON files."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycountry
import pytest

from tasks.schema import ORGANISATIONS, Article, Claim, claim_row, stable_id
from tasks.validate import (
    EXPECTATIONS_DIR,
    SuiteError,
    articles_suite,
    claims_suite,
    load_suite_config,
    validate_articles,
    validate_claims,
    warm_up,
    write_suites,
)

TEXT = (
    "Chile sends engineers to Haiti\n\n"
    "Chile will send 120 military engineers to Haiti next month, officials said. "
    "The team will repair roads near the capital."
)
EVIDENCE = "Chile will send 120 military engineers to Haiti next month, officials said."
START = TEXT.index(EVIDENCE)
TEXTS = {"art-1": TEXT}
SOURCES = {"art-1": "file:///news/chile.txt"}


@pytest.fixture(scope="module", autouse=True)
def gx_loaded() -> None:
    """Import GX and load both suites once for the whole module (it takes seconds)."""
    warm_up()


def claim(**changes: Any) -> dict[str, Any]:
    """A valid claims row, with the given fields changed."""
    fields: dict[str, Any] = {
        "actor": "CHL",
        "location": "HTI",
        "action": "deploy",
        "status": "planned",
        "troops": 120,
        "troops_text": "120",
        "evidence": EVIDENCE,
        "char_start": START,
        "char_end": START + len(EVIDENCE),
    }
    fields.update(changes)
    return claim_row(Claim(**fields), "art-1", "test-extractor", "run-1")


def reasons(rows: list[dict[str, Any]]) -> list[str]:
    _, quarantined = validate_claims(rows, TEXTS, SOURCES)
    return [q.reason for q in quarantined]


def test_a_valid_claim_passes() -> None:
    good = claim()
    passed, quarantined = validate_claims([good], TEXTS, SOURCES)
    assert passed == [good]
    assert quarantined == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"actor": "XXX"}, "expect_column_values_to_be_in_set(actor): 'XXX' is not an ISO"),
        ({"location": "NATO"}, "expect_column_values_to_be_in_set(location): 'NATO'"),
        ({"action": "patrol"}, "expect_column_values_to_be_in_set(action): 'patrol'"),
        ({"status": "rumoured"}, "expect_column_values_to_be_in_set(status): 'rumoured'"),
        ({"troops": 0}, "expect_column_values_to_be_between(troops): 0 is outside"),
        ({"troops": 2_000_001}, "expect_column_values_to_be_between(troops): 2000001"),
        (
            {"char_start": START + 1},
            "expect_column_values_to_be_in_set(evidence_matches_text): 'Chile will",
        ),
        (
            {"char_end": START},
            "expect_column_pair_values_a_to_be_greater_than_b(char_end, char_start)",
        ),
    ],
)
def test_each_bad_value_is_quarantined_with_the_failing_expectation(
    changes: dict[str, Any], expected: str
) -> None:
    good, bad = claim(troops=7), claim(**changes)
    passed, quarantined = validate_claims([good, bad], TEXTS, SOURCES)
    assert passed == [good]
    assert len(quarantined) == 1
    assert quarantined[0].reason.startswith(expected) or expected in quarantined[0].reason
    assert quarantined[0].stage == "validate"
    assert quarantined[0].target == "claims"
    assert quarantined[0].source_uri == SOURCES["art-1"]
    assert json.loads(quarantined[0].payload or "{}") == bad


def test_missing_troops_is_allowed() -> None:
    assert reasons([claim(troops=None, troops_text=None)]) == []


def test_every_state_and_organisation_is_an_actor() -> None:
    actors = [c.alpha_3 for c in pycountry.countries] + ["XKX", *ORGANISATIONS]
    rows = [claim(actor=actor) for actor in actors]
    passed, quarantined = validate_claims(rows, TEXTS, SOURCES)
    assert len(passed) == len(rows)
    assert quarantined == []


def test_organisations_are_not_locations() -> None:
    found = reasons([claim(location=org) for org in ORGANISATIONS])
    assert len(found) == len(ORGANISATIONS)


def test_a_repeated_claim_id_keeps_the_first_row_only() -> None:
    first = claim()
    repeat = {**first, "run_id": "run-2"}
    passed, quarantined = validate_claims([first, repeat], TEXTS, SOURCES)
    assert passed == [first]
    assert ["repeats a claim_id" in q.reason for q in quarantined] == [True]


def test_evidence_from_an_unknown_article_fails() -> None:
    stray = {**claim(), "article_id": "art-404", "claim_id": stable_id("stray")}
    _, quarantined = validate_claims([stray], TEXTS, SOURCES)
    assert "evidence_matches_text" in quarantined[0].reason
    assert quarantined[0].source_uri == "article:art-404"


def test_a_row_failing_two_expectations_lists_both() -> None:
    found = reasons([claim(actor="ZZZ", status="maybe")])
    assert len(found) == 1
    assert "(actor)" in found[0] and "(status)" in found[0]


def test_an_expectation_that_cannot_run_rejects_the_batch_not_the_process() -> None:
    found = reasons([claim(troops="many"), claim(troops=5)])
    assert len(found) == 2
    assert all("could not be evaluated" in reason for reason in found)


def article(article_id: str, text: str, **changes: Any) -> Article:
    fields: dict[str, Any] = {
        "article_id": article_id,
        "content_hash": stable_id("hash", text),
        "source_uri": f"file:///news/{article_id}.txt",
        "title": "Headline",
        "published_at": datetime(2026, 1, 5, 8, 30, tzinfo=UTC),
        "text": text,
        "run_id": "run-1",
    }
    fields.update(changes)
    return Article(**fields)


def test_good_articles_pass_and_bad_ones_say_why() -> None:
    good = article("a", "Headline\n\nBody text.")
    empty = article("b", "")
    no_hash = article("c", "Headline\n\nOther text.", content_hash=None)
    repeat = article("a", "Headline\n\nBody text.", source_uri="file:///news/copy.txt")
    passed, quarantined = validate_articles([good, empty, no_hash, repeat])
    assert passed == [good]
    found = {q.source_uri: q.reason for q in quarantined}
    assert found["file:///news/b.txt"].startswith("expect_column_value_lengths_to_be_between(text)")
    assert found["file:///news/c.txt"].startswith(
        "expect_column_values_to_not_be_null(content_hash)"
    )
    assert "repeats an article_id" in found["file:///news/copy.txt"]
    payload = json.loads(next(q.payload for q in quarantined if "b.txt" in q.source_uri) or "")
    assert payload["published_at"] == "2026-01-05T08:30:00+00:00"


def test_empty_batches_skip_great_expectations() -> None:
    assert validate_articles([]) == ([], [])
    assert validate_claims([], {}, {}) == ([], [])


def test_a_batch_of_500_claims_validates_quickly() -> None:
    rows = [claim(troops=n) for n in range(1, 501)]
    validate_claims(rows, TEXTS, SOURCES)
    started = time.perf_counter()
    passed, _ = validate_claims(rows, TEXTS, SOURCES)
    assert time.perf_counter() - started < 0.5
    assert len(passed) == 500


def test_no_progress_bars_are_printed(capfd: pytest.CaptureFixture[str]) -> None:
    validate_claims([claim()], TEXTS, SOURCES)
    captured = capfd.readouterr()
    assert "Calculating Metrics" not in captured.err + captured.out


def committed_value_set(suite: dict[str, Any], column: str) -> list[str]:
    (entry,) = [
        e
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == column
    ]
    return list(entry["kwargs"]["value_set"])


def test_committed_country_list_matches_pycountry() -> None:
    withdrawn = {"SUN", "YUG", "CSK", "DDR", "VDR", "YMD"}  # ISO 3166-3, kept by CLAIMS.md
    current = sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"} | withdrawn)
    suite = load_suite_config("claims")
    assert sorted(committed_value_set(suite, "location")) == current
    assert sorted(committed_value_set(suite, "actor")) == sorted([*current, *ORGANISATIONS])


def test_committed_suites_are_what_the_builders_produce() -> None:
    assert load_suite_config("claims") == claims_suite()
    assert load_suite_config("articles") == articles_suite()


def test_write_suites_round_trips(tmp_path: Path) -> None:
    write_suites(tmp_path)
    assert load_suite_config("claims", tmp_path) == load_suite_config("claims", EXPECTATIONS_DIR)


def test_a_missing_suite_file_says_how_to_regenerate(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match=r"python -m tasks\.validate"):
        load_suite_config("claims", tmp_path)
