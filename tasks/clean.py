"""Raw document -> article: encoding fixed, boilerplate and repeats gone, title split off.

The extractor reads `Article.text` and points offsets into it, so everything that makes
two copies of a text differ only in form (encodings, newlines, spaces, repeated paragraphs)
is settled here, once.
"""

from __future__ import annotations

import codecs
import hashlib
import html as html_lib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

import charset_normalizer
import trafilatura
from prefect import task
from prefect.cache_policies import NO_CACHE
from trafilatura.settings import Document

from tasks.schema import Article, QuarantineRow, RawDocument, stable_id

# trafilatura logs an ERROR for every page without a main text; here that is a quarantine
# row with its reason, so the log line is only noise.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

# --- decoding ------------------------------------------------------------------------------

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes that never appear in text files (tab, newline, form feed and carriage return do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r") + b"\x7f"
# Prose has next to no control bytes; random binary has about 11%, so 5% splits them clearly
# while leaving room for a few stray NULs in otherwise good text.
BINARY_CONTROL_RATIO = 0.05
# UTF-16 without a BOM: in mostly-Latin text every other byte is NUL. A third of the
# high (or low) bytes being NUL, and few on the other side, is far from random binary.
UTF16_NUL_SHARE = 0.33
# Enough bytes to judge an encoding pattern without scanning a whole large file.
SNIFF_BYTES = 8192
# charset-normalizer ranks short Latin-script texts near-randomly among code pages, so the
# Windows Western and Central European pages are tried first, in this order.
LATIN_CODE_PAGES = ("cp1252", "cp1250")
# A symbol such as ³ or ¿ between two letters ("wys³ani") means the code page is wrong.
MISREAD_SYMBOL = re.compile(r"[^\W\d_][\xa1-\xbf\xd7\xf7][^\W\d_]")
# Mostly-ASCII text with some accented letters or smart quotes is Western European (even
# accent-heavy French stays near 10% high bytes, while Cyrillic or Greek in a single-byte
# code page is over half); guessing among code pages from so few bytes is noise, so cp1252
# is taken up to this share.
LATIN_HIGH_BYTE_SHARE = 0.30
HIGH_BYTES = bytes(range(128, 256))
UNREADABLE_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class CleanError(Exception):
    """A document that cannot become an article; the message is the quarantine reason."""

    def __init__(self, reason: str, *, unreadable: bool = False) -> None:
        super().__init__(reason)
        self.unreadable = unreadable


def control_ratio(body: bytes) -> float:
    """Share of bytes that are control characters no text file contains."""
    if not body:
        return 0.0
    return (len(body) - len(body.translate(None, CONTROL_BYTES))) / len(body)


def _not_text(ratio: float, why: str = "") -> CleanError:
    detail = f"{ratio:.0%} control bytes" + (f", {why}" if why else "")
    return CleanError(f"not text: looks like binary data ({detail})", unreadable=True)


def decode_bytes(body: bytes) -> str:
    """Bytes in any common encoding -> str; binary junk raises CleanError."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            return _checked(body[len(bom) :].decode(codec, errors="replace"), body)
    utf16 = utf16_by_nul_pattern(body)
    if utf16:
        return _checked(body.decode(utf16, errors="replace"), body)
    ratio = control_ratio(body)
    if ratio > BINARY_CONTROL_RATIO:
        raise _not_text(ratio)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_declared(body) or _decode_legacy(body)
    if text is None:
        raise _not_text(ratio, "and no text encoding fits")
    return _checked(text, body)


def utf16_by_nul_pattern(body: bytes) -> str | None:
    """Name the UTF-16 byte order when NULs sit on one side of the byte pairs only."""
    sample = body[:SNIFF_BYTES]
    half = len(sample) // 2
    if half == 0:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls > UTF16_NUL_SHARE * half and even_nuls * 4 < odd_nuls:
        return "utf-16-le"
    if even_nuls > UTF16_NUL_SHARE * half and odd_nuls * 4 < even_nuls:
        return "utf-16-be"
    return None


def _decode_declared(body: bytes) -> str | None:
    """An HTML meta charset (or similar) is the author's word; try it before guessing."""
    found = DECLARED_CHARSET.search(body[:SNIFF_BYTES])
    if not found:
        return None
    try:
        return body.decode(found.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_legacy(body: bytes) -> str | None:
    """Guess a code page, trying Western ones first for Latin-script text (the usual case)."""
    matches = charset_normalizer.from_bytes(body)
    latin = high_byte_share(body) <= LATIN_HIGH_BYTE_SHARE
    ranked = [*(LATIN_CODE_PAGES if latin else ()), *(m.encoding for m in matches)]
    for codec in dict.fromkeys(ranked):
        text = _try_decode(body, codec)
        if text is not None and not MISREAD_SYMBOL.search(text):
            return text
    best = matches.best()
    return str(best) if best is not None else _try_decode(body, "cp1252")


def high_byte_share(body: bytes) -> float:
    """Share of non-ASCII bytes: low in Western text, high in Cyrillic, Greek or CJK."""
    sample = body[:SNIFF_BYTES]
    return (len(sample) - len(sample.translate(None, HIGH_BYTES))) / max(len(sample), 1)


def _try_decode(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _checked(text: str, body: bytes) -> str:
    """A decode that yields mostly control or replacement characters was a wrong guess."""
    if not text:
        return text
    bad = len(UNREADABLE_CHARS.findall(text)) / len(text)
    if bad > BINARY_CONTROL_RATIO:
        raise _not_text(control_ratio(body), f"{bad:.0%} unreadable characters once decoded")
    return text


# --- normalising ---------------------------------------------------------------------------

NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0/C1 controls, zero-width space, direction marks and stray BOMs; tab and newline stay.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff\ufffe]")
# Tabs and the Unicode spaces (no-break, thin, ideographic...) read as one plain space.
SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+| {2,}")
LINE_EDGES = re.compile(r" *\n *")
BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, one newline style, no control chars, single spaces, at most one blank line."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = NEWLINES.sub("\n", text)
    text = CONTROL_CHARS.sub("", text)
    text = SPACES.sub(" ", text)
    text = LINE_EDGES.sub("\n", text)
    return BLANK_RUNS.sub("\n\n", text).strip()


def comparison_key(text: str) -> str:
    """Case- and spacing-blind form, so copies that differ only in form compare equal."""
    return " ".join(text.casefold().split())


# --- repeated paragraphs -------------------------------------------------------------------

# A paragraph this short ("Reuters", "Share") counts as repeated inside a hard-wrapped
# paragraph only if it is at least this long; alone on its line it always counts.
MIN_REPEAT_CHARS = 20
# Lines no longer than this, several to a block, are taken as one hard-wrapped paragraph;
# longer lines are paragraphs of their own (one paragraph a line).
HARD_WRAP_MAX_CHARS = 100
# Re-wrapped copies are found through the first words of the paragraph they copy.
HEAD_WORDS = 3


def _head(key: str) -> str:
    return " ".join(key.split(" ", HEAD_WORDS)[:HEAD_WORDS])


@dataclass
class _Seen:
    """Paragraphs met so far, indexed by their first words to find re-wrapped copies."""

    keys: set[str] = field(default_factory=set)
    by_head: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str) -> None:
        if key and key not in self.keys:
            self.keys.add(key)
            self.by_head.setdefault(_head(key), []).append(key)

    def repeat_length(self, keys: list[str], start: int, alone: bool) -> int:
        """How many lines from `start` repeat an earlier paragraph (0 if they do not)."""
        first = keys[start]
        if first in self.keys and (alone or len(first) >= MIN_REPEAT_CHARS):
            return 1
        for target in self.by_head.get(_head(first), ()):
            length = _wrapped_copy_length(keys, start, target)
            if length:
                return length
        return 0


def _wrapped_copy_length(keys: list[str], start: int, target: str) -> int:
    """Lines from `start` that join to exactly `target`: a re-wrapped copy of it."""
    joined, end = keys[start], start + 1
    while joined != target:
        if end >= len(keys) or not target.startswith(joined + " "):
            return 0
        joined, end = f"{joined} {keys[end]}", end + 1
    return end - start if len(target) >= MIN_REPEAT_CHARS else 0


def drop_repeated_paragraphs(text: str) -> str:
    """Keep the first copy of every paragraph; later copies, however wrapped, go."""
    seen = _Seen()
    kept_blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        kept = [] if comparison_key(block) in seen.keys else _kept_lines(lines, seen)
        seen.add(comparison_key(block))
        if kept:
            kept_blocks.append("\n".join(kept))
    return "\n\n".join(kept_blocks)


def is_hard_wrapped(lines: list[str]) -> bool:
    """Several short lines make one paragraph; a single or long line is a paragraph itself."""
    return len(lines) > 1 and max(len(line) for line in lines) <= HARD_WRAP_MAX_CHARS


def _kept_lines(lines: list[str], seen: _Seen) -> list[str]:
    keys = [comparison_key(line) for line in lines]
    wrapped = is_hard_wrapped(lines)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        repeat = seen.repeat_length(keys, index, alone=not wrapped)
        if repeat:
            index += repeat
            continue
        kept.append(lines[index])
        if not wrapped:  # a line of a wrapped paragraph is no paragraph of its own
            seen.add(keys[index])
        index += 1
    return kept


# --- title and body ------------------------------------------------------------------------


def split_title(text: str) -> tuple[str | None, str]:
    """Plain text carries its headline on the first non-empty line."""
    first, _, rest = text.strip().partition("\n")
    return (first.strip() or None), rest.strip()


def compose_text(title: str | None, body: str) -> str:
    """Title, a blank line, then the body, without repeating a title the body opens with."""
    if not title:
        return body
    first, _, rest = body.partition("\n")
    if comparison_key(first) == comparison_key(title):
        body = rest.strip()
    return f"{title}\n\n{body}" if body else title


# --- HTML ----------------------------------------------------------------------------------

# A page whose longest line is shorter than this holds menus and links, not an article.
MIN_SENTENCE_WORDS = 5
DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class HtmlParts:
    """What the boilerplate remover found on a page."""

    title: str | None
    body: str
    published_at: datetime | None


def extract_html(html: str) -> HtmlParts:
    """Main text, title and date of a page; navigation, ads and comments removed."""
    if not DOCUMENT_TAG.search(html):
        html = f"<html><body>{html}</body></html>"  # trafilatura rejects bare fragments
    try:
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        raise CleanError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if not isinstance(found, Document):  # None: trafilatura found no main text
        return HtmlParts(title=_title_tag(html), body="", published_at=None)
    return HtmlParts(
        title=found.title or _title_tag(html),
        body=found.text or "",
        published_at=parse_day(found.date),
    )


def _title_tag(html: str) -> str | None:
    """The <title> element, for pages whose metadata trafilatura cannot read."""
    found = TITLE_TAG.search(html)
    if not found:
        return None
    return " ".join(html_lib.unescape(found.group(1)).split()) or None


def parse_day(value: str | None) -> datetime | None:
    """trafilatura reports dates as ISO strings; an unreadable one is just left out."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# A page whose short text is mostly consent, cookie or sign-in notices is a wall, not an
# article; news bodies are longer than this and mention such things in passing at most.
WALL_MAX_WORDS = 120
WALL_SHARE = 0.5
WALL_TERMS = re.compile(
    r"\b(cookies?|consent|privacy (?:settings|policy)|accept all|subscribe|sign in|log in|"
    r"ad ?blocker|javascript)\b",
    re.IGNORECASE,
)


def is_notice_wall(text: str) -> bool:
    """True for short pages made mostly of cookie, consent or sign-in notices."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or len(text.split()) > WALL_MAX_WORDS:
        return False
    noticed = sum(len(line.split()) for line in lines if WALL_TERMS.search(line))
    return noticed / len(text.split()) >= WALL_SHARE


def has_sentence(text: str) -> bool:
    """True when some line is long enough to be prose rather than a menu item."""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.split("\n"))


# --- documents -> articles -----------------------------------------------------------------


def content_hash(text: str) -> str:
    """Equal for texts that differ only in case and spacing, so exact duplicates match."""
    return hashlib.blake2b(comparison_key(text).encode("utf-8"), digest_size=16).hexdigest()


def _as_str(body: bytes | str) -> str:
    return body if isinstance(body, str) else decode_bytes(body)


def title_and_body(doc: RawDocument) -> tuple[str | None, str, datetime | None]:
    """Split a document into title, normalised body and the date its content states."""
    raw = _as_str(doc.body)
    if doc.kind == "html":
        parts = extract_html(raw)
        body = normalise_text(parts.body)
        if not has_sentence(body):
            raise CleanError("no article text after boilerplate removal")
        if is_notice_wall(body):
            raise CleanError("page holds only a cookie, consent or sign-in notice, no article")
        return doc.title or parts.title, body, parts.published_at
    text = normalise_text(raw)
    if doc.title:
        return doc.title, text, None
    title, body = split_title(text)
    return title, body, None


def clean_document(doc: RawDocument) -> Article:
    """One raw document -> one article, or CleanError with the reason."""
    title, body, stated_date = title_and_body(doc)
    title = normalise_text(title).replace("\n", " ") if title else None
    text = drop_repeated_paragraphs(compose_text(title, body))
    if not text:
        raise CleanError("no text")
    digest = content_hash(text)
    return Article(
        article_id=stable_id(doc.source_uri, digest),
        content_hash=digest,
        source_uri=doc.source_uri,
        title=title or None,
        published_at=stated_date or _utc(doc.published_at),  # the page's own date first
        text=text,
    )


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Enough of a rejected document for a person to recognise it in the quarantine table.
PAYLOAD_CHARS = 2048


def _payload(doc: RawDocument) -> str:
    head = (
        doc.body
        if isinstance(doc.body, str)
        else doc.body[:PAYLOAD_CHARS].decode("utf-8", "replace")
    )
    fields = {"kind": doc.kind, "title": doc.title, "url": doc.url, "body": head[:PAYLOAD_CHARS]}
    return json.dumps(fields, ensure_ascii=False)


def quarantine_row(doc: RawDocument, error: CleanError) -> QuarantineRow:
    """The reason, and the document's start unless its bytes are unreadable."""
    return QuarantineRow(
        source_uri=doc.source_uri,
        stage="clean",
        target="articles",
        reason=str(error),
        payload=None if error.unreadable else _payload(doc),
    )


def clean_batch(docs: list[RawDocument]) -> tuple[list[Article], list[QuarantineRow]]:
    """Every document becomes an article or a quarantine row; none is dropped silently."""
    articles: list[Article] = []
    rows: list[QuarantineRow] = []
    for doc in docs:
        try:
            articles.append(clean_document(doc))
        except CleanError as exc:
            rows.append(quarantine_row(doc, exc))
    return articles, rows


@task(name="clean", cache_policy=NO_CACHE)
def clean(docs: list[RawDocument]) -> tuple[list[Article], list[QuarantineRow]]:
    """Prefect wrapper: retries and logging live in the flow, the work in clean_batch."""
    return clean_batch(docs)
