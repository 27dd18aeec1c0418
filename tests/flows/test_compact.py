"""The `compact` flow on a warehouse two real ingest runs wrote: fewer files, same rows, and
time travel kept exactly as far back as the retention says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.fs as pafs
import pytest
from deltalake import DeltaTable
from typer.testing import CliRunner

from flows.cli import app
from flows.compact import compact
from flows.ingest import ingest
from tasks.compact import CompactError, compact_warehouse
from tasks.write import read_table

FIRST = {
    "spain.txt": "Spain to reinforce Latvia\n\nSpain will send 350 soldiers to Latvia in "
    "the spring, the defence minister told parliament.",
}
SECOND = {
    "canada.txt": "Canada extends mission\n\nCanada will deploy 2,200 troops to Latvia by "
    "2026, the prime minister announced in Riga.",
}


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rows_at(table: Path, version: int | None = None) -> int:
    """Rows of a table version, read through its files (so vacuumed files fail the read)."""
    delta = DeltaTable(str(table), version=version)
    fs = pafs.SubTreeFileSystem(str(table.resolve()), pafs.LocalFileSystem())
    return int(delta.to_pyarrow_dataset(filesystem=fs).to_table().num_rows)


@pytest.fixture(scope="module")
def twice_ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse after two ingest runs that each added claims (two data files per table)."""
    root = tmp_path_factory.mktemp("compact")
    warehouse = root / "warehouse"
    ingest(sources=[str(write_articles(root / "first", FIRST))], warehouse=str(warehouse))
    ingest(sources=[str(write_articles(root / "second", SECOND))], warehouse=str(warehouse))
    return warehouse


@pytest.fixture
def warehouse(twice_ingested: Path, tmp_path: Path) -> Path:
    """A private copy, since compaction changes the tables."""
    return Path(shutil.copytree(twice_ingested, tmp_path / "warehouse"))


def test_compaction_leaves_one_file_and_keeps_every_row(warehouse: Path) -> None:
    claims_before = read_table(warehouse, "claims").sort_by("claim_id")
    files_before = len(DeltaTable(str(warehouse / "claims")).file_uris())
    assert files_before >= 2, "two runs should have written at least two files"
    result = compact(warehouse=str(warehouse), retention_hours=168)
    figures = result["tables"]["claims"]
    assert figures["files_before"] == files_before
    assert figures["files_after"] == len(DeltaTable(str(warehouse / "claims")).file_uris()) == 1
    assert figures["version_after"] > figures["version_before"]
    assert read_table(warehouse, "claims").sort_by("claim_id").equals(claims_before)
    assert set(result["tables"]) >= {"articles", "claims", "quarantine", "runs", "fingerprints"}


def test_long_retention_keeps_earlier_versions_readable(warehouse: Path) -> None:
    first_run_version = 1
    rows_then = rows_at(warehouse / "claims", first_run_version)
    compact(warehouse=str(warehouse), retention_hours=168)
    assert rows_at(warehouse / "claims", first_run_version) == rows_then
    assert rows_then < rows_at(warehouse / "claims")


def test_zero_retention_frees_old_files_and_ends_time_travel_there(warehouse: Path) -> None:
    current = rows_at(warehouse / "claims")
    result = compact_warehouse(warehouse, retention_hours=0)
    figures = result["tables"]["claims"]
    assert figures["files_vacuumed"] >= 2
    assert figures["files_on_disk_after"] == figures["files_after"] == 1
    assert rows_at(warehouse / "claims") == current
    with pytest.raises(OSError, match="No such file"):
        rows_at(warehouse / "claims", 1)


def test_a_second_compaction_has_nothing_left_to_do(warehouse: Path) -> None:
    compact_warehouse(warehouse, retention_hours=0)
    again = compact_warehouse(warehouse, retention_hours=0)["tables"]["claims"]
    assert again["files_before"] == again["files_after"] == 1
    assert again["files_vacuumed"] == 0


def test_missing_warehouse_and_negative_retention_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CompactError, match="--warehouse"):
        compact_warehouse(tmp_path / "nowhere", retention_hours=168)
    with pytest.raises(CompactError, match="0 or more"):
        compact_warehouse(tmp_path, retention_hours=-1)


def test_muster_compact_prints_each_table(warehouse: Path) -> None:
    done = CliRunner().invoke(
        app, ["compact", "--warehouse", str(warehouse), "--retention-hours", "0"]
    )
    assert done.exit_code == 0, done.output
    for name in ("articles", "claims", "runs"):
        assert name in done.output
    assert len(DeltaTable(str(warehouse / "claims")).file_uris()) == 1


def test_muster_compact_on_a_missing_warehouse_says_what_to_pass(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["compact", "--warehouse", str(tmp_path / "nowhere")])
    assert done.exit_code == 1
    assert "is not a folder" in done.output and "--warehouse" in done.output
