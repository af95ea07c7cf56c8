"""Text of RTF documents (and the many ``.doc`` files that are RTF inside).

A small tokenizer, not a full RTF reader: groups, control words and symbols,
``\\'hh`` bytes decoded with the document's code page (``\\ansicpg936`` is
GBK), ``\\uN`` Unicode characters with their ``\\ucN`` fallbacks skipped, and
the destinations that hold no body text (font and colour tables, styles,
pictures, objects, document info, ``\\*`` destinations) dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import MalformedFile

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
    re.DOTALL,
)
_SKIPPED_DESTINATIONS = frozenset(
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "themedata",
        "colorschememapping", "latentstyles", "datastore", "listtable", "listoverridetable",
        "rsidtbl", "generator", "xmlnstbl", "mmathPr", "filetbl", "revtbl", "fldinst",
        "header", "footer", "headerl", "headerr", "headerf", "footerl", "footerr", "footerf",
        "bkmkstart", "bkmkend", "pntext", "pntxta", "pntxtb", "listtext",
    }
)  # fmt: skip
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t",
           "cell": "\t", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘",
           "rquote": "’", "ldblquote": "“", "rdblquote": "”", "~": "\xa0"}  # fmt: skip
_CODE_PAGES = {936: "gb18030", 950: "cp950", 932: "cp932", 949: "cp949", 65001: "utf-8"}
_CHECK_EVERY = 50_000


def rtf_text(data: bytes, check: Callable[[], None] | None = None) -> str:
    """The body text of an RTF document: paragraphs as lines, table cells tab-separated."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise MalformedFile("not a valid RTF document: no {\\rtf header")
    encoding = "cp1252"
    out: list[str] = []
    pending = bytearray()  # \'hh bytes waiting to be decoded together (multibyte GBK)
    stack: list[tuple[bool, int]] = []
    skipping = False
    unicode_skip = 1  # characters to drop after \uN (\ucN)
    to_skip = 0
    ignorable_next = False

    def flush() -> None:
        if pending:
            out.append(pending.decode(encoding, errors="replace"))
            pending.clear()

    for count, match in enumerate(_TOKEN.finditer(data)):
        if check is not None and count % _CHECK_EVERY == 0:
            check()
        word, argument, hex_byte, symbol, brace, text = match.groups()
        if hex_byte is not None:
            if to_skip:
                to_skip -= 1
            elif not skipping:
                pending.append(int(hex_byte, 16))
            continue
        flush()
        if brace == b"{":
            stack.append((skipping, unicode_skip))
            ignorable_next = False
        elif brace == b"}":
            skipping, unicode_skip = stack.pop() if stack else (skipping, unicode_skip)
            to_skip = 0
        elif word is not None:
            name = word.decode("ascii")
            value = int(argument) if argument else None
            if ignorable_next or name in _SKIPPED_DESTINATIONS:
                skipping = True
            ignorable_next = False
            if name == "ansicpg" and value in _CODE_PAGES:
                encoding = _CODE_PAGES[value]
            elif name == "ansicpg" and value is not None:
                encoding = f"cp{value}"
                try:
                    "".encode(encoding)
                except LookupError:
                    encoding = "cp1252"
            elif name == "uc" and value is not None:
                unicode_skip = max(0, value)
            elif name == "u" and value is not None:
                code = value + 65536 if value < 0 else value  # RTF writes signed 16-bit
                if not skipping and 0 <= code <= 0x10FFFF:
                    out.append(chr(code))
                to_skip = unicode_skip
            elif name == "bin" and value:
                skipping = True  # binary data follows; the enclosing group is dropped
            elif not skipping and name in _BREAKS:
                out.append(_BREAKS[name])
        elif symbol is not None:
            if symbol == b"*":
                ignorable_next = True
            elif not skipping and symbol in (b"\\", b"{", b"}"):
                out.append(symbol.decode())
            elif not skipping and symbol == b"~":
                out.append("\xa0")
        elif text is not None:
            if to_skip:
                skipped = min(to_skip, len(text))
                to_skip -= skipped
                text = text[skipped:]
            if not skipping and text:
                out.append(text.decode(encoding, errors="replace"))
    flush()
    lines = "".join(out).split("\n")
    return "\n".join(line.rstrip("\t ") for line in lines).strip("\n")
