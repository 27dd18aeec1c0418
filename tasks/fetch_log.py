"""What earlier runs fetched from the web, so the next run asks only for what changed.

A `fetch_log` row per URL (schema.FETCH_LOG) holds the validators of the last good answer
(ETag, Last-Modified), a hash of its body and, after a failure, the reason. The flow loads it
before the first batch and stages new rows with the batch whose articles they describe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

import pyarrow as pa

from tasks.fetch_errors import FetchError, HostGivenUp
from tasks.web import Validators, WebPage

Kind = Literal["page", "feed"]


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One URL's last fetch."""

    url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    kind: Kind
    origin: str | None
    error: str | None
    fetched_at: datetime
    retry: bool = False
    run_id: str = ""

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)

    @property
    def worth_retrying(self) -> bool:
        """A failure that may clear (no answer, 429, 5xx), so a quiet feed still retries it."""
        return self.error is not None and self.retry

    def row(self) -> dict[str, Any]:
        return asdict(self)


def body_hash(body: bytes) -> str:
    """Equal for byte-identical answers, so a server without validators still costs no work."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def success_entry(
    page: WebPage, kind: Kind, origin: str | None, previous: LogEntry | None
) -> LogEntry:
    """The entry after a 200 or 304; a 304 keeps the hash of the body we already hold."""
    digest = body_hash(page.body) if not page.not_modified else _hash_of(previous)
    validators = page.validators if not page.not_modified else _merged(page, previous)
    return LogEntry(
        url=page.url,
        status=page.status,
        etag=validators.etag,
        last_modified=validators.last_modified,
        content_hash=digest,
        kind=kind,
        origin=origin,
        error=None,
        fetched_at=datetime.now(UTC),
    )


def _hash_of(previous: LogEntry | None) -> str | None:
    return previous.content_hash if previous else None


def _merged(page: WebPage, previous: LogEntry | None) -> Validators:
    """A 304 may repeat or omit the validators; keep the ones we have."""
    old = previous.validators if previous else Validators()
    return Validators(
        page.validators.etag or old.etag, page.validators.last_modified or old.last_modified
    )


def failure_entry(
    url: str, error: FetchError, kind: Kind, origin: str | None, previous: LogEntry | None
) -> LogEntry:
    """The entry after a failure: the reason is new, the last good version is kept."""
    base = previous or LogEntry(url, 0, None, None, None, kind, origin, None, datetime.now(UTC))
    return replace(
        base,
        status=error.status,
        error=str(error),
        retry=error.transient or isinstance(error, HostGivenUp),
        kind=kind,
        origin=origin or base.origin,
        fetched_at=datetime.now(UTC),
    )


def unchanged(entry: LogEntry, previous: LogEntry | None) -> bool:
    """True when a new entry would tell the table nothing new (only the time differs)."""
    if previous is None:
        return False
    keys = ("etag", "last_modified", "content_hash", "kind", "origin", "error", "retry")
    same = all(getattr(entry, key) == getattr(previous, key) for key in keys)
    return same and (entry.status == previous.status or entry.status == 304)


class FetchLog:
    """url -> last entry. A plain class on purpose: Prefect does not walk into it when it
    inspects task parameters, which matters once the log holds many URLs."""

    def __init__(self, entries: Iterable[LogEntry] = ()) -> None:
        self.entries: dict[str, LogEntry] = {entry.url: entry for entry in entries}

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, url: str) -> LogEntry | None:
        return self.entries.get(url)

    def validators(self, url: str) -> Validators:
        entry = self.entries.get(url)
        return entry.validators if entry else Validators()

    def retry_items(self, feed_url: str) -> list[LogEntry]:
        """Items of a feed whose last fetch failed in a way that may clear."""
        return [
            entry
            for entry in self.entries.values()
            if entry.origin == feed_url and entry.worth_retrying
        ]

    @classmethod
    def from_batches(cls, batches: Iterable[pa.RecordBatch]) -> FetchLog:
        """Build the log from `fetch_log` table batches (as `write.iter_batches` yields)."""
        return cls(LogEntry(**row) for batch in batches for row in batch.to_pylist())
