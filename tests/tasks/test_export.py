"""Exports of small real Delta tables, read back and compared with the tables themselves."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from deltalake import write_deltalake

from tasks.export import (
    ExportError,
    Filters,
    export,
    parse_codes,
    parse_since,
    select_rows,
)
from tasks.schema import MERGE_KEYS, TABLES, Claim, claim_row
from tasks.write import read_table, table_path, to_arrow

DAYS = [datetime(2024, 1, 5, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC), None]
PAIRS = [("USA", "POL"), ("DEU", "LTU"), ("USA", "LTU"), ("FRA", "ROU"), ("GBR", "EST")]


def article(index: int, published_at: datetime | None) -> dict[str, object]:
    return {
        "article_id": f"a{index}",
        "content_hash": f"h{index}",
        "source_uri": f"file:///news/{index}.txt",
        "title": f"Story {index}",
        "published_at": published_at,
        "text": f'Story {index}\n\nTroops, "quoted", and a comma.',
        "duplicate_of": None,
        "run_id": "run-1",
    }


def claim(index: int, actor: str, location: str) -> dict[str, object]:
    row = claim_row(
        Claim(
            actor=actor,
            location=location,
            action="deploy",
            status="done",
            troops=None if index % 2 else 100 * (index + 1),
            troops_text=None if index % 2 else f"{100 * (index + 1)} troops",
            evidence=f"{actor} sends troops to {location}, officials said.",
            char_start=0,
            char_end=10,
            confidence=0.5 + index / 100,
        ),
        article_id=f"a{index % len(DAYS)}",
        extractor_version="test",
        run_id="run-1",
    )
    return row


def build_warehouse(warehouse: Path) -> Path:
    """Articles on three dates (one undated), claims on them, and a run with a list column."""
    rows: dict[str, list[dict[str, object]]] = {
        "articles": [article(i, day) for i, day in enumerate(DAYS)],
        "claims": [claim(i, actor, place) for i, (actor, place) in enumerate(PAIRS * 2)],
        "runs": [
            {
                "run_id": "run-1",
                "started_at": datetime(2024, 3, 2, tzinfo=UTC),
                "ended_at": datetime(2024, 3, 2, 0, 1, tzinfo=UTC),
                "sources": ["a folder", "https://example.org/feed"],
                "counts": json.dumps({"claims": 10}),
                "table_versions": "{}",
                "extractor_version": "test",
            }
        ],
    }
    for name, table_rows in rows.items():
        path = table_path(warehouse, name)
        path.mkdir(parents=True)
        write_deltalake(str(path), to_arrow(table_rows, name))
    return warehouse


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse")


def sorted_by_key(rows: pa.Table, name: str) -> pa.Table:
    return rows.sort_by(MERGE_KEYS[name])


def read_csv(data: bytes | Path, name: str) -> pa.Table:
    source = pa.BufferReader(data) if isinstance(data, bytes) else str(data)
    options = pacsv.ConvertOptions(
        column_types=TABLES[name], strings_can_be_null=True, quoted_strings_can_be_null=False
    )
    return pacsv.read_csv(source, convert_options=options)


def test_csv_round_trip_gives_back_the_table(warehouse: Path) -> None:
    sink = io.BytesIO()
    count = export(warehouse, "claims", "csv", Filters(), None, sink)
    table = sorted_by_key(read_table(warehouse, "claims"), "claims")
    back = sorted_by_key(read_csv(sink.getvalue(), "claims"), "claims")
    assert count == table.num_rows > 0
    assert back.column_names == table.column_names
    assert back.to_pylist() == table.to_pylist()


def test_csv_round_trip_keeps_timestamps_and_nulls(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    export(warehouse, "articles", "csv", Filters(), out, io.BytesIO())
    table = sorted_by_key(read_table(warehouse, "articles"), "articles")
    assert sorted_by_key(read_csv(out, "articles"), "articles").to_pylist() == table.to_pylist()


def test_parquet_round_trip_gives_back_the_table(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.parquet"
    export(warehouse, "claims", "parquet", Filters(), out, io.BytesIO())
    table = sorted_by_key(read_table(warehouse, "claims"), "claims")
    back = sorted_by_key(pq.read_table(out), "claims")
    assert back.schema.names == table.schema.names
    assert back.to_pylist() == table.to_pylist()


def test_jsonl_has_one_object_per_row_with_iso_timestamps(warehouse: Path) -> None:
    sink = io.BytesIO()
    export(warehouse, "articles", "jsonl", Filters(), None, sink)
    lines = [json.loads(line) for line in sink.getvalue().decode("utf-8").splitlines()]
    table = read_table(warehouse, "articles").to_pylist()
    assert sorted(line["article_id"] for line in lines) == sorted(r["article_id"] for r in table)
    for line in lines:
        expected = next(r for r in table if r["article_id"] == line["article_id"])
        assert line["text"] == expected["text"]
        published = expected["published_at"]
        assert line["published_at"] == (None if published is None else published.isoformat())


def test_list_columns_become_json_text_in_csv(warehouse: Path) -> None:
    sink = io.BytesIO()
    export(warehouse, "runs", "csv", Filters(), None, sink)
    back = pacsv.read_csv(pa.BufferReader(sink.getvalue()))
    expected = read_table(warehouse, "runs").column("sources").to_pylist()
    assert [json.loads(text) for text in back.column("sources").to_pylist()] == expected


def test_actor_filter_keeps_exactly_that_actors_rows(warehouse: Path) -> None:
    everything = read_table(warehouse, "claims").to_pylist()
    for actor in {row["actor"] for row in everything}:
        kept = select_rows(warehouse, "claims", Filters(actors=[actor])).to_pylist()
        expected = sorted(r["claim_id"] for r in everything if r["actor"] == actor)
        assert [row["claim_id"] for row in kept] == expected


def test_location_and_actor_filters_combine(warehouse: Path) -> None:
    everything = read_table(warehouse, "claims").to_pylist()
    locations = parse_codes(["ltu, pol"])
    kept = select_rows(warehouse, "claims", Filters(["USA"], locations)).to_pylist()
    expected = sorted(
        r["claim_id"] for r in everything if r["actor"] == "USA" and r["location"] in locations
    )
    assert expected
    assert [row["claim_id"] for row in kept] == expected


def test_since_keeps_claims_of_articles_published_that_day_or_later(warehouse: Path) -> None:
    since = parse_since("2024-03-01")
    assert since is not None
    articles = read_table(warehouse, "articles").to_pylist()
    recent = {a["article_id"] for a in articles if a["published_at"] and a["published_at"] >= since}
    claims = read_table(warehouse, "claims").to_pylist()
    expected = sorted(c["claim_id"] for c in claims if c["article_id"] in recent)
    kept = select_rows(warehouse, "claims", Filters(since=since)).column("claim_id").to_pylist()
    assert expected and len(expected) < len(claims)
    assert kept == expected
    dated = select_rows(warehouse, "articles", Filters(since=since)).column("article_id")
    assert set(dated.to_pylist()) == recent


def test_parse_codes_splits_commas_and_repeats() -> None:
    assert parse_codes(["usa,DEU", " fra ", "usa", ""]) == ["DEU", "FRA", "USA"]
    assert parse_codes(None) == []


def test_parse_since_gives_midnight_utc_and_refuses_bad_dates() -> None:
    assert parse_since("2024-02-29") == datetime(2024, 2, 29, tzinfo=UTC)
    assert parse_since(None) is None
    with pytest.raises(ExportError, match="YYYY-MM-DD"):
        parse_since("29/02/2024")
    with pytest.raises(ExportError, match="not a date"):
        parse_since("2023-02-29")


@pytest.mark.parametrize(
    ("table", "filters", "message"),
    [
        ("facts", Filters(), "unknown"),
        ("runs", Filters(actors=["USA"]), "--actor"),
        ("quarantine", Filters(locations=["POL"]), "--location"),
        ("runs", Filters(since=datetime(2024, 1, 1, tzinfo=UTC)), "--since"),
        ("quarantine", Filters(), "no table"),
    ],
)
def test_mistakes_are_refused_with_their_name(
    warehouse: Path, table: str, filters: Filters, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        select_rows(warehouse, table, filters)


def test_a_missing_warehouse_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no warehouse"):
        select_rows(tmp_path / "nowhere", "claims", Filters())


def test_parquet_needs_a_file(warehouse: Path) -> None:
    with pytest.raises(ExportError, match="--out"):
        export(warehouse, "claims", "parquet", Filters(), None, io.BytesIO())
