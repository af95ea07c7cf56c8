"""PDF text extraction, run in a worker process (also importable in-process).

This module imports only the standard library and pypdf, so the worker starts
as a plain script (``python _pdf_worker.py``) without the rest of Baomi.
Protocol on stdin/stdout, repeated: request = 8-byte big-endian length + PDF
bytes; reply = 8-byte big-endian length + UTF-8 JSON
``{"ok": true, "pages": [...]}`` or ``{"ok": false, "code": ..., "reason": ...}``.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable
from typing import IO

#: Address-space cap of the worker, so a hostile PDF cannot exhaust memory.
WORKER_MEMORY_BYTES = 4 << 30


class PdfProblem(Exception):
    """A PDF that gives no text: ``code`` (an ExtractError code) and ``reason``."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def pdf_pages(data: bytes, check: Callable[[], None]) -> list[str]:
    """Text of each page; ``check()`` is called before each page (it may raise)."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
                pages = reader.pages
                len(pages)
            except (FileNotDecryptedError, PdfReadError, NotImplementedError) as exc:
                raise PdfProblem(
                    "unreadable", f"encrypted PDF (password protected): {exc}"
                ) from exc
        texts = []
        for page in reader.pages:
            check()
            texts.append(page.extract_text() or "")
        return texts
    except PdfProblem:
        raise
    except FileNotDecryptedError as exc:
        raise PdfProblem("unreadable", "encrypted PDF (password protected)") from exc
    except (RecursionError, MemoryError) as exc:
        raise PdfProblem("malformed", f"PDF structure too deep or too large: {exc!r}") from exc
    except Exception as exc:  # pypdf raises many types on damaged files
        if getattr(exc, "code", None) == "timeout":  # the caller's deadline, not a bad file
            raise
        raise PdfProblem("malformed", f"not a readable PDF: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass


def main() -> None:
    """Serve requests until stdin closes."""
    _limit_memory()
    logging.disable(logging.WARNING)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = _read_exact(stdin, 8)
        if header is None:
            return
        data = _read_exact(stdin, int.from_bytes(header, "big"))
        if data is None:
            return
        try:
            reply = {"ok": True, "pages": pdf_pages(data, lambda: None)}
        except PdfProblem as exc:
            reply = {"ok": False, "code": exc.code, "reason": exc.reason}
        body = json.dumps(reply, ensure_ascii=False).encode("utf-8", "surrogatepass")
        stdout.write(len(body).to_bytes(8, "big") + body)
        stdout.flush()


if __name__ == "__main__":
    main()
