"""PDF text with pypdf, under a hard deadline.

pypdf is pure Python and a crafted PDF can make one call (one page's content
stream, one object graph) run for minutes, so checking the clock between pages
is not enough. By default each PDF is parsed in a long-lived worker process
(taken from a small pool, started on first use); the caller waits for the
reply at most until the file's deadline and kills the worker if it is late, so
a timeout costs only a restart. The worker also caps its own address space. With
``Limits(isolate_pdf=False)`` — or if no worker can be started — parsing runs
in-process with a deadline check between pages.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from . import _pdf_worker
from .budget import Budget
from .errors import CannotExtract, ExtractTimeout, MalformedFile, Unreadable

_WORKER_SCRIPT = str(Path(_pdf_worker.__file__).resolve())
#: Idle workers kept for reuse; more are started when threads parse PDFs at once.
MAX_IDLE_WORKERS = max(2, os.cpu_count() or 2)
_idle: list[_Worker] = []
_lock = threading.Lock()
_all_workers: list[_Worker] = []


def pdf_text(data: bytes, budget: Budget) -> str:
    """Text of a PDF, pages separated by form feeds; raises on bad, locked or slow files."""
    budget.check_time()
    pages: list[str] | None = None
    if budget.limits.isolate_pdf:
        pages = _in_worker(data, budget)
    if pages is None:
        pages = _in_process(data, budget)
    return "\n\f".join(pages)


def _in_process(data: bytes, budget: Budget) -> list[str]:
    try:
        return _pdf_worker.pdf_pages(data, budget.check_time)
    except _pdf_worker.PdfProblem as exc:
        raise _problem(exc.code, exc.reason) from exc


def _problem(code: str, reason: str) -> CannotExtract:
    if code == "unreadable":
        return Unreadable(reason)
    return MalformedFile(reason)


def _in_worker(data: bytes, budget: Budget) -> list[str] | None:
    """Pages from a worker; None if no worker process can be started."""
    worker = _acquire()
    if worker is None:
        return None
    reply = worker.request(data, budget.remaining_seconds())
    if reply is _TIMED_OUT:
        worker.kill()
        budget.exhausted = True
        raise ExtractTimeout(
            f"PDF parsing took longer than {budget.limits.seconds_per_file:g} s and was stopped"
        )
    if reply is None:
        worker.kill()
        raise MalformedFile("the PDF parser crashed or ran out of memory on this file")
    _release(worker)
    if not reply.get("ok"):
        raise _problem(str(reply.get("code")), str(reply.get("reason")))
    return [str(page) for page in reply["pages"]]


def _acquire() -> _Worker | None:
    """An idle live worker, or a new one; None if none can be started."""
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.alive():
                return worker
            worker.kill()
    try:
        return _Worker()
    except OSError:
        return None


def _release(worker: _Worker) -> None:
    """Keep a worker for the next PDF, unless enough are idle already."""
    with _lock:
        if worker.alive() and len(_idle) < MAX_IDLE_WORKERS:
            _idle.append(worker)
            return
    worker.kill()


_TIMED_OUT: dict[str, Any] = {"timed_out": True}


class _Worker:
    """One worker process and a thread that reads its replies."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script, no shell
            [sys.executable, _WORKER_SCRIPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.replies: queue.Queue[bytes | None] = queue.Queue()
        assert self.process.stdout is not None
        reader = threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True)
        reader.start()
        _all_workers.append(self)

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                header = _pdf_worker._read_exact(stream, 8)
                if header is None:
                    break
                body = _pdf_worker._read_exact(stream, int.from_bytes(header, "big"))
                if body is None:
                    break
                self.replies.put(body)
        except (OSError, ValueError):
            pass
        finally:
            self.replies.put(None)

    def alive(self) -> bool:
        return self.process.poll() is None

    def request(self, data: bytes, timeout: float) -> dict[str, Any] | None:
        """The worker's reply, :data:`_TIMED_OUT`, or None if the worker died."""
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write(len(data).to_bytes(8, "big") + data)
            stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return None
        try:
            body = self.replies.get(timeout=max(timeout, 0.01))
        except queue.Empty:
            return _TIMED_OUT
        if body is None:
            return None
        reply: dict[str, Any] = json.loads(body.decode("utf-8", "surrogatepass"))
        return reply

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        with contextlib.suppress(ValueError):  # another thread may have removed it
            _all_workers.remove(self)


@atexit.register
def _stop_workers() -> None:
    for worker in list(_all_workers):
        worker.kill()
