"""Choosing what `muster serve` registers, without a server: schedules and their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.deploy import INGEST_CRON, ServeError, schedule_of


def sources_file(folder: Path, *schedules: str | None) -> str:
    entries = []
    for number, schedule in enumerate(schedules):
        entries.append(f'[[sources]]\nurl = "https://news.test/feed{number}.xml"')
        if schedule:
            entries.append(f'schedule = "{schedule}"')
    path = folder / "sources.toml"
    path.write_text("\n".join(entries) + "\n", encoding="utf-8")
    return str(path)


def test_an_explicit_cron_wins_over_the_sources_file(tmp_path: Path) -> None:
    assert schedule_of([sources_file(tmp_path, "*/5 * * * *")], "15 * * * *") == "15 * * * *"


def test_the_sources_file_schedule_is_used_when_no_cron_is_given(tmp_path: Path) -> None:
    assert schedule_of([sources_file(tmp_path, "*/5 * * * *", None)], None) == "*/5 * * * *"


def test_without_any_schedule_ingest_runs_hourly(tmp_path: Path) -> None:
    assert schedule_of([str(tmp_path), sources_file(tmp_path, None)], None) == INGEST_CRON


def test_several_schedules_in_one_file_are_refused_with_a_way_out(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="--cron"):
        schedule_of([sources_file(tmp_path, "0 * * * *", "30 2 * * *")], None)
