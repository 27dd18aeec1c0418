"""A sources file (TOML or YAML): the feeds, pages, folders and archives to read, and when.

    # sources.toml                          # sources.yaml
    [[sources]]                             sources:
    url = "https://example.org/rss"           - url: https://example.org/rss
    schedule = "0 * * * *"                       schedule: "0 * * * *"
    [[sources]]                               - path: archive/2024.warc.gz
    path = "archive/2024.warc.gz"

`muster run --source sources.toml` reads every entry once; `muster serve` groups entries by
schedule. Relative paths are relative to the sources file, so it works from any folder.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from tasks.fetch_errors import SourcesFileError

SOURCES_SUFFIXES = (".toml", ".yaml", ".yml")
# Sources files are hand-written lists; anything bigger is a mistake, not a sources file.
MAX_SOURCES_FILE_BYTES = 1024 * 1024


class SourceEntry(BaseModel):
    """One source: exactly one of `url` or `path`, and an optional cron schedule."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    path: str | None = None
    schedule: str | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _one_location(self) -> SourceEntry:
        if (self.url is None) == (self.path is None):
            raise ValueError("give exactly one of `url` or `path`")
        return self

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https:// (got {value!r})")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) != 5:
            raise ValueError(
                f"schedule {value!r} is not a five-field cron expression "
                "(minute hour day-of-month month day-of-week), e.g. '0 * * * *'"
            )
        return value

    def location(self, base: Path) -> str:
        """The URL, or the path made absolute against the sources file's folder."""
        if self.url is not None:
            return self.url
        return os.path.normpath(base / os.path.expanduser(str(self.path)))


class SourcesFile(BaseModel):
    """The parsed file; `folder` is where relative paths start."""

    model_config = ConfigDict(extra="forbid")

    sources: list[SourceEntry]
    folder: Path = Path(".")

    def locations(self) -> list[str]:
        """Every source, in file order, ready for `--source`."""
        return [entry.location(self.folder) for entry in self.sources]

    def by_schedule(self, default: str | None = None) -> dict[str | None, list[str]]:
        """Sources grouped by cron expression; entries without one go under `default`."""
        groups: dict[str | None, list[str]] = {}
        for entry in self.sources:
            groups.setdefault(entry.schedule or default, []).append(entry.location(self.folder))
        return groups


def is_sources_file(path: str) -> bool:
    return path.lower().endswith(SOURCES_SUFFIXES)


def load_sources_file(path: str | Path) -> SourcesFile:
    """Read and check a TOML or YAML sources file; SourcesFileError says what to fix."""
    path = Path(path)
    data = _parse(path, _read_text(path))
    if isinstance(data, list):
        data = {"sources": data}  # YAML may be just the list
    if not isinstance(data, dict):
        raise SourcesFileError(f"{path}: expected a `sources` list, found {type(data).__name__}")
    try:
        return SourcesFile(**data, folder=path.resolve().parent)
    except ValidationError as exc:
        raise SourcesFileError(f"{path}: {_first_problem(exc)}") from None
    except TypeError as exc:  # e.g. a top-level key the model does not know, given twice
        raise SourcesFileError(f"{path}: {exc}") from None


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCES_FILE_BYTES:
            raise SourcesFileError(f"{path}: {size:,} bytes is too large for a sources file")
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourcesFileError(f"no such sources file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"cannot read sources file {path}: {exc}") from None


def _parse(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() == ".toml":
            return tomllib.loads(text)
        return yaml.safe_load(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"{path}: malformed TOML: {exc}") from None
    except yaml.YAMLError as exc:
        raise SourcesFileError(f"{path}: malformed YAML: {exc}") from None


def _first_problem(exc: ValidationError) -> str:
    """The first validation error as 'sources.2: give exactly one of ...'."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "file"
    message = str(error["msg"]).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{more}"
