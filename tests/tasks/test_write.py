"""The writer against real Delta tables in a temporary folder."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from deltalake import DeltaTable

from tasks.schema import TABLES, QuarantineRow
from tasks.write import (
    RUN_TABLES,
    STAGING_DIR,
    RunWriter,
    discard_stale_staging,
    read_table,
    to_arrow,
)


def quarantine_rows(count: int, run_id: str) -> list[dict]:
    return [
        QuarantineRow(f"file:///in/{i}.bin", "fetch", "source", f"reason {i}", None, run_id).row()
        for i in range(count)
    ]


def test_commit_creates_every_run_table_even_when_empty(tmp_path: Path) -> None:
    writer = RunWriter(tmp_path, "run-1")
    writer.stage("quarantine", quarantine_rows(3, "run-1"))
    versions = writer.commit()
    assert set(versions) == set(RUN_TABLES)
    assert read_table(tmp_path, "quarantine").num_rows == 3
    assert read_table(tmp_path, "claims").schema == TABLES["claims"]
    assert not (tmp_path / STAGING_DIR).exists()


def test_second_commit_of_the_same_rows_adds_no_rows_and_no_version(tmp_path: Path) -> None:
    first = RunWriter(tmp_path, "run-1")
    first.stage("quarantine", quarantine_rows(5, "run-1"))
    v1 = first.commit()["quarantine"]
    second = RunWriter(tmp_path, "run-2")
    second.stage("quarantine", quarantine_rows(5, "run-2"))
    v2 = second.commit()["quarantine"]
    table = read_table(tmp_path, "quarantine")
    assert table.num_rows == 5
    assert set(table.column("run_id").to_pylist()) == {"run-1"}
    assert v2 == v1  # nothing new: no empty commit
    assert (first.inserted["quarantine"], second.inserted["quarantine"]) == (5, 0)
    assert DeltaTable(str(tmp_path / "quarantine"), version=0).version() == 0


def test_a_key_staged_twice_in_one_run_is_written_once(tmp_path: Path) -> None:
    writer = RunWriter(tmp_path, "run-1")
    assert writer.stage("quarantine", quarantine_rows(4, "run-1")) == 4
    assert writer.stage("quarantine", quarantine_rows(6, "run-1")) == 2
    writer.commit()
    assert read_table(tmp_path, "quarantine").num_rows == 6


def test_staged_rows_are_invisible_until_commit(tmp_path: Path) -> None:
    RunWriter(tmp_path, "run-0").commit()
    before = DeltaTable(str(tmp_path / "quarantine")).version()
    crashed = RunWriter(tmp_path, "run-1")
    crashed.stage("quarantine", quarantine_rows(3, "run-1"))
    assert DeltaTable(str(tmp_path / "quarantine")).version() == before
    assert read_table(tmp_path, "quarantine").num_rows == 0


def test_record_run_appends_one_row_per_run(tmp_path: Path) -> None:
    for run_id in ("a", "b"):
        writer = RunWriter(tmp_path, run_id)
        versions = writer.commit()
        writer.record_run(datetime.now(UTC), ["x"], {"sources": 1}, versions, "test-0")
    runs = read_table(tmp_path, "runs")
    assert sorted(runs.column("run_id").to_pylist()) == ["a", "b"]


def test_read_table_of_a_missing_table_is_empty_with_its_schema(tmp_path: Path) -> None:
    table = read_table(tmp_path, "articles", ["article_id", "text"])
    assert table.num_rows == 0
    assert table.column_names == ["article_id", "text"]


def test_stale_staging_is_removed_and_young_staging_kept(tmp_path: Path) -> None:
    old, young = tmp_path / STAGING_DIR / "old", tmp_path / STAGING_DIR / "young"
    old.mkdir(parents=True)
    young.mkdir()
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (day_ago, day_ago))
    assert discard_stale_staging(tmp_path) == ["old"]
    assert young.exists()


def test_to_arrow_refuses_rows_that_break_the_schema() -> None:
    with pytest.raises((TypeError, ValueError)):
        to_arrow([{"quarantine_id": "q", "source_uri": 5, "stage": None}], "quarantine")


def test_fingerprints_keep_full_32_bit_hash_values(tmp_path: Path) -> None:
    from tasks.schema import Fingerprint

    values = (0, 2**31, 2**32 - 1)
    writer = RunWriter(tmp_path, "run-1")
    writer.stage("fingerprints", [Fingerprint("a", "h", None, values, "run-1").row()])
    writer.commit()
    stored = read_table(tmp_path, "fingerprints").column("minhash").to_pylist()
    assert stored == [list(values)]
