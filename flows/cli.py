"""`muster run | serve | compact | version`: parse arguments, run a flow, print what it did."""

from __future__ import annotations

import atexit
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.local_server import LocalServer, configured_api_url
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES

SAMPLE_CORPUS = Path(__file__).resolve().parent / "sample"
# Quiet, offline defaults: no telemetry, and Prefect's per-task lines only when asked for.
QUIET_ENVIRONMENT = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "False",
}

# A source naming a scheme ("ftp://...") is a URL; muster fetches only these two kinds.
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
FETCHED_SCHEMES = ("http", "https")
# Exit status for a mistake in the arguments, as Click uses for its own usage errors.
USAGE_ERROR = 2

# Options `run` and `serve` share: what to read and where the tables live.
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        help="A file, folder (read recursively), http(s) URL, feed, WARC or sources file; "
        "repeatable. Default: the bundled sample corpus.",
    ),
]
WarehouseOption = Annotated[Path, typer.Option(help="Folder holding the Delta tables.")]
DEFAULT_WAREHOUSE = Path("warehouse")

app = typer.Typer(
    help="muster: news articles in, a Delta Lake warehouse of deployment claims out.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)


class WarningsOnly(logging.Filter):
    """Drops a logger's INFO and DEBUG records whatever level the library gives that logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


# Great Expectations sets the logger of the module that announces "Created temporary directory
# ... for ephemeral docs site" to INFO when it is imported, so the WARNING level on its parent
# does not quiet it; a filter on the logger itself survives that import.
GX_CHATTY_LOGGER = "great_expectations.data_context.types.base"
GX_QUIET = WarningsOnly()


def quiet_environment(verbose: bool) -> None:
    """Set the offline defaults unless the user set them already; library chatter only with -v."""
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    chatty = logging.getLogger(GX_CHATTY_LOGGER)
    if verbose:
        chatty.removeFilter(GX_QUIET)
        return
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL", "WARNING")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    chatty.addFilter(GX_QUIET)  # adding the same filter twice keeps one


# --- arguments checked before any work -----------------------------------------------------


def source_mistake(source: str) -> str | None:
    """Why `source` can never be read, or None: a typo should stop the command, not be a
    quarantine row in a run that reports success."""
    if not source.strip():
        return "--source is empty: give a file, folder or http(s) URL"
    if os.path.exists(source):
        return None
    scheme = URL_SCHEME.match(source)
    if scheme is None:
        return (
            f"no such file or folder: {source} "
            "(check the path; a URL must start with http:// or https://)"
        )
    if scheme.group(1).lower() in FETCHED_SCHEMES:
        return None  # whether it answers is the run's business: failures are quarantined
    return (
        f"--source {source}: unsupported scheme {scheme.group(1)} (muster fetches http and https)"
    )


def nearest_existing(path: Path) -> Path:
    """The path itself or its closest ancestor on disk, where a new folder would be made."""
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return candidate
    return Path(".")


def warehouse_mistake(warehouse: Path) -> str | None:
    """Why the tables cannot live in `warehouse`, or None; otherwise the run fails midway."""
    found = nearest_existing(warehouse)
    if found == warehouse:
        if warehouse.is_file():
            return f"--warehouse {warehouse} is a file; give a folder"
        if not warehouse.is_dir():
            return f"--warehouse {warehouse} is not a folder; give a folder"
    elif not found.is_dir():
        return f"--warehouse {warehouse} cannot be made: {found} is a file; give a folder"
    if not os.access(found, os.W_OK | os.X_OK):
        return f"--warehouse {warehouse}: no permission to write in {found}; give another folder"
    return None


def refuse_mistakes(command: str, sources: list[str], warehouse: Path) -> None:
    """Name every mistake in the arguments, one line each, and stop with exit status 2."""
    mistakes = [source_mistake(source) for source in sources] + [warehouse_mistake(warehouse)]
    found = [mistake for mistake in mistakes if mistake is not None]
    for mistake in found:
        console.print(f"[red]muster {command}:[/red] {escape(mistake)}", soft_wrap=True)
    if found:
        raise typer.Exit(USAGE_ERROR)


def empty_folders(sources: list[str]) -> list[str]:
    """Source folders holding no file muster would read, which a run counts as zero articles
    without saying why."""
    from tasks.expand import walk

    return [
        source
        for source in sources
        if os.path.isdir(source) and next(iter(walk(source)), None) is None
    ]


def start_local_server() -> LocalServer | None:
    """Boot a Prefect API for this run before the slow imports (see flows/local_server.py);
    None when the user configured a server of their own."""
    if configured_api_url():
        return None
    server = LocalServer.start()
    os.environ["PREFECT_API_URL"] = server.api_url  # before Prefect is imported, which reads it
    # Registered before Prefect registers its own exit handlers, so it runs after them: they
    # still send the last logs and events to this server.
    atexit.register(server.stop)
    return server


def warm_up(server: LocalServer | None) -> None:
    """Pay Great Expectations' import (~7 s) while the server boots on the other core."""
    from tasks.validate import warm_up as warm_up_validation

    warm_up_validation()
    if server is not None:
        server.wait_healthy()


@app.command()
def run(
    source: SourceOption = None,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
    batch_size: Annotated[
        int, typer.Option(min=1, max=10_000, help="Articles per task batch.")
    ] = DEFAULT_BATCH_SIZE,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Inputs larger than this are quarantined.")
    ] = DEFAULT_MAX_BYTES,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Show every task run and the libraries' log lines."),
    ] = False,
) -> None:
    """Ingest sources into the warehouse: fetch, dedupe, extract, validate, write.

    A missing path, a URL that is not http(s) or an unusable --warehouse stops it before any
    work, with exit status 2.
    """
    sources = source or [str(SAMPLE_CORPUS)]
    refuse_mistakes("run", sources, warehouse)
    quiet_environment(verbose)
    started = time.monotonic()
    server = start_local_server()
    try:
        warm_up(server)
        from flows.ingest import ingest

        summary = ingest(
            sources=sources, warehouse=str(warehouse), batch_size=batch_size, max_bytes=max_bytes
        )
    except Exception as exc:  # the flow's own log holds the traceback; say it in one line here
        console.print(f"[red]muster run failed:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None
    remarks = [
        f"no article was found in {folder}: the folder holds no files "
        "(hidden files and folders are skipped)"
        for folder in empty_folders(sources)
    ]
    print_summary(summary, time.monotonic() - started, remarks)


def print_summary(summary: dict[str, Any], seconds: float, remarks: list[str]) -> None:
    """The figures a user checks after a run, on one screen, then what in them needs a word."""
    counts, versions = summary["counts"], summary["table_versions"]
    table = Table(title=f"muster run {summary['run_id']}", show_header=False)
    for label, key in (
        ("sources read", "sources"),
        ("articles", "articles"),
        ("duplicates", "duplicates"),
        ("claims", "claims"),
        ("quarantined", "quarantined"),
    ):
        table.add_row(label, f"{counts.get(key, 0):,}")
    table.add_row(
        "new rows",
        ", ".join(f"{k[4:]} {v:,}" for k, v in sorted(counts.items()) if k.startswith("new_")),
    )
    table.add_row("table versions", ", ".join(f"{k} v{v}" for k, v in sorted(versions.items())))
    table.add_row("warehouse", summary["warehouse"])
    table.add_row("time", f"{seconds:.1f} s")
    Console().print(table)
    for remark in remarks:
        Console(soft_wrap=True).print(escape(remark))
    for reason, count in sorted(summary["quarantine_reasons"].items(), key=lambda kv: -kv[1])[:10]:
        console.print(f"  quarantined {count:>5} × {reason}")


@app.command()
def version() -> None:
    """Print muster's and its extractor's versions."""
    from importlib.metadata import version as package_version

    from tasks.extract import extractor_version

    print(f"muster {package_version('muster')}, extractor {extractor_version()}")


@app.command()
def train(
    corpus: Annotated[
        Path,
        typer.Argument(help="Annotated corpus: docs/, gold.jsonl and optionally split.tsv."),
    ],
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write the model (default: the one muster ships)."),
    ] = None,
    side: Annotated[
        str, typer.Option(help="Which side of split.tsv to fit on; the other is scored.")
    ] = "train",
) -> None:
    """Rebuild the extractor's model from an annotated corpus (deterministic)."""
    from tasks.extract.model import MODEL_PATH
    from tasks.extract.train import CorpusError
    from tasks.extract.train import train as fit

    if not corpus.is_dir():
        console.print(f"[red]no such folder: {escape(str(corpus))}[/red]")
        raise typer.Exit(2)
    try:
        fit(corpus, out or MODEL_PATH, side, report=console.print)
    except CorpusError as error:
        console.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from error


@app.command()
def serve(
    source: SourceOption = None,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
    cron: Annotated[
        str | None,
        typer.Option(
            help="When `ingest/scheduled` runs (cron, UTC). Default: the schedule a sources "
            "file names, else hourly (0 * * * *)."
        ),
    ] = None,
    compact_cron: Annotated[
        str, typer.Option(help="When `compact/nightly` runs (cron, UTC).")
    ] = "30 3 * * *",
    retention_hours: Annotated[
        int,
        typer.Option(
            min=0, help="History `compact/nightly` keeps readable (time travel), in hours."
        ),
    ] = 168,
) -> None:
    """Serve the `ingest/scheduled` and `compact/nightly` deployments on a Prefect server."""
    sources = source or [str(SAMPLE_CORPUS)]
    refuse_mistakes("serve", sources, warehouse)
    quiet_environment(verbose=False)
    from flows.deploy import (
        ServeError,
        ServeOptions,
        build_deployments,
        prefect_api_url,
        schedule_of,
    )
    from tasks.fetch_errors import SourcesFileError

    try:
        options = ServeOptions(
            sources=sources,
            warehouse=str(warehouse),
            ingest_cron=schedule_of(sources, cron),
            compact_cron=compact_cron,
            retention_hours=retention_hours,
        )
        deployments = build_deployments(options)
        url = prefect_api_url()
    except (ServeError, SourcesFileError) as exc:
        console.print(f"[red]muster serve:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    announce_serving(url, deployments)
    from flows.deploy import serve_deployments

    serve_deployments(deployments)
    console.print("muster serve: stopped; schedules are paused until it serves again.")


def announce_serving(url: str, deployments: list[Any]) -> None:
    """Say which server the deployments go to, so a wrong PREFECT_API_URL is seen at once."""
    console.print(f"muster serve: registering with the Prefect server at {url}")
    for deployment in deployments:
        schedules = ", ".join(str(s.schedule.cron) for s in deployment.schedules or [])
        console.print(
            f"  {deployment.flow_name}/{deployment.name}  cron '{schedules}'  "
            f"parameters {deployment.parameters}"
        )
    console.print("Runs start here when due or when triggered from the UI; Ctrl-C stops.")


@app.command()
def compact(
    warehouse: Annotated[Path, typer.Option(help="Folder holding the Delta tables.")] = Path(
        "warehouse"
    ),
    retention_hours: Annotated[
        int,
        typer.Option(
            min=0, help="History kept readable (time travel), in hours; older files are deleted."
        ),
    ] = 168,
) -> None:
    """Compact, checkpoint and vacuum every table of the warehouse, once."""
    quiet_environment(verbose=False)
    from flows.compact import compact as compact_flow
    from tasks.compact import CompactError

    try:
        result = compact_flow(warehouse=str(warehouse), retention_hours=retention_hours)
    except CompactError as exc:
        console.print(f"[red]muster compact:[/red] {exc}", soft_wrap=True)
        raise typer.Exit(1) from exc
    print_compaction(result)


def print_compaction(result: dict[str, Any]) -> None:
    """Per table: files and versions before and after, on one screen."""
    table = Table(title=f"muster compact {result['warehouse']}")
    for column in ("table", "files", "versions", "files on disk", "vacuumed"):
        table.add_column(column)
    for name, row in sorted(result["tables"].items()):
        table.add_row(
            name,
            f"{row['files_before']} → {row['files_after']}",
            f"v{row['version_before']} → v{row['version_after']}",
            f"{row['files_on_disk_before']} → {row['files_on_disk_after']}",
            str(row["files_vacuumed"]),
        )
    Console().print(table)


@app.command()
def export(
    table: Annotated[
        str,
        typer.Option(
            help="Table to export: claims, articles, quarantine, runs, fingerprints, fetch_log."
        ),
    ] = "claims",
    fmt: Annotated[
        str, typer.Option("--format", help="Output format: csv, parquet or jsonl.")
    ] = "csv",
    actor: Annotated[
        list[str] | None,
        typer.Option(help="Keep only these actors (ISO codes); repeatable or comma-separated."),
    ] = None,
    location: Annotated[
        list[str] | None,
        typer.Option(help="Keep only these locations (ISO codes); repeatable or comma-separated."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="YYYY-MM-DD: keep rows whose article was published on or after this day (UTC)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="File to write. Default: standard output (csv, jsonl only)."),
    ] = None,
    warehouse: WarehouseOption = DEFAULT_WAREHOUSE,
) -> None:
    """Write one table, filtered, as CSV, Parquet or JSON lines for spreadsheets and R."""
    from tasks.export import ExportError, Filters, parse_codes, parse_since
    from tasks.export import export as export_table

    try:
        filters = Filters(parse_codes(actor), parse_codes(location), parse_since(since))
        count = export_table(warehouse, table, fmt, filters, out, sys.stdout.buffer)
    except ExportError as exc:
        console.print(f"[red]muster export:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(USAGE_ERROR) from None
    sys.stdout.buffer.flush()
    if out is not None:
        console.print(f"muster export: {count:,} rows of {table} written to {escape(str(out))}")


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
