"""Receipts: creation, redaction, partial disclosure, and every §5 check failing on its own."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path

import pytest

from baomi.ledger import commitment as cm
from baomi.ledger import receipt as rc
from baomi.ledger.instance import Ledger, RegistrationRequest, init_instance
from baomi.ledger.verify import KEY_FROM_RECEIPT_WARNING, verify_receipt

DIGESTS = [hashlib.sha256(f"part {i}".encode()).digest() for i in range(5)]


@pytest.fixture
def registered(ledger: Ledger):
    parts = [cm.Part(f"p{i}", d) for i, d in enumerate(DIGESTS)]
    others = [RegistrationRequest([cm.Part("x", hashlib.sha256(b"x").digest())], "file")] * 6
    regs = ledger.register(
        [*others[:3], RegistrationRequest(parts, "folder", "org-7"), *others[3:]]
    )
    return regs[3]


def test_a_fresh_receipt_verifies_with_the_trusted_keys(ledger: Ledger, registered) -> None:
    receipt = registered.receipt
    assert set(receipt) == {
        "format",
        "log",
        "index",
        "entry",
        "inclusion",
        "checkpoint",
        "disclosure",
    }
    entry = json.loads(base64.b64decode(receipt["entry"]))
    assert set(entry) == {"commitment", "parts", "registered_at", "org", "kind", "v"}
    assert entry["org"] == "org-7" and entry["parts"] == 5 and entry["kind"] == "folder"
    result = verify_receipt(
        receipt, vkey=ledger.vkey(), material=DIGESTS, witness_vkeys=[ledger.witness_vkey() or ""]
    )
    assert result.key_source == "trusted" and result.material == "checked"
    assert result.tree_size == 7 and result.index == 3
    assert [c.verified for c in result.cosignatures] == [True]
    assert result.cosignatures[0].time is not None


def test_without_a_trusted_key_the_result_says_the_key_came_from_the_receipt(registered) -> None:
    result = verify_receipt(registered.receipt)
    assert result.key_source == "receipt"
    assert KEY_FROM_RECEIPT_WARNING in result.warnings


def test_other_material_fails(ledger: Ledger, registered) -> None:
    other = list(DIGESTS)
    other[2] = hashlib.sha256(b"changed").digest()
    with pytest.raises(rc.ReceiptInvalid, match="part 2"):
        verify_receipt(registered.receipt, vkey=ledger.vkey(), material=other)
    with pytest.raises(rc.ReceiptInvalid, match="4 parts"):
        verify_receipt(registered.receipt, vkey=ledger.vkey(), material=DIGESTS[:4])


def test_redacted_receipt_verifies_but_cannot_prove_material(ledger: Ledger, registered) -> None:
    redacted = rc.redact(registered.receipt)
    assert "disclosure" not in redacted
    assert verify_receipt(redacted, vkey=ledger.vkey()).disclosure == "none"
    with pytest.raises(rc.ReceiptInvalid, match="redacted"):
        verify_receipt(redacted, vkey=ledger.vkey(), material=DIGESTS)


def test_partial_disclosure_reveals_only_the_chosen_parts(ledger: Ledger, registered) -> None:
    partial = rc.disclose(registered.receipt, [1, 4])
    assert "master_salt" not in partial["disclosure"]
    assert [p["index"] for p in partial["disclosure"]["parts"]] == [1, 4]
    text = json.dumps(partial)
    assert DIGESTS[0].hex() not in text and DIGESTS[2].hex() not in text
    result = verify_receipt(partial, vkey=ledger.vkey(), material=[DIGESTS[4]])
    assert result.disclosure == "partial" and result.material == "part checked"
    with pytest.raises(rc.ReceiptInvalid, match="none of the disclosed"):
        verify_receipt(partial, vkey=ledger.vkey(), material=[DIGESTS[0]])
    forged = copy.deepcopy(partial)
    forged["disclosure"]["parts"][0]["sha256"] = DIGESTS[0].hex()
    with pytest.raises(rc.ReceiptInvalid, match="disclosed part 1"):
        verify_receipt(forged, vkey=ledger.vkey())


def _tamper_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def _entry_with(receipt, **changes) -> str:
    entry = json.loads(base64.b64decode(receipt["entry"]))
    entry.update(changes)
    data = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(data.encode()).decode()


TAMPERINGS = {
    "index": lambda r: r.update(index=r["index"] + 1),
    "entry time": lambda r: r.update(entry=_entry_with(r, registered_at="2020-01-01T00:00:00Z")),
    "entry org": lambda r: r.update(entry=_entry_with(r, org="someone-else")),
    "inclusion node": lambda r: r["inclusion"].__setitem__(0, _tamper_b64(r["inclusion"][0])),
    "inclusion dropped": lambda r: r["inclusion"].pop(),
    "checkpoint size": lambda r: r.update(checkpoint=r["checkpoint"].replace("\n7\n", "\n8\n", 1)),
    "master salt": lambda r: r["disclosure"].update(master_salt="00" * 32),
    "part digest": lambda r: r["disclosure"]["parts"][0].update(sha256="11" * 32),
}


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_every_tampering_is_rejected(ledger: Ledger, registered, name: str) -> None:
    receipt = copy.deepcopy(registered.receipt)
    TAMPERINGS[name](receipt)
    with pytest.raises(rc.ReceiptInvalid):
        verify_receipt(receipt, vkey=ledger.vkey())


def test_a_forged_checkpoint_signature_is_rejected(ledger: Ledger, registered) -> None:
    receipt = copy.deepcopy(registered.receipt)
    lines = receipt["checkpoint"].split("\n")
    log_line = next(
        i for i, line in enumerate(lines) if line.startswith("— " + ledger.origin + " ")
    )
    name, blob = lines[log_line].rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 1
    lines[log_line] = name + " " + base64.b64encode(bytes(raw)).decode()
    receipt["checkpoint"] = "\n".join(lines)
    with pytest.raises(rc.ReceiptInvalid, match="signature"):
        verify_receipt(receipt, vkey=ledger.vkey())


def test_a_wrong_key_and_another_log_are_rejected(
    tmp_path: Path, ledger: Ledger, registered
) -> None:
    other_home = tmp_path / "other"
    init_instance(other_home)
    other = Ledger(other_home)
    try:
        with pytest.raises(rc.ReceiptInvalid, match="another log"):
            verify_receipt(registered.receipt, vkey=other.vkey())
        # The other log's key under this log's name: the signature does not verify.
        from baomi.ledger.note import Signer

        impostor = Signer(ledger.origin, other.signer.private_key).verifier_key
        with pytest.raises(rc.ReceiptInvalid, match="signature"):
            verify_receipt(registered.receipt, vkey=impostor)
    finally:
        other.close()


def test_index_beyond_the_tree_size_is_rejected(ledger: Ledger, registered) -> None:
    receipt = copy.deepcopy(registered.receipt)
    receipt["index"] = 7
    with pytest.raises(rc.ReceiptInvalid, match="beyond"):
        verify_receipt(receipt, vkey=ledger.vkey())


@pytest.mark.parametrize(
    "mangle",
    [
        lambda r: r.pop("checkpoint"),
        lambda r: r.update(format="baomi-receipt/2"),
        lambda r: r.update(entry="not base64!"),
        lambda r: r.update(inclusion=["AAAA"]),
        lambda r: r.update(inclusion=r["inclusion"] * 30),
        lambda r: r.update(index=-1),
        lambda r: r.update(index=True),
        lambda r: r["disclosure"].update(master_salt="XYZ"),
        lambda r: r.update(checkpoint="no note"),
        lambda r: r.update(entry=_entry_with(r, registered_at="2026-13-40T00:00:00Z")),
        lambda r: r.update(entry=_entry_with(r, registered_at="2026-01-01 00:00:00")),
        lambda r: r.update(entry=_entry_with(r, kind="video")),
    ],
)
def test_malformed_receipts_are_reported_as_malformed(ledger: Ledger, registered, mangle) -> None:
    receipt = copy.deepcopy(registered.receipt)
    mangle(receipt)
    with pytest.raises(rc.ReceiptMalformed):
        verify_receipt(receipt, vkey=ledger.vkey())


def test_prove_gives_a_fresh_receipt_at_the_latest_checkpoint(ledger: Ledger, registered) -> None:
    ledger.register([RegistrationRequest([cm.Part("y", DIGESTS[0])], "file")] * 3)
    body = ledger.prove(registered.index)
    assert "disclosure" not in body and body["entry"] == registered.receipt["entry"]
    result = verify_receipt(body, vkey=ledger.vkey())
    assert result.tree_size == 10


@pytest.mark.parametrize(
    "org", ["local", 'a"b\\c', "深圳某公司", "tab\there", "emoji 🔒", "\u2028"]
)
def test_entry_bytes_are_canonical_json(org: str) -> None:
    entry = rc.Entry(bytes(range(32)), 3, "2026-01-02T03:04:05Z", org, "table")
    obj = {
        "commitment": bytes(range(32)).hex(),
        "parts": 3,
        "registered_at": "2026-01-02T03:04:05Z",
        "org": org,
        "kind": "table",
        "v": 1,
    }
    canonical = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert entry.to_bytes() == canonical.encode()
    assert rc.parse_entry(entry.to_bytes()) == entry
