"""What a run shows in the Prefect UI: a markdown summary and a table of its newest claims."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.dataset as pads
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tasks.write import read_table

if TYPE_CHECKING:
    from flows.ingest import RunSummary

# Enough rows to eyeball a run in the UI without turning the artifact into a data dump.
NEWEST_CLAIMS = 50
CLAIM_COLUMNS = ["actor", "location", "action", "status", "troops", "evidence", "run_id"]


def summary_markdown(summary: RunSummary) -> str:
    """The run's counts, quarantine reasons and table versions as markdown."""
    lines = [
        f"# muster run `{summary.run_id}`",
        "",
        f"Warehouse: `{summary.warehouse}`, {summary.seconds:.1f} s",
        "",
        "| stage | count |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {count:,} |" for name, count in summary.counts.items()]
    lines += ["", "| table | version |", "|---|---:|"]
    lines += [f"| {name} | {version} |" for name, version in summary.table_versions.items()]
    if summary.quarantine_reasons:
        lines += ["", "## Quarantined", "", "| reason | rows |", "|---|---:|"]
        lines += [
            f"| {reason.replace('|', '/')} | {count:,} |"
            for reason, count in sorted(
                summary.quarantine_reasons.items(), key=lambda item: -item[1]
            )
        ]
    return "\n".join(lines)


def newest_claims(summary: RunSummary) -> list[dict[str, Any]]:
    """Claims this run added, capped for display."""
    mine = pads.field("run_id") == summary.run_id
    table = read_table(Path(summary.warehouse), "claims", CLAIM_COLUMNS, where=mine)
    return table.slice(0, NEWEST_CLAIMS).to_pylist()


def publish_artifacts(summary: RunSummary) -> None:
    """Attach the summary and the newest claims to the flow run."""
    create_markdown_artifact(
        summary_markdown(summary),
        key="run-summary",
        description="What this ingest run read, kept and quarantined",
    )
    create_table_artifact(
        newest_claims(summary),
        key="newest-claims",
        description=f"Up to {NEWEST_CLAIMS} claims this run added",
    )
