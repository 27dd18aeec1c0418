"""What a real `muster run` prints around its figures: a word on a source folder that held
nothing, and no library chatter unless asked for with -v."""

from __future__ import annotations

from pathlib import Path

from flows.cli import empty_folders
from tests.flows.test_cli import muster

GX_CHATTER = "for ephemeral docs site"


def test_run_on_an_empty_folder_says_no_article_was_found_there(tmp_path: Path) -> None:
    (tmp_path / "EMPTY_DIR").mkdir()
    done = muster("run", "--source", "EMPTY_DIR", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "no article was found in EMPTY_DIR" in done.stdout
    assert GX_CHATTER not in done.stdout + done.stderr


def test_verbose_run_lets_the_libraries_speak(tmp_path: Path) -> None:
    # The counterpart of the quiet run above: the line is really printed when not filtered.
    (tmp_path / "EMPTY_DIR").mkdir()
    done = muster("run", "-v", "--source", "EMPTY_DIR", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert GX_CHATTER in done.stderr


def test_only_folders_without_readable_files_are_called_empty(tmp_path: Path) -> None:
    hidden_only, nested, with_file = (tmp_path / n for n in ("hidden", "nested", "full"))
    (hidden_only / ".git").mkdir(parents=True)
    (hidden_only / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    (nested / "a" / "b").mkdir(parents=True)
    (with_file / "deep").mkdir(parents=True)
    (with_file / "deep" / "story.txt").write_text("Title\n\nBody.\n", encoding="utf-8")
    story = with_file / "deep" / "story.txt"
    sources = [str(p) for p in (hidden_only, nested, with_file, story)]
    assert empty_folders(sources) == [str(hidden_only), str(nested)]
