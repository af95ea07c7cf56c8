"""The instance's evidence ledger, opened for one request under ``settings.BAOMI_HOME``.

The ledger engine keeps its own SQLite file and key files there (see docs/ledger.md); the
Django app only opens it, registers, and reads its public state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from baomi.ledger.instance import (
    Ledger,
    Registered,
    RegistrationRequest,
    init_instance,
    is_initialised,
)


def ledger_home() -> Path:
    return Path(settings.BAOMI_HOME)


@contextmanager
def open_ledger() -> Iterator[Ledger]:
    """The instance's ledger, created on first use (as ``baomi init`` would), then closed."""
    home = ledger_home()
    if not is_initialised(home):
        init_instance(home)
    ledger = Ledger(home)
    try:
        yield ledger
    finally:
        ledger.close()


@dataclass(frozen=True)
class PublicState:
    """What anyone may know about the instance's log: keys and the latest checkpoint."""

    origin: str
    vkey: str
    witness_vkey: str | None
    checkpoint: str


def public_state() -> PublicState:
    with open_ledger() as ledger:
        return PublicState(
            origin=ledger.origin,
            vkey=ledger.vkey(),
            witness_vkey=ledger.witness_vkey(),
            checkpoint=ledger.checkpoint(),
        )


@dataclass
class Issued:
    """A registration made in a batch, with the keys it was made under."""

    registered: Registered
    vkey: str
    witness_vkey: str | None


@dataclass
class _Slot:
    request: RegistrationRequest
    done: threading.Event = field(default_factory=threading.Event)
    result: Issued | None = None
    error: BaseException | None = None


class RegistrationBatcher:
    """Coalesces registrations that arrive together (web and API threads of one process)
    into one ledger batch: one transaction, one fsync, one checkpoint and one cosignature for
    all of them (docs/ledger.md, "Batching"). The first caller waits ``window`` seconds,
    then registers everything queued by then; later callers wait for their receipt."""

    def __init__(self, window: float = 0.005) -> None:
        self.window = window
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._leading = False

    def register(self, request: RegistrationRequest) -> Issued:
        slot = _Slot(request)
        with self._lock:
            self._pending.append(slot)
            lead = not self._leading
            self._leading = True
        if lead:
            time.sleep(self.window)
            with self._lock:
                batch, self._pending = self._pending, []
                self._leading = False
            self._run(batch)
        slot.done.wait()
        if slot.error is not None:
            raise slot.error
        assert slot.result is not None
        return slot.result

    @staticmethod
    def _run(batch: list[_Slot]) -> None:
        try:
            with open_ledger() as ledger:
                made = ledger.register([s.request for s in batch])
                vkey, witness = ledger.vkey(), ledger.witness_vkey()
            for slot, registered in zip(batch, made, strict=True):
                slot.result = Issued(registered, vkey, witness)
        except BaseException as exc:  # every waiter must learn of the failure
            for slot in batch:
                slot.error = exc
        finally:
            for slot in batch:
                slot.done.set()


batcher = RegistrationBatcher()


def consistency_proof(old_size: int, new_size: int | None = None) -> dict[str, object]:
    """An RFC 9162 consistency proof between two tree sizes, as ``baomi evidence
    consistency --json`` prints it; raises ``LedgerError`` for sizes the log lacks."""
    from baomi.ledger.note import b64

    with open_ledger() as ledger:
        old, new, proof = ledger.consistency(old_size, new_size)
    return {"old_size": old, "new_size": new, "proof": [b64(h) for h in proof]}
