"""Text of OpenDocument files (odt, ods, odp) from their ``content.xml``.

Paragraphs and headings become lines; table rows (and spreadsheet rows) become
lines of tab-separated cells, each sheet preceded by its name; slides follow
each other in order. Repeated cells and rows (``number-*-repeated``, used for
the empty rest of a sheet) are expanded only when they hold text, and at most
:data:`MAX_REPEAT` times.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .budget import Budget
from .errors import MalformedFile

MAX_REPEAT = 100
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PARAGRAPHS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}
_ROW = f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
_COVERED = f"{{{_TABLE}}}covered-table-cell"
_SHEET = f"{{{_TABLE}}}table"
_SKIPPED = {f"{{{_OFFICE}}}annotation", f"{{{_TEXT}}}note", f"{{{_TEXT}}}tracked-changes"}
_CHECK_EVERY = 200


def odf_text(data: bytes, budget: Budget) -> str:
    """The text of an OpenDocument text, spreadsheet or presentation."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "content.xml" not in package.namelist():
            raise MalformedFile("not a valid OpenDocument file: no content.xml")
        content = package.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFile(f"not a valid OpenDocument file: {exc}") from exc
    body = root.find(f"{{{_OFFICE}}}body")
    if body is None:
        raise MalformedFile("not a valid OpenDocument file: no office:body")
    lines: list[str] = []
    _blocks(body, budget, lines, [0])
    return "\n".join(lines)


def _blocks(element: Any, budget: Budget, lines: list[str], counter: list[int]) -> None:
    """Append lines for the paragraphs, tables and sheets under ``element``."""
    for child in element.iterchildren():
        counter[0] += 1
        if counter[0] % _CHECK_EVERY == 0:
            budget.check_time()
        tag = child.tag
        if tag in _PARAGRAPHS:
            lines.append(_inline_text(child))
        elif tag == _SHEET:
            name = child.get(f"{{{_TABLE}}}name")
            if name and element.tag == f"{{{_OFFICE}}}spreadsheet":
                lines.append(name)
            _blocks(child, budget, lines, counter)
        elif tag == _ROW:
            _row(child, budget, lines)
        elif tag not in _SKIPPED and isinstance(tag, str):
            _blocks(child, budget, lines, counter)


def _row(row: Any, budget: Budget, lines: list[str]) -> None:
    cells: list[str] = []
    for cell in row.iterchildren(_CELL, _COVERED):
        parts: list[str] = []
        _blocks(cell, budget, parts, [1])
        text = " ".join(part for part in parts if part)
        repeat = _repeat(cell.get(f"{{{_TABLE}}}number-columns-repeated"))
        cells.extend([text] * min(repeat, MAX_REPEAT))
    while cells and cells[-1] == "":
        cells.pop()
    if not cells:
        return
    repeat = _repeat(row.get(f"{{{_TABLE}}}number-rows-repeated"))
    lines.extend(["\t".join(cells)] * min(repeat, MAX_REPEAT))


def _repeat(value: str | None) -> int:
    try:
        return max(1, min(int(value), 1 << 20)) if value else 1
    except ValueError:
        return 1


def _inline_text(paragraph: Any) -> str:
    """A paragraph's text, spans and links included; spaces, tabs and line breaks expanded."""
    pieces: list[str] = []
    _inline(paragraph, pieces)
    return "".join(pieces)


def _inline(element: Any, pieces: list[str]) -> None:
    if element.text:
        pieces.append(element.text)
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{{{_TEXT}}}s":
            pieces.append(" " * min(_repeat(child.get(f"{{{_TEXT}}}c")), MAX_REPEAT))
        elif tag == f"{{{_TEXT}}}tab":
            pieces.append("\t")
        elif tag == f"{{{_TEXT}}}line-break":
            pieces.append("\n")
        elif tag not in _SKIPPED and isinstance(tag, str):
            _inline(child, pieces)
        if child.tail:
            pieces.append(child.tail)
