"""RSS and Atom feeds from a real loopback site: item links, dates, refusals, conditional GET."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tasks.clean import clean_batch
from tasks.expand import SourceItem, expand_sources
from tasks.feeds import looks_like_feed, parse_feed
from tasks.fetch import FetchState, fetch_items
from tasks.fetch_errors import FeedError
from tasks.fetch_log import FetchLog
from tasks.settings import FetchSettings
from tests.newsite import NewsSite, generated_stories, serving

QUICK = FetchSettings(per_host_delay_s=0.0, backoff_base_s=0.01, backoff_max_s=0.02)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with serving(NewsSite(generated_stories(5))) as served:
        yield served


def run(sources: list[str], state: FetchState) -> tuple[list[str], object]:
    items = list(expand_sources(sources, QUICK, state.log))
    return items, fetch_items(items, QUICK, state)


def fresh() -> FetchState:
    return FetchState.start([], QUICK)


@pytest.mark.parametrize("path", ["/feed.rss", "/feed.atom"])
def test_feed_items_become_articles_with_the_items_dates(site: NewsSite, path: str) -> None:
    items, batch = run([site.url(path)], fresh())
    assert items == [site.article_url(s) for s in site.stories]
    assert [d.published_at for d in batch.documents] == [s.published for s in site.stories]
    articles, bad = clean_batch(batch.documents)
    assert bad == []
    assert "Cookie" not in articles[0].text and "Copyright" not in articles[0].text
    assert site.stories[0].paragraphs[0] in articles[0].text


def test_item_links_at_other_schemes_are_refused_and_quarantined(site: NewsSite) -> None:
    _, batch = run([site.url("/bad-feed.rss")], fresh())
    assert len(batch.documents) == len(site.stories)
    reasons = sorted(row.reason for row in batch.quarantine)
    assert len(reasons) == 3
    assert any("file://" in r and "only http and https" in r for r in reasons)
    assert any(r.startswith("refused ftp://127.0.0.1/story.txt") for r in reasons)
    assert any(r.endswith("has no link") for r in reasons)
    assert all(row.payload and "bad-feed.rss" in row.payload for row in batch.quarantine)


def test_an_unchanged_feed_is_one_304_and_lists_nothing(site: NewsSite) -> None:
    _, first = run([site.url("/feed.rss")], fresh())
    state = FetchState(FetchLog(first.log), fresh().hosts)
    items, again = run([site.url("/feed.rss")], state)
    assert items == [] and again.documents == []
    assert site.hits[-1].path == "/feed.rss" and site.hits[-1].status == 304


def test_an_unchanged_feed_still_retries_items_that_failed(site: NewsSite) -> None:
    feed = site.url("/feed.rss")
    _, first = run([feed], fresh())
    failed = fetch_items([SourceItem(site.url("/down/x"), origin=feed)], QUICK, fresh()).log
    assert failed[0].retry and failed[0].origin == feed
    assert not any(entry.retry for entry in first.log)
    items = list(expand_sources([feed], QUICK, FetchLog([*first.log, *failed])))
    assert items == [site.url("/down/x")]  # the feed answered 304; only the failure is retried


def test_a_feed_that_does_not_parse_is_quarantined(site: NewsSite) -> None:
    _items, batch = run([site.url("/not-a-feed.xml")], fresh())
    assert batch.documents == [] and len(batch.quarantine) == 1
    assert "not-a-feed.xml" in batch.quarantine[0].source_uri


def test_parse_feed_resolves_relative_links_and_rejects_junk() -> None:
    body = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/a/1"/></entry></feed>'
    assert [i.url for i in parse_feed(body, "https://news.test/feed")] == ["https://news.test/a/1"]
    with pytest.raises(FeedError, match=r"not a readable RSS or Atom feed at https://x\.test/f"):
        parse_feed(b"this is not xml at all", "https://x.test/f")


def test_feed_sniffing_uses_type_then_root_element() -> None:
    assert looks_like_feed("application/rss+xml", b"")
    assert looks_like_feed("text/xml", b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert not looks_like_feed("text/html", b"<html><body>rss</body></html>")
