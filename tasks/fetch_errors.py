"""Why a source could not be fetched; each message is the quarantine reason a person reads.

The tree (transient errors are retried with backoff, terminal ones are not):

    FetchError                    base; `transient` says whether trying again may help
    ├── TransientError            retried, then counted against the host
    │   ├── ConnectFailed         connection refused, reset or closed mid-answer
    │   ├── FetchTimeout          no connection or no bytes within the timeout
    │   └── RetryableStatus       HTTP 429 or 5xx; carries the server's Retry-After
    └── TerminalError             not retried: the same request would fail the same way
        ├── HTTPStatusError       any other HTTP 4xx (404 Not Found, 410 Gone, ...)
        ├── SchemeRefused         a URL that is not http(s), e.g. a feed item at file://
        ├── TooManyRedirects      more redirects than FetchSettings.max_redirects
        ├── BodyTooLarge          the answer is over FetchSettings.max_bytes
        ├── UnsupportedContent    a content type muster does not read (image, PDF, ...)
        ├── EmptyBody             a 200 with no bytes
        ├── HostGivenUp           the host failed too often this run; not asked again
        ├── FeedError             an RSS/Atom answer that cannot be parsed
        │   └── FeedItemError     a feed entry that names no link
        ├── WarcError             a WARC file or record that cannot be read
        └── SourcesFileError      a TOML/YAML sources file that is malformed
"""

from __future__ import annotations


class FetchError(Exception):
    """A source that could not be fetched; str(error) is the quarantine reason."""

    transient = False
    status = 0  # the HTTP status behind the error, 0 when there was no answer


class TransientError(FetchError):
    """The same request may succeed later: retry with backoff."""

    transient = True


class ConnectFailed(TransientError):
    """The connection could not be opened or broke before the answer was complete."""


class FetchTimeout(TransientError):
    """The server did not connect or send bytes in time."""


class RetryableStatus(TransientError):
    """HTTP 429 or 5xx: the server asks us to come back later."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class TerminalError(FetchError):
    """Asking again would give the same answer: quarantine at once."""


class HTTPStatusError(TerminalError):
    """A client error such as 404 Not Found or 410 Gone."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SchemeRefused(TerminalError):
    """Only http and https are fetched; file:// and friends could read the local disk."""


class TooManyRedirects(TerminalError):
    """The redirect chain is longer than allowed (or loops)."""


class BodyTooLarge(TerminalError):
    """The answer is larger than the byte limit; reading stopped at the limit."""


class UnsupportedContent(TerminalError):
    """A content type that holds no article text muster can read."""


class EmptyBody(TerminalError):
    """The server answered 200 with nothing in it."""


class HostGivenUp(TerminalError):
    """The host kept failing; its remaining URLs are quarantined without a request."""


class FeedError(TerminalError):
    """The answer claims to be a feed but holds no readable RSS or Atom."""


class FeedItemError(FeedError):
    """A feed entry without a link: there is nothing to fetch for it."""


class WarcError(TerminalError):
    """A WARC file or record that warcio cannot read."""


class SourcesFileError(TerminalError):
    """A sources file that cannot be read or does not have the expected shape."""
