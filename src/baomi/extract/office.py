"""Text of Office Open XML files: docx (python-docx), xlsx (openpyxl), pptx (python-pptx).

Each parser runs only after :func:`baomi.extract.archive.check_container`
has checked the file's parts against the zip-bomb limits.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from .budget import Budget
from .tables import cell_text

_CHECK_EVERY = 200


def docx_text(data: bytes, budget: Budget) -> str:
    """Body paragraphs and tables in document order, then headers and footers,
    then footnotes, endnotes and comments.

    Table rows become one line each, cells separated by tabs.
    """
    from docx import Document

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    _docx_blocks(document.element.body, document, budget, lines)
    seen: set[str] = set()
    for section in document.sections:
        for part in (
            section.first_page_header,
            section.header,
            section.even_page_header,
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            name = str(part.part.partname)
            if name in seen:
                continue
            seen.add(name)
            _docx_blocks(part._element, part, budget, lines)
    _docx_notes(document, budget, lines)
    return "\n".join(lines)


_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml", "/word/comments.xml")


def _docx_notes(document: Any, budget: Budget, lines: list[str]) -> None:
    """Append the paragraphs of footnotes, endnotes and comments (after the body)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    parts = {str(part.partname): part for part in document.part.package.iter_parts()}
    for name in _NOTE_PARTS:
        part = parts.get(name)
        if part is None:
            continue
        budget.check_time()
        root = parse_xml(part.blob)
        for note in root.iterchildren():
            if note.get(qn("w:type")) in ("separator", "continuationSeparator"):
                continue
            inner: list[str] = []
            _docx_blocks(note, document, budget, inner)
            lines.extend(text for text in inner if text)


def _docx_blocks(element: Any, parent: Any, budget: Budget, lines: list[str]) -> None:
    """Append the text of paragraphs and tables under ``element`` to ``lines``."""
    from docx.oxml.ns import qn

    paragraph_tag, table_tag = qn("w:p"), qn("w:tbl")
    for index, child in enumerate(element.iterchildren()):
        if index % _CHECK_EVERY == 0:
            budget.check_time()
        if child.tag == paragraph_tag:
            pieces: list[str] = []
            _paragraph_text(child, pieces)
            lines.append("".join(pieces))
            for box in _text_boxes(child):
                _docx_blocks(box, parent, budget, lines)
        elif child.tag == table_tag:
            for row in child.iterchildren(qn("w:tr")):
                cells = []
                for cell in row.iterchildren(qn("w:tc")):
                    inner: list[str] = []
                    _docx_blocks(cell, parent, budget, inner)
                    cells.append(" ".join(text for text in inner if text))
                lines.append("\t".join(cells))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")):
            # Content controls and tracked insertions wrap ordinary paragraphs.
            _docx_blocks(child, parent, budget, lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_RUN_TEXT[_W + "noBreakHyphen"] = "-"
# Subtrees without visible paragraph text: properties (their w:tab are tab stops),
# deleted revisions, text boxes (read on their own) and duplicate fallbacks.
_PRUNED = frozenset({_W + "pPr", _W + "rPr", _W + "del", _W + "txbxContent", _MC_FALLBACK})


def _paragraph_text(element: Any, pieces: list[str]) -> None:
    """Visible text of a paragraph, runs inside insertions, fields and inline controls included.

    python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks, so
    text in tracked insertions (``w:ins``), simple fields and inline content
    controls (``w:sdt``) — common in forms and templates — would be lost.
    """
    for child in element.iterchildren():
        tag = child.tag
        if tag in _RUN_TEXT:
            replacement = _RUN_TEXT[tag]
            pieces.append((child.text or "") if replacement is None else replacement)
        elif tag not in _PRUNED and isinstance(tag, str):
            _paragraph_text(child, pieces)


def _text_boxes(paragraph: Any) -> list[Any]:
    """The paragraph's own text boxes (not the duplicate fallback copies, not nested ones)."""
    from docx.oxml.ns import qn

    box_tag = qn("w:txbxContent")
    fallback_tag = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    boxes = []
    for box in paragraph.iter(box_tag):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in (box_tag, fallback_tag):
                break
            ancestor = ancestor.getparent()
        else:
            boxes.append(box)
    return boxes


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
