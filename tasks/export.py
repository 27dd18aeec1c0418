"""`muster export`: one warehouse table, filtered, as CSV, Parquet or JSON lines.

Spreadsheets and R read these formats without a Delta Lake reader. Tables are read through
a pyarrow dataset (never `DeltaTable.to_pandas()`, which can abort at exit: delta-rs#2184),
filtered with pyarrow compute and written with pyarrow's own writers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from tasks.schema import MERGE_KEYS, TABLES
from tasks.write import open_dataset, table_path

FORMATS = ("csv", "parquet", "jsonl")
# Formats a terminal or a pipe can take; Parquet is binary and goes to a file.
STREAMABLE = ("csv", "jsonl")
DEFAULT_TABLE = "claims"


class ExportError(Exception):
    """A mistake in what was asked for; the message names it and the fix, in one line."""


@dataclass(frozen=True)
class Filters:
    """What rows to keep: any of these actors, any of these locations, published on or after."""

    actors: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    since: datetime | None = None


def parse_codes(values: Iterable[str] | None) -> list[str]:
    """Codes from repeated and comma-separated options, upper-cased as the tables hold them."""
    codes = [part.strip().upper() for value in values or [] for part in value.split(",")]
    return sorted({code for code in codes if code})


def parse_since(text: str | None) -> datetime | None:
    """The start of a YYYY-MM-DD day in UTC, so a bad date stops the export, not the filter."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(
            f"--since {text!r} is not a date: give it as YYYY-MM-DD, e.g. 2024-03-01"
        ) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def check_table_name(table: str) -> None:
    """Refuse a table muster does not write, naming the ones it does."""
    if table not in TABLES:
        raise ExportError(f"--table {table!r} is unknown: choose one of {', '.join(TABLES)}")


def check_table(warehouse: Path, table: str) -> pads.Dataset:
    """The table's dataset, or an error saying whether the folder or the table is missing."""
    check_table_name(table)
    if not warehouse.is_dir():
        raise ExportError(
            f"no warehouse at {warehouse}: run `muster run` first or point --warehouse at one"
        )
    dataset = open_dataset(warehouse, table)
    if dataset is None:
        raise ExportError(
            f"the warehouse {warehouse} has no table {table!r} at {table_path(warehouse, table)}: "
            "run `muster run` to create it or point --warehouse at another warehouse"
        )
    return dataset


def check_filters(table: str, filters: Filters) -> None:
    """Refuse a filter on a column the table lacks, rather than quietly exporting everything."""
    columns = set(TABLES[table].names)
    for option, column, wanted in (
        ("--actor", "actor", filters.actors),
        ("--location", "location", filters.locations),
    ):
        if wanted and column not in columns:
            raise ExportError(
                f"{option} filters on {column!r}, which table {table!r} lacks: "
                f"use it with {', '.join(tables_with(column))} or drop it"
            )
    if filters.since is not None and not since_applies(table):
        usable = [name for name in TABLES if since_applies(name)]
        raise ExportError(
            f"--since filters on the article's published_at, which table {table!r} cannot "
            f"reach: use it with {', '.join(usable)} or drop it"
        )


def tables_with(column: str) -> list[str]:
    """Tables having `column`, to name the ones where a filter would work."""
    return [name for name, schema in TABLES.items() if column in schema.names]


def since_applies(table: str) -> bool:
    """--since needs published_at itself or an article_id that leads to it."""
    names = TABLES[table].names
    return "published_at" in names or "article_id" in names


def published_since(warehouse: Path, since: datetime) -> pa.Array:
    """Ids of the articles published on or after `since`; undated articles are left out."""
    articles = open_dataset(warehouse, "articles")
    if articles is None:
        return pa.array([], pa.string())
    dated = articles.to_table(columns=["article_id", "published_at"])
    kept = dated.filter(pc.field("published_at") >= pa.scalar(since))
    return kept.column("article_id").combine_chunks().cast(pa.string())


def row_filter(warehouse: Path, table: str, filters: Filters) -> pc.Expression | None:
    """One pyarrow expression for every filter asked for, None when nothing is filtered."""
    parts: list[pc.Expression] = []
    if filters.actors:
        parts.append(pc.field("actor").isin(filters.actors))
    if filters.locations:
        parts.append(pc.field("location").isin(filters.locations))
    if filters.since is not None:
        if "published_at" in TABLES[table].names:
            parts.append(pc.field("published_at") >= pa.scalar(filters.since))
        else:
            parts.append(pc.field("article_id").isin(published_since(warehouse, filters.since)))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part
    return combined


def select_rows(warehouse: Path, table: str, filters: Filters) -> pa.Table:
    """The filtered table, sorted by its key so two exports of the same data are identical."""
    check_table_name(table)
    check_filters(table, filters)  # a wrong option is named before a missing table
    dataset = check_table(warehouse, table)
    rows = plain_strings(dataset.to_table())
    condition = row_filter(warehouse, table, filters)
    if condition is not None:
        rows = rows.filter(condition)
    return rows.sort_by(MERGE_KEYS[table])


def plain_strings(rows: pa.Table) -> pa.Table:
    """Delta merges may store text as string_view, which pyarrow's filters do not compare
    with plain strings: read every text column as a plain string."""
    fields = [
        pa.field(f.name, pa.string(), f.nullable) if str(f.type) == "string_view" else f
        for f in rows.schema
    ]
    return rows.cast(pa.schema(fields))


def flat_for_csv(rows: pa.Table) -> pa.Table:
    """List columns (runs.sources, fingerprints.minhash) as JSON text: CSV has no lists."""
    for index, column in enumerate(rows.schema):
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            text = [None if v is None else json.dumps(v) for v in rows.column(index).to_pylist()]
            rows = rows.set_column(index, pa.field(column.name, pa.string()), pa.array(text))
    return rows


def json_value(value: Any) -> Any:
    """Timestamps as ISO 8601 text, the one JSON has no type of its own for."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_rows(rows: pa.Table, fmt: str, sink: IO[bytes] | Path) -> None:
    """Write in the chosen format to a binary stream or a file path."""
    target = str(sink) if isinstance(sink, Path) else sink
    if fmt == "parquet":
        pq.write_table(rows, target)
    elif fmt == "csv":
        pacsv.write_csv(flat_for_csv(rows), target)
    elif fmt == "jsonl":
        write_jsonl(rows, sink)
    else:
        raise ExportError(f"--format {fmt!r} is unknown: choose one of {', '.join(FORMATS)}")


def write_jsonl(rows: pa.Table, sink: IO[bytes] | Path) -> None:
    """One JSON object per line, batch by batch, so R's jsonlite::stream_in reads it."""
    if isinstance(sink, Path):
        with sink.open("wb") as stream:
            write_jsonl(rows, stream)
        return
    for batch in rows.to_batches():
        for row in batch.to_pylist():
            line = json.dumps(row, ensure_ascii=False, default=json_value)
            sink.write(line.encode("utf-8") + b"\n")


def check_output(fmt: str, out: Path | None) -> None:
    """Refuse a format or an --out that cannot be written before reading anything."""
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r} is unknown: choose one of {', '.join(FORMATS)}")
    if out is None:
        if fmt not in STREAMABLE:
            raise ExportError(f"--format {fmt} is binary: give a file with --out PATH")
        return
    if out.is_dir():
        raise ExportError(f"--out {out} is a folder: give a file name")
    if not out.parent.is_dir():
        raise ExportError(f"--out {out}: the folder {out.parent} does not exist; create it first")


def export(
    warehouse: Path, table: str, fmt: str, filters: Filters, out: Path | None, stdout: IO[bytes]
) -> int:
    """Check everything, then write the rows to `out` or `stdout`; returns how many rows."""
    check_output(fmt, out)
    rows = select_rows(warehouse, table, filters)
    write_rows(rows, fmt, out if out is not None else stdout)
    return rows.num_rows
