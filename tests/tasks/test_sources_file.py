"""Sources files in TOML and YAML: entries, schedules, relative paths and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.expand import expand_sources
from tasks.fetch import fetch_batch
from tasks.fetch_errors import SourcesFileError
from tasks.settings import FetchSettings
from tasks.sources_file import load_sources_file

TOML = """
[[sources]]
url = "https://news.test/rss"
schedule = "0 * * * *"

[[sources]]
path = "corpus"
name = "local reports"
"""

YAML = """
sources:
  - url: https://news.test/rss
    schedule: "*/15 * * * *"
  - path: corpus/a.txt
"""


def test_toml_entries_come_back_in_order_with_paths_made_absolute(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "sources.toml"
    path.parent.mkdir()
    path.write_text(TOML)
    loaded = load_sources_file(path)
    assert loaded.locations() == ["https://news.test/rss", str(tmp_path / "conf" / "corpus")]
    assert loaded.by_schedule("@hourly") == {
        "0 * * * *": ["https://news.test/rss"],
        "@hourly": [str(tmp_path / "conf" / "corpus")],
    }


def test_yaml_and_a_bare_yaml_list_are_read(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(YAML)
    (tmp_path / "l.yml").write_text("- path: x.txt\n- url: http://a.test/\n")
    assert load_sources_file(tmp_path / "s.yaml").sources[0].schedule == "*/15 * * * *"
    assert load_sources_file(tmp_path / "l.yml").locations() == [
        str(tmp_path / "x.txt"),
        "http://a.test/",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nurl = "https://a.test"\npath = "b"\n', "sources.0: give exactly one of"),
        ('[[sources]]\nurl = "ftp://a.test"\n', "url must start with http:// or https://"),
        ('[[sources]]\npath = "a"\nschedule = "hourly"\n', "not a five-field cron expression"),
        ('[[sources]]\npath = "a"\ncolour = "red"\n', "sources.0.colour: Extra inputs"),
        ("sources = [\n", "malformed TOML"),
        ("", "sources: Field required"),
    ],
)
def test_mistakes_are_named_with_the_file_and_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourcesFileError, match=message) as caught:
        load_sources_file(path)
    assert str(caught.value).startswith(str(path))


def test_a_sources_file_expands_to_its_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\n\nNorway will send 120 troops to Latvia.\n")
    (corpus / "b.txt").write_text("Other\n\nSpain has 300 soldiers in Latvia.\n")
    (tmp_path / "sources.toml").write_text('[[sources]]\npath = "corpus"\n')
    items = list(expand_sources([str(tmp_path / "sources.toml")]))
    assert items == [str(corpus / "a.txt"), str(corpus / "b.txt")]


def test_a_broken_sources_file_is_quarantined_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - {url: 'https://a.test', path: 'b'}\n")
    docs, rows = fetch_batch([str(path)], FetchSettings())
    assert docs == [] and len(rows) == 1
    assert rows[0].source_uri == str(path) and "give exactly one of" in rows[0].reason


@given(st.lists(st.sampled_from(["0", "*/5", "1-5", "*", "30"]), min_size=5, max_size=5))
def test_five_field_schedules_are_kept_as_written(fields: list[str]) -> None:
    from tasks.sources_file import SourceEntry

    cron = " ".join(fields)
    assert SourceEntry(url="https://a.test", schedule=cron).schedule == cron
