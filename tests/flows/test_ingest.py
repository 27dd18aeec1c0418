"""The `ingest` flow end to end: real Prefect runs, real Delta tables, real GX validation."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from deltalake import DeltaTable

from flows.ingest import ingest
from tasks.write import read_table

GOOD = (
    "France to send troops to Mali\n\n"
    "France will send 600 soldiers to Mali next month, the defence ministry said on Tuesday.\n"
    "About 2,500 French troops are already stationed in Chad.\n"
)
OTHER = (
    "Norway keeps forces in Lithuania\n\n"
    "Norway has 200 troops in Lithuania as part of the NATO battlegroup, officials said.\n"
)


def write_corpus(folder: Path) -> Path:
    """Two good articles in a plain folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "france.txt").write_text(GOOD, encoding="utf-8")
    (folder / "norway.txt").write_text(OTHER, encoding="utf-8")
    return folder


def table_rows(warehouse: Path, name: str) -> list[dict]:
    return read_table(warehouse, name).to_pylist()


def test_a_run_writes_articles_and_claims(tmp_path: Path) -> None:
    corpus, warehouse = write_corpus(tmp_path / "in"), tmp_path / "wh"
    summary = ingest(sources=[str(corpus)], warehouse=str(warehouse))
    claims = table_rows(warehouse, "claims")
    assert summary["counts"]["articles"] == 2
    assert {(c["actor"], c["location"]) for c in claims} >= {("FRA", "MLI"), ("NOR", "LTU")}
    articles = {a["article_id"]: a["text"] for a in table_rows(warehouse, "articles")}
    for claim in claims:
        assert (
            articles[claim["article_id"]][claim["char_start"] : claim["char_end"]]
            == (claim["evidence"])
        )


def test_running_the_same_folder_twice_adds_no_rows(tmp_path: Path) -> None:
    corpus, warehouse = write_corpus(tmp_path / "in"), tmp_path / "wh"
    (corpus / "bad.bin").write_bytes(os.urandom(512))
    ingest(sources=[str(corpus)], warehouse=str(warehouse))
    first = {name: table_rows(warehouse, name) for name in ("articles", "claims", "quarantine")}
    ingest(sources=[str(corpus)], warehouse=str(warehouse))
    for name, rows in first.items():
        again = table_rows(warehouse, name)
        assert len(again) == len(rows), name
    assert sorted(c["claim_id"] for c in table_rows(warehouse, "claims")) == sorted(
        c["claim_id"] for c in first["claims"]
    )
    assert len(table_rows(warehouse, "runs")) == 2
    assert DeltaTable(str(warehouse / "claims"), version=0).version() == 0


def test_a_copy_read_in_a_later_run_is_marked_duplicate(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    ingest(sources=[str(write_corpus(tmp_path / "one"))], warehouse=str(warehouse))
    copy = tmp_path / "two"
    copy.mkdir()
    (copy / "france-copy.txt").write_text(GOOD, encoding="utf-8")
    ingest(sources=[str(copy)], warehouse=str(warehouse))
    articles = {Path(a["source_uri"]).name: a for a in table_rows(warehouse, "articles")}
    assert articles["france-copy.txt"]["duplicate_of"] == articles["france.txt"]["article_id"]


def hostile_folder(root: Path) -> Path:
    """Every kind of bad input next to one good article in an awkwardly named sub-folder."""
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "random.txt").write_bytes(os.urandom(4096))
    (root / "cp1252.txt").write_bytes(
        "Café diplomacy\n\nBelgium will send 150 soldiers to Romania, the ministry said.\n".encode(
            "cp1252"
        )
    )
    with (root / "huge.txt").open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    (root / "nul.txt").write_bytes(b"Nul bytes\x00\n\nSpain\x00 will send 90 troops to Latvia.\n")
    (root / "broken.html").write_text(
        "<html><head><title>Broken page<body><div><p>Italy will deploy 300 troops to Lebanon "
        "in the spring, the defence minister announced on Friday in Rome.<p>More follows",
        encoding="utf-8",
    )
    (root / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (root / "records.jsonl").write_text(
        json.dumps({"title": "A", "text": "Poland will send 80 troops to Estonia."})
        + "\n"
        + "{not json\n",
        encoding="utf-8",
    )
    odd = root / "sub folder ünï"
    odd.mkdir()
    (odd / "Über été.txt").write_text(GOOD, encoding="utf-8")
    return root


def test_hostile_inputs_never_crash_and_every_file_is_accounted_for(tmp_path: Path) -> None:
    root, warehouse = hostile_folder(tmp_path / "hostile"), tmp_path / "wh"
    ingest(sources=[str(root)], warehouse=str(warehouse))
    seen = {row["source_uri"] for row in table_rows(warehouse, "articles")}
    seen |= {row["source_uri"] for row in table_rows(warehouse, "quarantine")}
    for path in (p for p in root.rglob("*") if p.is_file()):
        assert any(uri.startswith(str(path)) for uri in seen), f"{path} left no trace"
    reasons = {
        Path(r["source_uri"].split("#")[0]).name: r["reason"]
        for r in table_rows(warehouse, "quarantine")
    }
    assert {"empty.txt", "random.txt", "huge.txt", "broken.json"} <= reasons.keys()
    assert all(reason.strip() for reason in reasons.values())
    claims = table_rows(warehouse, "claims")
    assert ("FRA", "MLI") in {(c["actor"], c["location"]) for c in claims}


@pytest.mark.parametrize("bad", [{"sources": "not-a-list"}, {"batch_size": 0}])
def test_bad_parameters_are_refused_before_any_work(tmp_path: Path, bad: dict) -> None:
    params = {"sources": [str(tmp_path)], "warehouse": str(tmp_path / "wh"), **bad}
    with pytest.raises(Exception, match=r"(?i)valid|batch_size|sources"):
        ingest(**params)
    assert not (tmp_path / "wh" / "articles").exists()
