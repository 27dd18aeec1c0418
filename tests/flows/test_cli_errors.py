"""Mistakes in `muster` arguments stop the command before any work, with exit status 2 and a
line saying what is wrong and what to give instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import source_mistake, warehouse_mistake


def muster(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`muster ARGS` in a fresh process, as a user at a shell runs it."""
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect")}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-c", "from flows.cli import main; main()", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def assert_refused(done: subprocess.CompletedProcess[str], message: str, cwd: Path) -> None:
    """Exit 2, the message on one line of stderr, and nothing run or written."""
    assert done.returncode == 2, done.stderr[-3000:]
    lines = [line for line in done.stderr.splitlines() if message in line]
    assert lines, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""  # no run summary: no run
    assert not (cwd / "warehouse").exists()
    assert not (cwd / ".prefect").exists()  # no local Prefect server was started


def test_run_on_a_missing_path_exits_2_naming_it(tmp_path: Path) -> None:
    done = muster("run", "--source", "does/not/exist", cwd=tmp_path)
    assert_refused(done, "no such file or folder: does/not/exist", tmp_path)


def test_run_into_a_warehouse_that_is_a_file_exits_2_asking_for_a_folder(
    tmp_path: Path,
) -> None:
    (tmp_path / "FILE").write_text("not a warehouse\n", encoding="utf-8")
    done = muster("run", "--warehouse", "FILE", cwd=tmp_path)
    assert_refused(done, "--warehouse FILE is a file; give a folder", tmp_path)
    assert (tmp_path / "FILE").read_text(encoding="utf-8") == "not a warehouse\n"


def test_run_on_an_ftp_url_exits_2_naming_the_schemes_muster_fetches(tmp_path: Path) -> None:
    done = muster("run", "--source", "ftp://host/a.html", cwd=tmp_path)
    assert_refused(done, "unsupported scheme ftp (muster fetches http and https)", tmp_path)


def test_every_mistake_is_named_not_only_the_first(tmp_path: Path) -> None:
    (tmp_path / "FILE").touch()
    done = muster(
        "run", "-s", "gone.html", "-s", "gopher://host/x", "--warehouse", "FILE", cwd=tmp_path
    )
    assert done.returncode == 2
    for expected in ("gone.html", "unsupported scheme gopher", "--warehouse FILE"):
        assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 3  # one line each


def test_serve_refuses_the_same_mistakes_before_registering_anything(tmp_path: Path) -> None:
    done = muster("serve", "--source", "does/not/exist", cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file or folder: does/not/exist" in done.stderr
    assert "registering" not in done.stderr


@pytest.mark.parametrize(
    "source",
    ["https://example.org/story.html", "HTTP://example.org/rss", "http://127.0.0.1:9/a"],
)
def test_http_urls_pass_the_check_unfetched(source: str) -> None:
    assert source_mistake(source) is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("file:///etc/hosts", "unsupported scheme file"),
        ("s3://bucket/key", "unsupported scheme s3"),
        ("example.org/story.html", "a URL must start with http:// or https://"),
        ("  ", "--source is empty"),
    ],
)
def test_sources_that_can_never_be_read_are_named(source: str, expected: str) -> None:
    assert expected in (source_mistake(source) or "")


def test_an_existing_file_or_folder_passes_whatever_its_name(tmp_path: Path) -> None:
    odd = tmp_path / "x:" / "y"  # a real path that looks like the start of a URL
    odd.mkdir(parents=True)
    assert source_mistake(str(tmp_path)) is None
    assert source_mistake(str(odd)) is None


def test_a_missing_warehouse_that_can_be_made_passes(tmp_path: Path) -> None:
    assert warehouse_mistake(tmp_path / "new" / "warehouse") is None
    assert warehouse_mistake(tmp_path) is None


def test_a_warehouse_under_a_file_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "FILE").touch()
    mistake = warehouse_mistake(tmp_path / "FILE" / "tables")
    assert mistake is not None and "cannot be made" in mistake and "is a file" in mistake


def test_a_warehouse_where_muster_may_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root every folder is writable, so the permission answer is what is replaced here.
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)
    mistake = warehouse_mistake(tmp_path / "warehouse")
    assert mistake is not None and "no permission to write in" in mistake
