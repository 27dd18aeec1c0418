"""`muster export` through the Typer app: output on stdout or in a file, and exit 2 on mistakes."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tasks.schema import MERGE_KEYS
from tasks.write import read_table
from tests.tasks.test_export import build_warehouse, read_csv

runner = CliRunner()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_warehouse(tmp_path / "warehouse")


def test_csv_on_stdout_is_the_claims_table(warehouse: Path) -> None:
    done = runner.invoke(app, ["export", "--warehouse", str(warehouse)])
    assert done.exit_code == 0, done.stderr
    back = read_csv(done.stdout_bytes, "claims").sort_by(MERGE_KEYS["claims"])
    table = read_table(warehouse, "claims").sort_by(MERGE_KEYS["claims"])
    assert back.num_rows > 0
    assert back.to_pylist() == table.to_pylist()


def test_parquet_file_with_filters(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "usa.parquet"
    filters = ["--actor", "usa", "--location", "POL,LTU"]
    where = ["--warehouse", str(warehouse), "--format", "parquet", "--out", str(out)]
    done = runner.invoke(app, ["export", *where, *filters])
    assert done.exit_code == 0, done.stderr
    rows = read_table(warehouse, "claims").to_pylist()
    expected = sorted(
        r["claim_id"] for r in rows if r["actor"] == "USA" and r["location"] in {"POL", "LTU"}
    )
    assert expected
    assert sorted(pq.read_table(out).column("claim_id").to_pylist()) == expected
    assert f"{len(expected)} rows" in done.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--table", "facts"], "--table 'facts' is unknown"),
        (["--format", "xlsx"], "--format 'xlsx' is unknown"),
        (["--format", "parquet"], "give a file with --out"),
        (["--since", "yesterday"], "YYYY-MM-DD"),
        (["--table", "runs", "--actor", "USA"], "--actor filters on 'actor'"),
        (["--table", "quarantine"], "has no table 'quarantine'"),
    ],
)
def test_mistakes_exit_2_with_one_line(warehouse: Path, arguments: list[str], message: str) -> None:
    done = runner.invoke(app, ["export", "--warehouse", str(warehouse), *arguments])
    assert done.exit_code == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_a_missing_warehouse_exits_2(tmp_path: Path) -> None:
    done = runner.invoke(app, ["export", "--warehouse", str(tmp_path / "nowhere")])
    assert done.exit_code == 2
    assert "no warehouse at" in done.stderr


def test_tables_the_pipeline_wrote_filter_like_any_other(tmp_path: Path) -> None:
    """The flow's merges store text as string_view; filters must still compare with it."""
    from flows.ingest import ingest

    sample = Path(__file__).resolve().parents[2] / "flows" / "sample"
    warehouse = tmp_path / "warehouse"
    ingest(sources=[str(sample)], warehouse=str(warehouse))
    claims = read_table(warehouse, "claims").to_pylist()
    actor = sorted(row["actor"] for row in claims)[0]
    out = tmp_path / "one.parquet"
    result = CliRunner().invoke(
        app,
        [
            "export",
            "--warehouse",
            str(warehouse),
            "--actor",
            actor,
            "--format",
            "parquet",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    got = sorted(pq.read_table(out).column("claim_id").to_pylist())
    assert got == sorted(row["claim_id"] for row in claims if row["actor"] == actor)
