"""Concurrent registrations coalesce into few batches, and every receipt is final."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from baomi.ledger import commitment as cm
from baomi.ledger.batcher import Batcher, BatcherClosed
from baomi.ledger.instance import Ledger, Registered, RegistrationRequest
from baomi.ledger.verify import verify_receipt


def test_concurrent_callers_share_batches(home: Path) -> None:
    batcher = Batcher(home, max_wait=0.02)
    results: dict[int, Registered] = {}
    start = threading.Barrier(40)

    def caller(i: int) -> None:
        digest = hashlib.sha256(str(i).encode()).digest()
        start.wait()
        results[i] = batcher.register(RegistrationRequest([cm.Part(str(i), digest)], "file"))

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    batcher.close()
    assert sorted(r.index for r in results.values()) == list(range(40))
    ledger = Ledger(home)
    try:
        checkpoints = ledger.log.checkpoint_sizes()
        assert len(checkpoints) - 1 < 40, "registrations were not batched"
        for i, reg in results.items():
            digest = hashlib.sha256(str(i).encode()).digest()
            verify_receipt(reg.receipt, vkey=ledger.vkey(), material=[digest])
    finally:
        ledger.close()


def test_errors_reach_the_caller_and_closing_refuses_more(home: Path) -> None:
    batcher = Batcher(home)
    with pytest.raises(cm.MaterialError):
        batcher.register(RegistrationRequest([cm.Part("p", bytes(32))], "video"))
    ok = batcher.register(RegistrationRequest([cm.Part("p", bytes(32))], "file"))
    assert ok.index == 0
    batcher.close()
    with pytest.raises(BatcherClosed):
        batcher.submit(RegistrationRequest([cm.Part("p", bytes(32))], "file"))
