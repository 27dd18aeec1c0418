"""The `ingest` flow: the only place that knows the order of the stages.

sources -> batches -> fetch -> clean -> validate articles -> dedupe -> extract -> validate
claims -> stage rows; at the end one commit per Delta table and a row in `runs`.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from pydantic import Field

from flows.report import publish_artifacts
from tasks.clean import clean
from tasks.dedupe import DedupeIndex, dedupe, fingerprints_from_batch
from tasks.extract import extractor_version
from tasks.extract_task import extract
from tasks.fetch import FetchBatch, FetchState, expand_sources, fetch
from tasks.schema import Article, QuarantineRow
from tasks.settings import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, FetchSettings, RunSettings
from tasks.validate import validate_articles_task, validate_claims_task
from tasks.validate import warm_up as warm_up_validation
from tasks.write import RunWriter, discard_stale_staging, iter_batches, write

T = TypeVar("T")

# Quarantine reasons are grouped in the summary by their first words; whole reasons stay in
# the table.
REASON_WIDTH = 120
COUNTED = ("sources", "documents", "articles", "duplicates", "claims", "quarantined")


@dataclass
class RunSummary:
    """What one run did, for the CLI's summary and the `runs` table."""

    run_id: str
    warehouse: str
    counts: dict[str, int] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    table_versions: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def opaque(value: T) -> T:
    """Hide a batch from Prefect, which would otherwise walk every row of every task argument
    looking for futures (measured: 60% of a run's time); the task still gets `value` itself."""
    return cast(T, quote(value))


def current_run_id() -> str:
    """The Prefect flow run id, or a fresh one when the flow body runs outside Prefect."""
    return str(flow_run.id or uuid.uuid4())


def batched(items: Iterator[str], size: int) -> Iterator[list[str]]:
    """Chunks of at most `size` items, so memory stays flat whatever the corpus size."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def load_dedupe_index(settings: RunSettings) -> DedupeIndex:
    """A dedupe index that already knows every article earlier runs stored."""
    index = DedupeIndex(settings.dedupe)
    for batch in iter_batches(settings.warehouse, "fingerprints"):
        index.remember(fingerprints_from_batch(batch))
    return index


def tally_quarantine(rows: list[QuarantineRow], run_id: str, summary: RunSummary) -> list[dict]:
    """Stamp quarantine rows with the run and count their reasons for the summary."""
    for row in rows:
        row.run_id = run_id
        reason = f"{row.stage}: {row.reason}"[:REASON_WIDTH]
        summary.quarantine_reasons[reason] = summary.quarantine_reasons.get(reason, 0) + 1
    return [row.row() for row in rows]


def process_batch(
    sources: list[str],
    settings: RunSettings,
    index: DedupeIndex,
    writer: RunWriter,
    summary: RunSummary,
    state: FetchState | None = None,
) -> Counter[str]:
    """Run one batch of sources through every stage and stage its rows for the commit."""
    run_id = writer.run_id
    fetched = fetch(opaque(sources), settings.fetch, opaque(state))
    docs, fetch_bad = fetched.documents, fetched.quarantine
    articles, clean_bad = clean(opaque(docs))
    articles, article_bad = validate_articles_task(opaque(articles))
    articles, fingerprints = dedupe(opaque(articles), opaque(index))
    for article in articles:
        article.run_id = run_id
    claims = extract(opaque(articles), run_id)
    texts, origins = article_maps(articles)
    claims, claim_bad = validate_claims_task(opaque(claims), opaque(texts), opaque(origins))
    quarantined = tally_quarantine(fetch_bad + clean_bad + article_bad + claim_bad, run_id, summary)
    tables = {
        "fingerprints": [fp.row() | {"run_id": run_id} for fp in fingerprints],
        "articles": [article.row() for article in articles],
        "claims": claims,
        "quarantine": quarantined,
        # after the rows it vouches for; write.RUN_TABLES also commits it last
        "fetch_log": fetched.log_rows(run_id),
    }
    staged = write(opaque(writer), opaque(tables))
    counts = batch_counts(len(sources), fetched, tables)
    counts.update({f"staged_{name}": count for name, count in staged.items()})
    return counts


def batch_counts(sources: int, fetched: FetchBatch, tables: dict[str, list[Any]]) -> Counter[str]:
    """The figures a batch adds to the run's summary."""
    articles = tables["articles"]
    return Counter(
        {
            "sources": sources,
            "documents": len(fetched.documents),
            "unchanged": fetched.skipped,
            "articles": len(articles),
            "duplicates": sum(row["duplicate_of"] is not None for row in articles),
            "claims": len(tables["claims"]),
            "quarantined": len(tables["quarantine"]),
        }
    )


def article_maps(articles: list[Article]) -> tuple[dict[str, str], dict[str, str]]:
    """article_id -> text and article_id -> source_uri, which claim validation needs."""
    return (
        {a.article_id: a.text for a in articles},
        {a.article_id: a.source_uri for a in articles},
    )


@flow(name="ingest", log_prints=True)
def ingest(
    sources: Annotated[list[str], Field(min_length=1)],
    warehouse: str = "warehouse",
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = DEFAULT_BATCH_SIZE,
    max_bytes: Annotated[int, Field(ge=1)] = DEFAULT_MAX_BYTES,
    fetch_settings: FetchSettings | None = None,
) -> dict[str, Any]:
    """Read news articles into the warehouse's Delta tables of deployment claims.

    Args:
        sources: Files, folders (read recursively), article or feed URLs, WARC files, or
            sources files (.toml/.yaml) listing any of these.
        warehouse: Folder holding the Delta tables; created when missing.
        batch_size: Articles handled per task; memory stays flat whatever the corpus size.
        max_bytes: Inputs larger than this many bytes are quarantined, not read.
        fetch_settings: Web politeness, timeouts and retries; when given, its max_bytes is used.
    """
    settings = RunSettings(
        sources=sources,
        warehouse=Path(warehouse),
        batch_size=batch_size,
        fetch=fetch_settings or FetchSettings(max_bytes=max_bytes),
    )
    summary = run_pipeline(settings, current_run_id())
    publish_artifacts(summary)
    return summary.to_dict()


def run_pipeline(settings: RunSettings, run_id: str) -> RunSummary:
    """The flow's body: batches through the stages, then one commit per table."""
    logger = get_run_logger()
    started = datetime.now(UTC)
    settings.warehouse.mkdir(parents=True, exist_ok=True)
    discard_stale_staging(settings.warehouse)
    summary = RunSummary(run_id=run_id, warehouse=str(settings.warehouse))
    writer = RunWriter(settings.warehouse, run_id)
    warm_up_validation()  # GX's one-off import, here rather than inside the first batch's task
    index = load_dedupe_index(settings)
    totals: Counter[str] = Counter(dict.fromkeys(COUNTED, 0))
    state = FetchState.start(iter_batches(settings.warehouse, "fetch_log"), settings.fetch)
    items = expand_sources(settings.sources, settings.fetch, state.log)
    for number, chunk in enumerate(batched(items, settings.batch_size)):
        totals.update(process_batch(chunk, settings, index, writer, summary, state))
        logger.info(
            "batch %d: %d sources read, %d claims so far",
            number + 1,
            totals["sources"],
            totals["claims"],
        )
    summary.table_versions = writer.commit()
    # What the tables really gained, which a concurrent run committing the same keys lowers.
    totals.update({f"new_{name}": count for name, count in writer.inserted.items()})
    summary.counts = dict(totals)
    summary.table_versions["runs"] = writer.record_run(
        started, settings.sources, summary.counts, summary.table_versions, extractor_version()
    )
    summary.seconds = (datetime.now(UTC) - started).total_seconds()
    return summary
