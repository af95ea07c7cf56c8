"""Registrations arriving together share one ledger batch (one fsync, one checkpoint)."""

import hashlib
import threading

from django.test import SimpleTestCase

from baomi.apps.evidence.log_access import Issued, RegistrationBatcher, open_ledger
from baomi.ledger.commitment import Part
from baomi.ledger.instance import RegistrationRequest
from baomi.ledger.verify import verify_receipt


def request(i: int) -> RegistrationRequest:
    return RegistrationRequest(
        parts=[Part(f"f{i}", hashlib.sha256(str(i).encode()).digest())], kind="file", org="t"
    )


class BatcherTestCase(SimpleTestCase):
    def test_concurrent_registrations_form_one_batch(self) -> None:
        batcher = RegistrationBatcher(window=0.3)
        start = threading.Barrier(8)
        results: dict[int, Issued] = {}

        def work(i: int) -> None:
            start.wait()
            results[i] = batcher.register(request(i))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(len(results), 8)
        indices = sorted(r.registered.index for r in results.values())
        self.assertEqual(indices, list(range(indices[0], indices[0] + 8)))
        checkpoints = {r.registered.receipt["checkpoint"] for r in results.values()}
        self.assertEqual(len(checkpoints), 1)
        with open_ledger() as ledger:
            vkey = ledger.vkey()
        for i, issued in results.items():
            result = verify_receipt(
                issued.registered.receipt,
                vkey=vkey,
                material=[hashlib.sha256(str(i).encode()).digest()],
            )
            self.assertEqual(result.material, "checked")

    def test_a_failure_reaches_every_waiter(self) -> None:
        batcher = RegistrationBatcher(window=0.0)
        bad = RegistrationRequest(parts=[], kind="file", org="t")
        with self.assertRaises(ValueError):
            batcher.register(bad)
        # The batcher recovers: the next registration works.
        self.assertGreaterEqual(batcher.register(request(99)).registered.index, 0)
