"""RFC 3161 time-stamps over checkpoints, from a local `openssl ts` authority (no network)."""

from __future__ import annotations

import base64
import copy
import shutil
from pathlib import Path

import pytest

from baomi.ledger import commitment as cm
from baomi.ledger import receipt as rc
from baomi.ledger.instance import Ledger, RegistrationRequest
from baomi.ledger.note import parse_note
from baomi.ledger.tsa import TimestampError, check_token, request_token
from baomi.ledger.verify import verify_receipt

from .tsa_server import local_tsa

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def tsa():
    with local_tsa() as served:
        yield served


def test_a_token_covers_the_data_and_its_signature_chains_to_the_root(tsa) -> None:
    url, root = tsa
    token = request_token(url, b"checkpoint body\n")
    info = check_token(token, b"checkpoint body\n", [root.read_bytes()])
    assert info["signature_checked"] is True and info["time"].endswith("Z")
    with pytest.raises(TimestampError, match="does not cover"):
        check_token(token, b"another body\n")


def test_an_untrusted_root_fails_the_signature_check(tsa, tmp_path: Path) -> None:
    from .tsa_server import make_tsa

    url, _root = tsa
    make_tsa(tmp_path)
    token = request_token(url, b"x")
    with pytest.raises(TimestampError):
        check_token(token, b"x", [(tmp_path / "ca.crt").read_bytes()])


def test_receipts_carry_the_checkpoint_time_stamp(tsa, home: Path) -> None:
    url, root = tsa
    ledger = Ledger(home, tsa_url=url)
    try:
        (reg,) = ledger.register([RegistrationRequest([cm.Part("a", bytes(32))], "file")])
        assert reg.warnings == []
        token = base64.b64decode(reg.receipt["timestamp"]["rfc3161"])
        body = parse_note(reg.receipt["checkpoint"]).text.encode()
        assert check_token(token, body)["time"]
        result = verify_receipt(
            reg.receipt, vkey=ledger.vkey(), tsa_certificates=[root.read_bytes()]
        )
        assert result.timestamp is not None and result.timestamp["signature_checked"]
        other = ledger.register([RegistrationRequest([cm.Part("b", bytes(32))], "file")])[0]
        swapped = copy.deepcopy(reg.receipt)
        swapped["timestamp"] = other.receipt["timestamp"]
        with pytest.raises(rc.ReceiptInvalid, match="time-stamp"):
            verify_receipt(swapped, vkey=ledger.vkey())
    finally:
        ledger.close()


def test_an_unreachable_tsa_is_a_warning_not_a_lost_registration(home: Path) -> None:
    ledger = Ledger(home, tsa_url="http://127.0.0.1:9/")
    try:
        (reg,) = ledger.register([RegistrationRequest([cm.Part("a", bytes(32))], "file")])
        assert "timestamp" not in reg.receipt
        assert any("time-stamp" in w for w in reg.warnings)
        verify_receipt(reg.receipt, vkey=ledger.vkey())
    finally:
        ledger.close()


def test_cli_register_with_a_tsa_and_verify_with_its_root(tsa, cli, tmp_path: Path) -> None:
    url, root = tsa
    material = tmp_path / "drawing.dwg"
    material.write_bytes(b"DWG...")
    r = cli("register", str(material), "--tsa-url", url, "--json")
    assert r.code == 0, r.err
    receipt = tmp_path / "drawing.dwg.receipt.json"
    assert "timestamp" in receipt.read_text()
    v = cli("verify", str(receipt), str(material), "--tsa-cert", str(root), "--json")
    assert v.code == 0, v.err
    assert v.json()["timestamp"]["signature_checked"] is True


def test_the_standalone_verifier_reports_the_tsa_time(tsa, home: Path, tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    from baomi.ledger import standalone_verify

    url, _root = tsa
    ledger = Ledger(home, tsa_url=url)
    try:
        (reg,) = ledger.register([RegistrationRequest([cm.Part("a", bytes(32))], "file")])
        vkey = ledger.vkey()
    finally:
        ledger.close()
    path = tmp_path / "r.json"
    path.write_text(json.dumps(reg.receipt))
    out = subprocess.run(
        [sys.executable, "-I", standalone_verify.__file__, str(path), "--vkey", vkey],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    token = base64.b64decode(reg.receipt["timestamp"]["rfc3161"])
    body = parse_note(reg.receipt["checkpoint"]).text.encode()
    expected = "".join(c for c in check_token(token, body)["time"] if c.isdigit())
    stamp = [line for line in out.stdout.splitlines() if line.startswith("time-stamp: ")]
    assert stamp and "covers the checkpoint" in stamp[0]
    assert stamp[0][len("time-stamp: ") :].startswith(expected)
