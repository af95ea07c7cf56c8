"""Text and tables out of files: formats, archives and limits against hostile input.

Formats: plain text in any common Chinese encoding, source code, CSV, HTML,
docx, Word 97-2003 .doc, xlsx, pptx, OpenDocument, RTF, PDF, OFD, e-mail (.eml,
attachments included), zip and tar archives and gzip/bzip2/xz files (nested).
Each :class:`Unit` remembers its origin (``a.zip!dir/b.docx``,
``mail.eml!price.xlsx``). :func:`extract_path` and :func:`extract_bytes` never
raise for a bad file; they yield an :class:`ExtractError` for it and go on.
See ``docs/extract.md`` for the limits.
"""

from .engine import extract_bytes, extract_path, extract_text, iter_files
from .errors import (
    ERROR_CODES,
    ArchiveRatioExceeded,
    ArchiveTooDeep,
    ArchiveTooLarge,
    BinaryContent,
    CannotExtract,
    EmptyContent,
    ExtractTimeout,
    FileTooLarge,
    MalformedFile,
    TooManyMembers,
    Unreadable,
    UnsupportedFormat,
)
from .formats import UNIT_KINDS, language_for
from .model import DEFAULT_LIMITS, ORIGIN_SEPARATOR, ExtractError, Limits, Unit
from .text import decode_text

__all__ = [
    "DEFAULT_LIMITS",
    "ERROR_CODES",
    "ORIGIN_SEPARATOR",
    "UNIT_KINDS",
    "ArchiveRatioExceeded",
    "ArchiveTooDeep",
    "ArchiveTooLarge",
    "BinaryContent",
    "CannotExtract",
    "EmptyContent",
    "ExtractError",
    "ExtractTimeout",
    "FileTooLarge",
    "Limits",
    "MalformedFile",
    "TooManyMembers",
    "Unit",
    "Unreadable",
    "UnsupportedFormat",
    "decode_text",
    "extract_bytes",
    "extract_path",
    "extract_text",
    "iter_files",
    "language_for",
]
