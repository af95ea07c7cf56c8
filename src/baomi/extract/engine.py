"""Walk files, archives and mail: dispatch each to its format, apply the limits.

Errors never escape the iterating functions: each bad file, member or
attachment becomes an :class:`ExtractError` in the stream and the walk goes on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from . import archive, cfb, compressed, doc, formats, mail, markup, odf, ofd, office
from .budget import Budget, size_text
from .errors import (
    ArchiveTooDeep,
    CannotExtract,
    EmptyContent,
    FileTooLarge,
    MalformedFile,
    Unreadable,
    UnsupportedFormat,
)
from .model import DEFAULT_LIMITS, ORIGIN_SEPARATOR, ExtractError, Limits, Unit
from .pdf import pdf_text
from .rtf import rtf_text
from .tables import csv_delimiter
from .text import decode_text

Result = Unit | ExtractError

# Zip packages read as one document each.
_OOXML = {
    "docx": office.docx_text,
    "xlsx": office.xlsx_text,
    "pptx": office.pptx_text,
    "odf": odf.odf_text,
    "ofd": ofd.ofd_text,
}
# Formats recognised by their magic number, which wins over the extension.
_CONTAINERS = ("pdf", "rtf", "zip", "tar", "compressed", *_OOXML)
_OOXML_NAMES = {
    "docx": "Word document",
    "xlsx": "Excel workbook",
    "pptx": "PowerPoint file",
    "odf": "OpenDocument file",
    "ofd": "OFD document",
}


def extract_bytes(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Result]:
    """Extract text units from the bytes of one file called ``name``.

    ``name`` is the origin of the units and gives the format by its extension,
    unless the content's magic number says otherwise (a renamed document is
    read as what it is). Archives and mail yield one unit per member or
    attachment, recursively. Never raises for bad input: problems are yielded
    as :class:`ExtractError` (a wrong argument type raises ``TypeError``).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    yield from _walk(bytes(data), name, name, 0, Budget(limits))


def extract_path(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, display: str | None = None
) -> Iterator[Result]:
    """Extract text units from a file (or, recursively, a folder) on disk.

    ``display`` replaces the path in origins (default: the path as given); when
    it has an extension, that extension picks the format (an upload stored
    under a temporary name keeps its real type). The size is checked before
    anything is read. Never raises for bad input.
    """
    origin = display if display is not None else os.fspath(path)
    path = Path(path)
    if path.is_dir():
        for file in iter_files([path]):
            relative = file.relative_to(path).as_posix()
            yield from extract_path(file, limits=limits, display=f"{origin.rstrip('/')}/{relative}")
        return
    try:
        data = _read_file(path, limits)
    except CannotExtract as exc:
        yield _error(origin, exc)
        return
    shown = PurePosixPath(origin.replace("\\", "/")).name
    name = shown if formats.extension(shown) else path.name
    yield from _walk(data, name, origin, 0, Budget(limits))


def extract_text(data: bytes, name: str, *, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of one document (not an archive), raising on failure.

    For mail this is the headers and bodies, without attachments. Raises a
    :class:`~baomi.extract.errors.CannotExtract` subclass such as
    :class:`UnsupportedFormat` or :class:`MalformedFile`.
    """
    budget = Budget(limits)
    _check_size(len(data), limits)
    kind = _kind(data, name)
    if kind in ("zip", "tar", "compressed"):
        raise UnsupportedFormat("an archive holds several files; use extract_bytes")
    try:
        if kind == "eml":
            return _mail_text(mail.parse_mail(data).text)
        return _document_text(data, kind, budget)
    except CannotExtract:
        raise
    except Exception as exc:  # parsers raise all sorts of exceptions on damaged files
        raise MalformedFile(f"not a readable {_format_name(kind)}: {_one_line(exc)}") from exc


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files under the given paths: folders recursively, in sorted order.

    Symbolic links inside folders are not followed (neither to files nor to
    folders) and special files are skipped; a path given explicitly is yielded
    as is, even if missing, so that extraction can report it.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _folder_files(path)
        else:
            yield path


def _folder_files(root: Path) -> list[Path]:
    found = []
    for folder, _subfolders, names in os.walk(root, followlinks=False):
        for name in names:
            file = Path(folder, name)
            try:
                mode = file.lstat().st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode):
                found.append(file)
    found.sort(key=lambda file: file.relative_to(root).as_posix())
    return found


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise Unreadable("no such file") from exc
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("not a regular file")
    _check_size(info.st_size, limits)
    try:
        with path.open("rb") as stream:
            # Read at most one byte past the limit: the file may have grown.
            data = stream.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from exc
    _check_size(len(data), limits)
    return data


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise FileTooLarge(
            f"file is {size_text(size)}; the limit is {size_text(limits.max_file_bytes)}"
        )


def _walk(data: bytes, name: str, origin: str, depth: int, budget: Budget) -> Iterator[Result]:
    """Units and errors of one file or member, recursing into archives and mail."""
    kind = "unknown"
    try:
        _check_size(len(data), budget.limits)
        budget.check_time()
        kind = _kind(data, name)
        if kind == "zip":
            yield from _walk_zip(data, origin, depth, budget)
        elif kind in ("tar", "compressed"):
            yield from _walk_compressed(data, name, origin, depth, budget)
        elif kind == "eml":
            yield from _walk_mail(data, origin, depth, budget)
        else:
            text = _document_text(data, kind, budget)
            language = formats.language_for(name) if kind == "code" else None
            yield Unit(origin, text, kind, hashlib.sha256(data).hexdigest(), language)
    except CannotExtract as exc:
        yield _error(origin, exc)
    except (RecursionError, MemoryError) as exc:
        yield ExtractError(origin, "malformed", f"structure too deep or too large ({exc!r})")
    except Exception as exc:  # parsers raise all sorts of exceptions on damaged files
        yield ExtractError(
            origin, "malformed", f"not a readable {_format_name(kind)}: {_one_line(exc)}"
        )


def _kind(data: bytes, name: str) -> str:
    """The format to use: the content's magic first, then the extension.

    Content wins so that a document renamed to hide it (``plan.docx`` saved as
    ``notes.txt`` or ``photo.jpg``) is still read as what it is.
    """
    if not data:
        raise EmptyContent("the file is empty")
    by_name = formats.kind_by_name(name)
    sniffed = formats.sniff_kind(data)
    if sniffed == "zip" and by_name in _OOXML:
        return by_name  # a damaged Office file, or not one: its parser will tell
    if sniffed in _CONTAINERS:
        return sniffed
    if by_name == "pdf" and b"%PDF-" in data[:1024]:
        return "pdf"  # the PDF header may follow a little junk
    if by_name in _CONTAINERS:
        raise MalformedFile(f"not a valid {_format_name(by_name)}: {_wrong_magic(by_name)}")
    if data.startswith(cfb.MAGIC):
        return _ole_kind(data, name)
    disguised = formats.disguised_legacy_kind(data, name)
    if disguised is not None:
        return disguised
    binary = formats.unsupported_magic(data)
    if binary is not None and by_name in (None, "unsupported"):
        extension = formats.extension(name)
        raise UnsupportedFormat(f"unsupported file type {extension or '(none)'}: {binary}")
    if by_name == "unsupported":
        raise UnsupportedFormat(f"unsupported file type {formats.extension(name)}")
    if by_name is None:
        return sniffed or "text"
    return by_name


def _ole_kind(data: bytes, name: str) -> str:
    """``doc`` for a Word 97-2003 file; other OLE2 files (xls, ppt, msg) are unsupported."""
    extension = formats.extension(name)
    try:
        compound = cfb.CompoundFile(data)
    except MalformedFile:
        if extension in (".doc", ".dot"):
            raise
        compound = None
    if compound is not None and doc.is_word(compound):
        return "doc"
    raise UnsupportedFormat(
        f"unsupported file type {extension or '(none)'}: a legacy Excel, PowerPoint, Outlook "
        "or other OLE2 file (.xls/.ppt/.msg)"
    )


def _wrong_magic(kind: str) -> str:
    return {
        "pdf": "no %PDF header",
        "tar": "no tar header",
        "compressed": "no gzip/bzip2/xz header",
        "rtf": "no {\\rtf header",
    }.get(kind, "not a zip package")


def _document_text(data: bytes, kind: str, budget: Budget) -> str:
    """The text of a single (non-container) document; raises when there is none."""
    if kind in _OOXML:
        archive.check_container(data, budget)
        text = _OOXML[kind](data, budget)
    elif kind == "pdf":
        text = pdf_text(data, budget)
        if not text.strip():
            raise EmptyContent("the PDF has no text layer (scanned pages?)")
    elif kind == "html":
        text = markup.html_to_text(markup.decode_html(data), budget.check_time)
    elif kind == "rtf":
        text = rtf_text(data, budget.check_time)
    elif kind == "doc":
        text = doc.doc_text(data, budget)
    elif kind == "csv":
        text = _csv_text(decode_text(data))
    elif kind in ("text", "code"):
        text = decode_text(data)
    else:
        raise UnsupportedFormat(f"unsupported format {kind}")
    if not text.strip():
        raise EmptyContent(f"no text in this {_format_name(kind)}")
    return text


def _csv_text(text: str) -> str:
    """CSV rows as lines of tab-separated cells (like spreadsheet rows); raw text if malformed."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)))
    except csv.Error:
        return text
    return "\n".join("\t".join(row) for row in rows if any(cell.strip() for cell in row))


def _walk_zip(data: bytes, origin: str, depth: int, budget: Budget) -> Iterator[Result]:
    _check_depth(depth, budget)
    for member in archive.iter_members(data, budget):
        child = f"{origin}{ORIGIN_SEPARATOR}{member.name}"
        if member.error is not None:
            yield _error(child, member.error)
        elif member.data is not None:
            yield from _walk(member.data, member.name, child, depth + 1, budget)


def _walk_compressed(
    data: bytes, name: str, origin: str, depth: int, budget: Budget
) -> Iterator[Result]:
    """A tar archive (plain or compressed), or one gzip/bzip2/xz-compressed file."""
    _check_depth(depth, budget)
    stream = compressed.open_plain(data, budget)
    if compressed.is_tar(stream.peek(512)[:512]):
        members = compressed.iter_tar_members(stream, budget)
        for member in members:
            child = f"{origin}{ORIGIN_SEPARATOR}{member.name}"
            if member.error is not None:
                yield _error(child, member.error)
            elif member.data is not None:
                yield from _walk(member.data, member.name, child, depth + 1, budget)
            if budget.exhausted:
                return
        return
    inner = compressed.inner_name(name)
    child = f"{origin}{ORIGIN_SEPARATOR}{inner}"
    try:
        content = compressed.read_limited(stream, budget)
    except CannotExtract as exc:
        yield _error(child, exc)
        return
    yield from _walk(content, inner, child, depth + 1, budget)


def _walk_mail(data: bytes, origin: str, depth: int, budget: Budget) -> Iterator[Result]:
    parts = mail.parse_mail(data, budget.check_time)
    text = _mail_text(parts.text)
    yield Unit(origin, text, "eml", hashlib.sha256(data).hexdigest())
    if not parts.attachments:
        return
    _check_depth(depth, budget)
    budget.take_members(len(parts.attachments))
    for name, payload in parts.attachments:
        if budget.exhausted:
            return
        child = f"{origin}{ORIGIN_SEPARATOR}{name}"
        try:
            budget.take_bytes(len(payload))
        except CannotExtract as exc:
            yield _error(child, exc)
            return
        yield from _walk(payload, name, child, depth + 1, budget)


def _mail_text(text: str) -> str:
    if not text.strip():
        raise EmptyContent("the message has no headers or text")
    return text


def _check_depth(depth: int, budget: Budget) -> None:
    if depth + 1 > budget.limits.max_depth:
        raise ArchiveTooDeep(
            f"archives or attachments nested deeper than {budget.limits.max_depth} levels"
        )


def _format_name(kind: str) -> str:
    return _OOXML_NAMES.get(
        kind,
        {
            "pdf": "PDF",
            "zip": "zip archive",
            "eml": "e-mail",
            "tar": "tar archive",
            "compressed": "compressed file",
            "rtf": "RTF document",
            "doc": "Word 97-2003 document",
        }.get(kind, f"{kind} file"),
    )


def _error(origin: str, exc: CannotExtract) -> ExtractError:
    return ExtractError(origin=origin, code=exc.code, reason=" ".join(exc.reason.split())[:300])


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
