"""The bundled sample corpus: what its README promises, and that dedupe catches its copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tasks.clean import clean_batch
from tasks.dedupe import DedupeIndex, dedupe_batch
from tasks.fetch import fetch_file
from tasks.settings import FetchSettings

SAMPLE = Path(__file__).resolve().parents[1] / "flows" / "sample"
SAMPLE_README = SAMPLE.parent / "sample.md"  # beside the corpus, so no run reads it as input
# The corpus is meant to read like short news items, neither stubs nor long features.
ARTICLE_WORDS = range(150, 351)


def sample_files() -> list[Path]:
    return sorted(SAMPLE.iterdir())


def test_readme_describes_every_sample_file() -> None:
    readme = SAMPLE_README.read_text(encoding="utf-8")
    missing = [p.name for p in sample_files() if f"`{p.name}`" not in readme]
    assert missing == []


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.txt")), ids=lambda p: p.name)
def test_text_articles_are_news_length(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").split()) in ARTICLE_WORDS


def test_records_file_holds_two_articles() -> None:
    lines = (SAMPLE / "10_wire_briefs.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2
    assert all(len(r["text"].split()) in ARTICLE_WORDS for r in records)


def test_the_syndicated_copy_is_marked_as_a_duplicate_and_nothing_else_is() -> None:
    limit = FetchSettings().max_bytes
    documents = [doc for path in sample_files() for doc in fetch_file(str(path), limit)[0]]
    articles, rejected = clean_batch(documents)
    assert [Path(r.source_uri).name for r in rejected] == ["09_cookie_wall_no_article.html"]
    marked, _ = dedupe_batch(articles, DedupeIndex())
    names = {a.article_id: Path(a.source_uri).name for a in marked}
    merged = {Path(a.source_uri).name: names[a.duplicate_of] for a in marked if a.duplicate_of}
    assert merged == {"08_romania_syndicated_copy.html": "02_romania_will_send.txt"}
