"""Source strings -> raw documents: files, folders, JSON records and plain URLs.

One bad input never stops a batch: it becomes a `QuarantineRow` saying what is wrong and
what to do about it, so every source ends up either as a document or as a quarantine row.
"""

from __future__ import annotations

import json
import os
import stat
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import Any, Literal

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.schema import QuarantineRow, RawDocument
from tasks.settings import FetchSettings

# Local files are read by extension; anything else is quarantined with this list in the reason.
FILE_KINDS: dict[str, Literal["text", "html"]] = {".txt": "text", ".html": "html", ".htm": "html"}
RECORD_EXTENSIONS = (".json", ".jsonl")
SUPPORTED = ".txt, .html, .htm, .json, .jsonl"

# Enough of a rejected record for a person to recognise it, small enough for a table cell.
PAYLOAD_CHARS = 2048

# A slow server should not hold up a batch for longer than this.
URL_TIMEOUT_S = 20
USER_AGENT = "muster/0.1 (+deployment-claims pipeline)"

FetchResult = tuple[list[RawDocument], list[QuarantineRow]]


class SourceError(Exception):
    """A source that cannot be read; the message is the quarantine reason."""


# --- expanding sources -------------------------------------------------------------------


def is_url(source: str) -> bool:
    """URLs are passed through untouched; everything else is a path."""
    return source.lower().startswith(("http://", "https://"))


def expand_sources(sources: list[str]) -> Iterator[str]:
    """Turn folders into the files under them, lazily, so a huge tree is never listed at once."""
    for source in sources:
        if not is_url(source) and os.path.isdir(source):
            yield from _walk(source)
        else:
            yield source


def _walk(folder: str) -> Iterator[str]:
    """Files under `folder` in sorted order, skipping hidden entries such as `.git`."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # fetch_batch quarantines it with the OS error text
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        else:
            yield entry.path


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


# --- URLs ----------------------------------------------------------------------------------


def fetch_url(url: str, max_bytes: int) -> FetchResult:
    """A plain GET; a polite crawler (robots.txt, rate limits) is a later stage's job."""
    try:
        return [_get(url, max_bytes)], []
    except SourceError as exc:
        return [], [_source_row(url, str(exc))]


def _get(url: str, max_bytes: int) -> RawDocument:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_S) as response:
            headers: Message = response.headers
            body = response.read(max_bytes + 1)
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        raise SourceError(f"HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        raise SourceError(f"cannot fetch {url}: {exc.reason}") from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise SourceError(f"cannot fetch {url}: {exc}") from None
    if len(body) > max_bytes:
        raise SourceError(
            f"response is over the {max_bytes:,}-byte limit (raise --max-bytes to read it)"
        )
    if not body:
        raise SourceError(f"empty response from {url}")
    kind = _kind_of(headers.get_content_type(), body)
    return RawDocument(
        source_uri=url, kind=kind, body=_decode_declared(body, headers), url=final_url
    )


def _kind_of(content_type: str, body: bytes) -> Literal["text", "html"]:
    """The content type decides; a server that sends none gets a look at the first bytes."""
    if "html" in content_type:
        return "html"
    if content_type.startswith("text/"):
        return "text"
    if body.lstrip()[:1] == b"<":
        return "html"
    if content_type in ("application/octet-stream", ""):
        return "text"
    raise SourceError(f"unsupported content type {content_type} (muster reads HTML and plain text)")


def _decode_declared(body: bytes, headers: Message) -> bytes | str:
    """Use the charset the server declares; without one, clean.py detects the encoding."""
    charset = headers.get_content_charset()
    if not charset:
        return body
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body


# --- the batch -----------------------------------------------------------------------------


def fetch_source(source: str, settings: FetchSettings) -> FetchResult:
    """One expanded source -> documents and quarantine rows, never raising."""
    if is_url(source):
        return fetch_url(source, settings.max_bytes)
    return fetch_file(source, settings.max_bytes)


def fetch_batch(sources: list[str], settings: FetchSettings) -> FetchResult:
    """Every source becomes documents or quarantine rows; folders are expanded on the way."""
    docs: list[RawDocument] = []
    rows: list[QuarantineRow] = []
    for source in expand_sources(sources):
        more_docs, more_rows = fetch_source(source, settings)
        docs += more_docs
        rows += more_rows
    return docs, rows


@task(name="fetch", cache_policy=NO_CACHE)
def fetch(sources: list[str], settings: FetchSettings) -> FetchResult:
    """Prefect wrapper: retries and logging live in the flow, the work in fetch_batch."""
    return fetch_batch(sources, settings)
