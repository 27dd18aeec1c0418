"""Typed run settings, built once at the edge (CLI or flow parameters) and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BATCH_SIZE = 500


# Identifies the crawler to site owners, with somewhere to read what it does.
DEFAULT_USER_AGENT = "muster/0.1 (+deployment-claims pipeline; polite news fetcher)"


class FetchSettings(BaseModel):
    """How sources are read; the web fields keep muster a polite, bounded crawler."""

    max_bytes: int = Field(
        default=DEFAULT_MAX_BYTES,
        gt=0,
        description="Inputs larger than this are quarantined, not read.",
    )
    concurrency: int = Field(
        default=8, ge=1, le=256, description="Requests in flight at once, in all."
    )
    per_host_limit: int = Field(default=2, ge=1, le=64, description="Requests in flight per host.")
    per_host_delay_s: float = Field(
        default=0.5,
        ge=0,
        le=60,
        description="Seconds between the starts of two requests to one host.",
    )
    connect_timeout_s: float = Field(
        default=10.0, gt=0, description="Seconds to open a connection."
    )
    read_timeout_s: float = Field(
        default=20.0, gt=0, description="Seconds to wait for the next bytes."
    )
    retries: int = Field(
        default=3,
        ge=0,
        le=10,
        description="Retries after connection errors, timeouts, 429 and 5xx.",
    )
    backoff_base_s: float = Field(
        default=0.5,
        ge=0,
        description="First retry waits about this long; each next one twice as long.",
    )
    backoff_max_s: float = Field(
        default=30.0, ge=0, description="Longest wait between two retries."
    )
    retry_after_max_s: float = Field(
        default=60.0,
        ge=0,
        description="A server's Retry-After is honoured up to this many seconds.",
    )
    host_failure_limit: int = Field(
        default=5,
        ge=1,
        description="Consecutive failed URLs after which a host is given up for the run.",
    )
    max_redirects: int = Field(default=5, ge=0, le=20, description="Redirects followed per URL.")
    user_agent: str = Field(
        default=DEFAULT_USER_AGENT, min_length=1, description="Sent with every request."
    )


class DedupeSettings(BaseModel):
    """How near-duplicates are found (MinHash LSH over word shingles)."""

    num_perm: int = Field(
        default=64, ge=16, le=256, description="MinHash permutations per article."
    )
    threshold: float = Field(
        default=0.7,
        gt=0,
        lt=1,
        description="Estimated Jaccard similarity above which two articles match.",
    )
    shingle_words: int = Field(default=5, ge=1, le=10, description="Words per shingle.")


class RunSettings(BaseModel):
    """Everything one ingest run needs."""

    sources: list[str]
    warehouse: Path = Path("warehouse")
    batch_size: int = Field(DEFAULT_BATCH_SIZE, ge=1, le=10_000)
    fetch: FetchSettings = FetchSettings()
    dedupe: DedupeSettings = DedupeSettings()
