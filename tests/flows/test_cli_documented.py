"""Every `muster` command and option is explained in README.md, next to its command.

The commands and options are read from the Typer app, so a new option without a line in the
README fails here rather than staying a secret of `--help`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from flows.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"
COMMANDS: dict[str, Any] = typer.main.get_group(app).commands
OPTIONS = [
    (name, option)
    for name, command in sorted(COMMANDS.items())
    for param in command.params
    for option in param.opts
    if option.startswith("-")
]


def readme_sections() -> list[str]:
    """README.md cut at its headings, so an option is looked for where its command is."""
    text = README.read_text(encoding="utf-8")
    return re.split(r"^#{2,} ", text, flags=re.MULTILINE)


def sections_about(command: str) -> str:
    """Every section that names `muster COMMAND`, joined."""
    mention = re.compile(rf"muster {re.escape(command)}\b")
    return "\n".join(section for section in readme_sections() if mention.search(section))


def test_the_app_has_the_commands_this_test_walks() -> None:
    # Guards against an introspection that silently finds nothing to check.
    assert {"run", "serve", "compact", "version"} <= set(COMMANDS)
    assert ("run", "--source") in OPTIONS and ("run", "-v") in OPTIONS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_documented(command: str) -> None:
    assert sections_about(command), f"README.md never mentions `muster {command}`"


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_option_is_documented_with_its_command(command: str, option: str) -> None:
    as_word = re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")
    assert as_word.search(sections_about(command)), (
        f"`muster {command} {option}` is not described in any README section naming "
        f"`muster {command}`"
    )


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_option_has_help_text(command: str, option: str) -> None:
    param = next(p for p in COMMANDS[command].params if option in p.opts)
    assert getattr(param, "help", None), f"`muster {command} {option}` has no help text"
