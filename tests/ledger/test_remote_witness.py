"""The regional base's witness over HTTP (C2SP tlog-witness ``add-checkpoint``)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baomi.ledger import commitment as cm
from baomi.ledger.instance import Ledger, RegistrationRequest
from baomi.ledger.log import EvidenceLog
from baomi.ledger.note import ALG_COSIGNATURE_V1, Signer
from baomi.ledger.verify import verify_receipt
from baomi.ledger.witness import (
    RemoteWitness,
    Witness,
    WitnessConflict,
    WitnessRefused,
    add_checkpoint_request,
    handle_add_checkpoint,
)


@pytest.fixture
def base_witness(tmp_path: Path, ledger: Ledger) -> Iterator[tuple[str, Witness]]:
    """A witness at the 'base', knowing this instance's log key, served on 127.0.0.1."""
    signer = Signer("base.example/witness", Ed25519PrivateKey.generate(), ALG_COSIGNATURE_V1)
    witness = Witness(signer, tmp_path / "base" / "state.json", [ledger.signer.verifier_key])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.path != "/add-checkpoint":
                self.send_error(404)
                return
            status, content_type, answer = handle_add_checkpoint(witness, body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", witness
    finally:
        server.shutdown()
        server.server_close()


def _register(ledger: Ledger, n: int = 1):
    return ledger.register([RegistrationRequest([cm.Part("p", bytes(32))], "file")] * n)


def test_receipts_carry_the_remote_witness_cosignature(
    home: Path, base_witness, monkeypatch
) -> None:
    url, witness = base_witness
    monkeypatch.setenv("BAOMI_WITNESS_URL", url)
    monkeypatch.setenv("BAOMI_WITNESS_VKEY", str(witness.verifier_key))
    ledger = Ledger(home)
    try:
        assert isinstance(ledger.witness, RemoteWitness)
        regs = _register(ledger, 3) + _register(ledger, 2)
        result = verify_receipt(
            regs[-1].receipt, vkey=ledger.vkey(), witness_vkeys=[str(witness.verifier_key)]
        )
        assert [c.verified for c in result.cosignatures if c.witness == "base.example/witness"] == [
            True
        ]
        assert witness.last_cosigned(ledger.origin)[0] == ledger.log.size()
    finally:
        ledger.close()


def test_a_stale_size_gets_409_and_the_log_catches_up(
    home: Path, base_witness, monkeypatch
) -> None:
    url, witness = base_witness
    ledger = Ledger(home)
    _register(ledger, 4)
    # The base already cosigned size 5 (e.g. through another replica of this log's client).
    witness.add_checkpoint(ledger.log.latest_checkpoint(), 0, ledger.log.consistency_proof(0))
    remote = RemoteWitness(url, witness.verifier_key)
    with pytest.raises(WitnessConflict) as conflict:
        remote.add_checkpoint(ledger.log.latest_checkpoint(), 0, [])
    assert conflict.value.last_size == ledger.log.size()
    ledger.close()
    monkeypatch.setenv("BAOMI_WITNESS_URL", url)
    monkeypatch.setenv("BAOMI_WITNESS_VKEY", str(witness.verifier_key))
    ledger = Ledger(home)
    try:
        (reg,) = _register(ledger)
        assert reg.warnings == []
        verify_receipt(reg.receipt, vkey=ledger.vkey(), witness_vkeys=[str(witness.verifier_key)])
    finally:
        ledger.close()


def test_the_base_refuses_a_fork_over_http(tmp_path: Path, base_witness, ledger: Ledger) -> None:
    url, witness = base_witness
    _register(ledger, 3)
    remote = RemoteWitness(url, witness.verifier_key)
    remote.add_checkpoint(ledger.log.latest_checkpoint(), 0, [])
    fork = EvidenceLog(tmp_path / "fork.sqlite3", ledger.signer)  # same key, other history
    fork.append_batch([b"a", b"b", b"c", b"d"])
    with pytest.raises(WitnessRefused, match="422"):
        remote.add_checkpoint(fork.latest_checkpoint(), 3, fork.consistency_proof(3))
    fork.close()


def test_malformed_requests_get_400(base_witness) -> None:
    _url, witness = base_witness
    for body in [b"", b"hello\n\nx", b"old x\n\n", b"old 1\nnot base64!\n\nnote\n", b"\xff\xfe"]:
        status, _type, _answer = handle_add_checkpoint(witness, body)
        assert status == 400, body
    status, _type, _answer = handle_add_checkpoint(witness, add_checkpoint_request("x\n", 0, []))
    assert status == 400


def test_a_wrong_witness_key_is_not_trusted(home: Path, base_witness, ledger: Ledger) -> None:
    url, _witness = base_witness
    _register(ledger)
    impostor = Signer("base.example/witness", Ed25519PrivateKey.generate(), ALG_COSIGNATURE_V1)
    remote = RemoteWitness(url, impostor.verifier_key)
    with pytest.raises(WitnessRefused, match="does not verify"):
        remote.add_checkpoint(ledger.log.latest_checkpoint(), 0, [])
