"""Coalesce concurrent registrations into batches (one transaction and fsync each).

A web server answers many registrations at once, each on its own thread.
Calling :meth:`Ledger.register` per request would cost one fsync, one
signature and one witness round trip each. A :class:`Batcher` owns one
ledger on a background thread: callers hand it a request and block until the
batch holding it is durable; the thread takes whatever is queued (up to
``max_batch``, waiting at most ``max_wait`` seconds after the first request)
and registers it as one batch.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from baomi.ledger import commitment as cm
from baomi.ledger.instance import Ledger, Registered, RegistrationRequest


class BatcherClosed(RuntimeError):
    """The batcher was closed; no more registrations are accepted."""


class Batcher:
    """A background thread registering queued requests in batches."""

    def __init__(
        self,
        home: Path,
        *,
        max_batch: int = 10_000,
        max_wait: float = 0.005,
        tsa_url: str | None = None,
    ) -> None:
        """Start the thread; its ledger is opened on that thread (SQLite connections stay put)."""
        self.max_batch = max_batch
        self.max_wait = max_wait
        self._queue: queue.Queue[tuple[RegistrationRequest, Future[Registered]] | None] = (
            queue.Queue()
        )
        self._closed = False
        self._lock = threading.Lock()
        self._ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(home, tsa_url), name="baomi-ledger-batcher", daemon=True
        )
        self._thread.start()
        self._ready.result()  # re-raises if the ledger could not be opened

    def register(self, request: RegistrationRequest, timeout: float | None = None) -> Registered:
        """Register one request; returns once its batch is durable (its receipt is final)."""
        return self.submit(request).result(timeout)

    def submit(self, request: RegistrationRequest) -> Future[Registered]:
        """Queue one request; the future resolves when its batch is durable.

        A request that cannot be registered is refused here, so that it never
        fails the batch it would have shared with others.
        """
        if request.kind not in cm.KINDS:
            raise cm.MaterialError(f"unknown kind {request.kind!r}")
        if not request.parts:
            raise cm.MaterialError("nothing to register: no parts")
        future: Future[Registered] = Future()
        with self._lock:
            if self._closed:
                raise BatcherClosed("the ledger batcher is closed")
            self._queue.put((request, future))
        return future

    def close(self) -> None:
        """Finish the queued registrations, then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    def _run(self, home: Path, tsa_url: str | None) -> None:
        try:
            ledger = Ledger(home, tsa_url=tsa_url)
        except BaseException as exc:
            self._ready.set_exception(exc)
            return
        self._ready.set_result(None)
        try:
            stop = False
            while not stop:
                item = self._queue.get()
                if item is None:
                    break
                batch = [item]
                while len(batch) < self.max_batch:
                    try:
                        nxt = self._queue.get(timeout=self.max_wait)
                    except queue.Empty:
                        break
                    if nxt is None:
                        stop = True
                        break
                    batch.append(nxt)
                self._register(ledger, batch)
        finally:
            ledger.close()

    @staticmethod
    def _register(
        ledger: Ledger, batch: list[tuple[RegistrationRequest, Future[Registered]]]
    ) -> None:
        try:
            results = ledger.register([request for request, _ in batch])
        except Exception as exc:  # a storage failure: every waiting caller gets it
            for _, future in batch:
                future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)
