"""Source strings -> the items one batch of fetch reads, lazily.

A folder becomes its files, a WARC file its response records, a sources file its entries,
and a feed URL its item links; each step is a generator, so a feed of thousands of links or
a WARC of millions of records flows through the pipeline in batches without being listed
whole. A top-level URL is fetched here, once, because only its answer tells a feed from an
article; the answer rides along with the item so fetch does not ask again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from tasks.feeds import looks_like_feed, parse_feed
from tasks.fetch_errors import FeedItemError, FetchError, SourcesFileError
from tasks.fetch_log import FetchLog, LogEntry, body_hash, success_entry
from tasks.settings import FetchSettings
from tasks.sources_file import is_sources_file, load_sources_file
from tasks.warc import WarcRecord, is_warc, iter_responses
from tasks.web import ANY_READABLE, FEED_TYPES, PageRequest, WebPage, fetch_pages


class SourceItem(str):
    """A source string plus what expansion learnt about it.

    It is still the string a user would recognise (URL, path or record URI), so batching,
    counting and logging need not know about it; the attributes tell fetch how to read it.
    """

    published_at: datetime | None
    origin: str | None
    page: WebPage | None
    warc: WarcRecord | None
    error: FetchError | None
    skip: bool
    log: tuple[LogEntry, ...]

    def __new__(cls, value: str, **attributes: Any) -> SourceItem:
        item = super().__new__(cls, value)
        item.published_at = attributes.pop("published_at", None)
        item.origin = attributes.pop("origin", None)
        item.page = attributes.pop("page", None)
        item.warc = attributes.pop("warc", None)
        item.error = attributes.pop("error", None)
        item.skip = attributes.pop("skip", False)
        item.log = tuple(attributes.pop("log", ()))
        if attributes:
            raise TypeError(f"unknown SourceItem attributes: {sorted(attributes)}")
        return item

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle with the attributes (task runners in other processes need them)."""
        return (_rebuild, (str(self), dict(self.__dict__)))


def _rebuild(value: str, attributes: dict[str, Any]) -> SourceItem:
    return SourceItem(value, **attributes)


def is_url(source: str) -> bool:
    """URLs are fetched; everything else is a path."""
    return source.lower().startswith(("http://", "https://"))


def expand_sources(
    sources: list[str], settings: FetchSettings | None = None, log: FetchLog | None = None
) -> Iterator[str]:
    """Every source as the items it holds, lazily and in order."""
    settings = settings or FetchSettings()
    log = log or FetchLog()
    for source in sources:
        yield from expand_one(source, settings, log, top_level=True)


def expand_one(
    source: str, settings: FetchSettings, log: FetchLog, top_level: bool
) -> Iterator[str]:
    """One source string -> its items; sources files are read only at the top level."""
    if is_url(source):
        yield from expand_url(source, settings, log)
    elif os.path.isdir(source):
        for path in walk(source):
            yield from expand_path(path)
    elif top_level and is_sources_file(source):
        yield from expand_sources_file(source, settings, log)
    else:
        yield from expand_path(source)


def expand_path(path: str) -> Iterator[str]:
    """A WARC file becomes its records; any other path passes as it is."""
    if is_warc(path) and os.path.isfile(path):
        yield from expand_warc(path)
    else:
        yield path


def walk(folder: str) -> Iterator[str]:
    """Files under `folder` in sorted order, skipping hidden entries such as `.git`."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # fetch quarantines it with the OS error text
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path)
        else:
            yield entry.path


def expand_warc(path: str) -> Iterator[str]:
    """One item per response record; a broken file ends with an item carrying the reason."""
    try:
        for record in iter_responses(path):
            yield SourceItem(record.source_uri, warc=record, origin=path)
    except FetchError as exc:
        yield SourceItem(path, error=exc)


def expand_sources_file(path: str, settings: FetchSettings, log: FetchLog) -> Iterator[str]:
    """Every entry of a TOML/YAML sources file, expanded in turn (schedules are for serve)."""
    try:
        locations = load_sources_file(path).locations()
    except SourcesFileError as exc:
        yield SourceItem(os.path.abspath(path), error=exc)
        return
    for location in locations:
        yield from expand_one(location, settings, log, top_level=False)


def expand_url(url: str, settings: FetchSettings, log: FetchLog) -> Iterator[str]:
    """Fetch a top-level URL (conditionally) to learn whether it is a feed or a page."""
    request = PageRequest(url, log.validators(url), ANY_READABLE)
    answer = fetch_pages([request], settings)[0]
    previous = log.get(url)
    if isinstance(answer, FetchError):
        yield SourceItem(url, error=answer)
    elif previous is not None and previous.kind == "feed" and _same_version(answer, previous):
        yield from expand_retries(url, log)
    elif not answer.not_modified and is_feed_answer(answer):
        yield from expand_feed(answer, log)
    else:
        yield SourceItem(url, page=answer)


def is_feed_answer(page: WebPage) -> bool:
    """XML types are read as feeds (and refused when they are not); HTML is sniffed."""
    return page.media_type in FEED_TYPES or looks_like_feed(page.media_type, page.body)


def _same_version(page: WebPage, previous: LogEntry) -> bool:
    return page.not_modified or body_hash(page.body) == previous.content_hash


def expand_retries(feed_url: str, log: FetchLog) -> Iterator[str]:
    """An unchanged feed lists nothing new, but items that failed last time are tried again."""
    for entry in log.retry_items(feed_url):
        yield SourceItem(entry.url, origin=feed_url)


def expand_feed(page: WebPage, log: FetchLog) -> Iterator[str]:
    """A feed's item links, each with its date; the feed's own log entry rides on the first."""
    entry = success_entry(page, "feed", None, log.get(page.url))
    try:
        items = parse_feed(page.body, page.final_url)
    except FetchError as exc:
        yield SourceItem(page.url, error=exc)
        return
    if not items:
        yield SourceItem(page.url, skip=True, log=(entry,))
    for number, item in enumerate(items):
        extra = (entry,) if number == 0 else ()
        if item.url is None:
            error = FeedItemError(f"item {number} of feed {page.url} has no link")
            yield SourceItem(f"{page.url}#item-{number}", error=error, origin=page.url, log=extra)
        else:
            yield SourceItem(item.url, published_at=item.published_at, origin=page.url, log=extra)
