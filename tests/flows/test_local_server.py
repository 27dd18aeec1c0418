"""The throw-away Prefect API `muster run` boots, and how it decides not to."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.local_server import LocalServer, configured_api_url


@pytest.fixture
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    return tmp_path


def test_no_configuration_means_no_api_url(prefect_home: Path) -> None:
    assert configured_api_url() is None


def test_the_environment_names_the_server(
    prefect_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4999/api")
    assert configured_api_url() == "http://127.0.0.1:4999/api"


def test_the_active_profile_names_the_server(prefect_home: Path) -> None:
    (prefect_home / "profiles.toml").write_text(
        'active = "team"\n\n[profiles.team]\nPREFECT_API_URL = "http://127.0.0.1:4321/api"\n'
        "\n[profiles.other]\n",
        encoding="utf-8",
    )
    assert configured_api_url() == "http://127.0.0.1:4321/api"


def test_a_broken_profiles_file_is_no_configuration(prefect_home: Path) -> None:
    (prefect_home / "profiles.toml").write_text("active = [unclosed", encoding="utf-8")
    assert configured_api_url() is None


def test_the_server_answers_and_stops(prefect_home: Path) -> None:
    server = LocalServer.start()
    try:
        server.wait_healthy()
        assert server.answers()
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert not server.answers()
