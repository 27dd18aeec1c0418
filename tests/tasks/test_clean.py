"""clean against real files read through fetch, and real trafilatura."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.clean import (
    clean_batch,
    compose_text,
    content_hash,
    decode_bytes,
    drop_repeated_paragraphs,
    normalise_text,
)
from tasks.fetch import fetch_batch
from tasks.schema import Article, QuarantineRow, RawDocument
from tasks.settings import FetchSettings

TITLE = "Ireland sends engineers to Cyprus"
PARAGRAPHS = [
    "Forty army engineers flew out of Baldonnel on Monday for a six-month posting.",
    "They will repair roads in the buffer zone before a larger group arrives in June.",
    "Austrian and Slovak units already serve on the same mission, officials noted.",
]
STORY = "\n\n".join([TITLE, *PARAGRAPHS])


def clean_file(path: Path, data: bytes) -> tuple[list[Article], list[QuarantineRow]]:
    """Write bytes to a real file and run it through fetch and clean."""
    path.write_bytes(data)
    docs, rows = fetch_batch([str(path)], FetchSettings())
    assert rows == []
    return clean_batch(docs)


def only_article(result: tuple[list[Article], list[QuarantineRow]]) -> Article:
    articles, rows = result
    assert rows == []
    assert len(articles) == 1
    return articles[0]


def only_reason(result: tuple[list[Article], list[QuarantineRow]]) -> str:
    articles, rows = result
    assert articles == []
    assert [(r.stage, r.target) for r in rows] == [("clean", "articles")]
    return rows[0].reason


# --- plain text ----------------------------------------------------------------------------


def test_text_file_splits_title_and_body(tmp_path: Path) -> None:
    article = only_article(clean_file(tmp_path / "a.txt", STORY.encode()))
    assert article.title == TITLE
    assert article.text == STORY
    assert article.source_uri == (tmp_path / "a.txt").as_posix()
    assert (article.duplicate_of, article.run_id, article.published_at) == (None, "", None)


def test_title_line_gets_a_blank_line_after_it(tmp_path: Path) -> None:
    article = only_article(clean_file(tmp_path / "a.txt", f"\n\n{TITLE}\n{PARAGRAPHS[0]}".encode()))
    assert article.text == f"{TITLE}\n\n{PARAGRAPHS[0]}"


def test_random_binary_bytes_are_quarantined(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(4096)
    articles, rows = clean_file(tmp_path / "junk.txt", junk)
    assert articles == []
    assert rows[0].reason.startswith("not text: looks like binary data (")
    assert "control bytes" in rows[0].reason
    assert rows[0].payload is None


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    article = only_article(clean_file(tmp_path / "a.txt", "café — naïve".encode("cp1252")))
    assert article.title == "café — naïve"


def test_longer_cp1252_file_is_decoded(tmp_path: Path) -> None:
    text = f"{TITLE} – “exclusive”\n\nLe café à Tallinn: naïve soldiers’ résumé, 120 troops."
    article = only_article(clean_file(tmp_path / "a.txt", text.encode("cp1252")))
    assert article.text == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_are_decoded(tmp_path: Path, codec: str) -> None:
    text = f"{TITLE} in Tallinn – für Über\n\n{PARAGRAPHS[0]}"
    article = only_article(clean_file(tmp_path / "a.txt", text.encode(codec)))
    assert article.text == text


def test_stray_nul_bytes_are_removed(tmp_path: Path) -> None:
    data = STORY.encode().replace(b"Forty", b"For\x00ty").replace(b"June", b"June\x00\x00")
    article = only_article(clean_file(tmp_path / "a.txt", data))
    assert article.text == STORY


def test_text_that_is_only_whitespace_is_quarantined(tmp_path: Path) -> None:
    assert only_reason(clean_file(tmp_path / "blank.txt", b" \n\r\n\t \n")) == "no text"


# --- normalising and repeats ---------------------------------------------------------------


def test_normalise_unifies_newlines_spaces_and_composed_characters() -> None:
    messy = "  Cafe\u0301\r\nline\u00a0two   \r\r\r\n\n\nend\x07  "
    assert normalise_text(messy) == "Café\nline two\n\nend"


def test_repeated_paragraph_is_removed(tmp_path: Path) -> None:
    doubled = "\n\n".join([TITLE, *PARAGRAPHS, PARAGRAPHS[1].upper(), "Reuters"])
    article = only_article(clean_file(tmp_path / "a.txt", doubled.encode()))
    assert article.text == STORY + "\n\nReuters"


def test_rewrapped_copy_of_a_paragraph_is_removed() -> None:
    long_line = " ".join(PARAGRAPHS)
    words = long_line.split()
    rewrapped = "\n".join(" ".join(words[i : i + 7]) for i in range(0, len(words), 7))
    text = f"{TITLE}\n{long_line}\n{rewrapped}\nEnd of report"
    assert drop_repeated_paragraphs(text) == f"{TITLE}\n{long_line}\nEnd of report"


def test_lines_of_a_hard_wrapped_paragraph_are_not_paragraphs_of_their_own() -> None:
    text = (
        "The minister told reporters in the capital that\nall of the troops would stay.\n"
        "The general told reporters at the base that\nall of the troops would stay."
    )
    assert drop_repeated_paragraphs(text) == text


def test_hard_wrapped_repeat_of_a_whole_paragraph_is_removed() -> None:
    wrapped = "The minister told reporters in the capital that\nall of the troops would stay."
    text = f"{wrapped}\n\nThe general agreed.\n\n{wrapped.upper()}"
    assert drop_repeated_paragraphs(text) == f"{wrapped}\n\nThe general agreed."


def test_body_opening_with_the_title_does_not_repeat_it() -> None:
    assert compose_text("Troops sent", "troops  sent\nThe body.") == "Troops sent\n\nThe body."
    assert compose_text("Troops sent", "Other news\nThe body.") == (
        "Troops sent\n\nOther news\nThe body."
    )


paragraph = st.text(alphabet=st.sampled_from("ab cD\n"), min_size=1, max_size=12).map(
    lambda s: s.strip()
)


@given(st.lists(paragraph, max_size=12))
def test_dropping_repeats_is_idempotent_and_keeps_first_copies(blocks: list[str]) -> None:
    text = normalise_text("\n\n".join(blocks))
    once = drop_repeated_paragraphs(text)
    assert drop_repeated_paragraphs(once) == once
    firsts = {" ".join(b.casefold().split()) for b in once.split("\n\n")}
    assert len(firsts) == len(once.split("\n\n")) or once == ""


# --- hashes and ids ------------------------------------------------------------------------


def test_exact_duplicates_share_a_hash_but_not_an_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.upper().replace("\n\n", "\n\n\n  "))
    (tmp_path / "c.txt").write_text(STORY.replace("Forty", "Fifty"))
    articles, _ = clean_batch(fetch_batch([str(tmp_path)], FetchSettings())[0])
    a, b, c = articles
    assert a.content_hash == b.content_hash != c.content_hash
    assert len({a.article_id, b.article_id, c.article_id}) == 3


def test_article_id_is_stable_across_runs(tmp_path: Path) -> None:
    first = only_article(clean_file(tmp_path / "a.txt", STORY.encode()))
    again = only_article(clean_file(tmp_path / "a.txt", STORY.encode()))
    assert (first.article_id, first.content_hash) == (again.article_id, again.content_hash)
    assert first.content_hash == content_hash(STORY)


# --- HTML ----------------------------------------------------------------------------------

ARTICLE_HTML = f"""<!doctype html><html><head><title>{TITLE} | Example Times</title>
<meta property="article:published_time" content="2017-03-17T09:30:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>{TITLE}</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<footer><p>Copyright 2017 Example Times. All rights reserved.</p></footer></body></html>"""


def test_html_article_keeps_main_text_and_date(tmp_path: Path) -> None:
    article = only_article(clean_file(tmp_path / "a.html", ARTICLE_HTML.encode()))
    assert article.title is not None and TITLE in article.title
    assert all(p in article.text for p in PARAGRAPHS)
    assert "Home" not in article.text
    assert article.text.count(TITLE) == 1
    assert article.published_at is not None and article.published_at.year == 2017


def test_malformed_html_still_gives_text(tmp_path: Path) -> None:
    broken = (
        "<html><head><title>Brigade in Lithuania</title><body><div><p>Germany will station 5,000"
        " soldiers in Lithuania, the ministry said.<p>The brigade is to be ready <b>by 2027"
    )
    article = only_article(clean_file(tmp_path / "a.htm", broken.encode()))
    assert "Germany will station 5,000 soldiers in Lithuania" in article.text
    assert "ready by 2027" in article.text


def test_html_fragment_without_a_document_gives_text() -> None:
    fragment = f"<h2>{TITLE}</h2><p>{PARAGRAPHS[0]}</p>"
    articles, rows = clean_batch([RawDocument("frag", "html", fragment.encode())])
    assert rows == []
    assert PARAGRAPHS[0] in articles[0].text


def test_boilerplate_only_html_is_quarantined(tmp_path: Path) -> None:
    menu = (
        "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/a'>About us</a></li><li><a href='/c'>Contact</a></li></ul></nav>"
        "<footer><a href='/p'>Privacy</a> | <a href='/t'>Terms</a></footer></body></html>"
    )
    articles, rows = clean_file(tmp_path / "menu.html", menu.encode())
    assert articles == []
    assert rows[0].reason == "no article text after boilerplate removal"
    assert rows[0].payload is not None and "Menu" in rows[0].payload


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace("<head>", '<head><meta charset="windows-1252">')
    page = page.replace(PARAGRAPHS[0], PARAGRAPHS[0] + " Le café était naïve — “fermé”.")
    article = only_article(clean_file(tmp_path / "a.html", page.encode("cp1252")))
    assert "Le café était naïve — “fermé”." in article.text


# --- records -------------------------------------------------------------------------------


def test_record_uses_its_title_and_keeps_its_date() -> None:
    from datetime import UTC, datetime

    when = datetime(2024, 2, 28, tzinfo=UTC)
    doc = RawDocument("feed.jsonl#0", "record", f"{TITLE}\n{PARAGRAPHS[0]}", TITLE, when)
    articles, rows = clean_batch([doc])
    assert rows == []
    assert (articles[0].text, articles[0].published_at) == (f"{TITLE}\n\n{PARAGRAPHS[0]}", when)


def test_record_without_title_takes_its_first_line() -> None:
    doc = RawDocument("feed.jsonl#1", "record", "\n".join(PARAGRAPHS))
    articles, _ = clean_batch([doc])
    assert articles[0].title == PARAGRAPHS[0]


# --- decoding property ---------------------------------------------------------------------

readable = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufffd"
    )
    | st.sampled_from("\n\t"),
    min_size=1,
    max_size=200,
)


@settings(max_examples=200)
@given(readable, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_decodes_back_to_itself(text: str, codec: str) -> None:
    assert normalise_text(decode_bytes(text.encode(codec))) == normalise_text(text)


WORDS = ["the", "troops", "will", "stay", "in", "Tallinn", "said", "a", "minister", "120"]
WESTERN_WORDS = ["café", "naïve", "Über", "résumé", "—", "“quoted”", "‘so’", "€5", "Straße", "…"]
western = st.tuples(
    st.lists(st.sampled_from(WORDS), min_size=8, max_size=60),
    st.lists(st.sampled_from(WESTERN_WORDS), min_size=1, max_size=4),
    st.randoms(use_true_random=False),
).map(lambda t: " ".join(t[2].sample(t[0] + t[1], len(t[0]) + len(t[1]))))


@settings(max_examples=50, deadline=None)
@given(western)
def test_western_text_in_cp1252_decodes_back_to_itself(text: str) -> None:
    assert normalise_text(decode_bytes(text.encode("cp1252"))) == normalise_text(text)


def test_central_european_cp1250_is_not_misread_as_cp1252() -> None:
    text = "Ministerstwo poinformowało, że żołnierze zostaną wysłani na Łotwę w przyszłym miesiącu."
    assert decode_bytes(text.encode("cp1250")) == text


def test_cyrillic_cp1251_is_decoded() -> None:
    text = "Министерство обороны сообщило о выводе войск. Около 3000 военнослужащих вернутся домой."
    assert decode_bytes(text.encode("cp1251")) == text


def test_utf16_without_bom_is_recognised_by_its_nul_pattern() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        data = STORY.encode(codec)
        assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        assert decode_bytes(data) == STORY


def test_dev_articles_all_clean(dev_docs: Path) -> None:
    docs, _ = fetch_batch([str(dev_docs)], FetchSettings())
    articles, rows = clean_batch(docs)
    assert rows == []
    assert len(articles) == len(docs)
    assert all(a.text.startswith(a.title or "") for a in articles)


def test_a_page_that_is_only_a_cookie_notice_is_quarantined() -> None:
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><div class='consent'>"
        "<h2>Before you read on</h2><p>We use cookies and similar technologies to measure "
        "traffic and personalise content on this site.</p><p>Choose Accept all to agree, or open "
        "Privacy settings to pick which cookies we may set on your device.</p></div>"
        "</body></html>"
    )
    articles, rejected = clean_batch([RawDocument("https://x.test/wall", "html", html)])
    assert articles == []
    assert "cookie" in rejected[0].reason


def test_an_article_that_mentions_cookies_in_passing_is_kept() -> None:
    body = " ".join(["Chad will host 400 French soldiers at a base near the capital."] * 12)
    html = (
        f"<html><body><article><p>{body}</p><p>This site uses cookies.</p></article></body></html>"
    )
    articles, rejected = clean_batch([RawDocument("https://x.test/story", "html", html)])
    assert rejected == [] and len(articles) == 1


def _page(date_meta: str) -> str:
    body = "Peru will send 250 peacekeepers to Lebanon next month, the defence ministry said. " * 3
    return (
        f"<html><head><title>Peru peacekeepers</title>{date_meta}</head><body><article>"
        f"<h1>Peru peacekeepers</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_a_page_keeps_its_own_date_over_the_feed_items_date() -> None:
    from datetime import UTC, datetime

    feed_date = datetime(2024, 1, 2, tzinfo=UTC)
    dated = _page('<meta property="article:published_time" content="2023-05-06T10:00:00Z">')
    undated = _page("")
    [own, borrowed], _ = clean_batch(
        [
            RawDocument("https://x.test/a", "html", dated, published_at=feed_date),
            RawDocument("https://x.test/b", "html", undated, published_at=feed_date),
        ]
    )
    assert own.published_at is not None and own.published_at.date().isoformat() == "2023-05-06"
    assert borrowed.published_at == feed_date
