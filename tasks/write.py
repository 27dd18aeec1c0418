"""The only code that writes Delta tables.

A run stages each batch as Parquet under `_staging/<run_id>/` and, at the end, merges every
staged table into its Delta table in one commit per table. Readers therefore never see half a
run, a crash mid-run leaves the tables at their previous version, and merging on each table's
key (schema.MERGE_KEYS) makes a re-run of the same sources add no rows.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from deltalake import DeltaTable, write_deltalake
from deltalake.exceptions import CommitFailedError
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.schema import MERGE_KEYS, TABLES

STAGING_DIR = "_staging"
# A staging folder this old belongs to a run that died, not to one still going.
STALE_STAGING = timedelta(hours=24)
# Tables merged at the end of a run, in this order: dedupe state first, so a crash between
# merges never leaves articles whose fingerprints a later run cannot see.
# fetch_log comes last: a crash before its merge only makes the next run fetch again, never
# marks a URL fetched whose article was not written.
RUN_TABLES = ("fingerprints", "articles", "claims", "quarantine", "fetch_log")
# Tables whose rows describe the latest state of their key (updated in place), not history.
UPSERT_TABLES = frozenset({"fetch_log"})


# Concurrent runs commit to the same tables and delta-rs refuses the later commit; retrying
# with jittered exponential back-off lets both land (measured: 0-3 retries with two runs).
COMMIT_ATTEMPTS = 10
COMMIT_BACKOFF_S = 0.1

# Builds a fresh reader per commit attempt: a RecordBatchReader can be read only once.
SourceFactory = Callable[[], pa.RecordBatchReader | pa.Table]


class WarehouseError(Exception):
    """The warehouse cannot be read or written; the message says which table and why."""


def table_path(warehouse: Path, name: str) -> Path:
    """Where table `name` lives, so every reader and writer agrees."""
    return Path(warehouse) / name


def to_arrow(rows: Iterable[dict[str, Any]], name: str) -> pa.Table:
    """Rows as an Arrow table of the table's schema (extra keys are ignored)."""
    schema = TABLES[name]
    rows = list(rows)
    columns = {f.name: [row.get(f.name) for row in rows] for f in schema}
    return pa.Table.from_pydict(columns, schema=schema)


def ensure_table(warehouse: Path, name: str) -> DeltaTable:
    """Open table `name`, creating it empty on first use so readers always find it."""
    path = table_path(warehouse, name)
    if not DeltaTable.is_deltatable(str(path)):
        path.mkdir(parents=True, exist_ok=True)
        try:
            write_deltalake(str(path), TABLES[name].empty_table(), mode="append")
        except Exception:  # another run may have created it a moment earlier: then all is well
            if not DeltaTable.is_deltatable(str(path)):
                raise
    return DeltaTable(str(path))


def read_table(
    warehouse: Path, name: str, columns: list[str] | None = None, where: pc.Expression | None = None
) -> pa.Table:
    """Current version of a table as Arrow; empty (with the schema) when it does not exist."""
    dataset = open_dataset(warehouse, name)
    if dataset is None:
        schema = TABLES[name]
        return schema.empty_table().select(columns) if columns else schema.empty_table()
    return dataset.to_table(columns=columns, filter=where)


def iter_batches(
    warehouse: Path, name: str, columns: list[str] | None = None
) -> Iterator[pa.RecordBatch]:
    """Stream a table batch by batch, so large tables never sit whole in memory."""
    dataset = open_dataset(warehouse, name)
    if dataset is not None:
        yield from dataset.to_batches(columns=columns)


def open_dataset(warehouse: Path, name: str) -> pads.Dataset | None:
    """A pyarrow dataset over the table's current files (the SubTreeFileSystem avoids
    delta-rs#2184's abort at interpreter exit)."""
    path = table_path(warehouse, name)
    if not DeltaTable.is_deltatable(str(path)):
        return None
    filesystem = pafs.SubTreeFileSystem(str(path.resolve()), pafs.LocalFileSystem())
    return DeltaTable(str(path)).to_pyarrow_dataset(filesystem=filesystem)


class Committed(NamedTuple):
    """A table's version after a commit, and how many rows that commit inserted."""

    version: int
    inserted: int


def merge_into(warehouse: Path, name: str, source: SourceFactory) -> Committed:
    """Insert the rows whose key the table does not hold yet (and, for UPSERT_TABLES, update
    the ones it does). A commit that lost a race with another run is merged again against
    the newer version: inserts on a key stay idempotent."""
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            return merge_once(warehouse, name, source())
        except CommitFailedError as exc:
            if attempt == COMMIT_ATTEMPTS:
                raise WarehouseError(
                    f"could not commit to table {name!r} after {attempt} attempts: other runs "
                    f"kept committing first ({exc}); run again, nothing was half-written"
                ) from exc
            time.sleep(random.uniform(0, COMMIT_BACKOFF_S * 2**attempt))
    raise AssertionError("unreachable")


def merge_once(warehouse: Path, name: str, source: pa.RecordBatchReader | pa.Table) -> Committed:
    """One MERGE commit; CommitFailedError when another writer committed first."""
    table = ensure_table(warehouse, name)
    key = MERGE_KEYS[name]
    try:
        merger = table.merge(
            source,
            predicate=f"target.{key} = source.{key}",
            source_alias="source",
            target_alias="target",
            # A column added to a schema since the table was made (claims' confidence) is
            # added to the table, so an old warehouse keeps working.
            merge_schema=True,
        )
        if name in UPSERT_TABLES:
            merger = merger.when_matched_update_all()
        metrics = merger.when_not_matched_insert_all().execute()
    except CommitFailedError:
        raise
    except Exception as exc:  # delta-rs raises several types; keep the reason
        raise WarehouseError(
            f"could not merge into table {name!r} at {table.table_uri}: {exc}"
        ) from exc
    return Committed(table.version(), int(metrics.get("num_target_rows_inserted", 0)))


@dataclass
class RunWriter:
    """Stages one run's rows and commits them at the end; keeps keys seen this run so a source
    named twice in one run is written once."""

    warehouse: Path
    run_id: str
    staged: dict[str, int] = field(default_factory=dict)
    seen: dict[str, set[str]] = field(default_factory=dict)
    # Rows each table really gained at commit: fewer than staged when a concurrent run
    # committed the same keys first.
    inserted: dict[str, int] = field(default_factory=dict)

    @property
    def staging(self) -> Path:
        return Path(self.warehouse) / STAGING_DIR / self.run_id

    def stage(self, name: str, rows: Iterable[dict[str, Any]]) -> int:
        """Park a batch of rows for table `name`; returns how many were new this run."""
        fresh = self._unseen(name, rows)
        if not fresh:
            return 0
        folder = self.staging / name
        folder.mkdir(parents=True, exist_ok=True)
        part = self.staged.get(name, 0)
        pq.write_table(to_arrow(fresh, name), folder / f"part-{part:06d}.parquet")
        self.staged[name] = part + 1
        return len(fresh)

    def _unseen(self, name: str, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        key, seen = MERGE_KEYS[name], self.seen.setdefault(name, set())
        fresh = []
        for row in rows:
            if row[key] not in seen:
                seen.add(row[key])
                fresh.append(row)
        return fresh

    def commit(self) -> dict[str, int]:
        """Merge every staged table into the warehouse; returns each table's new version."""
        committed = {name: self._commit_table(name) for name in RUN_TABLES}
        self.inserted = {name: c.inserted for name, c in committed.items()}
        versions = {name: c.version for name, c in committed.items()}
        shutil.rmtree(self.staging, ignore_errors=True)
        with contextlib.suppress(OSError):  # still in use by a concurrent run: leave it
            self.staging.parent.rmdir()
        return versions

    def _commit_table(self, name: str) -> Committed:
        folder = self.staging / name
        if not folder.exists():
            return Committed(ensure_table(self.warehouse, name).version(), 0)
        dataset = pads.dataset(folder, format="parquet", schema=TABLES[name])
        return merge_into(self.warehouse, name, lambda: dataset.scanner().to_reader())

    def record_run(
        self,
        started_at: datetime,
        sources: list[str],
        counts: dict[str, int],
        versions: dict[str, int],
        extractor_version: str,
    ) -> int:
        """Append this run's row to `runs`; returns that table's new version."""
        row = {
            "run_id": self.run_id,
            "started_at": started_at,
            "ended_at": datetime.now(UTC),
            "sources": list(sources),
            "counts": json.dumps(counts, sort_keys=True),
            "table_versions": json.dumps(versions, sort_keys=True),
            "extractor_version": extractor_version,
        }
        return merge_into(self.warehouse, "runs", lambda: to_arrow([row], "runs")).version


def discard_stale_staging(warehouse: Path, older_than: timedelta = STALE_STAGING) -> list[str]:
    """Remove staging folders left by crashed runs (their rows were never committed); young
    ones may belong to a run still going, so they stay."""
    root = Path(warehouse) / STAGING_DIR
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    for folder in root.iterdir() if root.exists() else ():
        if folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


@task(name="write", cache_policy=NO_CACHE)
def write(writer: RunWriter, tables: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Stage one batch's rows for every table; returns how many rows were new per table."""
    return {name: writer.stage(name, rows) for name, rows in tables.items()}
