"""kill -9 a registering process at 20 random points in a row; check the log's invariants.

Invariants after every kill and restart:
- every acknowledged receipt is still valid and its entry is in the log at its index;
- every stored checkpoint verifies and is consistent with every later one (and with
  the checkpoints seen before the crash), so no fork and no rewritten history;
- the store's latest checkpoint matches the stored tree, and the witness is never ahead.
"""

from __future__ import annotations

import base64
import itertools
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

from baomi.ledger import merkle
from baomi.ledger.commitment import Part
from baomi.ledger.instance import Ledger, RegistrationRequest
from baomi.ledger.note import parse_checkpoint, parse_note, verify_note_signature
from baomi.ledger.verify import verify_receipt


def _child(home: Path, acks: Path, seed: int, ready) -> None:
    """Register random batches forever, acknowledging each batch's receipts after the commit.

    Runs in a forked process (modules already imported, so it starts at once).
    """
    rng = random.Random(seed)
    ledger = Ledger(home)
    ready.set()
    with acks.open("a") as out:
        while True:
            n = rng.randint(1, 1000)
            regs = ledger.register(
                [RegistrationRequest([Part("p", rng.randbytes(32))], "file")] * n
            )
            # Acknowledge: the receipts are handed out only now, after the commit.
            out.write("".join(json.dumps(r.receipt) + "\n" for r in regs))
            out.flush()
            os.fsync(out.fileno())


FORK = multiprocessing.get_context("fork")


def _read_acks(path: Path, offset: int) -> tuple[list[dict], int]:
    """Receipts acknowledged after byte ``offset``, and the new offset."""
    if not path.exists():
        return [], offset
    with path.open("rb") as f:
        f.seek(offset)
        data = f.read()
    complete = data[: data.rfind(b"\n") + 1]  # a line cut by the kill was never acknowledged
    end = offset + len(complete)
    # Drop the cut line, or the next child's first line would be appended to it.
    os.truncate(path, end)
    return [json.loads(line) for line in complete.splitlines()], end


def _check_invariants(
    home: Path, old: list[dict], new: list[dict], seen: dict[int, bytes], rng
) -> None:
    ledger = Ledger(home)
    try:
        log = ledger.log
        log.check()
        key = ledger.signer.verifier_key
        sizes = log.checkpoint_sizes()
        roots: dict[int, bytes] = {}
        for size in sizes:
            note = parse_note(log.checkpoint_at(size) or "")
            verify_note_signature(note, key)
            roots[size] = parse_checkpoint(note.text).root
        for a, b in itertools.pairwise(sizes):
            merkle.verify_consistency(a, b, log.consistency_proof(a, b), roots[a], roots[b])
        latest = sizes[-1]
        for size, root in seen.items():
            merkle.verify_consistency(
                size, latest, log.consistency_proof(size, latest), root, roots[latest]
            )
        seen[latest] = roots[latest]
        # Every receipt acknowledged in this round (and a sample of the earlier ones)
        # has its entry in the log where the receipt says, and verifies.
        for receipt in new + rng.sample(old, min(300, len(old))):
            assert log.entry(receipt["index"]) == base64.b64decode(receipt["entry"])
        sample = rng.sample(new, min(30, len(new))) + rng.sample(old, min(20, len(old))) + new[-3:]
        for receipt in sample:
            result = verify_receipt(receipt, vkey=ledger.vkey())
            size = result.tree_size
            assert size in roots
            merkle.verify_consistency(
                size, latest, log.consistency_proof(size, latest), roots[size], roots[latest]
            )
        assert ledger.witness is not None
        w_size, w_root = ledger.witness.last_cosigned(ledger.origin)
        assert w_size <= latest and roots.get(w_size, w_root) == w_root
    finally:
        ledger.close()


def test_twenty_kills_in_a_row_lose_nothing_and_never_fork(home: Path, tmp_path: Path) -> None:
    seed = int(os.environ.get("BAOMI_CRASH_SEED", str(random.SystemRandom().randrange(1 << 30))))
    rng = random.Random(seed)
    acks = tmp_path / "acks.jsonl"
    seen: dict[int, bytes] = {}
    acked: list[dict] = []
    offset = 0
    kill_points = []
    for round_ in range(20):
        ready = FORK.Event()
        proc = FORK.Process(target=_child, args=(home, acks, rng.randrange(1 << 30), ready))
        proc.start()
        assert ready.wait(timeout=60), f"child failed to start (seed {seed})"
        delay = rng.uniform(0.0, 0.5)
        kill_points.append(round(delay, 3))
        time.sleep(delay)
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
        assert proc.exitcode == -signal.SIGKILL, f"round {round_}: child ended early (seed {seed})"
        new, offset = _read_acks(acks, offset)
        try:
            _check_invariants(home, acked, new, seen, rng)
        except AssertionError as exc:
            raise AssertionError(f"seed {seed}, kill points {kill_points}: {exc}") from exc
        acked += new
    assert acked, "no batch was ever acknowledged"
