"""`muster` as a user runs it: a real process, the bundled sample, the printed summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flows.cli import SAMPLE_CORPUS, app
from tasks.write import read_table

ROOT = Path(__file__).resolve().parents[2]


def muster(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`muster ARGS` in a fresh process with its own Prefect home and throw-away server."""
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_run_without_arguments_ingests_the_sample_into_local_warehouse(tmp_path: Path) -> None:
    done = muster("run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "claims" in done.stdout
    claims = read_table(tmp_path / "warehouse", "claims")
    assert claims.num_rows > 0
    sources = set(read_table(tmp_path / "warehouse", "articles").column("source_uri").to_pylist())
    sources |= set(
        read_table(tmp_path / "warehouse", "quarantine").column("source_uri").to_pylist()
    )
    for path in SAMPLE_CORPUS.rglob("*"):
        if path.is_file():
            assert any(uri.startswith(str(path)) for uri in sources), path.name


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"muster {name}" in readme, name
    import typer.main

    click_command = typer.main.get_command(app)
    for sub in click_command.commands.values():  # type: ignore[attr-defined]
        for param in sub.params:
            for option in param.opts:
                if option.startswith("--"):
                    assert f"`{option}`" in readme, f"{sub.name} {option}"
