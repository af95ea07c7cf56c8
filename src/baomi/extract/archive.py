"""Zip archives: stream members out with size, ratio, count and time checks."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .budget import Budget, size_text
from .errors import (
    ArchiveRatioExceeded,
    ArchiveTooLarge,
    CannotExtract,
    FileTooLarge,
    MalformedFile,
    Unreadable,
    UnsupportedFormat,
)

_CHUNK = 1 << 20
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


@dataclass(frozen=True)
class Member:
    """One archive member: its name and bytes, or why it could not be read."""

    name: str
    data: bytes | None = None
    error: CannotExtract | None = None


def open_zip(source: BinaryIO | bytes) -> zipfile.ZipFile:
    """Open a zip archive, raising :class:`MalformedFile` if it is not a readable one."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return zipfile.ZipFile(stream)
    except (*_ZIP_ERRORS, NotImplementedError) as exc:
        raise MalformedFile(f"not a readable zip archive: {exc}") from exc


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, re-decoding GBK names that zip tools store without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def regular_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's file members: no directories, no symbolic links."""
    members = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            continue
        members.append(info)
    return members


def check_sizes(infos: list[zipfile.ZipInfo], budget: Budget) -> None:
    """Reject the whole archive up front when its declared sizes break the limits."""
    declared = sum(info.file_size for info in infos)
    if budget.would_exceed_bytes(declared):
        raise ArchiveTooLarge(
            f"archive would expand to {size_text(declared)}; the limit is "
            f"{size_text(budget.limits.max_total_bytes)} per file"
        )


def check_member(info: zipfile.ZipInfo, budget: Budget) -> None:
    """Raise if one member is encrypted, too large or too compressed to read safely."""
    limits = budget.limits
    if info.flag_bits & 0x1:
        raise Unreadable("encrypted archive member (password protected)")
    if info.file_size > limits.max_file_bytes:
        raise FileTooLarge(
            f"member is {size_text(info.file_size)}; the limit is "
            f"{size_text(limits.max_file_bytes)}"
        )
    if info.file_size >= limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(
        info.compress_size, 1
    ):
        ratio = info.file_size / max(info.compress_size, 1)
        raise ArchiveRatioExceeded(
            f"member expands {ratio:.0f} times (limit {limits.max_ratio:g}): a likely zip bomb"
        )


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """Read one member in chunks, counting what is actually decompressed."""
    check_member(info, budget)
    limits = budget.limits
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                budget.take_bytes(len(chunk))
                if read > limits.max_file_bytes:
                    raise FileTooLarge(f"member expands past {size_text(limits.max_file_bytes)}")
                if read >= limits.ratio_min_bytes and read > limits.max_ratio * max(
                    info.compress_size, 1
                ):
                    raise ArchiveRatioExceeded(
                        f"member expands more than {limits.max_ratio:g} times: a likely zip bomb"
                    )
                chunks.append(chunk)
                budget.check_time()
    except NotImplementedError as exc:
        raise UnsupportedFormat(f"unsupported zip compression method: {exc}") from exc
    except RuntimeError as exc:
        raise Unreadable(f"cannot read member: {exc}") from exc
    except _ZIP_ERRORS as exc:
        raise MalformedFile(f"damaged archive member: {exc}") from exc
    return b"".join(chunks)


def iter_members(source: BinaryIO | bytes, budget: Budget) -> Iterator[Member]:
    """Yield the file members of a zip archive, each with its bytes or its error.

    Raises for archive-wide problems (not a zip, too many members, too large in
    total); a bad member is yielded with its error and the walk goes on.
    """
    with open_zip(source) as archive:
        infos = regular_members(archive)
        budget.take_members(len(infos))
        check_sizes(infos, budget)
        for info in infos:
            if budget.exhausted:
                return
            name = member_name(info)
            try:
                yield Member(name=name, data=read_member(archive, info, budget))
            except CannotExtract as exc:
                yield Member(name=name, error=exc)


def check_container(data: bytes, budget: Budget) -> None:
    """Zip-bomb checks for Office Open XML files before a parser unpacks them."""
    with open_zip(data) as archive:
        infos = archive.infolist()
        if len(infos) > budget.limits.max_members:
            budget.take_members(len(infos))
        check_sizes(infos, budget)
        for info in infos:
            check_member(info, budget)
        budget.take_bytes(sum(info.file_size for info in infos))
