"""Typed run settings, built once at the edge (CLI or flow parameters) and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_BATCH_SIZE = 500


class FetchSettings(BaseModel):
    """How sources are read."""

    max_bytes: int = Field(
        DEFAULT_MAX_BYTES, gt=0, description="Inputs larger than this are quarantined, not read."
    )


class DedupeSettings(BaseModel):
    """How near-duplicates are found (MinHash LSH over word shingles)."""

    num_perm: int = Field(64, ge=16, le=256, description="MinHash permutations per article.")
    threshold: float = Field(
        0.7, gt=0, lt=1, description="Estimated Jaccard similarity above which two articles match."
    )
    shingle_words: int = Field(5, ge=1, le=10, description="Words per shingle.")


class RunSettings(BaseModel):
    """Everything one ingest run needs."""

    sources: list[str]
    warehouse: Path = Path("warehouse")
    batch_size: int = Field(DEFAULT_BATCH_SIZE, ge=1, le=10_000)
    fetch: FetchSettings = FetchSettings()
    dedupe: DedupeSettings = DedupeSettings()
