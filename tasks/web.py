"""A polite, bounded HTTP client: many URLs fetched concurrently without hammering any host.

Limits a crawler owes the sites it reads: a global and a per-host concurrency cap, a delay
between requests to one host, timeouts, a streamed body limit, a redirect limit, http(s)
only, retries with exponential backoff and jitter that honour Retry-After, and giving up on a
host that keeps failing. Conditional GET (If-None-Match / If-Modified-Since) makes re-reading
an unchanged page cost one 304.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from tasks.fetch_errors import (
    BodyTooLarge,
    ConnectFailed,
    EmptyBody,
    FetchError,
    FetchTimeout,
    HostGivenUp,
    HTTPStatusError,
    RetryableStatus,
    SchemeRefused,
    TooManyRedirects,
    TransientError,
    UnsupportedContent,
)
from tasks.settings import FetchSettings

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
ANY_READABLE = PAGE_TYPES | FEED_TYPES
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Jitter spreads retries of many clients over +-50% of the backoff, so they do not return
# in lockstep and knock the server over again.
JITTER = 0.5

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Validators:
    """What the last answer for a URL said about its version, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """Request headers that turn an unchanged page into a 304."""
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One URL to GET, the versions we already hold, and the content types we can use."""

    url: str
    validators: Validators = Validators()
    accept: frozenset[str] = PAGE_TYPES


@dataclass(frozen=True, slots=True)
class WebPage:
    """A successful answer: 200 with a body, or 304 (not modified) without one."""

    url: str
    final_url: str
    status: int
    media_type: str
    charset: str | None
    body: bytes
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- pure helpers --------------------------------------------------------------------------


def host_of(url: str) -> str:
    """The politeness key: host and port, lower-cased, so two services on one box are two."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def check_scheme(url: str) -> str:
    """Refuse anything but http(s): a feed must not make muster read local files."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}://" if scheme else "a URL without a scheme"
        raise SchemeRefused(f"refused {url}: {shown} is not fetched (only http and https are)")
    return url


def media_type_of(header: str | None) -> tuple[str, str | None]:
    """'text/html; charset=UTF-8' -> ('text/html', 'utf-8'); a missing header -> ('', None)."""
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media.strip().lower(), charset


def parse_retry_after(value: str | None, now: datetime, cap: float) -> float | None:
    """Retry-After as seconds from now (it may be seconds or an HTTP date), capped."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), cap)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - now).total_seconds(), 0.0), cap)


def backoff_delay(attempt: int, settings: FetchSettings, rng: random.Random) -> float:
    """Exponential backoff with jitter: about base * 2**attempt, never above the cap."""
    base = min(settings.backoff_max_s, settings.backoff_base_s * 2**attempt)
    return min(settings.backoff_max_s, base * rng.uniform(1 - JITTER, 1 + JITTER))


def retry_delay(error: TransientError, attempt: int, settings: FetchSettings) -> float:
    """The server's Retry-After when it gave one, else our own backoff."""
    if isinstance(error, RetryableStatus) and error.retry_after is not None:
        return error.retry_after
    return backoff_delay(attempt, settings, random.Random())


# --- host accounting -----------------------------------------------------------------------


@dataclass
class HostBook:
    """Consecutive failures per host over a whole run, and the hosts given up on."""

    limit: int
    failures: dict[str, int] = field(default_factory=dict)
    given_up: dict[str, str] = field(default_factory=dict)

    def check(self, url: str) -> None:
        """Refuse a URL of a host already given up on, naming the original failure."""
        reason = self.given_up.get(host_of(url))
        if reason is not None:
            raise HostGivenUp(f"{reason} (not fetched: {url})")

    def succeeded(self, url: str) -> None:
        self.failures[host_of(url)] = 0

    def failed(self, url: str, error: FetchError) -> None:
        """Count a URL that failed after its retries; at the limit the host is given up."""
        host = host_of(url)
        count = self.failures.get(host, 0) + 1
        self.failures[host] = count
        if count >= self.limit and host not in self.given_up:
            self.given_up[host] = f"gave up on host {host} after {count} failures: {error}"


# --- politeness ----------------------------------------------------------------------------


class Politeness:
    """A global cap, a per-host cap and a per-host delay between request starts."""

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self.total = asyncio.Semaphore(settings.concurrency)
        self.per_host: dict[str, asyncio.Semaphore] = {}
        self.next_start: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> Any:
        """Hold a place to send one request to the URL's host."""
        host = host_of(url)
        gate = self.per_host.setdefault(host, asyncio.Semaphore(self.settings.per_host_limit))
        async with gate:
            await self._wait_turn(host)
            async with self.total:
                yield

    async def _wait_turn(self, host: str) -> None:
        """Reserve the host's next start time (one event loop: no race), then sleep to it."""
        now = asyncio.get_running_loop().time()
        start = max(now, self.next_start.get(host, now))
        self.next_start[host] = start + self.settings.per_host_delay_s
        if start > now:
            await asyncio.sleep(start - now)


# --- one request ---------------------------------------------------------------------------


@dataclass
class Session:
    """What every request of one fetch shares."""

    client: httpx.AsyncClient
    settings: FetchSettings
    politeness: Politeness
    hosts: HostBook


async def get_once(session: Session, request: PageRequest) -> WebPage:
    """GET with redirects followed by hand (each hop scheme-checked), no retries."""
    url = check_scheme(request.url)
    for _ in range(session.settings.max_redirects + 1):
        async with session.politeness.slot(url):
            session.hosts.check(request.url)  # the host may have been given up while we waited
            location = await _answer(session, request, url)
        if isinstance(location, WebPage):
            return location
        url = check_scheme(location)
    raise TooManyRedirects(
        f"more than {session.settings.max_redirects} redirects from {request.url} (last: {url})"
    )


async def _answer(session: Session, request: PageRequest, url: str) -> WebPage | str:
    """One HTTP exchange: a page, or the next URL of a redirect."""
    headers = request.validators.headers()
    try:
        async with session.client.stream("GET", url, headers=headers) as response:
            if response.status_code in REDIRECTS and "location" in response.headers:
                return urljoin(url, response.headers["location"])
            check_status(response, request.url, session.settings)
            return await _read_page(response, request, session.settings)
    except httpx.TimeoutException as exc:
        raise FetchTimeout(f"timed out fetching {url} ({type(exc).__name__})") from None
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise ConnectFailed(f"cannot fetch {url}: {exc or type(exc).__name__}") from None
    except httpx.InvalidURL as exc:
        raise SchemeRefused(f"refused {url}: not a valid URL ({exc})") from None


def check_status(response: httpx.Response, url: str, settings: FetchSettings) -> None:
    """Raise the error class an HTTP status calls for; 200 and 304 pass."""
    status = response.status_code
    if status in (200, 203, 304):
        return
    message = f"HTTP {status} {response.reason_phrase} for {url}"
    if status == 429 or status >= 500:
        wait = parse_retry_after(
            response.headers.get("retry-after"), datetime.now(UTC), settings.retry_after_max_s
        )
        raise RetryableStatus(message, status, wait)
    raise HTTPStatusError(message, status)


async def _read_page(
    response: httpx.Response, request: PageRequest, settings: FetchSettings
) -> WebPage:
    media, charset = media_type_of(response.headers.get("content-type"))
    if response.status_code != 304 and media and media not in request.accept:
        raise UnsupportedContent(
            f"content type {media} at {request.url} is not read "
            f"(muster reads {', '.join(sorted(request.accept))})"
        )
    body = b"" if response.status_code == 304 else await read_limited(response, settings)
    if response.status_code != 304 and not body.strip():
        raise EmptyBody(f"empty answer (HTTP {response.status_code}) from {request.url}")
    return WebPage(
        url=request.url,
        final_url=str(response.url),
        status=response.status_code,
        media_type=media,
        charset=charset,
        body=body,
        validators=Validators(response.headers.get("etag"), response.headers.get("last-modified")),
    )


async def read_limited(response: httpx.Response, settings: FetchSettings) -> bytes:
    """Stream the body and stop as soon as it passes the limit, so a huge answer costs little."""
    limit = settings.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(
            _too_large(str(response.url), f"is {int(declared):,} bytes, over", limit)
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(_too_large(str(response.url), "passed", limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(url: str, size: str, limit: int) -> str:
    return f"answer from {url} {size} the {limit:,}-byte limit (raise --max-bytes to read it)"


# --- retries -------------------------------------------------------------------------------


async def get_with_retries(session: Session, request: PageRequest) -> WebPage:
    """Retry transient failures with backoff; a host that keeps failing is given up on."""
    settings = session.settings
    for attempt in range(settings.retries + 1):
        try:
            page = await get_once(session, request)
        except TransientError as exc:
            if attempt == settings.retries:
                session.hosts.failed(request.url, exc)
                raise
            await asyncio.sleep(retry_delay(exc, attempt, settings))
        else:
            session.hosts.succeeded(request.url)
            return page
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


async def _settle(session: Session, request: PageRequest) -> WebPage | FetchError:
    try:
        return await get_with_retries(session, request)
    except FetchError as exc:
        return exc


def client_for(settings: FetchSettings) -> httpx.AsyncClient:
    """An httpx client with our timeouts and User-Agent; redirects are followed by hand."""
    timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
    limits = httpx.Limits(max_connections=settings.concurrency)
    return httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent},
    )


async def fetch_pages_async(
    requests: list[PageRequest], settings: FetchSettings, hosts: HostBook
) -> list[WebPage | FetchError]:
    """Every request answered, in order: a page or the error that stopped it."""
    async with client_for(settings) as client:
        session = Session(client, settings, Politeness(settings), hosts)
        return list(await asyncio.gather(*(_settle(session, r) for r in requests)))


def fetch_pages(
    requests: Iterable[PageRequest], settings: FetchSettings, hosts: HostBook | None = None
) -> list[WebPage | FetchError]:
    """Synchronous entry point: one event loop per call (a batch), never raising."""
    book = hosts if hosts is not None else HostBook(settings.host_failure_limit)
    return run_coroutine(lambda: fetch_pages_async(list(requests), settings, book))


def run_coroutine(make: Callable[[], Awaitable[T]]) -> T:
    """asyncio.run, or the same in a helper thread when this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_await(make))
    outcome: list[T | BaseException] = []

    def work() -> None:
        try:
            outcome.append(asyncio.run(_await(make)))
        except BaseException as exc:  # handed back to the caller's thread below
            outcome.append(exc)

    worker = threading.Thread(target=work, name="muster-fetch")
    worker.start()
    worker.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


async def _await(make: Callable[[], Awaitable[T]]) -> T:
    return await make()
