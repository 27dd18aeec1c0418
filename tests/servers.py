"""Real processes for operating tests: a Prefect server and `muster serve`, each with its own
home and database, started as a user would and always stopped afterwards."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
# A cold server on a busy 2-core machine migrates its database in ~10-20 s.
SERVER_START_TIMEOUT = 90.0
# Polling interval while waiting on a process or the API: short, as every wait is on a
# critical path of the test run.
POLL_SECONDS = 0.25
# Grace period between SIGINT (clean shutdown) and SIGKILL.
STOP_GRACE_SECONDS = 10.0
# How often `muster serve` asks for due runs (Prefect's default is 10 s): a triggered run
# should not wait on the poll.
RUNNER_POLL_SECONDS = "2"
# Importing Prefect, pandas, pyarrow and Great Expectations in a cold process on 2 busy cores.
SERVE_READY_TIMEOUT = 120.0
# Offline, quiet children: no telemetry, and none of the user's own Prefect profile.
QUIET = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}


def free_port() -> int:
    """A TCP port nobody listens on right now, so parallel sessions do not collide."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_environment(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without its Prefect settings, plus a private PREFECT_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, **QUIET, "PREFECT_HOME": str(home), **extra}


def stop(process: subprocess.Popen[bytes]) -> int | None:
    """Ask the process group to stop like Ctrl-C does, then kill it if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


def start(command: list[str], env: dict[str, str], log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    """Start a child in its own process group (so its own children stop with it)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def healthy(api_url: str) -> bool:
    """Whether the server answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class PrefectServer:
    """A running `prefect server start` and where to reach it."""

    process: subprocess.Popen[bytes]
    api_url: str
    ui_url: str
    home: Path
    log: Path
    started_in: float

    def environment(self, **extra: str) -> dict[str, str]:
        """Environment for a client process talking to this server."""
        return child_environment(self.home / "client", PREFECT_API_URL=self.api_url, **extra)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


def start_server(root: Path) -> PrefectServer:
    """Start a real Prefect server on a free local port with a temporary SQLite database."""
    home, port = root / "prefect-home", free_port()
    home.mkdir(parents=True, exist_ok=True)
    env = child_environment(
        home,
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{root / 'prefect.db'}",
        # The UI learns where the API is from these settings, not from --host/--port.
        PREFECT_SERVER_API_HOST="127.0.0.1",
        PREFECT_SERVER_API_PORT=str(port),
    )
    command = [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--analytics-off",
    ]
    started = time.monotonic()
    process = start(command, env, root / "server.log", cwd=root)
    api_url = f"http://127.0.0.1:{port}/api"
    server = PrefectServer(
        process, api_url, f"http://127.0.0.1:{port}", home, root / "server.log", 0.0
    )
    wait_until_healthy(server)
    server.started_in = time.monotonic() - started
    return server


def wait_until_healthy(server: PrefectServer) -> None:
    """Block until /api/health answers; fail with the server's log when it dies or stalls."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not healthy(server.api_url):
        if server.process.poll() is not None or time.monotonic() > deadline:
            stop(server.process)
            raise RuntimeError(f"Prefect server did not come up:\n{server.log_tail()}")
        time.sleep(POLL_SECONDS)


def start_muster(
    args: list[str], env: dict[str, str], log: Path, cwd: Path = REPO_ROOT
) -> subprocess.Popen[bytes]:
    """Run `muster ARGS` the way the console script does, in the background."""
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return start(command, env, log, cwd)


# Non-default schedules, so a test can tell the options reached the server.
INGEST_CRON = "15 * * * *"
COMPACT_CRON = "45 2 * * *"
# Articles written for these tests: each names an actor, a number of troops and a country.
ARTICLES = {
    "france_mali.txt": "France to send soldiers\n\nFrance will send 600 soldiers to Mali "
    "next month, the defence ministry said on Tuesday.",
    "germany_lithuania.txt": "Brigade for Lithuania\n\nGermany will deploy 4,800 troops to "
    "Lithuania by 2027, the government in Berlin announced.",
    "usa_poland.txt": "More US forces for Poland\n\nThe United States has sent 1,000 additional "
    "soldiers to Poland, officials confirmed on Friday.",
    "uk_estonia.txt": "British troops in Estonia\n\nBritain stations about 900 troops in "
    "Estonia, the ministry of defence said.",
}


def write_corpus(folder: Path, names: list[str]) -> Path:
    """A folder holding the named test articles."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    return folder


@dataclass
class Served:
    """A running `muster serve` against the session's server, restartable for the stop test."""

    server: PrefectServer
    root: Path
    corpus: Path
    warehouse: Path
    process: Any = None
    log: Path = field(default_factory=Path)
    ready_in: float = 0.0
    starts: int = 0

    def arguments(self) -> list[str]:
        return [
            "serve",
            "--source",
            str(self.corpus),
            "--warehouse",
            str(self.warehouse),
            "--cron",
            INGEST_CRON,
            "--compact-cron",
            COMPACT_CRON,
            "--retention-hours",
            "24",
        ]

    def start(self) -> None:
        """Start `muster serve` and wait until its deployments are registered and active."""
        self.starts += 1
        self.log = self.root / f"serve-{self.starts}.log"
        started = time.monotonic()
        env = self.server.environment(PREFECT_RUNNER_POLL_FREQUENCY=RUNNER_POLL_SECONDS)
        self.process = start_muster(self.arguments(), env, self.log)
        wait_for(lambda: deployments_active(self.server.api_url), SERVE_READY_TIMEOUT, self)
        self.ready_in = time.monotonic() - started

    def stop(self) -> int | None:
        return stop(self.process) if self.process is not None else None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_for(condition: Any, timeout: float, served: Served) -> None:
    """Poll `condition` until true; fail with the serve log when the process dies or stalls."""
    deadline = time.monotonic() + timeout
    while not condition():
        if served.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"muster serve never got ready:\n{served.log_text()[-4000:]}")
        time.sleep(POLL_SECONDS * 4)


def api_call(api_url: str, call: Any) -> Any:
    """Run `call(client)` with a Prefect client for this server (whatever else is configured)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def go() -> Any:
        async with get_client() as client:
            return await call(client)

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        return asyncio.run(go())


def deployment(api_url: str, name: str) -> Any:
    """The deployment `flow/name`, or None while it is not registered."""
    from prefect.exceptions import ObjectNotFound

    async def read(client: Any) -> Any:
        try:
            return await client.read_deployment_by_name(name)
        except ObjectNotFound:
            return None

    return api_call(api_url, read)


def deployments_active(api_url: str) -> bool:
    """Both deployments registered and not paused, i.e. `muster serve` is up."""
    found = [deployment(api_url, n) for n in ("ingest/scheduled", "compact/nightly")]
    return all(d is not None and d.schedules and not d.paused for d in found)


def merge_run_rows(warehouse: str, keys: list[str]) -> str:
    """Merge one `runs` row per key into the warehouse, as a run's commit does; returns the
    error text of each failed merge (for a child process racing another)."""
    from datetime import UTC, datetime
    from functools import partial

    from tasks.write import WarehouseError, merge_into, to_arrow

    errors = []
    for key in keys:
        now = datetime.now(UTC)
        row = {
            "run_id": key,
            "started_at": now,
            "ended_at": now,
            "sources": [],
            "counts": "{}",
            "table_versions": "{}",
            "extractor_version": "test",
        }
        try:
            merge_into(Path(warehouse), "runs", partial(to_arrow, [row], "runs"))
        except WarehouseError as exc:
            errors.append(str(exc).splitlines()[0])
    return "\n".join(errors)
