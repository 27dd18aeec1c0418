"""Fixtures shared across the test tree: fetch settings and the shared dev articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.settings import FetchSettings

REPO_ROOT = Path(__file__).resolve().parents[1]
DEV_DOCS = REPO_ROOT / ".." / "shared" / "eval" / "dev" / "docs"


@pytest.fixture
def fetch_settings() -> FetchSettings:
    """The settings a default run uses (5 MiB limit)."""
    return FetchSettings()


@pytest.fixture
def dev_docs() -> Path:
    """The shared dev articles, read in place; tests using them skip when they are absent."""
    if not DEV_DOCS.is_dir():
        pytest.skip("shared dev articles are not available")
    return DEV_DOCS.resolve()
