"""Source items -> raw documents: files, JSON records, web pages, feed items, WARC records.

One bad input never stops a batch: it becomes a `QuarantineRow` saying what is wrong and
what to do about it, so every source ends up either as a document or as a quarantine row.
Expansion (folders, feeds, WARC files, sources files) lives in `tasks.expand`; web requests
in `tasks.web`; what earlier runs fetched in `tasks.fetch_log`.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.expand import SourceItem, expand_sources, is_url
from tasks.fetch_errors import FetchError, UnsupportedContent
from tasks.fetch_log import (
    FetchLog,
    Kind,
    LogEntry,
    failure_entry,
    success_entry,
    unchanged,
)
from tasks.schema import QuarantineRow, RawDocument
from tasks.settings import FetchSettings
from tasks.warc import WarcRecord, read_body
from tasks.web import PAGE_TYPES, HostBook, PageRequest, WebPage, fetch_pages

__all__ = ["FetchBatch", "FetchState", "expand_sources", "fetch", "fetch_batch", "fetch_items"]

# Local files are read by extension; anything else is quarantined with this list in the reason.
FILE_KINDS: dict[str, Literal["text", "html"]] = {".txt": "text", ".html": "html", ".htm": "html"}
RECORD_EXTENSIONS = (".json", ".jsonl")
SUPPORTED = ".txt, .html, .htm, .json, .jsonl, .warc, .warc.gz; .toml/.yaml as a sources file"

# Enough of a rejected record for a person to recognise it, small enough for a table cell.
PAYLOAD_CHARS = 2048

FetchResult = tuple[list[RawDocument], list[QuarantineRow]]


class SourceError(Exception):
    """A source that cannot be read; the message is the quarantine reason."""


# --- local files ---------------------------------------------------------------------------


def source_uri_of(path: str) -> str:
    """The absolute POSIX path, so the same file gets the same uri from any working folder."""
    return Path(os.path.abspath(path)).as_posix()


def _size_reason(size: int, limit: int) -> str:
    return f"file is {size:,} bytes, over the {limit:,}-byte limit (raise --max-bytes to read it)"


def _stat_file(path: str) -> os.stat_result:
    """Stat a path that should be a readable regular file, or say why it is not."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SourceError(f"no such file or folder: {path}") from None
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(_folder_reason(path))
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"not a regular file (a device, pipe or socket): {path}")
    return info


def _folder_reason(path: str) -> str:
    """A folder reaches fetch only as a link inside a tree or when it cannot be listed."""
    if os.path.islink(path):
        return f"link to a folder not followed: {path} (pass the folder itself as a source)"
    try:
        os.listdir(path)
    except OSError as exc:
        return f"cannot list folder {path}: {exc.strerror or exc}"
    return f"folder appeared while its parent was being read: {path} (run again to read it)"


def _read_bytes(path: str, limit: int) -> bytes:
    """Stat before reading, so an oversized file is refused without touching its bytes."""
    size = _stat_file(path).st_size
    if size > limit:
        raise SourceError(_size_reason(size, limit))
    try:
        with open(path, "rb") as handle:
            body = handle.read(limit + 1)  # one byte more catches a file that grew since stat
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(body) > limit:
        raise SourceError(_size_reason(len(body), limit))
    if not body:
        raise SourceError("empty file")
    return body


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def fetch_file(path: str, max_bytes: int) -> FetchResult:
    """One local file -> documents (several for JSON records) and quarantine rows."""
    uri = source_uri_of(path)
    try:
        ext = _extension(path)
        if ext not in FILE_KINDS and ext not in RECORD_EXTENSIONS:
            _stat_file(path)  # a missing file says so before its type
            shown = ext or "(no extension)"
            raise SourceError(f"unsupported file type {shown} (muster reads {SUPPORTED})")
        body = _read_bytes(path, max_bytes)
    except SourceError as exc:
        return [], [_source_row(uri, str(exc))]
    if ext in FILE_KINDS:
        return [RawDocument(source_uri=uri, kind=FILE_KINDS[ext], body=body)], []
    return parse_records(uri, body, jsonl=ext == ".jsonl")


def _source_row(uri: str, reason: str, payload: str | None = None) -> QuarantineRow:
    return QuarantineRow(
        source_uri=uri, stage="fetch", target="source", reason=reason, payload=payload
    )


# --- JSON records --------------------------------------------------------------------------


def parse_records(uri: str, body: bytes, *, jsonl: bool) -> FetchResult:
    """JSON (one object or a list) or JSON Lines -> one document per record."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [
            _source_row(uri, f"JSON file is not UTF-8 (byte {exc.start}); re-save it as UTF-8")
        ]
    if jsonl:
        return _parse_jsonl(uri, text)
    return _parse_json(uri, text)


def _parse_json(uri: str, text: str) -> FetchResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        return [], [_source_row(uri, reason, _truncate(text))]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        reason = (
            f"JSON holds a {type(data).__name__}; muster expects an object or a list of objects"
        )
        return [], [_source_row(uri, reason, _truncate(text))]
    return _collect(uri, enumerate(data))


def _parse_jsonl(uri: str, text: str) -> FetchResult:
    docs: list[RawDocument] = []
    rows: list[QuarantineRow] = []
    lines = (line for line in text.splitlines() if line.strip())
    for index, line in enumerate(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            reason = f"record {index} is malformed JSON at column {exc.colno}: {exc.msg}"
            rows.append(_record_row(uri, index, reason, _truncate(line)))
            continue
        more_docs, more_rows = _collect(uri, [(index, record)])
        docs += more_docs
        rows += more_rows
    if not docs and not rows:
        rows.append(_source_row(uri, "JSON Lines file has no records (only blank lines)"))
    return docs, rows


def _collect(uri: str, records: Any) -> FetchResult:
    docs: list[RawDocument] = []
    rows: list[QuarantineRow] = []
    for index, record in records:
        try:
            docs.append(record_document(uri, index, record))
        except SourceError as exc:
            rows.append(_record_row(uri, index, str(exc), _truncate(_dump(record))))
    return docs, rows


def record_document(uri: str, index: int, record: object) -> RawDocument:
    """One JSON record -> a document; its text is required, everything else optional."""
    if not isinstance(record, dict):
        raise SourceError(f"record {index} is a {type(record).__name__}, not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        found = "missing" if text is None else f"a {type(text).__name__}"
        raise SourceError(f'record {index} has no string "text" field ({found})')
    return RawDocument(
        source_uri=f"{uri}#{index}",
        kind="record",
        body=text,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        published_at=parse_timestamp(record.get("published_at")),
    )


def _record_row(uri: str, index: int, reason: str, payload: str | None) -> QuarantineRow:
    return QuarantineRow(
        source_uri=f"{uri}#{index}",
        stage="fetch",
        target="articles",
        reason=reason,
        payload=payload,
    )


def _optional_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_timestamp(value: object) -> datetime | None:
    """ISO 8601 -> aware UTC; a date nobody can read is dropped, not a reason to lose the text."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _dump(record: object) -> str:
    return json.dumps(record, ensure_ascii=False, default=str)


def _truncate(text: str) -> str:
    return text if len(text) <= PAYLOAD_CHARS else text[:PAYLOAD_CHARS] + "…"


# --- web pages and WARC records ------------------------------------------------------------


@dataclass
class FetchState:
    """What fetch carries across the batches of one run: the log of earlier runs and the
    hosts that failed this run (updated in place, like the RunWriter)."""

    log: FetchLog
    hosts: HostBook

    @classmethod
    def start(cls, batches: Any, settings: FetchSettings) -> FetchState:
        """A run's state from the `fetch_log` table batches (empty for a new warehouse)."""
        return cls(FetchLog.from_batches(batches), HostBook(settings.host_failure_limit))


@dataclass
class FetchBatch:
    """One batch fetched: documents, quarantine rows, fetch_log entries, and how many items
    needed no work because nothing changed since the last run."""

    documents: list[RawDocument] = field(default_factory=list)
    quarantine: list[QuarantineRow] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    skipped: int = 0

    def add(self, other: FetchBatch) -> None:
        self.documents += other.documents
        self.quarantine += other.quarantine
        self.log += other.log
        self.skipped += other.skipped

    def log_rows(self, run_id: str) -> list[dict[str, Any]]:
        """fetch_log rows stamped with the run, for the same write as this batch's articles."""
        return [entry.row() | {"run_id": run_id} for entry in self.log]


def page_document(
    page: WebPage, published_at: datetime | None = None, source_uri: str | None = None
) -> RawDocument:
    """A 200 answer as a raw document; clean.py turns HTML into text."""
    return RawDocument(
        source_uri=source_uri or page.url,
        kind=kind_of(page.media_type, page.body),
        body=decode_declared(page.body, page.charset),
        published_at=published_at,
        url=page.final_url,
    )


def kind_of(media_type: str, body: bytes) -> Literal["text", "html"]:
    """The content type decides; an answer without one gets a look at its first bytes."""
    if "html" in media_type:
        return "html"
    if media_type.startswith("text/"):
        return "text"
    return "html" if body.lstrip()[:1] == b"<" else "text"


def decode_declared(body: bytes, charset: str | None) -> bytes | str:
    """Use the declared charset; without a usable one, clean.py detects the encoding."""
    if not charset:
        return body
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body


def settle_page(
    item: str, answer: WebPage | FetchError, previous: LogEntry | None, kind: Kind = "page"
) -> FetchBatch:
    """A web answer -> a document, a skip (304 or the same bytes) or a quarantine row."""
    origin = getattr(item, "origin", None)
    if isinstance(answer, FetchError):
        failed = failure_entry(str(item), answer, kind, origin, previous)
        return FetchBatch(quarantine=[web_row(str(item), answer, origin)], log=[failed])
    entry = success_entry(answer, kind, origin, previous)
    log = [] if unchanged(entry, previous) else [entry]
    if answer.not_modified or (previous and previous.content_hash == entry.content_hash):
        return FetchBatch(log=log, skipped=1)
    published_at = getattr(item, "published_at", None)
    return FetchBatch(documents=[page_document(answer, published_at)], log=log)


def web_row(uri: str, error: FetchError, origin: str | None) -> QuarantineRow:
    """A quarantine row for a URL; the payload names the feed or archive that listed it."""
    payload = json.dumps({"listed_in": origin}) if origin else None
    return _source_row(uri, str(error), payload)


def read_warc_item(record: WarcRecord, max_bytes: int) -> FetchBatch:
    """One WARC response record -> a document, or a quarantine row naming what is wrong."""
    try:
        if record.media_type and record.media_type not in PAGE_TYPES:
            raise UnsupportedContent(
                f"WARC record {record.source_uri} holds {record.media_type}, not HTML or text"
            )
        body = read_body(record, max_bytes)
    except FetchError as exc:
        return FetchBatch(quarantine=[web_row(record.source_uri, exc, record.path)])
    doc = RawDocument(
        source_uri=record.source_uri,
        kind=kind_of(record.media_type, body),
        body=decode_declared(body, record.charset),
        url=record.source_uri if is_url(record.source_uri) else None,
    )
    return FetchBatch(documents=[doc])


def read_ready_item(item: str, settings: FetchSettings, log: FetchLog) -> FetchBatch | None:
    """Items that need no request now; None for URLs still to be fetched."""
    if not isinstance(item, SourceItem):
        if is_url(item):
            return None
        docs, rows = fetch_file(item, settings.max_bytes)
        return FetchBatch(documents=docs, quarantine=rows)
    carried = FetchBatch(log=list(item.log))
    if item.error is not None:
        carried.quarantine.append(web_row(str(item), item.error, item.origin))
    elif item.skip:
        carried.skipped += 1
    elif item.warc is not None:
        carried.add(read_warc_item(item.warc, settings.max_bytes))
    elif item.page is not None:
        carried.add(settle_page(item, item.page, log.get(str(item))))
    else:
        return None
    return carried


def fetch_items(items: list[str], settings: FetchSettings, state: FetchState) -> FetchBatch:
    """A batch of expanded items -> documents, quarantine rows and fetch_log entries; the
    URLs among them are fetched concurrently, politely and conditionally."""
    slots: list[FetchBatch | None] = [read_ready_item(i, settings, state.log) for i in items]
    waiting = [index for index, slot in enumerate(slots) if slot is None]
    requests = [PageRequest(items[i], state.log.validators(items[i])) for i in waiting]
    answers = fetch_pages(requests, settings, state.hosts)
    for index, answer in zip(waiting, answers, strict=True):
        item = items[index]
        settled = FetchBatch(log=list(getattr(item, "log", ())))
        settled.add(settle_page(item, answer, state.log.get(item)))
        slots[index] = settled
    batch = FetchBatch()
    for slot in slots:
        batch.add(slot or FetchBatch())
    return batch


def fetch_batch(sources: list[str], settings: FetchSettings) -> FetchResult:
    """Sources (expanded on the way) -> documents and quarantine rows, with no fetch log:
    the simple entry point for callers outside the ingest flow."""
    state = FetchState(FetchLog(), HostBook(settings.host_failure_limit))
    batch = fetch_items(list(expand_sources(sources, settings)), settings, state)
    return batch.documents, batch.quarantine


@task(name="fetch", cache_policy=NO_CACHE)
def fetch(
    sources: list[str], settings: FetchSettings, state: FetchState | None = None
) -> FetchBatch:
    """Prefect wrapper of `fetch_items`: one event loop per batch, never one task per URL."""
    state = state or FetchState(FetchLog(), HostBook(settings.host_failure_limit))
    return fetch_items(sources, settings, state)
