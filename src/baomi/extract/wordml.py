"""Text of Word (docx) packages, read straight from the zip with lxml.

Only the parts that hold text are parsed: the main document, the headers and
footers its sections reference, footnotes, endnotes and comments. Styles,
themes, fonts and settings are never read. The package is resolved as
python-docx resolves it (the ``officeDocument`` relationship, the
relationship graph, ``[Content_Types].xml``), so the same files are read and
a package python-docx rejects for a missing part, a missing content type or a
wrong main content type is rejected here too.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any, NamedTuple

from lxml import etree

from .budget import Budget

_CHECK_EVERY = 200

# Same options as python-docx's parser: blank text between elements dropped,
# entities left unresolved (an entity bomb is refused by libxml2), no network.
_PARSER = etree.XMLParser(
    remove_blank_text=True, resolve_entities=False, no_network=True, huge_tree=False
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PARAGRAPH, _TABLE, _ROW, _CELL = _W + "p", _W + "tbl", _W + "tr", _W + "tc"

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _RT + "officeDocument"
_IMAGE = _RT + "image"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DOCUMENT_MAIN = _WML + "document.main+xml"
# Content types python-docx loads as XML parts (the others stay opaque bytes).
_XML_PART_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-package.core-properties+xml",
        _WML + "comments+xml",
        _DOCUMENT_MAIN,
        _WML + "footer+xml",
        _WML + "header+xml",
        _WML + "numbering+xml",
        _WML + "settings+xml",
        _WML + "styles+xml",
    }
)

# Per section: first-page, default and even-page headers, then the same footers.
_HEADERS_FOOTERS = tuple(
    (_W + kind, kind_type)
    for kind in ("headerReference", "footerReference")
    for kind_type in ("first", "default", "even")
)
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml", "/word/comments.xml")


def docx_text(data: bytes, budget: Budget) -> str:
    """Body paragraphs and tables in document order, then headers and footers,
    then footnotes, endnotes and comments.

    Table rows become one line each, cells separated by tabs.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = _Package(archive)
        main = package.main_document()
        root = package.xml(main)
        if root.tag != _W + "document":
            raise ValueError(f"the main part's root is {root.tag}, not w:document")
        body = root.find(_W + "body")
        if body is None:
            raise ValueError("the document has no w:body")
        lines: list[str] = []
        _blocks(body, budget, lines)
        _headers_and_footers(package, main, root, budget, lines)
        _notes(package, budget, lines)
    return "\n".join(lines)


def _headers_and_footers(
    package: _Package, main: str, root: Any, budget: Budget, lines: list[str]
) -> None:
    """Append each section's own headers and footers (none linked to the previous), once each."""
    targets = package.targets(main)
    seen: set[str] = set()
    for section in _section_properties(root):
        for tag, kind_type in _HEADERS_FOOTERS:
            reference = next(
                (
                    child
                    for child in section.iterchildren(tag)
                    if child.get(_W + "type") == kind_type
                ),
                None,
            )
            if reference is None:
                continue  # linked to the previous section
            rid = reference.get(_R_ID)
            if rid is None:
                raise ValueError(f"required 'r:id' attribute not present on element {tag}")
            name = targets[rid]
            if name in seen:
                continue
            seen.add(name)
            _blocks(package.xml(name), budget, lines)


def _section_properties(root: Any) -> list[Any]:
    """The ``w:sectPr`` in ``w:body/w:p/w:pPr`` and ``w:body``, in document order."""
    found = []
    for body in root.iterchildren(_W + "body"):
        for child in body.iterchildren(_PARAGRAPH, _W + "sectPr"):
            if child.tag == _PARAGRAPH:
                for properties in child.iterchildren(_W + "pPr"):
                    found.extend(properties.iterchildren(_W + "sectPr"))
            else:
                found.append(child)
    return found


def _notes(package: _Package, budget: Budget, lines: list[str]) -> None:
    """Append the paragraphs of footnotes, endnotes and comments (after the body)."""
    for name in _NOTE_PARTS:
        if name not in package.parts:
            continue
        budget.check_time()
        blob = package.read(name)
        if package.is_xml_part(name):
            # python-docx hands out XML parts re-serialised: an entity reference
            # then no longer resolves and the part is refused. Keep that behaviour.
            parsed = etree.fromstring(blob, _PARSER)
            blob = etree.tostring(parsed, encoding="UTF-8", standalone=True)
        root = etree.fromstring(blob, _PARSER)
        for note in root.iterchildren():
            if note.get(_W + "type") in ("separator", "continuationSeparator"):
                continue
            inner: list[str] = []
            _blocks(note, budget, inner)
            lines.extend(text for text in inner if text)


class _Relationship(NamedTuple):
    reltype: str | None
    target: str | None  # the part name, or the URI of an external target
    external: bool


class _Package:
    """The parts of an OPC package reachable from its relationships, as python-docx walks them.

    Every reachable part must exist and have a content type; only the parts
    asked for are read and parsed.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._overrides: dict[str, str | None] = {}
        self._defaults: dict[str, str | None] = {}
        types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
        if types.tag != _CT + "Types":
            raise ValueError("[Content_Types].xml is not a content-types part")
        for override in types.iterchildren(_CT + "Override"):
            self._overrides[override.get("PartName").lower()] = override.get("ContentType")
        for default in types.iterchildren(_CT + "Default"):
            self._defaults[default.get("Extension").lower()] = default.get("ContentType")
        #: Part name -> (content type, type of the first relationship reaching it).
        self.parts: dict[str, tuple[str | None, str | None]] = {}
        self._rels: dict[str, list[tuple[str | None, _Relationship]]] = {}
        self._rels["/"] = self._read_rels("/")
        self._walk("/")

    def main_document(self) -> str:
        """The name of the main document part, which must be a Word document."""
        by_id = dict(self._rels["/"])  # a repeated id keeps the last one
        matching = [rel for rel in by_id.values() if rel.reltype == _OFFICE_DOCUMENT]
        if not matching:
            raise KeyError(f"no relationship of type '{_OFFICE_DOCUMENT}' in collection")
        if len(matching) > 1:
            raise ValueError(f"multiple relationships of type '{_OFFICE_DOCUMENT}' in collection")
        (rel,) = matching
        if rel.external or rel.target is None:
            raise ValueError("the main document is an external target")
        content_type, reltype = self.parts[rel.target]
        if content_type != _DOCUMENT_MAIN or reltype == _IMAGE:
            raise ValueError(f"not a Word document: content type is '{content_type}'")
        return rel.target

    def targets(self, source: str) -> dict[str | None, str]:
        """Relationship id -> part name, for the internal relationships of ``source``."""
        return {
            rid: rel.target
            for rid, rel in self._rels[source]
            if not rel.external and rel.target is not None
        }

    def is_xml_part(self, name: str) -> bool:
        """True for a part python-docx parses as XML (by content type; images never)."""
        content_type, reltype = self.parts[name]
        return content_type in _XML_PART_TYPES and reltype != _IMAGE

    def read(self, name: str) -> bytes:
        return self._archive.read(name[1:])

    def xml(self, name: str) -> Any:
        """The root element of an XML part (a header's root, the document's...)."""
        if not self.is_xml_part(name):
            content_type = self.parts[name][0]
            raise ValueError(f"part {name} is not XML (content type '{content_type}')")
        return etree.fromstring(self.read(name), _PARSER)

    def _walk(self, source: str) -> None:
        """Depth-first over the relationship graph, as python-docx's package reader."""
        for _rid, rel in self._rels[source]:
            if rel.external or rel.target is None:
                continue
            name = rel.target
            if name in self.parts:
                continue
            self._rels[name] = self._read_rels(name)
            self._archive.getinfo(name[1:])  # KeyError for a missing part
            self.parts[name] = (self._content_type(name), rel.reltype)
            self._walk(name)

    def _read_rels(self, source: str) -> list[tuple[str | None, _Relationship]]:
        """The relationships of ``source``: (id, relationship) in the order written."""
        base, filename = posixpath.split(source)
        try:
            blob = self._archive.read(posixpath.join(base, "_rels", f"{filename}.rels")[1:])
        except KeyError:
            return []
        root = etree.fromstring(blob, _PARSER)
        if root.tag != _PR + "Relationships":
            raise ValueError(f"the relationships of {source} are not a relationships part")
        relationships: list[tuple[str | None, _Relationship]] = []
        for element in root.iterchildren(_PR + "Relationship"):
            target = element.get("Target")
            external = element.get("TargetMode", "Internal") == "External"
            if not external:
                if target is None:
                    raise ValueError(f"a relationship of {source} has no target")
                target = posixpath.normpath(posixpath.join(base, target))
            relationship = _Relationship(element.get("Type"), target, external)
            relationships.append((element.get("Id"), relationship))
        return relationships

    def _content_type(self, name: str) -> str | None:
        key = name.lower()
        if key in self._overrides:
            return self._overrides[key]
        extension = posixpath.splitext(name)[1]
        extension = extension[1:] if extension.startswith(".") else extension
        if extension.lower() in self._defaults:
            return self._defaults[extension.lower()]
        raise KeyError(f"no content type for partname '{name}' in [Content_Types].xml")


# Content controls and tracked insertions wrap ordinary paragraphs.
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins"})


def _blocks(element: Any, budget: Budget, lines: list[str]) -> None:
    """Append the text of paragraphs and tables under ``element`` to ``lines``."""
    for index, child in enumerate(element.iterchildren()):
        if index % _CHECK_EVERY == 0:
            budget.check_time()
        tag = child.tag
        if tag == _PARAGRAPH:
            pieces: list[str] = []
            _paragraph_text(child, pieces)
            lines.append("".join(pieces))
            for box in _text_boxes(child):
                _blocks(box, budget, lines)
        elif tag == _TABLE:
            for row in child.iterchildren(_ROW):
                cells = []
                for cell in row.iterchildren(_CELL):
                    inner: list[str] = []
                    _blocks(cell, budget, inner)
                    cells.append(" ".join(text for text in inner if text))
                lines.append("\t".join(cells))
        elif tag in _WRAPPERS:
            _blocks(child, budget, lines)


_BOX = _W + "txbxContent"
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}
_RUN_TEXT[_W + "noBreakHyphen"] = "-"
# Subtrees without visible paragraph text: properties (their w:tab are tab stops),
# deleted revisions, text boxes (read on their own) and duplicate fallbacks.
_PRUNED = frozenset({_W + "pPr", _W + "rPr", _W + "del", _BOX, _MC_FALLBACK})


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
    boxes = []
    for box in paragraph.iter(_BOX):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not paragraph:
            if ancestor.tag in (_BOX, _MC_FALLBACK):
                break
            ancestor = ancestor.getparent()
        else:
            boxes.append(box)
    return boxes
