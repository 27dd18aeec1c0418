"""Compaction, checkpoints and vacuum: with write.py, the only code that changes Delta tables.

Every ingest run adds at least one small Parquet file per table; over months that makes reads
slow. Compaction rewrites them into few large files, a checkpoint spares readers from replaying
the whole transaction log, and vacuum deletes the files no version inside the retention window
still needs. Versions older than the retention can no longer be read back (time travel ends
there).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from deltalake import DeltaTable
from prefect import task
from prefect.cache_policies import NO_CACHE

# Delta's own default for keeping unreferenced files (delta.deletedFileRetentionDuration):
# below it, vacuum refuses to run unless told that the shorter window is intended.
DELTA_DEFAULT_RETENTION_HOURS = 168
LOG_FOLDER = "_delta_log"


class CompactError(Exception):
    """The warehouse, or one of its tables, could not be compacted; the message says which."""


@dataclass
class TableFigures:
    """What compaction did to one table, for the flow's result and its artifact."""

    table: str
    version_before: int
    version_after: int
    files_before: int
    files_after: int
    files_on_disk_before: int
    files_on_disk_after: int
    files_vacuumed: int

    def row(self) -> dict[str, Any]:
        return asdict(self)


def delta_tables(warehouse: Path) -> list[Path]:
    """The warehouse's Delta tables, so folders such as the writer's staging area are skipped."""
    if not warehouse.is_dir():
        raise CompactError(
            f"warehouse {str(warehouse)!r} is not a folder: pass the --warehouse that "
            "`muster run` wrote to"
        )
    folders = sorted(p for p in warehouse.iterdir() if p.is_dir())
    return [p for p in folders if DeltaTable.is_deltatable(str(p))]


def parquet_files_on_disk(path: Path) -> int:
    """Data files present in the folder, referenced or not, which is what vacuum reduces."""
    return sum(1 for p in path.rglob("*.parquet") if LOG_FOLDER not in p.parts)


def vacuum_table(table: DeltaTable, path: Path, retention_hours: int) -> int:
    """Delete data files no version within `retention_hours` needs; returns how many went
    (counted on disk: delta-rs also lists files an earlier vacuum already deleted)."""
    before = parquet_files_on_disk(path)
    table.vacuum(
        retention_hours=retention_hours,
        dry_run=False,
        enforce_retention_duration=retention_hours >= DELTA_DEFAULT_RETENTION_HOURS,
    )
    return before - parquet_files_on_disk(path)


def compact_table(path: Path, retention_hours: int) -> TableFigures:
    """Compact, checkpoint and vacuum one table; returns its figures."""
    table = DeltaTable(str(path))
    version_before, files_before = table.version(), len(table.file_uris())
    on_disk_before = parquet_files_on_disk(path)
    table.optimize.compact()
    table.create_checkpoint()
    vacuumed = vacuum_table(table, path, retention_hours)
    table.update_incremental()
    return TableFigures(
        table=path.name,
        version_before=version_before,
        version_after=table.version(),
        files_before=files_before,
        files_after=len(table.file_uris()),
        files_on_disk_before=on_disk_before,
        files_on_disk_after=parquet_files_on_disk(path),
        files_vacuumed=vacuumed,
    )


def check_retention(retention_hours: int) -> None:
    """Refuse a negative window, which Delta would read as 'delete everything'."""
    if retention_hours < 0:
        raise CompactError(
            f"retention_hours is {retention_hours}: give 0 or more hours of history to keep"
        )


def compact_warehouse(warehouse: Path, retention_hours: int) -> dict[str, Any]:
    """Compact every table, carrying on past a failing one; returns figures and failures."""
    check_retention(retention_hours)
    figures: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}
    for path in delta_tables(warehouse):
        try:
            figures[path.name] = compact_table(path, retention_hours).row()
        except Exception as exc:  # delta-rs raises several types; keep the reason per table
            failures[path.name] = f"{type(exc).__name__}: {exc}"
    return {
        "warehouse": str(warehouse),
        "retention_hours": retention_hours,
        "tables": figures,
        "failures": failures,
    }


@task(name="compact-warehouse", cache_policy=NO_CACHE)
def compact_warehouse_task(warehouse: str, retention_hours: int) -> dict[str, Any]:
    """Prefect wrapper: compaction shows up as a task run with its own logs."""
    return compact_warehouse(Path(warehouse), retention_hours)
