"""The `compact` flow: keep the warehouse fast to read and bounded on disk."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact

from tasks.compact import CompactError, compact_warehouse_task


def artifact_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per table for the run's table artifact in the Prefect UI."""
    return list(result["tables"].values())


@flow(name="compact", log_prints=True)
def compact(warehouse: str = "warehouse", retention_hours: int = 168) -> dict[str, Any]:
    """Compact, checkpoint and vacuum every Delta table under the warehouse."""
    logger = get_run_logger()
    result = compact_warehouse_task(warehouse, retention_hours)
    for name, row in result["tables"].items():
        logger.info(
            "%s: %d -> %d files, v%d -> v%d, %d vacuumed",
            name,
            row["files_before"],
            row["files_after"],
            row["version_before"],
            row["version_after"],
            row["files_vacuumed"],
        )
    create_table_artifact(
        key="compact-figures", table=artifact_rows(result), description=f"Compaction of {warehouse}"
    )
    if result["failures"]:
        raise CompactError(f"could not compact: {result['failures']}")
    return result
