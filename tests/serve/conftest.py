"""One real Prefect server and one `muster serve` per session, shared by the operating tests.

These tests start processes and a browser, so they carry the `server` mark: deselect them
with `pytest -m "not server"`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers import ARTICLES, PrefectServer, Served, start_server, stop, write_corpus


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "server: starts a real Prefect server, `muster serve` or a browser (slow)"
    )


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """A real `prefect server start` on a free port, its own home and SQLite database."""
    server = start_server(tmp_path_factory.mktemp("prefect-server"))
    print(f"\nPrefect server healthy after {server.started_in:.1f} s")
    yield server
    stop(server.process)


@pytest.fixture(scope="session")
def served(
    prefect_server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """`muster serve` over a small corpus of test articles, up until the session ends."""
    root = tmp_path_factory.mktemp("served")
    corpus = write_corpus(root / "corpus", sorted(ARTICLES))
    serving = Served(prefect_server, root, corpus, root / "warehouse")
    serving.start()
    print(f"\nmuster serve: deployments registered after {serving.ready_in:.1f} s")
    yield serving
    serving.stop()
