"""The Prefect task over the pure extractor: a batch of articles in, `claims` rows out."""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.extract import extract_articles, extractor_version
from tasks.schema import Article, claim_row


def extract_batch(articles: list[Article], run_id: str) -> list[dict[str, Any]]:
    """Claims of the canonical articles only: a duplicate's claims are its original's."""
    version = extractor_version()
    canonical = [article for article in articles if article.duplicate_of is None]
    return [
        claim_row(claim, article.article_id, version, run_id)
        for article, claims in extract_articles(canonical)
        for claim in claims
    ]


@task(name="extract", cache_policy=NO_CACHE)
def extract(articles: list[Article], run_id: str) -> list[dict[str, Any]]:
    """Prefect wrapper of `extract_batch`."""
    return extract_batch(articles, run_id)
