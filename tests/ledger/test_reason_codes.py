"""Every refusal of a receipt carries a stable reason code, and its English text is unchanged.

Interfaces (the evidence web app) branch on ``ReceiptInvalid.code``; the CLI prints
``ReceiptInvalid.reason``. Each case below tampers one thing of a real receipt, as
``test_receipt_verify`` does, and pins both the code and the exact message.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baomi.ledger import commitment as cm
from baomi.ledger import receipt as rc
from baomi.ledger.instance import Ledger, RegistrationRequest
from baomi.ledger.note import Signer, parse_verifier_key
from baomi.ledger.receipt import Reason
from baomi.ledger.verify import verify_receipt

DIGESTS = [hashlib.sha256(f"part {i}".encode()).digest() for i in range(5)]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "ledger.md"


@dataclass
class Setting:
    """A fresh registration (index 3 of 7, five parts p0..p4) and the keys around it."""

    receipt: dict[str, Any]
    origin: str
    vkey: str
    witness: str
    witness_vkey: str


@pytest.fixture
def setting(ledger: Ledger) -> Setting:
    parts = [cm.Part(f"p{i}", d) for i, d in enumerate(DIGESTS)]
    others = [RegistrationRequest([cm.Part("x", hashlib.sha256(b"x").digest())], "file")] * 6
    regs = ledger.register(
        [*others[:3], RegistrationRequest(parts, "folder", "org-7"), *others[3:]]
    )
    witness_vkey = ledger.witness_vkey() or ""
    return Setting(
        receipt=regs[3].receipt,
        origin=ledger.origin,
        vkey=ledger.vkey(),
        witness=parse_verifier_key(witness_vkey).name,
        witness_vkey=witness_vkey,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _entry_with(receipt: dict[str, Any], **changes: object) -> str:
    entry = json.loads(base64.b64decode(receipt["entry"]))
    entry.update(changes)
    data = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _b64(data.encode())


def _flip_signature(receipt: dict[str, Any], name: str, at: int) -> None:
    """Flip one bit of the signature line by ``name`` in the receipt's checkpoint."""
    lines = receipt["checkpoint"].split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(f"— {name} "))
    prefix, blob = lines[i].rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[at] ^= 1
    lines[i] = f"{prefix} {_b64(bytes(raw))}"
    receipt["checkpoint"] = "\n".join(lines)


def _other_key(name: str) -> str:
    return str(Signer(name, Ed25519PrivateKey.generate()).verifier_key)


@dataclass
class Case:
    """Tamper with a copy of the receipt, verify it, expect ``code`` and ``message``.

    ``message`` may name ``{origin}`` and ``{witness}``; ``exact=False`` pins a prefix
    (for text that comes from a third-party library).
    """

    tamper: Callable[[dict[str, Any], Setting], object]
    code: Reason
    message: str
    verify: Callable[[Setting], dict[str, Any]] = field(default=lambda s: {"vkey": s.vkey})
    exact: bool = True


def _set(**changes: object) -> Callable[[dict[str, Any], Setting], object]:
    return lambda r, s: r.update(changes)


def _entry(**changes: object) -> Callable[[dict[str, Any], Setting], object]:
    return lambda r, s: r.update(entry=_entry_with(r, **changes))


def _partial(r: dict[str, Any], s: Setting) -> None:
    partial = rc.disclose(r, [1, 4])
    r.clear()
    r.update(partial)


def _forged_partial(r: dict[str, Any], s: Setting) -> None:
    _partial(r, s)
    r["disclosure"]["parts"][0]["sha256"] = DIGESTS[0].hex()


CASES: dict[str, Case] = {
    # --- structure (ReceiptMalformed) ---
    "format": Case(
        _set(format="baomi-receipt/2"), Reason.MALFORMED, "format is not baomi-receipt/1"
    ),
    "log": Case(_set(log={"origin": 1}), Reason.MALFORMED, "log must have origin and vkey strings"),
    "index": Case(_set(index=True), Reason.MALFORMED, "index is not a non-negative integer"),
    "entry type": Case(_set(entry=5), Reason.MALFORMED, "entry is not a base64 string"),
    "entry base64": Case(_set(entry="not base64!"), Reason.MALFORMED, "entry is not valid base64"),
    "entry json": Case(_set(entry=_b64(b"\xff")), Reason.MALFORMED, "entry is not UTF-8 JSON"),
    "entry fields": Case(
        _set(entry=_b64(b'{"v":1}')),
        Reason.MALFORMED,
        "entry does not have exactly the version-1 fields",
    ),
    "entry commitment": Case(
        _entry(commitment="AB" * 32),
        Reason.MALFORMED,
        "entry commitment is not 64 lowercase hex digits",
    ),
    "entry commitment hex": Case(
        _entry(commitment="zz" * 32), Reason.MALFORMED, "entry commitment is not hex"
    ),
    "entry parts": Case(
        _entry(parts=0), Reason.MALFORMED, "entry part count is not a positive integer"
    ),
    "entry kind": Case(_entry(kind="video"), Reason.MALFORMED, "entry org or kind is invalid"),
    "entry time": Case(
        _entry(registered_at="2026-13-40T00:00:00Z"),
        Reason.MALFORMED,
        "entry registered_at is not RFC 3339 UTC",
    ),
    "entry form": Case(
        lambda r, s: r.update(entry=_b64(base64.b64decode(r["entry"]) + b" ")),
        Reason.MALFORMED,
        "entry is not in canonical form",
    ),
    "inclusion type": Case(_set(inclusion="x"), Reason.MALFORMED, "inclusion is not a list"),
    "inclusion length": Case(
        lambda r, s: r.update(inclusion=r["inclusion"] * 30),
        Reason.MALFORMED,
        "inclusion has more than 64 hashes",
    ),
    "inclusion hash": Case(
        _set(inclusion=["AAAA"]), Reason.MALFORMED, "inclusion holds a hash that is not 32 bytes"
    ),
    "checkpoint type": Case(_set(checkpoint=None), Reason.MALFORMED, "checkpoint is not a string"),
    "timestamp type": Case(_set(timestamp=[]), Reason.MALFORMED, "timestamp is not an object"),
    "disclosure type": Case(
        _set(disclosure={}), Reason.MALFORMED, "disclosure must have a parts list"
    ),
    "disclosure items": Case(
        lambda r, s: r["disclosure"].update(parts=[1]),
        Reason.MALFORMED,
        "disclosure parts must be objects",
    ),
    "disclosure count": Case(
        lambda r, s: r["disclosure"]["parts"].pop(),
        Reason.MALFORMED,
        "disclosure lists 4 parts, the entry has 5",
    ),
    "disclosure name": Case(
        lambda r, s: r["disclosure"]["parts"][0].pop("name"),
        Reason.MALFORMED,
        "disclosed part has no name",
    ),
    "master salt": Case(
        lambda r, s: r["disclosure"].update(master_salt="XYZ"),
        Reason.MALFORMED,
        "master salt is not 64 lowercase hex digits",
    ),
    "disclosed index": Case(
        lambda r, s: (_partial(r, s), r["disclosure"]["parts"][0].update(index=5)),
        Reason.MALFORMED,
        "disclosed part index is out of range",
    ),
    "disclosed proof": Case(
        lambda r, s: (_partial(r, s), r["disclosure"]["parts"][0].update(proof=["!"])),
        Reason.MALFORMED,
        "part proof is not valid base64",
    ),
    "checkpoint note": Case(
        _set(checkpoint="no note"),
        Reason.CHECKPOINT_MALFORMED,
        "checkpoint: note does not end with a newline",
    ),
    "given key": Case(
        lambda r, s: None,
        Reason.VERIFIER_KEY,
        "the given verifier key: verifier key must be <name>+<hash>+<key>",
        verify=lambda s: {"vkey": "not a key"},
    ),
    "receipt key": Case(
        lambda r, s: r["log"].update(vkey="not a key"),
        Reason.VERIFIER_KEY,
        "the receipt's verifier key: verifier key must be <name>+<hash>+<key>",
        verify=lambda s: {},
    ),
    "witness key": Case(
        lambda r, s: None,
        Reason.WITNESS_KEY,
        "witness key: verifier key must be <name>+<hash>+<key>",
        verify=lambda s: {"vkey": s.vkey, "witness_vkeys": ["junk"]},
    ),
    "witness key type": Case(
        lambda r, s: None,
        Reason.WITNESS_KEY,
        "witness key {origin} is not a cosignature/v1 (0x04) key",
        verify=lambda s: {"vkey": s.vkey, "witness_vkeys": [s.vkey]},
    ),
    # --- §5.1 material and commitment ---
    "commitment": Case(
        lambda r, s: r["disclosure"].update(master_salt="00" * 32),
        Reason.COMMITMENT_MISMATCH,
        "the disclosure does not match the entry's commitment",
    ),
    "part count": Case(
        lambda r, s: None,
        Reason.PART_COUNT,
        "the material has 4 parts, the registration has 5",
        verify=lambda s: {"vkey": s.vkey, "material": DIGESTS[:4]},
    ),
    "part": Case(
        lambda r, s: None,
        Reason.PART_MISMATCH,
        "part 2 (p2) differs from the registered material",
        verify=lambda s: {"vkey": s.vkey, "material": [*DIGESTS[:2], bytes(32), *DIGESTS[3:]]},
    ),
    "disclosed part": Case(
        _forged_partial,
        Reason.DISCLOSED_PART,
        "disclosed part 1: inclusion proof does not reach the root",
    ),
    "no matching part": Case(
        _partial,
        Reason.NO_MATCHING_PART,
        "the material matches none of the disclosed parts",
        verify=lambda s: {"vkey": s.vkey, "material": [DIGESTS[0]]},
    ),
    "redacted": Case(
        lambda r, s: r.pop("disclosure"),
        Reason.REDACTED,
        "the receipt is redacted: it cannot prove the material",
        verify=lambda s: {"vkey": s.vkey, "material": DIGESTS},
    ),
    # --- §5.2 inclusion ---
    "origin": Case(
        lambda r, s: r["log"].update(origin="someone/else"),
        Reason.ORIGIN_MISMATCH,
        "the checkpoint's origin differs from the receipt's log origin",
    ),
    "index beyond": Case(
        _set(index=7), Reason.INDEX_BEYOND_TREE, "index 7 is beyond the checkpoint's tree size 7"
    ),
    "inclusion": Case(
        lambda r, s: r["inclusion"].__setitem__(0, _b64(bytes(32))),
        Reason.INCLUSION_PROOF,
        "inclusion: inclusion proof does not reach the root",
    ),
    "inclusion short": Case(
        lambda r, s: r["inclusion"].pop(),
        Reason.INCLUSION_PROOF,
        "inclusion: inclusion proof is too short",
    ),
    # --- §5.3 the log's signature ---
    "other log": Case(
        lambda r, s: None,
        Reason.OTHER_LOG,
        "the receipt is from another log: its origin is '{origin}', "
        "the trusted key is for 'another/log'",
        verify=lambda s: {"vkey": _other_key("another/log")},
    ),
    "impostor key": Case(
        lambda r, s: None,
        Reason.CHECKPOINT_SIGNATURE,
        "checkpoint signature: no signature by key {origin}+",
        verify=lambda s: {"vkey": _other_key(s.origin)},
        exact=False,
    ),
    "signature": Case(
        lambda r, s: _flip_signature(r, s.origin, 10),
        Reason.CHECKPOINT_SIGNATURE,
        "checkpoint signature: signature by {origin} does not verify under the trusted key",
    ),
    # --- §5.4 witness cosignatures ---
    "cosignature": Case(
        lambda r, s: _flip_signature(r, s.witness, 20),
        Reason.WITNESS_COSIGNATURE,
        "witness cosignature: cosignature by {witness} does not verify",
        verify=lambda s: {"vkey": s.vkey, "witness_vkeys": [s.witness_vkey]},
    ),
    # --- §5.5 time-stamp token ---
    "timestamp": Case(
        _set(timestamp={"rfc3161": _b64(b"not a token")}),
        Reason.TIMESTAMP_TOKEN,
        "time-stamp token: malformed token: ",
        exact=False,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_refusal_has_its_code_and_unchanged_message(setting: Setting, name: str) -> None:
    case = CASES[name]
    receipt = copy.deepcopy(setting.receipt)
    case.tamper(receipt, setting)
    with pytest.raises(rc.ReceiptInvalid) as caught:
        verify_receipt(receipt, **case.verify(setting))
    exc = caught.value
    want = case.message.format(origin=setting.origin, witness=setting.witness)
    assert exc.code is case.code
    assert isinstance(exc, rc.ReceiptMalformed) == (case.code in MALFORMED_CODES)
    assert str(exc) == exc.reason
    if case.exact:
        assert exc.reason == want
    else:
        assert exc.reason.startswith(want)


MALFORMED_CODES = {
    Reason.MALFORMED,
    Reason.CHECKPOINT_MALFORMED,
    Reason.VERIFIER_KEY,
    Reason.WITNESS_KEY,
}
DISCLOSE_CODES = {Reason.NO_FULL_DISCLOSURE, Reason.NO_SUCH_PART}


def test_every_verification_code_has_a_case() -> None:
    assert {c.code for c in CASES.values()} == set(Reason) - DISCLOSE_CODES


def test_loads_refuses_what_is_not_a_json_object() -> None:
    with pytest.raises(rc.ReceiptMalformed) as caught:
        rc.loads("{")
    assert caught.value.code is Reason.MALFORMED
    assert caught.value.reason == (
        "not a JSON receipt (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))"
    )
    with pytest.raises(rc.ReceiptMalformed) as caught:
        rc.loads("[]")
    assert (caught.value.code, caught.value.reason) == (Reason.MALFORMED, "not a JSON object")


def test_disclose_refusals_have_their_codes(setting: Setting) -> None:
    with pytest.raises(rc.ReceiptInvalid) as caught:
        rc.disclose(rc.redact(setting.receipt), [0])
    assert caught.value.code is Reason.NO_FULL_DISCLOSURE
    assert caught.value.reason == "receipt carries no full disclosure to disclose parts from"
    with pytest.raises(rc.ReceiptInvalid) as caught:
        rc.disclose(setting.receipt, [1, 5])
    assert caught.value.code is Reason.NO_SUCH_PART
    assert caught.value.reason == "part 5 does not exist (the registration has 5)"
    assert caught.value.details == {"part": 5, "parts": 5}


def test_details_name_the_part_and_sizes(setting: Setting) -> None:
    other = [*DIGESTS[:2], bytes(32), *DIGESTS[3:]]
    with pytest.raises(rc.ReceiptInvalid) as caught:
        verify_receipt(setting.receipt, vkey=setting.vkey, material=other)
    assert caught.value.details == {"part": 2, "name": "p2"}
    with pytest.raises(rc.ReceiptInvalid) as caught:
        verify_receipt(dict(setting.receipt, index=9), vkey=setting.vkey)
    assert caught.value.details == {"index": 9, "tree_size": 7}


def test_codes_survive_pickling() -> None:
    exc = rc.ReceiptMalformed("x", code=Reason.VERIFIER_KEY, details={"key_source": "given"})
    back = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes)
    assert type(back) is rc.ReceiptMalformed
    assert (back.reason, back.code, back.details) == ("x", Reason.VERIFIER_KEY, exc.details)


def test_codes_are_stable_strings() -> None:
    for code in Reason:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code.value), code
        assert str(code) == code.value and code == code.value


def test_every_code_is_documented_in_the_ledger_page() -> None:
    section = DOCS.read_text().split("## Reason codes", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
    assert sorted(documented) == sorted(documented_set := set(documented))
    assert documented_set == {c.value for c in Reason}
