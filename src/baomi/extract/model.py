"""Data types of the extract engine: units of text, per-file errors and limits."""

from __future__ import annotations

from dataclasses import dataclass

#: Separator between a container and a member in an origin: ``a.zip!dir/b.docx``.
ORIGIN_SEPARATOR = "!"

MIB = 1 << 20


@dataclass(frozen=True)
class Unit:
    """One extracted unit of text.

    ``origin`` is the path as given, followed by ``!member`` for each archive or
    mail attachment level (``a.zip!b.zip!c.txt``). ``text`` is the extracted,
    unnormalised text: spans elsewhere index into it. ``kind`` is one of
    ``text docx xlsx pptx pdf eml html code csv``; ``sha256`` is the hex digest of
    the unit's raw bytes (the member's bytes for an archive member); ``language``
    names the programming language of ``code`` units.
    """

    origin: str
    text: str
    kind: str
    sha256: str
    language: str | None = None


@dataclass(frozen=True)
class ExtractError:
    """A file (or member) that gave no text, with a stable ``code`` and a readable reason.

    Codes: ``unsupported_format archive_too_large archive_ratio archive_depth
    too_many_members file_too_large malformed binary timeout unreadable empty``.
    """

    origin: str
    code: str
    reason: str


@dataclass(frozen=True)
class Limits:
    """Limits against hostile input, applied per top-level file.

    - ``max_file_bytes``: largest single file or archive member read.
    - ``max_total_bytes``: total uncompressed bytes read out of one top-level
      file, over all nested archive members and attachments.
    - ``max_ratio``: largest uncompressed/compressed ratio of a zip member whose
      uncompressed size is at least ``ratio_min_bytes`` (small, highly
      compressible members, e.g. a file of spaces, are allowed).
    - ``max_depth``: deepest nesting of archives and mail attachments
      (``a.zip!b.txt`` is depth 1).
    - ``max_members``: most archive members and attachments per top-level file.
    - ``seconds_per_file``: time budget of one top-level file, members included.
    - ``isolate_pdf``: parse PDFs in a separate worker process that is killed
      when the time budget runs out (a hard deadline); otherwise PDFs are parsed
      in-process with a check between pages.
    """

    max_file_bytes: int = 200 * MIB
    max_total_bytes: int = 1024 * MIB
    max_ratio: float = 100.0
    ratio_min_bytes: int = 1 * MIB
    max_depth: int = 5
    max_members: int = 10_000
    seconds_per_file: float = 30.0
    isolate_pdf: bool = True


DEFAULT_LIMITS = Limits()
