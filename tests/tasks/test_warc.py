"""WARC files written here with warcio: HTML records become documents, streamed."""

from __future__ import annotations

import gc
import tracemalloc
from io import BytesIO
from itertools import islice
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.clean import clean_batch
from tasks.expand import expand_sources
from tasks.fetch import FetchState, fetch_items
from tasks.settings import FetchSettings
from tasks.warc import iter_responses

SETTINGS = FetchSettings()
PAGE = (
    "<html><head><title>Report {n}</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Report {n}</h1><p>Sweden will send {troops} soldiers to Latvia in May, the "
    "armed forces said on Thursday.</p><p>{filler}</p></article>"
    "<footer>Copyright The Archive Times</footer></body></html>"
)


def write_warc(path: Path, records: int, *, extras: bool = False, gz: bool = True) -> Path:
    """`records` HTML responses (and, with extras, a request, an image and a target-less page)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for n in range(records):
            html = PAGE.format(n=n, troops=100 + n, filler="Background paragraph. " * 20)
            _response(
                writer, f"https://archive.test/news/{n}", "text/html; charset=utf-8", html.encode()
            )
        if extras:
            _response(writer, "https://archive.test/logo.png", "image/png", b"\x89PNG" + b"0" * 50)
            request = writer.create_warc_record(
                "https://archive.test/news/0", "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            _response(writer, None, "text/html", PAGE.format(n=99, troops=7, filler="x").encode())
    return path


def _response(writer: WARCWriter, uri: str | None, content_type: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri or "", "response", payload=BytesIO(body), http_headers=headers
    )
    if uri is None:  # a record that names no page: only its record id identifies it
        record.rec_headers.replace_header("WARC-Target-URI", "")
    writer.write_record(record)


def fetch_all(path: Path) -> tuple[list, list]:
    items = list(expand_sources([str(path)], SETTINGS))
    batch = fetch_items(items, SETTINGS, FetchState.start([], SETTINGS))
    return batch.documents, batch.quarantine


@pytest.mark.parametrize("gz", [True, False])
def test_html_records_become_articles_under_their_target_uri(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), 3, gz=gz)
    docs, rows = fetch_all(path)
    assert rows == []
    assert [d.source_uri for d in docs] == [f"https://archive.test/news/{n}" for n in range(3)]
    articles, bad = clean_batch(docs)
    assert bad == [] and "Sweden will send 101 soldiers" in articles[1].text
    assert "Copyright" not in articles[1].text


def test_other_records_are_skipped_or_quarantined_with_their_type(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "mixed.warc.gz", 1, extras=True)
    docs, rows = fetch_all(path)
    assert len(docs) == 2  # the page and the target-less page; the request is no response
    assert docs[1].source_uri.startswith(f"warc://{path.as_posix()}#urn:uuid:")
    assert [(r.source_uri, r.reason) for r in rows] == [
        (
            "https://archive.test/logo.png",
            "WARC record https://archive.test/logo.png holds image/png, not HTML or text",
        )
    ]


def test_a_truncated_warc_is_quarantined_after_the_records_it_had(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "cut.warc.gz", 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200] + b"garbage that is not gzip")
    docs, rows = fetch_all(path)
    assert len(docs) >= 1 and rows
    assert any(str(path) in r.source_uri or "archive.test" in r.source_uri for r in rows)


def test_oversized_record_is_refused(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "one.warc.gz", 1)
    items = list(expand_sources([str(path)], SETTINGS))
    small = FetchSettings(max_bytes=100)
    batch = fetch_items(items, small, FetchState.start([], small))
    assert "over the 100-byte limit" in batch.quarantine[0].reason


def peak_while_streaming(path: Path, batch_size: int = 50) -> int:
    """tracemalloc peak of listing and reading every record, a batch at a time."""
    gc.collect()
    tracemalloc.start()
    items = expand_sources([str(path)], SETTINGS)
    state = FetchState.start([], SETTINGS)
    while chunk := list(islice(items, batch_size)):
        fetch_items(chunk, SETTINGS, state)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_memory_does_not_grow_with_the_warc(tmp_path: Path) -> None:
    small = write_warc(tmp_path / "200.warc.gz", 200)
    large = write_warc(tmp_path / "1000.warc.gz", 1000)
    assert len(list(iter_responses(str(large)))) == 1000
    small_peak, large_peak = peak_while_streaming(small), peak_while_streaming(large)
    assert large.stat().st_size > 4 * small.stat().st_size
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
