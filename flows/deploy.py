"""The deployments `muster serve` keeps running: `ingest/scheduled` and `compact/nightly`.

Both are served from this process (no work pool needed): the server schedules runs, this
process picks them up and runs each flow in a child process. `prefect.yaml` describes the same
two deployments for teams that run workers on a work pool instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from prefect.client.schemas.schedules import CronSchedule
from pydantic import ValidationError

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

# Hourly: news sites publish through the day, and an ingest of an unchanged corpus is cheap
# (merges add no rows).
INGEST_CRON = "0 * * * *"
# 03:30 daily: the quietest hour, and off the hour so it never starts together with an ingest.
COMPACT_CRON = "30 3 * * *"
# Delta's default: a week of time travel survives compaction.
RETENTION_HOURS = 168
INGEST_DEPLOYMENT = "scheduled"
COMPACT_DEPLOYMENT = "nightly"
NO_SERVER_MESSAGE = (
    "PREFECT_API_URL is not set: start a server with `prefect server start --host 127.0.0.1` "
    "and export PREFECT_API_URL=http://127.0.0.1:4200/api"
)


class ServeError(Exception):
    """`muster serve` cannot start; the message says what to change."""


@dataclass(frozen=True)
class ServeOptions:
    """What the served deployments run on and when."""

    sources: list[str]
    warehouse: str = "warehouse"
    ingest_cron: str = INGEST_CRON
    compact_cron: str = COMPACT_CRON
    retention_hours: int = RETENTION_HOURS
    tags: list[str] = field(default_factory=lambda: ["muster"])


def prefect_api_url() -> str:
    """The server deployments are registered with; refuses to fall back to an ephemeral one,
    whose schedules would vanish with this process."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise ServeError(NO_SERVER_MESSAGE)
    return str(url)


def check_cron(expression: str, option: str = "--cron") -> str:
    """The expression unchanged when Prefect's scheduler accepts it; a usable message if not."""
    try:
        CronSchedule(cron=expression)
    except ValidationError as exc:
        raise ServeError(
            f"{option} {expression!r} is not a cron expression Prefect accepts: use five fields "
            "(minute hour day-of-month month day-of-week), e.g. '0 * * * *' for hourly or "
            "'30 3 * * *' for 03:30 daily (UTC)"
        ) from exc
    return expression


def schedule_of(sources: list[str], cron: str | None) -> str:
    """The ingest cron: the one given, else the one the sources file names, else hourly."""
    if cron:
        return cron
    from tasks.sources_file import is_sources_file, load_sources_file

    named = {
        schedule
        for source in sources
        if is_sources_file(source)
        for schedule in load_sources_file(source).by_schedule()
        if schedule
    }
    if len(named) > 1:
        raise ServeError(
            f"the sources file names {len(named)} schedules ({', '.join(sorted(named))}): "
            "`ingest/scheduled` has one; split the file per schedule, or pass --cron"
        )
    return named.pop() if named else INGEST_CRON


def absolute_source(source: str) -> str:
    """Local paths made absolute, so a run triggered from the UI reads the same files; URLs
    stay as they are."""
    if "://" in source:
        return source
    return str(Path(source).expanduser().resolve())


def check_options(options: ServeOptions) -> ServeOptions:
    """Options with valid schedules and absolute paths, checked before anything is
    registered."""
    check_cron(options.ingest_cron, "--cron")
    check_cron(options.compact_cron, "--compact-cron")
    if options.retention_hours < 0:
        raise ServeError(f"--retention-hours is {options.retention_hours}: give 0 or more")
    if not options.sources:
        raise ServeError("no --source given: name at least one file, folder or URL to ingest")
    return ServeOptions(
        sources=[absolute_source(s) for s in options.sources],
        warehouse=absolute_source(options.warehouse),
        ingest_cron=options.ingest_cron,
        compact_cron=options.compact_cron,
        retention_hours=options.retention_hours,
        tags=options.tags,
    )


def ingest_deployment(options: ServeOptions) -> RunnerDeployment:
    """`ingest/scheduled`: the configured sources into the warehouse, on the ingest cron."""
    from flows.ingest import ingest

    # to_deployment is sync/async-compatible; called from sync code it returns the object.
    deployment = ingest.to_deployment(
        name=INGEST_DEPLOYMENT,
        cron=options.ingest_cron,
        parameters={"sources": options.sources, "warehouse": options.warehouse},
        description="Ingest the configured sources into the warehouse.",
        tags=options.tags,
    )
    return cast("RunnerDeployment", deployment)


def compact_deployment(options: ServeOptions) -> RunnerDeployment:
    """`compact/nightly`: compaction and vacuum of the same warehouse, on the compact cron."""
    from flows.compact import compact

    deployment = compact.to_deployment(
        name=COMPACT_DEPLOYMENT,
        cron=options.compact_cron,
        parameters={"warehouse": options.warehouse, "retention_hours": options.retention_hours},
        description="Compact, checkpoint and vacuum every table of the warehouse.",
        tags=options.tags,
    )
    return cast("RunnerDeployment", deployment)


def build_deployments(options: ServeOptions) -> list[RunnerDeployment]:
    """Both deployments, from checked options."""
    checked = check_options(options)
    return [ingest_deployment(checked), compact_deployment(checked)]


def serve_deployments(deployments: list[RunnerDeployment]) -> None:
    """Register the deployments and run their flow runs until interrupted (Ctrl-C)."""
    from prefect import serve

    # Pausing schedules on shutdown keeps a stopped `muster serve` from piling up late runs.
    serve(*deployments, pause_on_shutdown=True, print_starting_message=False)
