"""The durable log (append-only, batched, multi-process) and the witness."""

from __future__ import annotations

import base64
import itertools
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baomi.ledger import merkle
from baomi.ledger.instance import Ledger, log_db_path
from baomi.ledger.log import EvidenceLog
from baomi.ledger.note import (
    ALG_COSIGNATURE_V1,
    Signer,
    parse_checkpoint,
    parse_note,
    verify_cosignature,
)
from baomi.ledger.witness import Witness, WitnessConflict, WitnessRefused


def _entries(n: int, tag: str = "e") -> list[bytes]:
    return [f"{tag}{i}".encode() for i in range(n)]


def test_batches_build_the_rfc9162_tree_with_one_checkpoint_each(tmp_path: Path) -> None:
    signer = Signer("example.com/log", Ed25519PrivateKey.generate())
    log = EvidenceLog(tmp_path / "log.sqlite3", signer)
    data: list[bytes] = []
    for n in (1, 3, 0, 16, 5, 1):
        batch = log.append_batch(_entries(n, f"b{len(data)}-"))
        data += _entries(n, f"b{len(data)}-")
        assert batch.size == len(data) == log.size()
    assert log.root() == merkle.root(data)
    assert log.checkpoint_sizes() == [0, 1, 4, 20, 25, 26]
    for size in log.checkpoint_sizes():
        cp = parse_checkpoint(parse_note(log.checkpoint_at(size) or "").text)
        assert cp.root == merkle.root(data[:size])
        for old in range(size + 1):
            proof = log.consistency_proof(old, size)
            merkle.verify_consistency(old, size, proof, merkle.root(data[:old]), cp.root)
    for i in range(len(data)):
        proof = log.inclusion_proof(i)
        merkle.verify_inclusion(merkle.leaf_hash(data[i]), i, len(data), proof, log.root())
    log.check()
    log.close()


def test_entries_nodes_and_checkpoints_cannot_be_changed(ledger: Ledger) -> None:
    ledger.log.append_batch(_entries(3))
    db = sqlite3.connect(log_db_path(ledger.home))
    for statement in [
        "UPDATE entries SET data = x'00' WHERE idx = 0",
        "DELETE FROM entries WHERE idx = 2",
        "UPDATE nodes SET hash = x'00'",
        "DELETE FROM checkpoints",
    ]:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    db.close()
    ledger.log.check()


def test_two_processes_appending_at_once_keep_one_consistent_log(home: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from baomi.ledger.instance import Ledger, RegistrationRequest
        from baomi.ledger.commitment import Part
        ledger = Ledger(Path(sys.argv[1]))
        for b in range(15):
            regs = ledger.register([RegistrationRequest([Part("p", bytes(32))], "file")] * 7)
            print(" ".join(str(r.index) for r in regs), flush=True)
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(home)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    indexes: list[int] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        indexes += [int(x) for x in out.split()]
    assert sorted(indexes) == list(range(3 * 15 * 7))
    ledger = Ledger(home)
    try:
        ledger.log.check()
        sizes = ledger.log.checkpoint_sizes()
        assert len(sizes) == 1 + 3 * 15
        roots = {
            s: parse_checkpoint(parse_note(ledger.log.checkpoint_at(s) or "").text).root
            for s in sizes
        }
        for a, b in itertools.pairwise(sizes):
            merkle.verify_consistency(a, b, ledger.log.consistency_proof(a, b), roots[a], roots[b])
        # The witness followed every step and its state is the latest checkpoint.
        assert ledger.witness is not None
        assert ledger.witness.last_cosigned(ledger.origin) == (sizes[-1], roots[sizes[-1]])
    finally:
        ledger.close()


@pytest.fixture
def witness_setup(tmp_path: Path):
    log_signer = Signer("example.com/log", Ed25519PrivateKey.generate())
    witness_signer = Signer(
        "base.example/witness", Ed25519PrivateKey.generate(), ALG_COSIGNATURE_V1
    )
    witness = Witness(
        witness_signer, tmp_path / "witness" / "state.json", [log_signer.verifier_key]
    )
    return log_signer, witness, tmp_path


def test_witness_cosigns_a_growing_log(witness_setup) -> None:
    log_signer, witness, tmp_path = witness_setup
    log = EvidenceLog(tmp_path / "a.sqlite3", log_signer)
    last = 0
    for n in (2, 5, 1):
        log.append_batch(_entries(n, f"x{last}"))
        note = log.latest_checkpoint()
        line = witness.add_checkpoint(note, last, log.consistency_proof(last), now=1_700_000_000)
        assert verify_cosignature(parse_note(note + line), witness.verifier_key) == 1_700_000_000
        last = log.size()
    assert witness.last_cosigned(log.origin)[0] == 8
    log.close()


def test_witness_refuses_a_forked_log(witness_setup) -> None:
    log_signer, witness, tmp_path = witness_setup
    honest = EvidenceLog(tmp_path / "honest.sqlite3", log_signer)
    fork = EvidenceLog(tmp_path / "fork.sqlite3", log_signer)  # same key, other history
    honest.append_batch(_entries(4, "h"))
    witness.add_checkpoint(honest.latest_checkpoint(), 0, [])
    fork.append_batch([b"h0", b"h1", b"rewritten", b"h3", b"more"])
    with pytest.raises(WitnessRefused, match="not consistent"):
        witness.add_checkpoint(fork.latest_checkpoint(), 4, fork.consistency_proof(4))
    # The same size with another root is refused too.
    fork4 = EvidenceLog(tmp_path / "fork4.sqlite3", log_signer)
    fork4.append_batch([b"h0", b"h1", b"h2", b"other"])
    with pytest.raises(WitnessRefused, match="not consistent"):
        witness.add_checkpoint(fork4.latest_checkpoint(), 4, [])
    # The witness state did not move: the honest log can go on.
    assert witness.last_cosigned(honest.origin) == (4, honest.root())
    honest.append_batch(_entries(2, "later"))
    witness.add_checkpoint(honest.latest_checkpoint(), 4, honest.consistency_proof(4))
    for log in (honest, fork, fork4):
        log.close()


def test_witness_refuses_rollback_stale_size_bad_signature_and_unknown_logs(witness_setup) -> None:
    log_signer, witness, tmp_path = witness_setup
    log = EvidenceLog(tmp_path / "a.sqlite3", log_signer)
    log.append_batch(_entries(3))
    small = log.latest_checkpoint()
    log.append_batch(_entries(3, "y"))
    witness.add_checkpoint(log.latest_checkpoint(), 0, [])
    with pytest.raises(WitnessConflict) as conflict:
        witness.add_checkpoint(small, 0, [])
    assert conflict.value.last_size == 6
    with pytest.raises(WitnessRefused, match="smaller"):
        witness.add_checkpoint(small, 6, [])
    note = log.latest_checkpoint()
    body, sig = note.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(sig))
    raw[-1] ^= 1
    with pytest.raises(WitnessRefused, match="signature"):
        witness.add_checkpoint(body + " " + base64.b64encode(bytes(raw)).decode() + "\n", 6, [])
    stranger = EvidenceLog(
        tmp_path / "s.sqlite3", Signer("other.example/log", Ed25519PrivateKey.generate())
    )
    with pytest.raises(WitnessRefused, match="unknown log"):
        witness.add_checkpoint(stranger.latest_checkpoint(), 0, [])
    log.close()
    stranger.close()


def test_a_log_refuses_to_be_extended_with_another_key(tmp_path: Path) -> None:
    from baomi.ledger.log import LedgerError

    path = tmp_path / "log.sqlite3"
    log = EvidenceLog(path, Signer("example.com/log", Ed25519PrivateKey.generate()))
    log.append_batch(_entries(2))
    log.close()
    for other in (
        Signer("example.com/log", Ed25519PrivateKey.generate()),
        Signer("example.com/other", Ed25519PrivateKey.generate()),
    ):
        with pytest.raises(LedgerError, match="not signed with this key"):
            EvidenceLog(path, other)
