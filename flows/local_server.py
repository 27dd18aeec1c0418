"""A throw-away Prefect API for one `muster run`, started before the slow imports.

Prefect's own ephemeral mode starts the same server, but only when the first flow begins, and
it first imports the whole server package into this process (~4 s). Started here as the first
thing the CLI does, the server boots in a child process on the other core while this process
imports Great Expectations and the pipeline, and the run talks to it through PREFECT_API_URL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The settings Prefect itself gives its ephemeral server: no UI, an in-process-only database
# lifecycle. (Prefect 3.8's SubprocessASGIServer; re-check when upgrading Prefect.)
SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
# A cold start on a busy 2-core machine was measured at up to 30 s.
STARTUP_TIMEOUT_S = 90.0
POLL_INTERVAL_S = 0.1


class LocalServerError(RuntimeError):
    """The local Prefect API did not come up; the message carries its exit code."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalServer:
    """A Prefect API in a child process, bound to 127.0.0.1."""

    process: subprocess.Popen[bytes]
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @classmethod
    def start(cls) -> LocalServer:
        """Launch the server and return at once; `wait_healthy` blocks until it answers."""
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        env = {**os.environ, **SERVER_ENVIRONMENT}
        return cls(subprocess.Popen(command, env=env), port)

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Block until the API answers its health check, or raise with the reason."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LocalServerError(
                    f"the local Prefect server exited with code "
                    f"{self.process.returncode} before answering"
                )
            if self.answers():
                return
            time.sleep(POLL_INTERVAL_S)
        self.stop()
        raise LocalServerError(f"the local Prefect server did not answer within {timeout:.0f} s")

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """End the child process (politely, then firmly)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def configured_api_url() -> str | None:
    """The Prefect API the user chose, from the environment or the active Prefect profile,
    read without importing Prefect (which would take seconds)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    url = profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL")
    return str(url) if url else None
