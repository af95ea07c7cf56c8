"""Files → extracted units, through the :mod:`baomi.extract` engine.

The fingerprint engine only needs ``(origin, text, kind, sha256, language)``
units and per-file errors. This module lists the files under the paths given
on the command line (folders in sorted order, as the extract engine walks
them) so each file can be a separate task, and names every file the way the
user named it: the path as given, joined with the relative path inside a
given folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from baomi.extract import ExtractError, Unit, extract_path, iter_files


def walk(paths: list[str]) -> Iterator[tuple[str, str]]:
    """``(file path, display origin)`` for every file under ``paths``."""
    for given in paths:
        path = Path(given)
        if path.is_dir() and not path.is_symlink():
            for file in iter_files([path]):
                relative = file.relative_to(path).as_posix()
                yield str(file), f"{given.rstrip('/')}/{relative}"
        else:
            yield str(path), given


def extract_units(path: str, display: str) -> Iterator[Unit | ExtractError]:
    """Units of text (or errors) from one file, with origins starting at ``display``."""
    yield from extract_path(path, display=display)


def text_unit(origin: str, text: str, kind: str = "text", language: str | None = None) -> Unit:
    """A unit for text that did not come from a file (API callers, benchmarks)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Unit(origin, text, kind, digest, language)
