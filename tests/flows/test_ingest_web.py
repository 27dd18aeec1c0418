"""The `ingest` flow over a real loopback news site: a flaky feed of 40 articles lands whole,
gives the same claims as the same articles read from text files, and an unchanged site costs
the next run one conditional request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.ingest import ingest
from tasks.settings import FetchSettings
from tasks.write import read_table
from tests.newsite import Faults, NewsSite, generated_stories, serving

STORIES = 40
# Small batches, so the feed's items cross several batches as a large feed would.
BATCH = 10
# Test-sized politeness: real runs wait far longer between retries.
QUICK = FetchSettings(
    per_host_delay_s=0.0,
    per_host_limit=4,
    backoff_base_s=0.01,
    backoff_max_s=0.05,
    retry_after_max_s=0.05,
    read_timeout_s=2.0,
)

ClaimKey = tuple[str, str, str, int | None]


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    faults = Faults(flaky_every=3, slow_every=5, slow_seconds=0.2)
    with serving(NewsSite(generated_stories(STORIES), faults)) as served:
        yield served


@pytest.fixture(scope="module")
def runs(site: NewsSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two runs of the feed into one warehouse, with the server's request log after each."""
    warehouse = tmp_path_factory.mktemp("web") / "wh"
    feed = site.url("/feed.rss")
    first = ingest(sources=[feed], warehouse=str(warehouse), batch_size=BATCH, fetch_settings=QUICK)
    after_first = len(site.hits)
    tables = {name: len(read_table(warehouse, name)) for name in ("articles", "claims")}
    second = ingest(
        sources=[feed], warehouse=str(warehouse), batch_size=BATCH, fetch_settings=QUICK
    )
    return {
        "warehouse": warehouse,
        "first": first,
        "second": second,
        "tables_after_first": tables,
        "second_hits": site.hits[after_first:],
    }


def claims_by_doc(warehouse: Path, name_of: Any) -> dict[str, set[ClaimKey]]:
    """(actor, location, action, troops) per document, keyed by the story's slug."""
    articles = {
        a["article_id"]: name_of(a["source_uri"])
        for a in read_table(warehouse, "articles").to_pylist()
    }
    found: dict[str, set[ClaimKey]] = {slug: set() for slug in articles.values()}
    for claim in read_table(warehouse, "claims").to_pylist():
        key = (claim["actor"], claim["location"], claim["action"], claim["troops"])
        found[articles[claim["article_id"]]].add(key)
    return found


def micro_f1(got: dict[str, set[ClaimKey]], want: dict[str, set[ClaimKey]]) -> float:
    hits = sum(len(got.get(doc, set()) & claims) for doc, claims in want.items())
    n_got = sum(len(c) for c in got.values())
    n_want = sum(len(c) for c in want.values())
    if not n_got or not n_want:
        return 0.0
    precision, recall = hits / n_got, hits / n_want
    return 2 * precision * recall / (precision + recall) if hits else 0.0


def slug_of(uri: str) -> str:
    return Path(uri.split("?")[0]).name.rsplit(".", 1)[0]


def test_every_article_of_a_flaky_feed_lands(runs: dict[str, Any], site: NewsSite) -> None:
    counts = runs["first"]["counts"]
    articles = read_table(runs["warehouse"], "articles").to_pylist()
    assert counts["articles"] == STORIES
    assert {slug_of(a["source_uri"]) for a in articles} == {s.slug for s in site.stories}
    assert all(a["published_at"] is not None for a in articles)
    assert read_table(runs["warehouse"], "quarantine").num_rows == 0
    assert site.count("/news/", status=503) == len(range(0, STORIES, 3))  # the faults happened


def test_web_claims_match_the_same_articles_read_as_text(
    runs: dict[str, Any], site: NewsSite, tmp_path: Path
) -> None:
    folder = tmp_path / "text"
    folder.mkdir()
    for story in site.stories:
        (folder / f"{story.slug}.txt").write_text(story.text(), encoding="utf-8")
    text_warehouse = tmp_path / "text-wh"
    ingest(sources=[str(folder)], warehouse=str(text_warehouse))
    want = claims_by_doc(text_warehouse, slug_of)
    got = claims_by_doc(runs["warehouse"], slug_of)
    assert sum(len(c) for c in want.values()) >= STORIES * 3 // 4  # the templates do yield
    assert micro_f1(got, want) >= 0.95


def test_an_unchanged_site_costs_one_conditional_request(runs: dict[str, Any]) -> None:
    hits = runs["second_hits"]
    assert [(h.path, h.status, h.conditional) for h in hits] == [("/feed.rss", 304, True)]
    for name, rows in runs["tables_after_first"].items():
        assert len(read_table(runs["warehouse"], name)) == rows, name
    new_rows = {k: v for k, v in runs["second"]["counts"].items() if k.startswith("new_")}
    assert not any(new_rows.values()), new_rows
    assert runs["second"]["seconds"] < runs["first"]["seconds"] / 4


def test_the_fetch_log_remembers_every_article(runs: dict[str, Any], site: NewsSite) -> None:
    log = read_table(runs["warehouse"], "fetch_log").to_pylist()
    pages = {row["url"]: row for row in log if row["kind"] == "page"}
    assert set(pages) == {site.article_url(s) for s in site.stories}
    assert all(
        row["status"] == 200 and row["etag"] and row["error"] is None for row in pages.values()
    )
    assert [row["url"] for row in log if row["kind"] == "feed"] == [site.url("/feed.rss")]
