"""A small reader of OLE2 compound files (CFB, [MS-CFB]): the container of legacy Office files.

Only what text extraction needs: the streams directly under the root storage,
read through the FAT or, for small streams, the mini FAT. Every chain is
checked for cycles, out-of-range sectors and lengths, so a hostile file gives
:class:`MalformedFile` instead of a loop or a huge allocation.
"""

from __future__ import annotations

import struct

from .errors import MalformedFile

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_NO_STREAM = 0xFFFFFFFF
_STREAM, _ROOT = 2, 5


class CompoundFile:
    """The root-level streams of a compound file held in memory."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC) or len(data) < 512:
            raise MalformedFile("not a valid OLE2 compound file")
        self.data = data
        (sector_shift, mini_shift) = struct.unpack_from("<HH", data, 0x1E)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise MalformedFile("not a valid OLE2 compound file: bad sector size")
        self.sector_size = 1 << sector_shift
        self.mini_size = 1 << mini_shift
        fat_sectors, first_directory = struct.unpack_from("<II", data, 0x2C)
        self.mini_cutoff, first_mini_fat, mini_fat_sectors = struct.unpack_from("<III", data, 0x38)
        first_difat, difat_sectors = struct.unpack_from("<II", data, 0x44)
        self.sector_count = max(0, (len(data) - self.sector_size) // self.sector_size)
        self.fat = self._read_fat(fat_sectors, first_difat, difat_sectors)
        directory = self._chain_bytes(first_directory, self.fat, None)
        self.entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
        if not self.entries or self.entries[0][0x42] != _ROOT:
            raise MalformedFile("not a valid OLE2 compound file: no root storage")
        root = self.entries[0]
        self.mini_stream = self._chain_bytes(
            struct.unpack_from("<I", root, 0x74)[0], self.fat, self._entry_size(root)
        )
        self.mini_fat = _as_ints(self._chain_bytes(first_mini_fat, self.fat, None))
        del mini_fat_sectors  # the chain itself says how long the mini FAT is
        self.streams = self._root_streams()

    def stream(self, name: str) -> bytes | None:
        """The bytes of the root-level stream called ``name`` (case-insensitive), or None."""
        entry = self.streams.get(name.lower())
        if entry is None:
            return None
        start = struct.unpack_from("<I", entry, 0x74)[0]
        size = self._entry_size(entry)
        if size < self.mini_cutoff:
            return self._mini_chain_bytes(start, size)
        return self._chain_bytes(start, self.fat, size)

    def _sector(self, number: int) -> bytes:
        if number >= self.sector_count:
            raise MalformedFile("damaged OLE2 file: sector out of range")
        offset = (number + 1) * self.sector_size
        return self.data[offset : offset + self.sector_size]

    def _read_fat(self, fat_sectors: int, first_difat: int, difat_sectors: int) -> list[int]:
        locations = list(struct.unpack_from("<109I", self.data, 0x4C))
        seen: set[int] = set()
        current = first_difat
        per_sector = self.sector_size // 4 - 1
        for _ in range(min(difat_sectors, self.sector_count)):
            if current in (_END_OF_CHAIN, _FREE) or current in seen:
                break
            seen.add(current)
            values = _as_ints(self._sector(current))
            locations.extend(values[:per_sector])
            current = values[per_sector]
        fat: list[int] = []
        for number in locations[: min(fat_sectors, self.sector_count)]:
            if number in (_FREE, _END_OF_CHAIN):
                continue
            fat.extend(_as_ints(self._sector(number)))
        return fat

    def _chain(self, start: int, table: list[int], limit: int) -> list[int]:
        """Sector numbers of a chain, refusing loops and numbers outside the table."""
        chain: list[int] = []
        seen: set[int] = set()
        current = start
        while current != _END_OF_CHAIN:
            if current in seen or current >= len(table) or len(chain) > limit:
                raise MalformedFile("damaged OLE2 file: broken sector chain")
            seen.add(current)
            chain.append(current)
            current = table[current]
        return chain

    def _chain_bytes(self, start: int, table: list[int], size: int | None) -> bytes:
        if start in (_END_OF_CHAIN, _FREE):
            return b""
        chain = self._chain(start, table, self.sector_count)
        data = b"".join(self._sector(number) for number in chain)
        if size is not None:
            if size > len(data):
                raise MalformedFile("damaged OLE2 file: stream shorter than its size")
            return data[:size]
        return data

    def _mini_chain_bytes(self, start: int, size: int) -> bytes:
        if size == 0:
            return b""
        chain = self._chain(start, self.mini_fat, len(self.mini_stream) // self.mini_size)
        pieces = []
        for number in chain:
            offset = number * self.mini_size
            if offset + self.mini_size > len(self.mini_stream):
                raise MalformedFile("damaged OLE2 file: mini sector out of range")
            pieces.append(self.mini_stream[offset : offset + self.mini_size])
        data = b"".join(pieces)
        if size > len(data):
            raise MalformedFile("damaged OLE2 file: stream shorter than its size")
        return data[:size]

    def _entry_size(self, entry: bytes) -> int:
        size = int(struct.unpack_from("<Q", entry, 0x78)[0])
        if self.sector_size == 512:
            size &= 0xFFFFFFFF  # version 3 files may leave garbage in the high half
        return size

    def _root_streams(self) -> dict[str, bytes]:
        """Streams that are direct children of the root (its red-black tree of siblings)."""
        streams: dict[str, bytes] = {}
        pending = [struct.unpack_from("<I", self.entries[0], 0x4C)[0]]
        seen: set[int] = set()
        while pending:
            index = pending.pop()
            if index == _NO_STREAM or index in seen or index >= len(self.entries):
                continue
            seen.add(index)
            entry = self.entries[index]
            left, right = struct.unpack_from("<II", entry, 0x44)
            pending.extend((left, right))
            if entry[0x42] == _STREAM:
                length = min(struct.unpack_from("<H", entry, 0x40)[0], 64)
                name = entry[: max(0, length - 2)].decode("utf-16-le", errors="replace")
                streams.setdefault(name.lower(), entry)
        return streams


def _as_ints(data: bytes) -> list[int]:
    count = len(data) // 4
    return list(struct.unpack_from(f"<{count}I", data)) if count else []
