"""WARC and WARC.GZ files -> one pointer per HTTP response record, then one record at a time.

A crawl archive can be many gigabytes, so it is never loaded whole: listing streams through
the file keeping only each record's offset, and reading seeks to one record and reads its
body up to the byte limit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tasks.fetch_errors import BodyTooLarge, EmptyBody, WarcError
from tasks.web import media_type_of

WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """Where one response record sits in its file, and what it says it holds."""

    path: str
    offset: int
    source_uri: str
    media_type: str
    charset: str | None


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def warc_uri(path: str, record_id: str | None, offset: int) -> str:
    """`warc://FILE#RECORD-ID`, for records that name no target URI."""
    anchor = (record_id or f"offset-{offset}").strip("<>")
    return f"warc://{Path(os.path.abspath(path)).as_posix()}#{anchor}"


def iter_responses(path: str) -> Iterator[WarcRecord]:
    """Response records in file order; bodies are skipped over, never kept."""
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type == "response":
                    yield _pointer(path, records.get_record_offset(), record)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as exc:
        # warcio raises AttributeError on a response record without WARC-Target-URI
        raise WarcError(f"cannot read WARC file {path}: {exc}") from None


def _pointer(path: str, offset: int, record: Any) -> WarcRecord:
    target = record.rec_headers.get_header("WARC-Target-URI")
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    header = record.http_headers.get_header("Content-Type") if record.http_headers else None
    media, charset = media_type_of(header)
    return WarcRecord(
        path=path,
        offset=offset,
        source_uri=target or warc_uri(path, record_id, offset),
        media_type=media,
        charset=charset,
    )


def read_body(record: WarcRecord, max_bytes: int) -> bytes:
    """The HTTP body of one record (de-chunked, decompressed), refused past the byte limit."""
    try:
        with open(record.path, "rb") as stream:
            stream.seek(record.offset)
            found = next(iter(ArchiveIterator(stream)), None)
            if found is None:
                raise WarcError(f"no WARC record at offset {record.offset} of {record.path}")
            body = found.content_stream().read(max_bytes + 1)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as exc:
        raise WarcError(f"cannot read WARC record {record.source_uri}: {exc}") from None
    if len(body) > max_bytes:
        raise BodyTooLarge(
            f"WARC record {record.source_uri} is over the {max_bytes:,}-byte limit "
            "(raise --max-bytes to read it)"
        )
    if not body.strip():
        raise EmptyBody(f"WARC record {record.source_uri} has an empty body")
    return body
