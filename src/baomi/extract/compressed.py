"""tar archives and gzip/bzip2/xz compressed files, decompressed under guard.

The decompressor is ours, not tarfile's: every byte it produces passes through
:class:`GuardedStream`, which counts it against the file's total, compares
the output with the compressed size (a gzip bomb expands 1000×), and checks the
deadline. tarfile then reads the plain stream sequentially (``r|`` mode), so
nothing is held but the member being read.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO, Protocol

from .archive import Member
from .budget import Budget, size_text
from .errors import ArchiveRatioExceeded, CannotExtract, FileTooLarge, MalformedFile

_CHUNK = 1 << 20
_COMPRESSIONS = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
_SUFFIXES = {
    ".gz": "gzip",
    ".tgz": "gzip",
    ".bz2": "bzip2",
    ".tbz2": "bzip2",
    ".xz": "xz",
    ".txz": "xz",
}
_STREAM_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError, tarfile.TarError)


def compression_of(data: bytes) -> str | None:
    """``gzip``, ``bzip2`` or ``xz`` from the magic number, else None."""
    for magic, name in _COMPRESSIONS:
        if data.startswith(magic):
            return name
    return None


def is_tar(head: bytes) -> bool:
    """True if ``head`` (the first 512 bytes or more) is a POSIX or GNU tar header."""
    return len(head) >= 262 and head[257:262] == b"ustar"


def inner_name(name: str) -> str:
    """The name of a compressed file's content: ``a.txt.gz`` → ``a.txt``, ``a.tgz`` → ``a.tar``."""
    path = PurePosixPath(name.replace("\\", "/"))
    suffix = path.suffix.lower()
    if suffix in (".tgz", ".tbz2", ".txz"):
        return path.stem + ".tar"
    if suffix in _SUFFIXES:
        return path.stem
    return path.name + ".out"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class GuardedStream(io.RawIOBase):
    """A read-only stream that enforces the budget on what it yields."""

    def __init__(self, inner: _Readable, compressed_size: int | None, budget: Budget) -> None:
        super().__init__()
        self.inner = inner
        self.compressed_size = compressed_size
        self.budget = budget
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            chunk = self.inner.read(len(buffer))
        except CannotExtract:
            raise
        except _STREAM_ERRORS as exc:
            raise MalformedFile(f"damaged compressed data: {exc}") from exc
        count = len(chunk)
        buffer[:count] = chunk
        self.produced += count
        self.budget.take_bytes(count)
        limits = self.budget.limits
        if (
            self.compressed_size is not None
            and self.produced >= limits.ratio_min_bytes
            and self.produced > limits.max_ratio * max(self.compressed_size, 1)
        ):
            self.budget.exhausted = True
            raise ArchiveRatioExceeded(
                f"compressed data expands more than {limits.max_ratio:g} times: a likely bomb"
            )
        self.budget.check_time()
        return count


def open_plain(data: bytes, budget: Budget) -> io.BufferedReader:
    """The decompressed content of ``data`` (or ``data`` itself) as a guarded stream."""
    compression = compression_of(data)
    source = io.BytesIO(data)
    raw: _Readable = source
    compressed_size: int | None = None
    # The decompressors read from memory; the returned stream owns them.
    if compression == "gzip":
        raw = gzip.GzipFile(fileobj=source, mode="rb")
        compressed_size = len(data)
    elif compression == "bzip2":
        raw = bz2.BZ2File(source, mode="rb")
        compressed_size = len(data)
    elif compression == "xz":
        raw = lzma.LZMAFile(source, mode="rb")  # noqa: SIM115
        compressed_size = len(data)
    return io.BufferedReader(GuardedStream(raw, compressed_size, budget), buffer_size=_CHUNK)


def read_limited(stream: BinaryIO, budget: Budget) -> bytes:
    """Read a stream to its end, refusing more than ``max_file_bytes``."""
    limit = budget.limits.max_file_bytes
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(f"content expands past {size_text(limit)}")
        chunks.append(chunk)


def iter_tar_members(stream: BinaryIO, budget: Budget) -> Iterator[Member]:
    """Yield the regular files of a plain tar stream, each with its bytes or its error.

    Raises for archive-wide problems (damaged stream, bomb, too many members,
    too large in total); links, devices and folders are skipped.
    """
    try:
        archive = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 - closed below
    except tarfile.TarError as exc:
        raise MalformedFile(f"not a readable tar archive: {exc}") from exc
    with archive:
        while True:
            try:
                info = archive.next()
            except tarfile.TarError as exc:
                raise MalformedFile(f"damaged tar archive: {exc}") from exc
            if info is None:
                return
            if not info.isfile():
                continue
            budget.take_members(1)
            if info.size > budget.limits.max_file_bytes:
                # The stream skips the member's bytes through the guard.
                yield Member(
                    name=info.name,
                    error=FileTooLarge(
                        f"member is {size_text(info.size)}; the limit is "
                        f"{size_text(budget.limits.max_file_bytes)}"
                    ),
                )
                continue
            member = archive.extractfile(info)
            if member is None:
                continue
            try:
                data = member.read()
            except tarfile.TarError as exc:
                raise MalformedFile(f"damaged tar archive: {exc}") from exc
            yield Member(name=info.name, data=data)
