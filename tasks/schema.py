"""Shapes of every table muster writes and of the records passed between stages.

The column names and vocabularies come from the product contract (CLAIMS.md); every other
module imports them from here so a table has exactly one definition.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

import pyarrow as pa

ACTIONS = ("deploy", "withdraw", "presence")
STATUSES = ("done", "planned", "proposed", "rejected")
ORGANISATIONS = ("NATO", "UN", "EU", "AU", "ECOWAS", "CSTO")
STAGES = ("fetch", "clean", "dedupe", "extract", "validate", "write")
TARGETS = ("source", "articles", "claims")

# Troop figures outside this range are misreadings (years, money, page furniture).
TROOPS_MIN = 1
TROOPS_MAX = 2_000_000

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("published_at", UTC_TIMESTAMP),
        pa.field("text", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

CLAIMS = pa.schema(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("actor", pa.string(), nullable=False),
        pa.field("location", pa.string(), nullable=False),
        pa.field("action", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("troops", pa.int64()),
        pa.field("troops_text", pa.string()),
        pa.field("evidence", pa.string(), nullable=False),
        pa.field("char_start", pa.int64(), nullable=False),
        pa.field("char_end", pa.int64(), nullable=False),
        pa.field("speaker", pa.string()),
        pa.field("rule", pa.string()),
        # The model's probability that the claim holds, so a reader can pick a precision.
        pa.field("confidence", pa.float64()),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

QUARANTINE = pa.schema(
    [
        pa.field("quarantine_id", pa.string(), nullable=False),
        pa.field("source_uri", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("target", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("payload", pa.string()),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

# Dedupe state kept in the warehouse so later runs recognise earlier articles.
FINGERPRINTS = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
        # Delta has no unsigned types: uint32 hash values are kept as int64.
        pa.field("minhash", pa.list_(pa.int64()), nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

RUNS = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("started_at", UTC_TIMESTAMP, nullable=False),
        pa.field("ended_at", UTC_TIMESTAMP, nullable=False),
        pa.field("sources", pa.list_(pa.string()), nullable=False),
        pa.field("counts", pa.string(), nullable=False),  # JSON: stage -> count
        pa.field("table_versions", pa.string(), nullable=False),  # JSON: table -> version
        pa.field("extractor_version", pa.string(), nullable=False),
    ]
)

# What the web fetcher remembers per URL, so the next run asks only for what changed.
FETCH_LOG = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("status", pa.int64(), nullable=False),  # 0: no HTTP answer (network error)
        pa.field("etag", pa.string()),
        pa.field("last_modified", pa.string()),
        pa.field("content_hash", pa.string()),  # of the body bytes last read
        pa.field("kind", pa.string(), nullable=False),  # "page" or "feed"
        pa.field("origin", pa.string()),  # the feed that listed this page
        pa.field("error", pa.string()),  # the last failure's reason, null after a success
        pa.field("retry", pa.bool_(), nullable=False),  # the last failure may clear by itself
        pa.field("fetched_at", UTC_TIMESTAMP, nullable=False),
        pa.field("run_id", pa.string(), nullable=False),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "claims": CLAIMS,
    "quarantine": QUARANTINE,
    "fingerprints": FINGERPRINTS,
    "runs": RUNS,
    "fetch_log": FETCH_LOG,
}

# The column each table is merged on, which makes re-runs idempotent.
MERGE_KEYS: dict[str, str] = {
    "articles": "article_id",
    "claims": "claim_id",
    "quarantine": "quarantine_id",
    "fingerprints": "article_id",
    "runs": "run_id",
    "fetch_log": "url",
}


def stable_id(*parts: object) -> str:
    """A short deterministic id, so the same input gets the same id on every run."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One fetched document before cleaning: bytes as read, or text a record already held."""

    source_uri: str
    kind: Literal["text", "html", "record"]
    body: bytes | str
    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None


@dataclass(slots=True)
class Article:
    """A clean article; `text` is the title, a blank line, then the body."""

    article_id: str
    content_hash: str
    source_uri: str
    title: str | None
    published_at: datetime | None
    text: str
    duplicate_of: str | None = None
    run_id: str = ""

    def row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Claim:
    """One deployment claim as the extractor sees it, before it is tied to an article."""

    actor: str
    location: str
    action: str
    status: str
    troops: int | None
    troops_text: str | None
    evidence: str
    char_start: int
    char_end: int
    speaker: str | None = None
    rule: str | None = None
    confidence: float | None = None  # the model's probability that the claim holds


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe remembers of an article across runs."""

    article_id: str
    content_hash: str
    duplicate_of: str | None
    minhash: tuple[int, ...]
    run_id: str = ""

    def row(self) -> dict[str, Any]:
        return {**asdict(self), "minhash": list(self.minhash)}


@dataclass(slots=True)
class QuarantineRow:
    """Something that did not pass, with the reason a person can act on."""

    source_uri: str
    stage: str
    target: str
    reason: str
    payload: str | None = None
    run_id: str = ""
    quarantine_id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.quarantine_id:
            self.quarantine_id = stable_id(
                self.source_uri, self.stage, self.target, self.reason, self.payload
            )

    def row(self) -> dict[str, Any]:
        return asdict(self)


def claim_row(claim: Claim, article_id: str, extractor_version: str, run_id: str) -> dict[str, Any]:
    """A `claims` table row; the id depends only on the article and what the claim says."""
    key = (article_id, claim.actor, claim.location, claim.action, claim.status, claim.troops)
    return {
        "claim_id": stable_id(*key),
        "article_id": article_id,
        **asdict(claim),
        "extractor_version": extractor_version,
        "run_id": run_id,
    }
