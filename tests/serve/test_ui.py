"""The Prefect UI as an operator sees it, rendered by a real headless Chromium: the served
deployments are listed, and a run's page carries its artifacts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.servers import Served

pytestmark = pytest.mark.server

# The SPA fetches from the API after loading; this much virtual time lets it render.
VIRTUAL_TIME_MS = "15000"
BROWSER_TIMEOUT = 90
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]


def find_chromium() -> str | None:
    """A Chromium on PATH, installing Debian's package when we are allowed to."""
    found = next((shutil.which(n) for n in CHROMIUM_NAMES if shutil.which(n)), None)
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"],
        capture_output=True,
        timeout=600,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium found and it could not be installed (apt-get install chromium)")
    return path


def browse(chromium: str, url: str, profile: Path, screenshot: Path) -> str:
    """The DOM of `url` after the single-page app rendered it, and a screenshot of it."""
    command = [
        chromium,
        *HEADLESS_FLAGS,
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}",
        f"--screenshot={screenshot}",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def trigger(served: Served, name: str, parameters: dict[str, Any]) -> Any:
    """Run a served deployment through the API and wait for it to finish."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: served.server.api_url}):
        return run_deployment(
            name, parameters=parameters, timeout=150, poll_interval=1, as_subflow=False
        )


def test_deployments_page_lists_both_served_deployments(
    served: Served, chromium: str, tmp_path: Path
) -> None:
    url = f"{served.server.ui_url}/v2/deployments"
    dom = browse(chromium, url, tmp_path / "profile", tmp_path / "deployments.png")
    assert "scheduled" in dom and "nightly" in dom, dom[-2000:]
    assert (tmp_path / "deployments.png").stat().st_size > 10_000


def test_ingest_run_page_shows_its_summary_artifact(
    served: Served, chromium: str, tmp_path: Path
) -> None:
    run = trigger(
        served,
        "ingest/scheduled",
        {"sources": [str(served.corpus)], "warehouse": str(tmp_path / "warehouse")},
    )
    assert run.state.is_completed(), run.state
    url = f"{served.server.ui_url}/v2/runs/flow-run/{run.id}?tab=Artifacts"
    dom = browse(chromium, url, tmp_path / "profile", tmp_path / "ingest-run.png")
    assert run.name in dom, dom[-2000:]
    assert "run-summary" in dom, "the ingest run published no `run-summary` artifact"


def test_compact_run_page_shows_the_per_table_figures(
    served: Served, chromium: str, tmp_path: Path
) -> None:
    import pyarrow as pa
    from deltalake import write_deltalake

    for part in range(3):
        write_deltalake(
            str(tmp_path / "warehouse" / "notes"), pa.table({"n": [part]}), mode="append"
        )
    run = trigger(
        served, "compact/nightly", {"warehouse": str(tmp_path / "warehouse"), "retention_hours": 0}
    )
    assert run.state.is_completed(), run.state
    url = f"{served.server.ui_url}/v2/runs/flow-run/{run.id}?tab=Artifacts"
    assert "compact-figures" in browse(chromium, url, tmp_path / "profile", tmp_path / "run.png")
