"""`muster serve` as an operator runs it: a real server, real deployments, runs triggered
through the API, and the warehouse they fill."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tasks.write import ensure_table, read_table
from tests.servers import (
    ARTICLES,
    COMPACT_CRON,
    INGEST_CRON,
    REPO_ROOT,
    Served,
    child_environment,
    deployment,
    merge_run_rows,
    write_corpus,
)

pytestmark = pytest.mark.server

# A flow run in a fresh child process imports the whole pipeline before it reads a byte.
RUN_TIMEOUT = 150.0
# An article of the test corpus that states no deployment: read by both concurrent runs.
NO_CLAIMS = "Budget talks\n\nThe finance committee met on Monday to discuss the annual budget."
# Enough back-to-back commits from two processes that some are sure to collide.
COMMITS_PER_SIDE = 15


def run_ingest(served: Served, sources: list[Path], warehouse: Path) -> Any:
    """Trigger `ingest/scheduled` through the API and wait for its final state."""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    parameters = {"sources": [str(s) for s in sources], "warehouse": str(warehouse)}
    with temporary_settings(updates={PREFECT_API_URL: served.server.api_url}):
        return run_deployment(
            "ingest/scheduled",
            parameters=parameters,
            timeout=RUN_TIMEOUT,
            poll_interval=1,
            as_subflow=False,
        )


def run_counts(warehouse: Path, run_id: str) -> dict[str, int]:
    """What one run says it read and extracted, from the `runs` table."""
    rows = read_table(warehouse, "runs").to_pylist()
    return dict(json.loads(next(r["counts"] for r in rows if r["run_id"] == run_id)))


def claim_ids(warehouse: Path) -> list[str]:
    return read_table(warehouse, "claims", ["claim_id"]).column("claim_id").to_pylist()


def muster_quickly(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `muster` command expected to refuse at once, before any server is contacted."""
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(
        command, env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )


def test_serve_registers_both_deployments_with_the_given_schedules(served: Served) -> None:
    ingest = deployment(served.server.api_url, "ingest/scheduled")
    compact = deployment(served.server.api_url, "compact/nightly")
    assert [s.schedule.cron for s in ingest.schedules] == [INGEST_CRON]
    assert [s.schedule.cron for s in compact.schedules] == [COMPACT_CRON]
    assert ingest.parameters == {
        "sources": [str(served.corpus)],
        "warehouse": str(served.warehouse),
    }
    assert compact.parameters == {"warehouse": str(served.warehouse), "retention_hours": 24}
    assert served.server.api_url in served.log_text()


def test_triggered_run_completes_and_fills_the_claims_table(served: Served, tmp_path: Path) -> None:
    started = time.monotonic()
    run = run_ingest(served, [served.corpus], tmp_path / "warehouse")
    print(f"ingest run through the served deployment: {time.monotonic() - started:.1f} s")
    assert run.state.is_completed(), (run.state, served.log_text()[-4000:])
    claims = read_table(tmp_path / "warehouse", "claims")
    assert claims.num_rows >= len(ARTICLES) - 1
    assert set(claims.column("location").to_pylist()) >= {"MLI", "LTU", "POL"}


def test_two_runs_at_once_on_one_warehouse_lose_and_double_nothing(
    served: Served, tmp_path: Path
) -> None:
    names = sorted(ARTICLES)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "budget.txt").write_text(NO_CLAIMS, encoding="utf-8")
    first = write_corpus(tmp_path / "first", names[:2])
    second = write_corpus(tmp_path / "second", names[2:])
    warehouse = tmp_path / "warehouse"
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(
                lambda srcs: run_ingest(served, srcs, warehouse),
                [[shared, first], [shared, second]],
            )
        )
    assert [r.state.is_completed() for r in runs] == [True, True], [r.state for r in runs]
    counts = [run_counts(warehouse, str(r.id)) for r in runs]
    claims, articles = claim_ids(warehouse), read_table(warehouse, "articles", ["article_id"])
    assert len(claims) == len(set(claims)), "a claim was written twice"
    assert len(claims) == sum(c["new_claims"] for c in counts) > 0, "a claim was lost"
    # The shared article is read by both runs, stored once, and counted by one run only.
    assert articles.num_rows == sum(c["new_articles"] for c in counts)
    assert sum(c["staged_articles"] for c in counts) == articles.num_rows + 1


def test_commits_racing_on_one_table_all_land_once(tmp_path: Path) -> None:
    warehouse = str(tmp_path / "warehouse")
    ensure_table(Path(warehouse), "runs")
    batches = [
        [f"{side}-{i}" for i in range(COMMITS_PER_SIDE)]
        + [f"both-{i}" for i in range(COMMITS_PER_SIDE)]
        for side in ("left", "right")
    ]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        errors = [e for e in pool.map(merge_run_rows, [warehouse] * 2, batches) if e]
    keys = read_table(Path(warehouse), "runs", ["run_id"]).column("run_id").to_pylist()
    assert len(keys) == len(set(keys)), "a row was committed twice"
    assert not errors, errors[0]
    assert set(keys) == {k for batch in batches for k in batch}


def test_ctrl_c_stops_serve_cleanly_and_pauses_the_schedules(served: Served) -> None:
    os.killpg(served.process.pid, signal.SIGINT)
    assert served.process.wait(30) == 0, served.log_text()[-3000:]
    assert "stopped" in served.log_text()
    assert deployment(served.server.api_url, "ingest/scheduled").paused
    served.start()  # serving again resumes the schedules, for the tests that follow
    assert not deployment(served.server.api_url, "ingest/scheduled").paused


def test_serve_refuses_without_a_server_and_says_how_to_start_one(tmp_path: Path) -> None:
    done = muster_quickly(["serve"], child_environment(tmp_path / "home"))
    assert done.returncode == 2
    assert "PREFECT_API_URL is not set" in done.stderr
    assert "prefect server start --host 127.0.0.1" in done.stderr


def test_serve_rejects_a_bad_cron_before_registering(tmp_path: Path) -> None:
    env = child_environment(tmp_path / "home", PREFECT_API_URL="http://127.0.0.1:9/api")
    done = muster_quickly(["serve", "--cron", "61 * * * *"], env)
    assert done.returncode == 2
    assert "--cron '61 * * * *'" in done.stderr and "five fields" in done.stderr


def test_prefect_yaml_names_both_deployments_with_entrypoints_that_load() -> None:
    from prefect.flows import load_flow_from_entrypoint

    config = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    found = {}
    for entry in config["deployments"]:
        flow = load_flow_from_entrypoint(str(REPO_ROOT / entry["entrypoint"]))
        found[f"{flow.name}/{entry['name']}"] = entry
        assert entry["work_pool"]["name"] == "muster-pool"
        assert "set_working_directory" in str(config["pull"])
    assert set(found) == {"ingest/scheduled", "compact/nightly"}
    assert found["ingest/scheduled"]["schedules"][0]["cron"] == "0 * * * *"
    assert found["compact/nightly"]["schedules"][0]["cron"] == "30 3 * * *"
