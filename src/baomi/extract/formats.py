"""Which format a file is: by its name's extension, then by its first bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

#: Programming languages by file extension (lower case, with the dot).
CODE_LANGUAGES: dict[str, str] = {
    ".py": "python",
    ".pyw": "python",
    ".java": "java",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".hh": "cpp",
    ".hxx": "cpp",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".cs": "csharp",
    ".php": "php",
    ".rb": "ruby",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".swift": "swift",
    ".sql": "sql",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ps1": "powershell",
    ".bat": "batch",
    ".cmd": "batch",
    ".scala": "scala",
    ".m": "objective-c",
    ".mm": "objective-c",
    ".lua": "lua",
    ".pl": "perl",
    ".pm": "perl",
    ".r": "r",
    ".dart": "dart",
    ".vue": "vue",
    ".groovy": "groovy",
    ".gradle": "groovy",
    ".vb": "visual-basic",
    ".f90": "fortran",
    ".pas": "pascal",
    ".asm": "assembly",
    ".s": "assembly",
    ".v": "verilog",
    ".sv": "systemverilog",
    ".vhd": "vhdl",
    ".vhdl": "vhdl",
    ".proto": "protobuf",
    ".st": "structured-text",
}

#: Plain-text extensions read as kind ``text``.
TEXT_EXTENSIONS = frozenset(
    {
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".rst",
        ".log",
        ".ini",
        ".cfg",
        ".conf",
        ".toml",
        ".yaml",
        ".yml",
        ".json",
        ".jsonl",
        ".xml",
        ".properties",
        ".tex",
        ".srt",
    }
)

_KINDS_BY_EXTENSION: dict[str, str] = {
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xltx": "xlsx",
    ".pptx": "pptx",
    ".pptm": "pptx",
    ".ppsx": "pptx",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".rtf": "rtf",
    ".odt": "odf",
    ".ods": "odf",
    ".odp": "odf",
    ".ott": "odf",
    ".ots": "odf",
    ".otp": "odf",
    ".eml": "eml",
    ".zip": "zip",
    ".tar": "tar",
    ".gz": "compressed",
    ".tgz": "compressed",
    ".bz2": "compressed",
    ".tbz2": "compressed",
    ".xz": "compressed",
    ".txz": "compressed",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".csv": "csv",
    ".tsv": "csv",
}

#: Extensions known to be binary formats this engine does not read.
_KNOWN_UNSUPPORTED = frozenset(
    {
        ".doc", ".dot", ".xls", ".xlt", ".ppt", ".wps", ".et", ".dps", ".msg", ".7z", ".rar",
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".ico",
        ".dwg", ".dxf", ".mp3", ".mp4", ".avi", ".mov", ".wav", ".exe", ".dll", ".so",
        ".bin", ".iso", ".class", ".jar", ".pyc", ".o", ".a", ".lib", ".wasm",
    }
)  # fmt: skip

#: Every kind a Unit can have.
UNIT_KINDS = (
    "text", "docx", "doc", "xlsx", "pptx", "odf", "rtf", "pdf", "ofd", "eml", "html", "code",
    "csv",
)  # fmt: skip


def extension(name: str) -> str:
    """The lower-case extension of the last path component of ``name`` (``""`` if none)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def language_for(name: str) -> str | None:
    """The programming language of a source file, by extension, or None."""
    return CODE_LANGUAGES.get(extension(name))


def kind_by_name(name: str) -> str | None:
    """The format implied by the name alone: a unit kind, a container kind, or None.

    Container kinds are ``zip``, ``tar`` and ``compressed`` (gzip, bzip2, xz).

    Returns ``"unsupported"`` for well-known binary formats (images, old Office...).
    """
    ext = extension(name)
    if ext in _KINDS_BY_EXTENSION:
        return _KINDS_BY_EXTENSION[ext]
    if ext in CODE_LANGUAGES:
        return "code"
    if ext in TEXT_EXTENSIONS:
        return "text"
    if ext in _KNOWN_UNSUPPORTED:
        return "unsupported"
    return None


#: Magic numbers of binary formats the engine does not read, with a readable name.
_UNSUPPORTED_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office or Outlook file (.doc/.xls/.ppt/.msg)"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)


def sniff_kind(data: bytes) -> str | None:
    """The format implied by the content's first bytes, or None if it has no magic.

    Tells Office Open XML (docx/xlsx/pptx), OpenDocument and OFD apart from a plain
    zip by its parts.
    Returns ``zip``, ``tar`` or ``compressed`` (gzip, bzip2, xz) for containers.
    """
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_flavour(data)
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return "compressed"
    if data[257:262] == b"ustar":
        return "tar"
    if data[:64].lstrip().startswith(b"{\\rtf"):
        return "rtf"
    lowered = data[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


#: Legacy Office extensions that systems and users often put on other content:
#: RTF or HTML saved as ``.doc``, HTML tables or tab-separated text as ``.xls``.
LEGACY_OFFICE = frozenset({".doc", ".dot", ".xls", ".xlt", ".ppt", ".wps", ".et", ".dps"})


def disguised_legacy_kind(data: bytes, name: str) -> str | None:
    """What a legacy Office file really holds when it is not an OLE2 file: html, csv or text.

    Excel 2003 XML (SpreadsheetML) is read by the HTML reader, which knows its rows and cells.
    """
    if extension(name) not in LEGACY_OFFICE or unsupported_magic(data) is not None:
        return None
    head = data[:2048].lower()
    if b"<html" in head or b"<table" in head:
        return "html"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "html"  # Excel 2003 XML: its Row and Cell tags read like a table
    return "csv" if extension(name) in (".xls", ".xlt", ".et") else "text"


def unsupported_magic(data: bytes) -> str | None:
    """A readable name of a known binary format this engine does not read, or None."""
    for magic, description in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            return description
    return None


def _zip_flavour(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "OFD.xml" in names or "ofd.xml" in names:
        return "ofd"
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return "zip"
