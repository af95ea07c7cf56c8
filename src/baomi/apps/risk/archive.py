"""Unpacking an uploaded zip of activity logs with limits, and finding the logs inside it.

The limits guard against zip bombs and path tricks: a bounded number of members, a bounded
unpacked size (counted while writing, not trusted from the headers), no absolute paths and
no ``..``. Only the files the loaders read are unpacked.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

CHUNK = 1 << 20
# What the loaders read: CERT r4.2 CSV files, the project's JSON Lines, HR and directory tables.
WANTED_SUFFIXES = (".csv", ".jsonl", ".json", ".gz", ".xlsx", ".tsv")


def max_upload_bytes() -> int:
    return int(settings.BAOMI_RISK_UPLOAD_MAX_BYTES)


def max_unpacked_bytes() -> int:
    return int(settings.BAOMI_RISK_UNPACKED_MAX_BYTES)


def max_members() -> int:
    return int(settings.BAOMI_RISK_ARCHIVE_MAX_MEMBERS)


class ArchiveRefused(ValueError):
    """The archive cannot be unpacked; ``reason`` is one of the codes below."""

    NOT_ZIP = "not_zip"
    TOO_MANY = "too_many_members"
    TOO_LARGE = "too_large"
    UNSAFE_PATH = "unsafe_path"
    NO_LOGS = "no_logs"

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ArchiveRefused(ArchiveRefused.UNSAFE_PATH, name)
    return path


def _wanted(path: PurePosixPath) -> bool:
    if any(part.startswith((".", "__MACOSX")) for part in path.parts):
        return False
    return path.name.lower().endswith(WANTED_SUFFIXES)


def unpack(archive: Path, target: Path) -> int:
    """Unpack the activity logs of ``archive`` into ``target`` (emptied first); return bytes."""
    if not zipfile.is_zipfile(archive):
        raise ArchiveRefused(ArchiveRefused.NOT_ZIP)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    limit = max_unpacked_bytes()
    written = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > max_members():
                raise ArchiveRefused(ArchiveRefused.TOO_MANY, str(len(infos)))
            if sum(i.file_size for i in infos) > limit:
                raise ArchiveRefused(ArchiveRefused.TOO_LARGE)
            for info in infos:
                name = _safe_name(info.filename)
                if not _wanted(name):
                    continue
                out = target.joinpath(*name.parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(out, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        if written > limit:
                            raise ArchiveRefused(ArchiveRefused.TOO_LARGE)
                        dst.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ArchiveRefused(ArchiveRefused.NOT_ZIP, str(exc)) from exc
    return written


def detect(root: Path) -> tuple[Path, str]:
    """The directory holding the logs and its layout: ``cert`` (logon.csv) or ``baomi``
    (events*.jsonl). The shallowest such directory wins, so a zip of a folder works too."""
    candidates: list[tuple[int, str, Path, str]] = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        name = path.name.lower()
        depth = len(path.relative_to(root).parts)
        if name in ("logon.csv", "logon.csv.gz"):
            candidates.append((depth, str(path.parent), path.parent, "cert"))
        elif name.startswith("events") and name.endswith((".jsonl", ".jsonl.gz")):
            # The layout allows the event files under ``events/`` beside users.csv and hr.csv.
            folder = path.parent.parent if path.parent.name == "events" else path.parent
            candidates.append((depth, str(folder), folder, "baomi"))
    if not candidates:
        raise ArchiveRefused(ArchiveRefused.NO_LOGS)
    _depth, _name, directory, fmt = min(candidates)
    return directory, fmt
