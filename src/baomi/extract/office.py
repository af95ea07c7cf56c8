"""Text of Office Open XML files: docx (lxml, see wordml), xlsx (openpyxl), pptx (python-pptx).

Each parser runs only after :func:`baomi.extract.archive.check_container`
has checked the file's parts against the zip-bomb limits.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from .budget import Budget
from .tables import cell_text
from .wordml import docx_text

__all__ = ["docx_text", "pptx_text", "xlsx_text"]

_CHECK_EVERY = 200


def xlsx_text(data: bytes, budget: Budget) -> str:
    """Every worksheet: its name on a line, then one line per non-empty row, cells tab-separated.

    Cells follow the table rules of :func:`baomi.extract.tables.cell_text`
    (cached values, not formulas).
    """
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines: list[str] = []
    try:
        for sheet in workbook.worksheets:
            lines.append(sheet.title)
            for index, row in enumerate(sheet.iter_rows(values_only=True)):
                if index % _CHECK_EVERY == 0:
                    budget.check_time()
                cells = [cell_text(value) for value in row]
                while cells and cells[-1] == "":
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
    finally:
        workbook.close()
    return "\n".join(lines)


def pptx_text(data: bytes, budget: Budget) -> str:
    """Slide by slide: text frames, tables (rows tab-separated), SmartArt and speaker notes."""
    from pptx import Presentation

    presentation = Presentation(io.BytesIO(data))
    lines: list[str] = []
    for slide in presentation.slides:
        budget.check_time()
        for shape in slide.shapes:
            _shape_lines(shape, lines)
        _smartart_lines(slide, lines)
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text:
                lines.append(_line_breaks(notes.text))
    return "\n".join(lines)


def _line_breaks(text: str) -> str:
    """python-pptx writes a soft line break as a vertical tab; make it a newline."""
    return text.replace("\v", "\n")


def _shape_lines(shape: Any, lines: list[str]) -> None:
    """Append the text of one shape (groups recursively, tables row by row)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for inner in shape.shapes:
            _shape_lines(inner, lines)
        return
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        text = shape.text_frame.text
        if text:
            lines.append(_line_breaks(text))
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            lines.append("\t".join(_line_breaks(cell.text) for cell in row.cells))


_DIAGRAM_DATA = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _smartart_lines(slide: Any, lines: list[str]) -> None:
    """Append the text of the slide's SmartArt diagrams, one paragraph a line."""
    from lxml import etree

    for relationship in slide.part.rels.values():
        if relationship.reltype != _DIAGRAM_DATA or relationship.is_external:
            continue
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(relationship.target_part.blob, parser)
        for paragraph in root.iter(_A + "p"):
            text = "".join(node.text or "" for node in paragraph.iter(_A + "t"))
            if text:
                lines.append(text)
