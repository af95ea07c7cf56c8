"""Signed notes, verifier keys and cosignatures against the Go / transparency-dev vectors."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from baomi.ledger import note as n
from baomi.ledger.keys import parse_signer_key, signer_key_string

# golang.org/x/mod/sumdb/note tests (the reference implementation of signed notes).
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNX"
    "gKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
# transparency-dev/formats note tests: a native cosignature/v1 (0x04) verifier key,
# and a cosignature whose timestamp is 1727964367.
COSIG_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
COSIG_BLOB = (
    "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOwor"
    "DcFiEBYJXORmnFBOBA=="
)


def test_go_signer_key_signs_the_go_note_byte_for_byte() -> None:
    signer = parse_signer_key(GO_SKEY)
    assert str(signer.verifier_key) == GO_VKEY
    assert signer_key_string(signer.name, signer.private_key) == GO_SKEY
    assert GO_TEXT + "\n" + signer.sign_line(GO_TEXT) == GO_NOTE


def test_go_note_verifies_under_the_go_key() -> None:
    parsed = n.parse_note(GO_NOTE)
    assert parsed.text == GO_TEXT
    n.verify_note_signature(parsed, n.parse_verifier_key(GO_VKEY))
    assert parsed.render() == GO_NOTE


def test_a_changed_note_does_not_verify() -> None:
    tampered = GO_NOTE.replace("cryptography", "cryptographY")
    with pytest.raises(n.NoteError):
        n.verify_note_signature(n.parse_note(tampered), n.parse_verifier_key(GO_VKEY))


def test_verifier_key_manglings_are_refused() -> None:
    for bad in [
        GO_VKEY[:-1],
        GO_VKEY.replace("c74f20a3", "c74f20a4"),
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        GO_VKEY.replace("+ARpc", "+AxRpc"),
    ]:
        with pytest.raises(n.NoteError):
            n.parse_verifier_key(bad)


def test_cosignature_key_of_type_4_parses_with_its_hash() -> None:
    key = n.parse_verifier_key(COSIG_VKEY)
    assert key.key_type == n.ALG_COSIGNATURE_V1
    assert str(key) == COSIG_VKEY


def test_cosignature_timestamp_layout() -> None:
    raw = base64.b64decode(COSIG_BLOB)
    assert len(raw) == 4 + 8 + 64
    assert int.from_bytes(raw[4:12], "big") == 1727964367


def test_cosignature_roundtrip_and_domain_separation() -> None:
    key = Ed25519PrivateKey.generate()
    witness = n.Signer("witness.example", key, n.ALG_COSIGNATURE_V1)
    body = n.Checkpoint("example.com/log", 5, b"\x01" * 32).body()
    log = n.Signer("example.com/log", Ed25519PrivateKey.generate())
    note_text = n.sign_checkpoint(n.parse_checkpoint(body), log) + witness.cosign_line(body, 1700)
    parsed = n.parse_note(note_text)
    assert n.verify_cosignature(parsed, witness.verifier_key) == 1700
    # The same key as a plain 0x01 note key has another key hash: it does not match.
    plain = n.Signer("witness.example", key).verifier_key
    with pytest.raises(n.NoteError):
        n.verify_note_signature(parsed, plain)
    forged = note_text.replace(
        witness.cosign_line(body, 1700), witness.cosign_line(body, 1700)[:-6] + "AAAA=\n"
    )
    with pytest.raises(n.NoteError):
        n.verify_cosignature(n.parse_note(forged), witness.verifier_key)


def test_checkpoint_parse_and_render() -> None:
    body = "example.com/log\n12\n" + base64.b64encode(b"\x02" * 32).decode() + "\n"
    cp = n.parse_checkpoint(body)
    assert (cp.origin, cp.size, cp.root) == ("example.com/log", 12, b"\x02" * 32)
    assert cp.body() == body
    for bad in [
        "example.com/log\n012\nAA==\n",
        "x\n1\n" + "A" * 44,
        "\n1\nAA==\n",
        "x\n-1\nAA==\n",
    ]:
        with pytest.raises(n.NoteError):
            n.parse_checkpoint(bad)
