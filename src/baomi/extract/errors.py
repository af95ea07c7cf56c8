"""Exceptions raised by the extract engine.

Each exception carries a stable ``code`` (the same codes as
:class:`baomi.extract.ExtractError`) and a one-line English ``reason``. The
iterating interfaces (:func:`baomi.extract.extract_path`,
:func:`baomi.extract.extract_bytes`) never raise these for a bad file: they turn
them into :class:`~baomi.extract.ExtractError` records and carry on.
"""

from __future__ import annotations


class CannotExtract(Exception):
    """Base class: this input gives no text; ``code`` says why, ``reason`` in words."""

    code = "unreadable"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedFormat(CannotExtract):
    """The file type is not one the engine reads (an image, an executable...)."""

    code = "unsupported_format"


class FileTooLarge(CannotExtract):
    """A single file (or archive member) is larger than ``Limits.max_file_bytes``."""

    code = "file_too_large"


class ArchiveTooLarge(CannotExtract):
    """Uncompressed content would exceed ``Limits.max_total_bytes``."""

    code = "archive_too_large"


class ArchiveRatioExceeded(CannotExtract):
    """A compressed member expands more than ``Limits.max_ratio`` times (a zip bomb)."""

    code = "archive_ratio"


class ArchiveTooDeep(CannotExtract):
    """Archives (or mail attachments) nest deeper than ``Limits.max_depth``."""

    code = "archive_depth"


class TooManyMembers(CannotExtract):
    """An archive holds more members than ``Limits.max_members`` allows."""

    code = "too_many_members"


class MalformedFile(CannotExtract):
    """The file claims a format but its content is broken or truncated."""

    code = "malformed"


class BinaryContent(CannotExtract):
    """The content is binary, not text in any known encoding."""

    code = "binary"


class ExtractTimeout(CannotExtract):
    """Extraction took longer than ``Limits.seconds_per_file``."""

    code = "timeout"


class Unreadable(CannotExtract):
    """The file cannot be read (permissions, encryption, not a regular file...)."""

    code = "unreadable"


class EmptyContent(CannotExtract):
    """The file is empty or holds no extractable text (e.g. a scanned PDF)."""

    code = "empty"


#: Every ``ExtractError.code``, in a stable order (for interfaces that translate them).
ERROR_CODES: tuple[str, ...] = (
    UnsupportedFormat.code,
    ArchiveTooLarge.code,
    ArchiveRatioExceeded.code,
    ArchiveTooDeep.code,
    TooManyMembers.code,
    FileTooLarge.code,
    MalformedFile.code,
    BinaryContent.code,
    ExtractTimeout.code,
    Unreadable.code,
    EmptyContent.code,
)
