"""Text of OFD files (GB/T 33190, China's fixed-layout format: e-invoices, official papers).

An OFD file is a zip package: ``OFD.xml`` names each document's
``Document.xml``, which lists its pages (and page templates); each page's
``Content.xml`` holds ``TextObject`` elements with ``TextCode`` text and a
position. Text objects are put back into reading order: lines by their
vertical position, then left to right, with a tab across a wide gap.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from .budget import Budget
from .errors import MalformedFile

_SAME_LINE = 0.5  # fraction of the font size within which two objects share a line
_TAB_GAP = 1.5  # a horizontal gap wider than this many font sizes becomes a tab


@dataclass(frozen=True)
class _Piece:
    y: float
    x: float
    right: float
    size: float
    text: str


def ofd_text(data: bytes, budget: Budget) -> str:
    """The text of every page of every document, pages separated by form feeds."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        root_name = "OFD.xml" if "OFD.xml" in names else "ofd.xml"
        if root_name not in names:
            raise MalformedFile("not a valid OFD file: no OFD.xml")
        root = _xml(package.read(root_name))
        pages: list[str] = []
        for doc_root in _children(root, "DocRoot"):
            document_path = _resolve("", (doc_root.text or "").strip())
            if document_path not in names:
                raise MalformedFile(f"not a valid OFD file: missing {document_path}")
            pages.extend(_document_pages(package, names, document_path, budget))
    return "\n\f".join(pages)


def _document_pages(
    package: zipfile.ZipFile, names: set[str], document_path: str, budget: Budget
) -> list[str]:
    document = _xml(package.read(document_path))
    base = posixpath.dirname(document_path)
    templates = {
        template.get("ID"): _resolve(base, template.get("BaseLoc", ""))
        for template in _children(document, "TemplatePage")
    }
    texts = []
    for page in _children(document, "Page"):
        budget.check_time()
        page_path = _resolve(base, page.get("BaseLoc", ""))
        if page_path not in names:
            continue
        content = _xml(package.read(page_path))
        pieces: list[_Piece] = []
        for template in _children(content, "Template"):
            template_path = templates.get(template.get("TemplateID"))
            if template_path in names and template_path is not None:
                pieces.extend(_pieces(_xml(package.read(template_path))))
        pieces.extend(_pieces(content))
        texts.append(_lines(pieces))
    return texts


def _pieces(page: Any) -> list[_Piece]:
    """One positioned piece per ``TextCode`` (an object may hold several lines)."""
    pieces = []
    for text_object in _children(page, "TextObject"):
        boundary = _numbers(text_object.get("Boundary", ""))
        left, top = (boundary[0], boundary[1]) if len(boundary) >= 2 else (0.0, 0.0)
        size = _float(text_object.get("Size"), 3.5)
        x, y = left, top + size
        for code in _children(text_object, "TextCode"):
            x = left + _float(code.get("X"), x - left)
            y = top + _float(code.get("Y"), y - top)
            text = code.text or ""
            if not text.strip():
                continue
            right = x + sum(size if ord(char) > 0x2E80 else size / 2 for char in text)
            pieces.append(_Piece(y=y, x=x, right=right, size=size, text=text))
            x = right
    return pieces


def _lines(pieces: list[_Piece]) -> str:
    """Join positioned pieces into lines in reading order."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.y, p.x)):
        if lines and abs(lines[-1][0].y - piece.y) <= _SAME_LINE * max(piece.size, 1.0):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out = []
    for line in lines:
        line.sort(key=lambda p: p.x)
        parts = [line[0].text]
        for before, after in itertools.pairwise(line):
            gap = after.x - before.right
            parts.append("\t" if gap > _TAB_GAP * max(after.size, 1.0) else "")
            parts.append(after.text)
        out.append("".join(parts))
    return "\n".join(out)


def _xml(data: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedFile(f"not a valid OFD file: {exc}") from exc


def _children(element: Any, local_name: str) -> Any:
    """Descendants with this local name, whatever their namespace (OFD files vary)."""
    return element.iter(f"{{*}}{local_name}", local_name)


def _resolve(base: str, location: str) -> str:
    """A package path from a location that is absolute (``/Doc_0/...``) or relative to ``base``."""
    location = location.strip().replace("\\", "/")
    path = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(path)


def _numbers(text: str) -> list[float]:
    values = []
    for token in text.split():
        try:
            values.append(float(token))
        except ValueError:
            return []
    return values


def _float(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default
