"""The instance's evidence ledger, opened for one request under ``settings.BAOMI_HOME``.

The ledger engine keeps its own SQLite file and key files there (see docs/ledger.md); the
Django app only opens it, registers, and reads its public state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from baomi.ledger.instance import Ledger, init_instance, is_initialised


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
