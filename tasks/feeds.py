"""RSS and Atom feeds -> the article links they list, with each item's date.

The item's date travels with its link, so an article page that states no date still gets one.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from tasks.fetch_errors import FeedError

# Enough of the start of a body to find the root element after an XML prolog and comments.
SNIFF_BYTES = 1024
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where the article is, and when the feed says it was published."""

    url: str | None  # None: the entry names no link (reported, not dropped)
    published_at: datetime | None
    title: str | None


def looks_like_feed(media_type: str, body: bytes) -> bool:
    """True for RSS/Atom: by content type, or by the root element when the type is generic."""
    if media_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    head = body[:SNIFF_BYTES].lstrip().lower()
    return any(root in head for root in FEED_ROOTS)


def parse_feed(body: bytes, base_url: str) -> list[FeedItem]:
    """Items in feed order; relative links are resolved against the feed's own URL."""
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise FeedError(f"not a readable RSS or Atom feed at {base_url}: {problem}")
    return [_item(entry, base_url) for entry in parsed.entries]


def _item(entry: feedparser.FeedParserDict, base_url: str) -> FeedItem:
    link = entry.get("link") or _first_link(entry)
    return FeedItem(
        url=urljoin(base_url, link.strip()) if link else None,
        published_at=_entry_date(entry),
        title=(entry.get("title") or "").strip() or None,
    )


def _first_link(entry: feedparser.FeedParserDict) -> str | None:
    """Atom entries may carry only <link rel="alternate" href=...> in their links list."""
    for link in entry.get("links", []):
        if link.get("href"):
            return str(link["href"])
    return None


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    """feedparser normalises dates to UTC struct_time; published wins over updated."""
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None
