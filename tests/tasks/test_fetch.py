"""fetch against real files, folders and a real local HTTP server."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.fetch import (
    expand_sources,
    fetch_batch,
    parse_timestamp,
    record_document,
)
from tasks.settings import FetchSettings

STORY = "Chile said 75 army medics reached the field hospital in Antofagasta on Sunday.\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- local files ---------------------------------------------------------------------------


def test_text_file_becomes_a_text_document(tmp_path: Path, fetch_settings: FetchSettings) -> None:
    path = write(tmp_path / "story.txt", STORY)
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert rows == []
    assert [(d.kind, d.body, d.source_uri) for d in docs] == [("text", STORY.encode(), str(path))]


def test_html_extensions_become_html_documents(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    paths = [write(tmp_path / name, "<p>x</p>") for name in ("a.html", "b.HTM")]
    docs, _ = fetch_batch([str(p) for p in paths], fetch_settings)
    assert [d.kind for d in docs] == ["html", "html"]


def test_empty_file_is_quarantined(tmp_path: Path, fetch_settings: FetchSettings) -> None:
    path = write(tmp_path / "empty.txt", b"")
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert docs == []
    assert [(r.reason, r.stage, r.target, r.payload) for r in rows] == [
        ("empty file", "fetch", "source", None)
    ]


def test_oversized_file_is_quarantined_by_size_without_reading(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: no 30 MB written or read
    path.chmod(0)  # were it opened, the reason would be a permission error (unless root)
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert docs == []
    assert rows[0].reason == (
        "file is 31,457,280 bytes, over the 5,242,880-byte limit (raise --max-bytes to read it)"
    )


def test_raising_max_bytes_lets_a_large_file_through(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", STORY * 100)
    small, big = FetchSettings(max_bytes=1000), FetchSettings(max_bytes=100_000)
    size = len((STORY * 100).encode())
    assert fetch_batch([str(path)], small)[1][0].reason.startswith(f"file is {size:,} bytes")
    assert len(fetch_batch([str(path)], big)[0]) == 1


def test_unsupported_extension_is_quarantined(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    path = write(tmp_path / "scan.PDF", b"%PDF-1.4")
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert docs == []
    assert rows[0].reason.startswith("unsupported file type .pdf (muster reads .txt, .html")


def test_nonexistent_path_is_quarantined(tmp_path: Path, fetch_settings: FetchSettings) -> None:
    missing = tmp_path / "nowhere" / "gone.txt"
    docs, rows = fetch_batch([str(missing)], fetch_settings)
    assert docs == []
    assert rows[0].reason == f"no such file or folder: {missing}"
    assert rows[0].source_uri == missing.as_posix()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_quarantined_with_the_os_error(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    path = write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert docs == []
    assert "Permission denied" in rows[0].reason


def test_non_ascii_folder_with_spaces_keeps_its_name(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    path = write(tmp_path / "Über Berichte" / "été 2024.txt", STORY)
    docs, rows = fetch_batch([str(tmp_path)], fetch_settings)
    assert rows == []
    assert [d.source_uri for d in docs] == [path.as_posix()]
    assert docs[0].source_uri.endswith("/Über Berichte/été 2024.txt")


def test_relative_path_becomes_absolute(
    tmp_path: Path, fetch_settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "a.txt", STORY)
    monkeypatch.chdir(tmp_path / "in")
    docs, _ = fetch_batch(["../in/a.txt"], fetch_settings)
    assert docs[0].source_uri == (tmp_path / "in" / "a.txt").as_posix()


# --- folders -------------------------------------------------------------------------------


def test_folder_is_expanded_recursively_in_sorted_order_without_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/c/d.html", ".git/config.txt", "a/.hidden.txt", "c.json"):
        write(tmp_path / name, "x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_sources([str(tmp_path)])]
    assert found == ["a/c/d.html", "a/z.txt", "b.txt", "c.json"]


def test_expand_sources_is_lazy_and_passes_urls_and_missing_paths(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "x")
    sources = ["https://example.org/a", str(tmp_path), str(tmp_path / "missing.txt")]
    expanded = expand_sources(sources)
    assert not isinstance(expanded, list)
    assert next(expanded) == "https://example.org/a"
    assert list(expanded) == [str(tmp_path / "one.txt"), str(tmp_path / "missing.txt")]


# --- JSON records --------------------------------------------------------------------------


def test_json_list_gives_one_document_per_record(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    records = [
        {"text": "First story.", "title": "One", "url": "https://x.test/1",
         "published_at": "2024-03-01T10:00:00+02:00"},
        {"text": "Second story.", "published_at": "last Tuesday"},
    ]  # fmt: skip
    path = write(tmp_path / "batch.json", json.dumps(records))
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert rows == []
    assert [d.source_uri for d in docs] == [f"{path}#0", f"{path}#1"]
    assert [(d.kind, d.body, d.title, d.url) for d in docs] == [
        ("record", "First story.", "One", "https://x.test/1"),
        ("record", "Second story.", None, None),
    ]
    assert docs[0].published_at == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert docs[1].published_at is None


def test_single_json_object_is_one_record(tmp_path: Path, fetch_settings: FetchSettings) -> None:
    path = write(tmp_path / "one.json", json.dumps({"text": "Only story."}))
    docs, _ = fetch_batch([str(path)], fetch_settings)
    assert [(d.source_uri, d.body) for d in docs] == [(f"{path}#0", "Only story.")]


def test_malformed_json_is_quarantined_with_line_and_column(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    path = write(tmp_path / "bad.json", '[\n  {"text": "ok"},\n  {"text": oops}\n]')
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert docs == []
    assert rows[0].reason.startswith("malformed JSON at line 3, column 12")
    assert rows[0].target == "source"


def test_malformed_jsonl_line_is_quarantined_and_the_rest_kept(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    lines = ['{"text": "first"}', "", '{"text": "second"', '{"text": "third"}']
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert [(d.source_uri, d.body) for d in docs] == [
        (f"{path}#0", "first"),
        (f"{path}#2", "third"),
    ]
    assert [r.source_uri for r in rows] == [f"{path}#1"]
    assert rows[0].reason.startswith("record 1 is malformed JSON at column")
    assert rows[0].payload == '{"text": "second"'


def test_json_record_without_text_is_quarantined_for_articles(
    tmp_path: Path, fetch_settings: FetchSettings
) -> None:
    records = [{"title": "No body here"}, {"text": 42}, {"text": "Fine."}, ["not", "a", "dict"]]
    path = write(tmp_path / "mixed.json", json.dumps(records))
    docs, rows = fetch_batch([str(path)], fetch_settings)
    assert [d.source_uri for d in docs] == [f"{path}#2"]
    assert [(r.source_uri, r.target) for r in rows] == [
        (f"{path}#0", "articles"),
        (f"{path}#1", "articles"),
        (f"{path}#3", "articles"),
    ]
    assert rows[0].reason == 'record 0 has no string "text" field (missing)'
    assert rows[1].reason == 'record 1 has no string "text" field (a int)'
    assert json.loads(rows[0].payload or "") == {"title": "No body here"}


def test_huge_record_payload_is_truncated(tmp_path: Path, fetch_settings: FetchSettings) -> None:
    path = write(tmp_path / "big.json", json.dumps({"title": "t" * 10_000}))
    _, rows = fetch_batch([str(path)], fetch_settings)
    assert 2000 <= len(rows[0].payload or "") <= 2100


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_iso_timestamps_parse_to_the_same_instant_in_utc(moment: datetime, offset: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset)))
    parsed = parse_timestamp(aware.isoformat())
    assert parsed == aware
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@given(st.text(max_size=30).filter(lambda s: not s[:4].isdigit()))
def test_unreadable_dates_become_none_never_an_error(value: str) -> None:
    assert parse_timestamp(value) is None


@given(st.text(min_size=1), st.one_of(st.none(), st.text(min_size=1).filter(str.strip)))
def test_record_text_and_title_survive_a_json_round_trip(text: str, title: str | None) -> None:
    record = json.loads(json.dumps({"text": text, "title": title}))
    doc = record_document("feed.jsonl", 7, record)
    assert (doc.body, doc.title, doc.source_uri) == (
        text,
        title.strip() if title else None,
        "feed.jsonl#7",
    )


# --- URLs ----------------------------------------------------------------------------------

PAGE = b"<html><head><title>Brigade</title></head><body><p>Troops arrived.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    """Serves an HTML page, a text page and 404s, and remembers the User-Agent it saw."""

    agents: list[str] = []  # noqa: RUF012 - shared with the test on purpose

    def do_GET(self) -> None:
        self.agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/page.html": ("text/html; charset=utf-8", PAGE),
            "/note": ("text/plain; charset=windows-1252", "café — naïve".encode("cp1252")),
        }
        if self.path not in routes:
            self.send_error(404, "Not Found")
            return
        content_type, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_html_page_is_fetched(server: str, fetch_settings: FetchSettings) -> None:
    docs, rows = fetch_batch([f"{server}/page.html"], fetch_settings)
    assert rows == []
    assert [(d.kind, d.source_uri, d.body) for d in docs] == [
        ("html", f"{server}/page.html", PAGE.decode())
    ]
    assert _Handler.agents[-1] == fetch_settings.user_agent


def test_url_text_page_is_decoded_with_its_declared_charset(
    server: str, fetch_settings: FetchSettings
) -> None:
    docs, _ = fetch_batch([f"{server}/note"], fetch_settings)
    assert [(d.kind, d.body) for d in docs] == [("text", "café — naïve")]


def test_url_404_is_quarantined_with_the_status(server: str, fetch_settings: FetchSettings) -> None:
    docs, rows = fetch_batch([f"{server}/missing"], fetch_settings)
    assert docs == []
    assert rows[0].reason == f"HTTP 404 Not Found for {server}/missing"
    assert (rows[0].source_uri, rows[0].target) == (f"{server}/missing", "source")


def test_url_over_the_limit_is_quarantined(server: str) -> None:
    docs, rows = fetch_batch([f"{server}/page.html"], FetchSettings(max_bytes=20))
    assert docs == []
    assert "over the 20-byte limit" in rows[0].reason


def test_unreachable_url_is_quarantined() -> None:
    quick = FetchSettings(retries=1, backoff_base_s=0.01)
    docs, rows = fetch_batch(["http://127.0.0.1:9/nothing"], quick)
    assert docs == []
    assert rows[0].reason.startswith("cannot fetch http://127.0.0.1:9/nothing")


def test_dev_articles_all_fetch(dev_docs: Path, fetch_settings: FetchSettings) -> None:
    docs, rows = fetch_batch([str(dev_docs)], fetch_settings)
    assert rows == []
    assert len(docs) == len(list(dev_docs.glob("*.txt")))


# --- expanded items and the fetch log ------------------------------------------------------


def test_source_items_survive_pickling_with_what_expansion_learnt() -> None:
    import pickle

    from tasks.expand import SourceItem

    when = datetime(2024, 4, 2, 9, 0, tzinfo=UTC)
    item = SourceItem("https://news.test/a", published_at=when, origin="https://news.test/rss")
    back = pickle.loads(pickle.dumps(item))
    assert (back, back.published_at, back.origin, back.skip) == (
        "https://news.test/a",
        when,
        "https://news.test/rss",
        False,
    )


def test_fetch_log_rows_carry_the_run_and_validators(server: str) -> None:
    from tasks.fetch import FetchState, fetch_items

    settings = FetchSettings(per_host_delay_s=0)
    batch = fetch_items([f"{server}/page.html"], settings, FetchState.start([], settings))
    rows = batch.log_rows("run-7")
    assert [(r["url"], r["status"], r["kind"], r["run_id"]) for r in rows] == [
        (f"{server}/page.html", 200, "page", "run-7")
    ]
    assert rows[0]["content_hash"] and rows[0]["error"] is None
