"""The polite HTTP client against a real loopback news site: every fault, every limit."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.fetch import FetchState, fetch_batch, fetch_items
from tasks.fetch_errors import (
    BodyTooLarge,
    FetchError,
    FetchTimeout,
    HostGivenUp,
    HTTPStatusError,
    RetryableStatus,
    SchemeRefused,
    TooManyRedirects,
    UnsupportedContent,
)
from tasks.fetch_log import FetchLog
from tasks.settings import FetchSettings
from tasks.web import (
    HostBook,
    PageRequest,
    Validators,
    WebPage,
    backoff_delay,
    fetch_pages,
    host_of,
    media_type_of,
    parse_retry_after,
)
from tests.newsite import Faults, NewsSite, generated_stories, serving

QUICK = FetchSettings(
    per_host_delay_s=0.0,
    per_host_limit=4,
    retries=2,
    backoff_base_s=0.01,
    backoff_max_s=0.05,
    retry_after_max_s=0.05,
    read_timeout_s=0.5,
    connect_timeout_s=0.5,
    max_bytes=20_000,
)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    faults = Faults(flaky_every=2, hang_seconds=1.5)
    with serving(NewsSite(generated_stories(6), faults)) as served:
        yield served


def get(site: NewsSite, path: str, settings: FetchSettings = QUICK) -> WebPage | FetchError:
    return fetch_pages([PageRequest(site.url(path))], settings)[0]


def test_article_page_comes_back_with_its_validators(site: NewsSite) -> None:
    page = get(site, "/news/story-001.html")
    assert isinstance(page, WebPage)
    assert (page.status, page.media_type, page.charset) == (200, "text/html", "utf-8")
    assert b"Denmark" in page.body and page.validators.etag
    assert site.hits[-1].agent == QUICK.user_agent


def test_conditional_get_turns_an_unchanged_page_into_a_304(site: NewsSite) -> None:
    first = get(site, "/news/story-001.html")
    assert isinstance(first, WebPage)
    again = fetch_pages([PageRequest(first.url, first.validators)], QUICK)[0]
    assert isinstance(again, WebPage) and again.not_modified and again.body == b""
    assert [(h.status, h.conditional) for h in site.hits] == [(200, False), (304, True)]


def test_503_that_clears_is_retried(site: NewsSite) -> None:
    page = get(site, "/news/story-000.html")  # flaky: 503 on the first visit
    assert isinstance(page, WebPage) and page.status == 200
    assert [h.status for h in site.hits] == [503, 200]


def test_429_waits_for_retry_after_capped(site: NewsSite) -> None:
    started = time.monotonic()
    page = get(site, "/busy/story-002")
    assert isinstance(page, WebPage) and page.status == 200
    assert [h.status for h in site.hits] == [429, 200]
    assert time.monotonic() - started < 0.9  # Retry-After: 1 was capped at 0.05 s


def test_redirects_are_followed_up_to_the_limit(site: NewsSite) -> None:
    page = get(site, "/redirect/5/story-003.html")
    assert isinstance(page, WebPage) and page.final_url == site.url("/news/story-003.html")
    too_far = get(site, "/redirect/6/story-003.html")
    assert isinstance(too_far, TooManyRedirects)
    loop = get(site, "/loop")
    assert isinstance(loop, TooManyRedirects)
    assert str(loop).startswith(f"more than 5 redirects from {site.url('/loop')}")


def test_404_is_terminal_and_named(site: NewsSite) -> None:
    error = get(site, "/gone")
    assert isinstance(error, HTTPStatusError) and not error.transient
    assert str(error) == f"HTTP 404 Not Found for {site.url('/gone')}"
    assert site.count("/gone") == 1  # not retried


def test_always_503_gives_up_after_the_retries(site: NewsSite) -> None:
    error = get(site, "/down/1")
    assert isinstance(error, RetryableStatus) and error.transient
    assert str(error) == f"HTTP 503 Service Unavailable for {site.url('/down/1')}"
    assert site.count("/down/") == QUICK.retries + 1


def test_slow_answer_times_out(site: NewsSite) -> None:
    error = get(site, "/hang", QUICK.model_copy(update={"retries": 0}))
    assert isinstance(error, FetchTimeout)
    assert str(error).startswith(f"timed out fetching {site.url('/hang')}")


def test_oversized_bodies_are_refused_declared_or_streamed(site: NewsSite) -> None:
    declared = get(site, "/big-declared")
    streamed = get(site, "/big")
    assert isinstance(declared, BodyTooLarge) and "100,003 bytes" in str(declared)
    assert isinstance(streamed, BodyTooLarge)
    assert "passed the 20,000-byte limit" in str(streamed)


def test_wrong_content_type_is_refused_with_the_type(site: NewsSite) -> None:
    error = get(site, "/image.png")
    assert isinstance(error, UnsupportedContent)
    assert str(error).startswith(f"content type image/png at {site.url('/image.png')}")


def test_other_schemes_are_refused_without_a_request(site: NewsSite) -> None:
    error = fetch_pages([PageRequest("file:///etc/hostname")], QUICK)[0]
    assert isinstance(error, SchemeRefused) and "file://" in str(error)
    assert site.hits == []


def test_a_failing_host_is_given_up_and_named(site: NewsSite) -> None:
    settings = QUICK.model_copy(update={"retries": 0, "host_failure_limit": 3, "per_host_limit": 1})
    urls = [site.url(f"/down/{n}") for n in range(6)]
    answers = fetch_pages([PageRequest(u) for u in urls], settings)
    given_up = [a for a in answers if isinstance(a, HostGivenUp)]
    assert len(given_up) == 3 and site.count("/down/") == 3
    assert str(given_up[0]).startswith(f"gave up on host {host_of(urls[0])} after 3 failures:")


def test_host_book_carries_across_batches_and_success_resets() -> None:
    book = HostBook(limit=2)
    error = RetryableStatus("HTTP 503 Service Unavailable for http://a.test/1", 503)
    book.failed("http://a.test/1", error)
    book.succeeded("http://a.test/2")
    book.failed("http://a.test/3", error)
    book.check("http://a.test/4")  # one failure since the success: still asked
    book.failed("http://a.test/5", error)
    with pytest.raises(HostGivenUp, match=r"gave up on host a\.test after 2 failures"):
        book.check("http://a.test/6")
    book.check("http://b.test/1")  # other hosts are unaffected


def test_per_host_limit_and_delay_are_kept(site: NewsSite) -> None:
    settings = QUICK.model_copy(update={"per_host_limit": 2, "per_host_delay_s": 0.05})
    slugs = [s.slug for s in site.stories if int(s.slug[-1]) % 2]  # not flaky
    fetch_pages([PageRequest(site.url(f"/news/{s}.html")) for s in slugs * 2], settings)
    starts = sorted(h.started for h in site.hits)
    assert site.max_in_flight <= 2
    assert all(b - a >= 0.04 for a, b in itertools.pairwise(starts))


def test_quarantine_rows_name_every_failed_url(site: NewsSite) -> None:
    paths = ["/gone", "/image.png", "/loop", "/big", "/down/9", "/news/story-001.html"]
    docs, rows = fetch_batch([site.url(p) for p in paths], QUICK)
    assert [d.source_uri for d in docs] == [site.url("/news/story-001.html")]
    assert sorted(r.source_uri for r in rows) == sorted(site.url(p) for p in paths[:-1])
    assert all(r.stage == "fetch" and r.target == "source" and r.reason for r in rows)


def test_unchanged_pages_are_skipped_on_the_next_pass(site: NewsSite) -> None:
    urls = [site.article_url(s) for s in site.stories[1:4]]
    state = FetchState(FetchLog(), HostBook(5))
    first = fetch_items(urls, QUICK, state)
    assert len(first.documents) == 3 and first.skipped == 0 and len(first.log) == 3
    again = fetch_items(urls, QUICK, FetchState(FetchLog(first.log), HostBook(5)))
    assert (again.documents, again.skipped, again.log) == ([], 3, [])
    assert site.count("/news/", status=304) == 3


# --- pure helpers --------------------------------------------------------------------------

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@given(st.integers(min_value=0, max_value=10**6), st.floats(min_value=0, max_value=3600))
def test_retry_after_seconds_are_capped(seconds: int, cap: float) -> None:
    assert parse_retry_after(str(seconds), NOW, cap) == min(float(seconds), cap)


@given(st.integers(min_value=-3600, max_value=3600))
def test_retry_after_http_dates_are_seconds_from_now(offset: int) -> None:
    value = format_datetime(NOW + timedelta(seconds=offset), usegmt=True)
    assert parse_retry_after(value, NOW, 7200.0) == max(float(offset), 0.0)


@given(st.text(max_size=20).filter(lambda s: not s.strip().isdigit()))
def test_unreadable_retry_after_is_none_never_an_error(value: str) -> None:
    result = parse_retry_after(value, NOW, 60.0)
    assert result is None or 0 <= result <= 60.0


@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=2**32))
def test_backoff_grows_and_stays_under_the_cap(attempt: int, seed: int) -> None:
    settings = FetchSettings(backoff_base_s=0.5, backoff_max_s=30.0)
    delay = backoff_delay(attempt, settings, random.Random(seed))
    expected = min(30.0, 0.5 * 2**attempt)
    assert 0.5 * expected <= delay <= min(30.0, 1.5 * expected)


@given(
    st.sampled_from(["text/html", "TEXT/HTML", "application/xhtml+xml"]),
    st.sampled_from(["utf-8", "ISO-8859-1", '"windows-1252"']),
)
def test_media_type_and_charset_are_split_and_lowered(media: str, charset: str) -> None:
    assert media_type_of(f"{media} ; Charset={charset}") == (
        media.lower(),
        charset.strip('"').lower(),
    )


def test_validators_make_conditional_headers() -> None:
    assert Validators('"v1"', None).headers() == {"If-None-Match": '"v1"'}
    assert Validators().headers() == {}
