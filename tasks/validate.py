"""Checks articles and claims against the Great Expectations suites kept in `expectations/`.

The suites are committed JSON files, so a reviewer sees every rule as data. Rows that fail
an expectation become quarantine rows saying which rule failed and on what value; the rest
continue to the writer. Great Expectations takes seconds to import, so it is loaded lazily,
once per process, and only when a batch has rows.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.schema import (
    ACTIONS,
    ARTICLES,
    CLAIMS,
    ORGANISATIONS,
    STATUSES,
    TROOPS_MAX,
    TROOPS_MIN,
    Article,
    QuarantineRow,
)

EXPECTATIONS_DIR = Path(__file__).resolve().parents[1] / "expectations"
SUITE_NAMES = ("articles", "claims")
# Kosovo has no ISO 3166-1 code; CLAIMS.md uses the user-assigned XKX, as the EU and IMF do.
# States that no longer exist keep their withdrawn ISO 3166-3 codes (USSR, Yugoslavia,
# Czechoslovakia, East Germany, North Vietnam, South Yemen).
EXTRA_COUNTRY_CODES = ("XKX", "SUN", "YUG", "CSK", "DDR", "VDR", "YMD")
# Helper column computed before validation: GX has no expectation comparing a substring.
EVIDENCE_CHECK = "evidence_matches_text"
# Long values (article text, evidence) are cut in reasons so a reason stays one readable line.
MAX_VALUE_CHARS = 80
FIRST_OCCURRENCE_KEPT = "expect_column_values_to_be_unique"
# One GX context serves every thread a task runner starts; it is not documented thread-safe.
GX_LOCK = threading.RLock()


class SuiteError(RuntimeError):
    """An expectation suite file is missing or unreadable: a setup problem, not bad data."""


# --- the suites as data ------------------------------------------------------------------


def country_codes() -> list[str]:
    """ISO 3166-1 alpha-3 codes known to pycountry, plus Kosovo's and withdrawn states'."""
    return sorted({c.alpha_3 for c in pycountry.countries} | set(EXTRA_COUNTRY_CODES))


def expectation(kind: str, explanation: str, **kwargs: Any) -> dict[str, Any]:
    """One expectation entry; `explanation` finishes the sentence in a quarantine reason."""
    return {"type": kind, "kwargs": kwargs, "meta": {"explanation": explanation}}


def not_null(column: str) -> dict[str, Any]:
    """A required column."""
    return expectation("expect_column_values_to_not_be_null", "is missing", column=column)


def articles_suite() -> dict[str, Any]:
    """The articles suite as written to expectations/articles.json."""
    required = ("article_id", "content_hash", "source_uri", "text")
    return {
        "name": "articles",
        "expectations": [
            *(not_null(column) for column in required),
            expectation(
                "expect_column_values_to_be_unique",
                "repeats an article_id earlier in this batch",
                column="article_id",
            ),
            expectation(
                "expect_column_value_lengths_to_be_between",
                "is empty: cleaning left no title or body",
                column="text",
                min_value=1,
            ),
        ],
        "meta": {"generated_by": "tasks.validate.articles_suite"},
    }


def claims_suite() -> dict[str, Any]:
    """The claims suite as written to expectations/claims.json."""
    countries = country_codes()
    return {
        "name": "claims",
        "expectations": [
            not_null("claim_id"),
            expectation(
                "expect_column_values_to_be_unique",
                "repeats a claim_id earlier in this batch",
                column="claim_id",
            ),
            in_set(
                "actor", [*countries, *ORGANISATIONS], "an ISO 3166-1 alpha-3 code or organisation"
            ),
            in_set("location", countries, "an ISO 3166-1 alpha-3 code"),
            in_set("action", list(ACTIONS), "one of " + ", ".join(ACTIONS)),
            in_set("status", list(STATUSES), "one of " + ", ".join(STATUSES)),
            expectation(
                "expect_column_values_to_be_between",
                f"is outside {TROOPS_MIN}..{TROOPS_MAX}, so it is probably a misread number",
                column="troops",
                min_value=TROOPS_MIN,
                max_value=TROOPS_MAX,
            ),
            expectation(
                "expect_column_values_to_be_between",
                "is not a probability between 0 and 1",
                column="confidence",
                min_value=0.0,
                max_value=1.0,
            ),
            expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                "char_end must be greater than char_start",
                column_A="char_end",
                column_B="char_start",
                or_equal=False,
            ),
            {
                **in_set(EVIDENCE_CHECK, [True], "the article text at char_start:char_end"),
                # The helper column is only True/False: the reason shows the evidence instead.
                "meta": {
                    "explanation": "is not the article text at char_start:char_end",
                    "shows": "evidence",
                },
            },
        ],
        "meta": {"generated_by": "tasks.validate.claims_suite"},
    }


def in_set(column: str, values: list[Any], what: str) -> dict[str, Any]:
    """A vocabulary check; the explanation reads 'is not <what>'."""
    return expectation(
        "expect_column_values_to_be_in_set", f"is not {what}", column=column, value_set=values
    )


SUITE_BUILDERS = {"articles": articles_suite, "claims": claims_suite}


def write_suites(directory: Path = EXPECTATIONS_DIR) -> list[Path]:
    """Regenerate the committed suite files, e.g. after a pycountry update."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SUITE_BUILDERS.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(build(), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def load_suite_config(name: str, directory: Path = EXPECTATIONS_DIR) -> dict[str, Any]:
    """A committed suite file as a dict."""
    path = directory / f"{name}.json"
    try:
        config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SuiteError(
            f"cannot read expectation suite {path}: {error}; regenerate it with "
            "`python -m tasks.validate`"
        ) from error
    return config


# --- Great Expectations, loaded once -------------------------------------------------------


@cache
def gx_context() -> Any:
    """An ephemeral GX context with analytics and progress bars off (imports GX: seconds)."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("muster")
    return context


@cache
def gx_suite(name: str) -> tuple[Any, Any]:
    """The batch definition and loaded suite for one table."""
    import great_expectations as gx

    context = gx_context()
    asset = context.data_sources.get("muster").add_dataframe_asset(name)
    batch_definition = asset.add_batch_definition_whole_dataframe(f"{name}-batch")
    return batch_definition, gx.ExpectationSuite(**load_suite_config(name))


def warm_up() -> None:
    """Pay the GX import and suite loading now rather than inside the first batch."""
    with GX_LOCK:
        for name in SUITE_NAMES:
            gx_suite(name)


def run_suite(name: str, frame: pd.DataFrame) -> list[Any]:
    """GX results for every expectation of a suite on this frame, with failing row indexes."""
    with GX_LOCK:
        batch_definition, suite = gx_suite(name)
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        outcome = batch.validate(suite, result_format={"result_format": "COMPLETE"})
    return list(outcome.results)


# --- from GX results to reasons per row ----------------------------------------------------


def describe_value(value: Any) -> str:
    """A short repr of a failing value for a reason line."""
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."


def checked_columns(kwargs: Mapping[str, Any]) -> list[str]:
    """The column(s) an expectation looks at."""
    if "column" in kwargs:
        return [kwargs["column"]]
    return [kwargs[key] for key in ("column_A", "column_B") if key in kwargs]


def row_reason(config: Any, record: Mapping[str, Any]) -> str:
    """'expectation(columns): value explanation' for one failing row."""
    columns = checked_columns(config.kwargs)
    values = [record.get(column) for column in [config.meta.get("shows")] if column] or [
        record.get(column) for column in columns
    ]
    shown = describe_value(values[0] if len(values) == 1 else tuple(values))
    explanation = config.meta.get("explanation", "fails this expectation")
    return f"{config.type}({', '.join(columns)}): {shown} {explanation}"


def first_occurrences(frame: pd.DataFrame, column: str) -> set[int]:
    """Rows holding the first copy of a repeated value: kept, only the repeats are rejected."""
    return set(frame.index[~frame[column].duplicated(keep="first")])


def failing_indexes(result: Any, frame: pd.DataFrame) -> list[int]:
    """Row indexes a failed result blames; every row when GX could not say which."""
    config = result.expectation_config
    raised = bool((result.exception_info or {}).get("raised_exception"))
    indexes = None if raised else result.result.get("unexpected_index_list")
    if indexes is None:
        return list(frame.index)
    if config.type == FIRST_OCCURRENCE_KEPT:
        kept = first_occurrences(frame, config.kwargs["column"])
        return [i for i in indexes if i not in kept]
    return list(indexes)


def batch_reason(result: Any) -> str:
    """Why a whole batch failed when an expectation could not run on it."""
    config = result.expectation_config
    message = (result.exception_info or {}).get("exception_message") or "no failing rows reported"
    return (
        f"{config.type}({', '.join(checked_columns(config.kwargs))}) could not be evaluated "
        f"on this batch: {message}"
    )


def reasons_by_row(
    results: list[Any], frame: pd.DataFrame, records: list[dict[str, Any]]
) -> dict[int, list[str]]:
    """Every failing row index with the reasons it failed, in suite order."""
    reasons: dict[int, list[str]] = {}
    for result in results:
        if result.success:
            continue
        whole_batch = result.result.get("unexpected_index_list") is None
        for index in failing_indexes(result, frame):
            reason = (
                batch_reason(result)
                if whole_batch
                else row_reason(result.expectation_config, records[index])
            )
            reasons.setdefault(index, []).append(reason)
    return reasons


def check(suite: str, records: list[dict[str, Any]]) -> tuple[list[int], dict[int, str]]:
    """Run a suite over records: indexes that passed, and the reason for each that did not."""
    columns = list(records[0]) if records else []
    frame = pd.DataFrame.from_records(records, columns=columns)
    return split_rows(len(records), reasons_by_row(run_suite(suite, frame), frame, records))


def json_default(value: Any) -> str:
    """Datetimes as ISO 8601; anything else JSON cannot hold as its string."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def payload(row: Mapping[str, Any]) -> str:
    """The rejected row as JSON, for the quarantine table."""
    return json.dumps(dict(row), default=json_default, ensure_ascii=False)


def split_rows(count: int, reasons: dict[int, list[str]]) -> tuple[list[int], dict[int, str]]:
    """Indexes that passed, and the joined reason for each that did not."""
    passed = [i for i in range(count) if i not in reasons]
    return passed, {i: "; ".join(found) for i, found in sorted(reasons.items())}


# --- the stage -----------------------------------------------------------------------------


def validate_articles(articles: list[Article]) -> tuple[list[Article], list[QuarantineRow]]:
    """Articles that pass the articles suite, and a quarantine row for each that does not."""
    if not articles:
        return [], []
    records = [
        {column: row.get(column) for column in ARTICLES.names} for row in map(Article.row, articles)
    ]
    passed, failed = check("articles", records)
    quarantined = [
        QuarantineRow(
            source_uri=articles[i].source_uri or "unknown source",
            stage="validate",
            target="articles",
            reason=reason,
            payload=payload(records[i]),
            run_id=articles[i].run_id,
        )
        for i, reason in failed.items()
    ]
    return [articles[i] for i in passed], quarantined


def evidence_matches(row: Mapping[str, Any], texts: Mapping[str, str]) -> bool:
    """Whether the claim's evidence is exactly the article text between its offsets."""
    text = texts.get(row.get("article_id") or "")
    start, end = row.get("char_start"), row.get("char_end")
    if text is None or not isinstance(start, int) or not isinstance(end, int):
        return False
    return 0 <= start < end <= len(text) and text[start:end] == row.get("evidence")


def claim_record(row: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """A claim row with every claims column plus the evidence check the suite expects."""
    return {
        **{column: row.get(column) for column in CLAIMS.names},
        EVIDENCE_CHECK: evidence_matches(row, texts),
    }


def claim_source(row: Mapping[str, Any], sources: Mapping[str, str]) -> str:
    """The source a claim's article came from, or its article id when unknown."""
    article_id = row.get("article_id") or ""
    return sources.get(article_id) or f"article:{article_id}"


def validate_claims(
    rows: list[dict[str, Any]], texts: dict[str, str], sources: dict[str, str]
) -> tuple[list[dict[str, Any]], list[QuarantineRow]]:
    """Claim rows that pass the claims suite, and a quarantine row for each that does not."""
    if not rows:
        return [], []
    passed, failed = check("claims", [claim_record(row, texts) for row in rows])
    quarantined = [
        QuarantineRow(
            source_uri=claim_source(rows[i], sources),
            stage="validate",
            target="claims",
            reason=reason,
            payload=payload(rows[i]),
            run_id=rows[i].get("run_id") or "",
        )
        for i, reason in failed.items()
    ]
    return [rows[i] for i in passed], quarantined


@task(name="validate-articles", cache_policy=NO_CACHE)
def validate_articles_task(articles: list[Article]) -> tuple[list[Article], list[QuarantineRow]]:
    """Prefect wrapper around validate_articles."""
    return validate_articles(articles)


@task(name="validate-claims", cache_policy=NO_CACHE)
def validate_claims_task(
    rows: list[dict[str, Any]], texts: dict[str, str], sources: dict[str, str]
) -> tuple[list[dict[str, Any]], list[QuarantineRow]]:
    """Prefect wrapper around validate_claims."""
    return validate_claims(rows, texts, sources)


if __name__ == "__main__":
    for written in write_suites(Path(sys.argv[1]) if len(sys.argv) > 1 else EXPECTATIONS_DIR):
        print(f"wrote {written}")
