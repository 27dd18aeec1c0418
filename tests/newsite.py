"""A small news site on 127.0.0.1 for fetch tests: article pages with furniture, RSS and
Atom feeds, and every fault a real site shows (redirects, 404, 503, 429, slow answers,
oversized bodies, wrong content types), with ETag/Last-Modified and 304s. It counts what it
is asked, so tests check behaviour from the server's side."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A fixed page date, so Last-Modified does not change between two runs of one test.
SITE_DATE = datetime(2024, 5, 6, 8, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Story:
    """One article of the site."""

    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime | None = None

    def text(self) -> str:
        """The same article as a plain text file: title, blank line, body."""
        return self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    path: str
    status: int
    conditional: bool
    agent: str
    started: float


@dataclass
class Faults:
    """Which article requests misbehave: by the article's position in the site's list."""

    flaky_every: int = 0  # every n-th article answers 503 to its first request
    slow_every: int = 0  # every n-th article answers after `slow_seconds`
    slow_seconds: float = 0.0
    hang_seconds: float = 2.0  # /hang waits this long: longer than a test's read timeout
    big_bytes: int = 64 * 1024


@dataclass
class NewsSite:
    """The site's content and its request log; `base` is set once the server listens."""

    stories: list[Story]
    faults: Faults = field(default_factory=Faults)
    base: str = ""
    hits: list[Hit] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    max_in_flight: int = 0

    def url(self, path: str) -> str:
        return self.base + path

    def article_url(self, story: Story) -> str:
        return self.url(f"/news/{story.slug}.html")

    def count(self, prefix: str = "/", status: int | None = None) -> int:
        """Requests whose path starts with `prefix` (and answered `status`, when given)."""
        with self.lock:
            return sum(
                1
                for hit in self.hits
                if hit.path.startswith(prefix) and (status is None or hit.status == status)
            )

    def story(self, slug: str) -> tuple[int, Story] | None:
        for index, story in enumerate(self.stories):
            if story.slug == slug:
                return index, story
        return None


# --- pages ---------------------------------------------------------------------------------

FURNITURE_TOP = (
    '<header><nav><a href="/">Home</a> | <a href="/world">World</a> | '
    '<a href="/defence">Defence</a> | <a href="/subscribe">Subscribe now</a></nav>'
    '<div class="cookie">We use cookies to improve your experience. Accept all cookies</div>'
    "</header>"
)
FURNITURE_BOTTOM = (
    '<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Weather turns cold</a></li>'
    '<li><a href="/b">Markets close higher</a></li></ul></aside>'
    "<footer><p>Copyright 2024 The Loopback Courier. All rights reserved.</p>"
    '<p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>'
)


def article_html(story: Story) -> str:
    """A page as news sites serve it: menus, cookie banner, related links and a footer."""
    date = story.published.date().isoformat() if story.published else ""
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{escape(story.title)} | Loopback Courier</title>"
        f"{meta}</head><body>{FURNITURE_TOP}<main><article><h1>{escape(story.title)}</h1>"
        f"{body}</article></main>{FURNITURE_BOTTOM}</body></html>"
    )


def rss(site: NewsSite, extra_items: str = "") -> str:
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{site.article_url(s)}</link>"
        f"<guid>{site.article_url(s)}</guid>{_rss_date(s)}</item>"
        for s in site.stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Loopback Courier</title><link>{site.base}/</link>"
        f"<description>Defence news</description>{items}{extra_items}</channel></rss>"
    )


def _rss_date(story: Story) -> str:
    return f"<pubDate>{format_datetime(story.published)}</pubDate>" if story.published else ""


def atom(site: NewsSite) -> str:
    entries = "".join(
        f"<entry><title>{escape(s.title)}</title>"
        f'<link rel="alternate" href="/news/{s.slug}.html"/>'
        f"<id>urn:story:{s.slug}</id>"
        f"<updated>{(s.published or SITE_DATE).isoformat()}</updated></entry>"
        for s in site.stories
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Loopback Courier</title><id>urn:courier</id>"
        f"<updated>{SITE_DATE.isoformat()}</updated>{entries}</feed>"
    )


BAD_ITEMS = (
    "<item><title>Local file</title><link>file:///etc/hostname</link></item>"
    "<item><title>FTP copy</title><link>ftp://127.0.0.1/story.txt</link></item>"
    "<item><title>No link at all</title></item>"
)


# --- the handler ---------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the site's pages and faults."""

    server: SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.seen[self.path] += 1
            visit = site.seen[self.path]
            site.in_flight += 1
            site.max_in_flight = max(site.max_in_flight, site.in_flight)
        self.started = time.monotonic()
        try:
            self.route(site, visit)
        finally:
            with site.lock:
                site.in_flight -= 1

    def record(self, status: int) -> None:
        """Log the request before answering, so a client that returns sees it counted."""
        site = self.server.site
        conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
        agent = self.headers.get("User-Agent", "")
        with site.lock:
            site.hits.append(Hit(self.path, status, conditional, agent, self.started))

    def route(self, site: NewsSite, visit: int) -> int:
        path = self.path
        if path.startswith("/news/") and path.endswith(".html"):
            return self.article(site, path[len("/news/") : -len(".html")], visit)
        if path.startswith("/redirect/"):
            return self.redirect_chain(path)
        simple = {
            "/feed.rss": lambda: self.versioned(rss(site), "application/rss+xml"),
            "/feed.atom": lambda: self.versioned(atom(site), "application/atom+xml"),
            "/bad-feed.rss": lambda: self.send(200, "application/rss+xml", rss(site, BAD_ITEMS)),
            "/not-a-feed.xml": lambda: self.send(200, "application/xml", "<sitemap/>"),
            "/loop": lambda: self.redirect("/loop"),
            "/image.png": lambda: self.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
            "/big": lambda: self.chunked_big(site.faults.big_bytes),
            "/big-declared": lambda: self.send(200, "text/html", b"<p>" + b"x" * 100_000),
            "/plain.txt": lambda: self.send(200, "text/plain; charset=utf-8", PLAIN),
            "/empty": lambda: self.send(200, "text/html", b""),
            "/hang": lambda: self.slow(site.faults.hang_seconds),
        }
        if path in simple:
            return simple[path]()
        if path.startswith("/down/"):
            return self.send(503, "text/plain", "maintenance", reason="Service Unavailable")
        if path.startswith("/busy/"):
            return self.busy(site, path[len("/busy/") :], visit)
        return self.send(404, "text/html", "<h1>Not found</h1>", reason="Not Found")

    def article(self, site: NewsSite, slug: str, visit: int) -> int:
        found = site.story(slug)
        if found is None:
            return self.send(404, "text/html", "<h1>Not found</h1>", reason="Not Found")
        index, story = found
        faults = site.faults
        if faults.flaky_every and index % faults.flaky_every == 0 and visit == 1:
            return self.send(503, "text/plain", "try again", reason="Service Unavailable")
        if faults.slow_every and index % faults.slow_every == 0:
            time.sleep(faults.slow_seconds)
        return self.versioned(article_html(story), "text/html; charset=utf-8")

    def busy(self, site: NewsSite, slug: str, visit: int) -> int:
        """429 with Retry-After on the first visit, the article after."""
        if visit == 1:
            return self.send(429, "text/plain", "slow down", {"Retry-After": "1"}, "Too Many")
        found = site.story(slug)
        return self.versioned(article_html(found[1]) if found else "<p>x</p>", "text/html")

    def versioned(self, body: str, content_type: str) -> int:
        """200 with ETag and Last-Modified, or 304 when the client already holds this body."""
        etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, None, b"", {"ETag": etag})
        headers = {"ETag": etag, "Last-Modified": format_datetime(SITE_DATE, usegmt=True)}
        return self.send(200, content_type, body, headers)

    def redirect_chain(self, path: str) -> int:
        _, _, hops, slug = path.split("/", 3)
        left = int(hops)
        target = f"/news/{slug}" if left <= 1 else f"/redirect/{left - 1}/{slug}"
        return self.redirect(target)

    def redirect(self, target: str) -> int:
        return self.send(302, "text/plain", "", {"Location": target}, "Found")

    def chunked_big(self, size: int) -> int:
        """An oversized body without Content-Length: only streaming can catch it."""
        self.record(200)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"y" * 8189
        try:
            for _ in range(size // len(chunk) + 1):
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up at its limit, as it should
        return 200

    def slow(self, seconds: float) -> int:
        time.sleep(seconds)
        try:
            return self.send(200, "text/html", "<p>late</p>")
        except OSError:
            return 200

    def send(
        self,
        status: int,
        content_type: str | None,
        body: str | bytes,
        headers: dict[str, str] | None = None,
        reason: str | None = None,
    ) -> int:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.record(status)
        self.send_response(status, reason)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 304:
            self.wfile.write(data)
        return status

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


PLAIN = "Plain report\n\nFinland will send 80 soldiers to Estonia next spring, officials said.\n"


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: NewsSite) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up (at its byte limit or timeout) is expected here, not news."""


@contextmanager
def serving(site: NewsSite) -> Iterator[NewsSite]:
    """Serve the site on a free loopback port for the duration of the block."""
    server = SiteServer(site)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --- generated stories ---------------------------------------------------------------------

SENDERS = ("Norway", "Denmark", "Canada", "Germany", "Spain", "Sweden", "Finland", "Portugal")
HOSTS = ("Latvia", "Estonia", "Lithuania", "Romania", "Poland", "Slovakia", "Bulgaria")
TEMPLATES = (
    "{sender} will send {n} troops to {host} next month, the defence ministry said.",
    "{sender} is considering sending {n} soldiers to {host}, officials said on Monday.",
    "About {n} {adj} troops are stationed in {host}, according to the ministry.",
    "The government of {sender} announced it will deploy {n} soldiers to {host} in the spring.",
)
ADJECTIVES = {
    "Norway": "Norwegian",
    "Denmark": "Danish",
    "Canada": "Canadian",
    "Germany": "German",
    "Spain": "Spanish",
    "Sweden": "Swedish",
    "Finland": "Finnish",
    "Portugal": "Portuguese",
}
FILLER = (
    "The announcement followed talks between defence ministers in Brussels this week.",
    "Officials said the decision reflected a changed security situation in the region.",
    "Opposition lawmakers asked for a debate on the costs before the summer recess.",
)


def generated_stories(count: int) -> list[Story]:
    """`count` distinct articles, each with one deployment sentence and some filler."""
    stories = []
    for number in range(count):
        sender = SENDERS[number % len(SENDERS)]
        host = HOSTS[(number * 3 + 1) % len(HOSTS)]
        troops = 40 + 10 * number
        template = TEMPLATES[number % len(TEMPLATES)]
        claim = template.format(sender=sender, host=host, n=troops, adj=ADJECTIVES[sender])
        title = f"{sender} and {host}: defence report {number + 1}"
        paragraphs = (claim, FILLER[number % 3], FILLER[(number + 1) % 3])
        published = datetime(2024, 4, 1 + number % 28, 9, 0, tzinfo=UTC)
        stories.append(Story(f"story-{number:03d}", title, paragraphs, published))
    return stories
