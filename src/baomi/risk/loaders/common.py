"""Types and helpers shared by the activity loaders."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Progress = Callable[[str], None]


def no_progress(message: str) -> None:
    """A progress callback that ignores every message."""


class LoadError(ValueError):
    """A source cannot be loaded; ``path`` names the file and ``reason`` says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class FileReport:
    """What one source file contributed."""

    path: str
    rows: int = 0
    malformed: int = 0


@dataclass
class IngestReport:
    """Summary of one ingest: per-file rows and malformed rows, users and HR facts."""

    org: str
    format: str
    batch: str
    files: list[FileReport] = field(default_factory=list)
    users: int = 0
    hr_events: int = 0

    @property
    def events(self) -> int:
        """Events stored (HR and directory rows not included)."""
        return sum(f.rows for f in self.files)

    @property
    def malformed(self) -> int:
        """Rows skipped because they could not be read."""
        return sum(f.malformed for f in self.files)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "org": self.org,
            "format": self.format,
            "batch": self.batch,
            "events": self.events,
            "malformed": self.malformed,
            "users": self.users,
            "hr_events": self.hr_events,
            "files": [
                {"path": f.path, "rows": f.rows, "malformed": f.malformed} for f in self.files
            ],
        }


def open_text(path: Path) -> io.TextIOBase:
    """Open a UTF-8 text file, transparently gunzipping ``.gz`` files."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", errors="replace")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")


def read_header(path: Path) -> list[str]:
    """The first CSV row of ``path``, stripped and lower-cased (``[]`` if the file is empty)."""
    try:
        with open_text(path) as handle:
            line = handle.readline()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not line.strip():
        return []
    return [c.strip().lower() for c in next(csv.reader([line]))]


def count_data_lines(path: Path, *, header: bool) -> int:
    """Lines of a text file, minus the header; reads in bounded chunks."""
    lines = 0
    last = b"\n"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - (1 if header else 0))
