"""Text of legacy Word files (Word 97-2003 ``.doc``, [MS-DOC]) through their piece table.

The text lives in the ``WordDocument`` stream as pieces, 8-bit (cp1252) or
UTF-16; the piece table (``Clx``) in the ``0Table``/``1Table`` stream says
where each piece is. This reads the pieces in order and turns Word's control
characters into plain text: paragraph marks into newlines, table cell marks
into tabs (a row ends with a newline), fields into their shown result.
Formatting, pictures and embedded objects are ignored.
"""

from __future__ import annotations

import struct

from .budget import Budget
from .cfb import CompoundFile
from .errors import MalformedFile, Unreadable, UnsupportedFormat

_WORD_MAGIC = 0xA5EC
_WORD_97 = 0x00C0  # nFib of Word 97 is 0xC1; Word 6.0/95 files are 0x65-0x68
_FLAG_WHICH_TABLE = 0x0200
_FLAG_ENCRYPTED = 0x0100
_FIELD_BEGIN, _FIELD_SEPARATE, _FIELD_END = "\x13", "\x14", "\x15"
_REPLACEMENTS = {
    "\r": "\n",  # paragraph mark
    "\x0b": "\n",  # line break
    "\x0c": "\n",  # page or section break
    "\x1e": "-",  # non-breaking hyphen
}
_DROPPED = set("\x01\x02\x03\x04\x05\x08\x1f")  # pictures, note and comment marks, soft hyphen


def is_word(document: CompoundFile) -> bool:
    """True if the compound file holds a Word document."""
    return document.stream("WordDocument") is not None


def doc_text(data: bytes, budget: Budget) -> str:
    """The text of a Word 97-2003 document: body, then notes and headers as Word stores them."""
    document = CompoundFile(data)
    word = document.stream("WordDocument")
    if word is None:
        raise MalformedFile("not a Word document: no WordDocument stream")
    if len(word) < 0x1AA:
        raise MalformedFile("not a valid Word document: file information block too short")
    magic, version = struct.unpack_from("<HH", word, 0)
    if magic != _WORD_MAGIC:
        raise MalformedFile("not a valid Word document: bad file information block")
    if version < _WORD_97:
        raise UnsupportedFormat("a Word 6.0/95 document; only Word 97 and later are read")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & _FLAG_ENCRYPTED:
        raise Unreadable("encrypted Word document (password protected)")
    table = document.stream("1Table" if flags & _FLAG_WHICH_TABLE else "0Table")
    if table is None:
        raise MalformedFile("not a valid Word document: no table stream")
    clx_offset, clx_length = struct.unpack_from("<II", word, 0x1A2)
    if clx_offset + clx_length > len(table) or clx_length == 0:
        raise MalformedFile("not a valid Word document: piece table out of range")
    pieces = _pieces(table[clx_offset : clx_offset + clx_length])
    budget.check_time()
    raw = []
    for start, end, offset, compressed in pieces:
        count = end - start
        if compressed:
            chunk = word[offset // 2 : offset // 2 + count]
            text = chunk.decode("cp1252", errors="replace")
        else:
            chunk = word[offset : offset + 2 * count]
            text = chunk.decode("utf-16-le", errors="replace")
        if len(chunk) < (count if compressed else 2 * count):
            raise MalformedFile("not a valid Word document: a text piece runs past the stream")
        raw.append(text)
    return _plain("".join(raw))


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(first CP, end CP, byte offset, 8-bit?) of each piece, from the ``Clx`` structure."""
    position = 0
    while position < len(clx) and clx[position] == 0x01:  # Prc: property modifiers, skipped
        if position + 3 > len(clx):
            break
        size = struct.unpack_from("<h", clx, position + 1)[0]
        position += 3 + max(size, 0)
    if position + 5 > len(clx) or clx[position] != 0x02:
        raise MalformedFile("not a valid Word document: no piece table")
    length = struct.unpack_from("<I", clx, position + 1)[0]
    plc = clx[position + 5 : position + 5 + length]
    if length < 4 or len(plc) < length or (length - 4) % 12:
        raise MalformedFile("not a valid Word document: damaged piece table")
    count = (length - 4) // 12
    positions = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for index in range(count):
        start, end = positions[index], positions[index + 1]
        if end < start:
            raise MalformedFile("not a valid Word document: piece table out of order")
        descriptor = plc[4 * (count + 1) + 8 * index : 4 * (count + 1) + 8 * (index + 1)]
        value = struct.unpack_from("<I", descriptor, 2)[0]
        compressed = bool(value & 0x40000000)
        pieces.append((start, end, value & 0x3FFFFFFF, compressed))
    return pieces


def _plain(text: str) -> str:
    """Word's control characters as plain text; fields reduced to their results."""
    out: list[str] = []
    # For each open field: True while still in its instructions (before the separator).
    fields: list[bool] = []
    for char in text:
        if char == _FIELD_BEGIN:
            fields.append(True)
        elif char == _FIELD_SEPARATE:
            if fields:
                fields[-1] = False
        elif char == _FIELD_END:
            if fields:
                fields.pop()
        elif any(fields):
            continue  # field instructions, e.g. HYPERLINK "..." or PAGE
        elif char == "\x07":
            out.append("\x07")
        elif char in _DROPPED:
            continue
        else:
            out.append(_REPLACEMENTS.get(char, char))
    joined = "".join(out)
    # A cell ends with a cell mark; a row ends with one more: rows become lines.
    joined = joined.replace("\x07\x07", "\n").replace("\x07", "\t")
    lines = [line.rstrip("\t ") for line in joined.split("\n")]
    return "\n".join(lines).strip("\n")
