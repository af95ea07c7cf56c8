"""An independent receipt and consistency-proof verifier, written from the spec only.

It deliberately imports nothing from ``baomi`` and uses other algorithms than
the engine: proofs are checked by recursing over the tree's split points
(RFC 9162 §2.1.1's definitions) instead of the bit-walking verification of
§2.1.3.2 / §2.1.4.2 that the engine implements.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Rejected(Exception):
    pass


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _d64(s: str) -> bytes:
    out = base64.b64decode(s, validate=True)
    if base64.b64encode(out).decode() != s:
        raise Rejected("non-canonical base64")
    return out


def inclusion_root(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """Root implied by an audit path (leaf → root order), by recursion on the split."""
    if not 0 <= index < size:
        raise Rejected("index outside the tree")
    if size == 1:
        if proof:
            raise Rejected("proof too long")
        return leaf
    if not proof:
        raise Rejected("proof too short")
    k = _split(size)
    sibling, rest = proof[-1], proof[:-1]
    if index < k:
        return _h(b"\x01" + inclusion_root(index, k, leaf, rest) + sibling)
    return _h(b"\x01" + sibling + inclusion_root(index - k, size - k, leaf, rest))


def consistency_roots(
    old: int, new: int, proof: list[bytes], old_root: bytes
) -> tuple[bytes, bytes]:
    """(old root, new root) implied by an RFC 9162 consistency proof (SUBPROOF recursion)."""

    def walk(m: int, n: int, nodes: list[bytes], whole: bool) -> tuple[bytes, bytes]:
        if m == n:
            if whole:
                if nodes:
                    raise Rejected("proof too long")
                return old_root, old_root
            if len(nodes) != 1:
                raise Rejected("proof has the wrong length")
            return nodes[0], nodes[0]
        if not nodes:
            raise Rejected("proof too short")
        k = _split(n)
        sibling, rest = nodes[-1], nodes[:-1]
        if m <= k:
            o, nw = walk(m, k, rest, whole)
            return o, _h(b"\x01" + nw + sibling)
        o, nw = walk(m - k, n - k, rest, False)
        return _h(b"\x01" + sibling + o), _h(b"\x01" + sibling + nw)

    if not 0 < old < new:
        raise Rejected("sizes must satisfy 0 < old < new")
    return walk(old, new, proof, True)


def parse_key(text: str) -> tuple[str, bytes, int, bytes]:
    name, khash, rest = text.split("+", 2)
    raw = _d64(rest)
    if len(raw) != 33:
        raise Rejected("bad key length")
    if _h(name.encode() + b"\n" + raw)[:4].hex() != khash:
        raise Rejected("bad key hash")
    return name, bytes.fromhex(khash), raw[0], raw[1:]


def open_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    body, sep, sigs = note.rpartition("\n\n")
    if not sep or not note.endswith("\n"):
        raise Rejected("not a signed note")
    lines = []
    for line in sigs.rstrip("\n").split("\n"):
        prefix, name, blob = line.split(" ")
        if prefix != "\u2014":
            raise Rejected("bad signature line")
        lines.append((name, _d64(blob)))
    return body + "\n", lines


def check_checkpoint(note: str, vkey: str) -> tuple[str, int, bytes]:
    """Verify a checkpoint's log signature; return (origin, size, root)."""
    text, sigs = open_note(note)
    name, khash, ktype, pub = parse_key(vkey)
    if ktype != 1:
        raise Rejected("log key must be type 0x01")
    origin, size, root, *_ = text.split("\n")
    if origin != name:
        raise Rejected("checkpoint from another log")
    good = False
    for sname, blob in sigs:
        if sname == name and blob[:4] == khash:
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(blob[4:], text.encode())
                good = True
            except InvalidSignature:
                raise Rejected("bad log signature") from None
    if not good:
        raise Rejected("no log signature")
    root_bytes = _d64(root)
    if len(root_bytes) != 32 or str(int(size)) != size:
        raise Rejected("bad checkpoint")
    return origin, int(size), root_bytes


def cosignature_times(note: str, witness_vkey: str) -> list[int]:
    text, sigs = open_note(note)
    name, khash, ktype, pub = parse_key(witness_vkey)
    if ktype != 4:
        raise Rejected("witness key must be type 0x04")
    times = []
    for sname, blob in sigs:
        if sname == name and blob[:4] == khash:
            (t,) = struct.unpack(">Q", blob[4:12])
            message = f"cosignature/v1\ntime {t}\n".encode() + text.encode()
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(blob[12:], message)
            except InvalidSignature:
                raise Rejected("bad cosignature") from None
            times.append(t)
    if not times:
        raise Rejected("no cosignature")
    return times


def salted_root(master_salt: bytes, digests: list[bytes]) -> bytes:
    def mth(leaves: list[bytes]) -> bytes:
        if len(leaves) == 1:
            return _h(b"\x00" + leaves[0])
        k = _split(len(leaves))
        return _h(b"\x01" + mth(leaves[:k]) + mth(leaves[k:]))

    leaves = [
        hmac.new(master_salt, b"baomi-part/1:%d" % i, hashlib.sha256).digest() + d
        for i, d in enumerate(digests)
    ]
    return mth(leaves)


def verify(
    receipt: dict, vkey: str, part_digests: list[bytes] | None = None, witness: str | None = None
) -> dict:
    """Raise :class:`Rejected` unless the receipt holds; return the entry."""
    try:
        if receipt["format"] != "baomi-receipt/1":
            raise Rejected("format")
        entry_bytes = _d64(receipt["entry"])
        entry = json.loads(entry_bytes)
        if set(entry) != {"commitment", "parts", "registered_at", "org", "kind", "v"}:
            raise Rejected("entry fields")
        if (
            json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
            != entry_bytes
        ):
            raise Rejected("entry not canonical")
        origin, size, root = check_checkpoint(receipt["checkpoint"], vkey)
        if receipt["log"]["origin"] != origin:
            raise Rejected("origin")
        leaf = _h(b"\x00" + entry_bytes)
        path = [_d64(x) for x in receipt["inclusion"]]
        if inclusion_root(receipt["index"], size, leaf, path) != root:
            raise Rejected("inclusion")
        commitment = bytes.fromhex(entry["commitment"])
        disclosure = receipt.get("disclosure")
        if disclosure and "master_salt" in disclosure:
            listed = [bytes.fromhex(p["sha256"]) for p in disclosure["parts"]]
            if len(listed) != entry["parts"]:
                raise Rejected("part count")
            if salted_root(bytes.fromhex(disclosure["master_salt"]), listed) != commitment:
                raise Rejected("commitment")
            if part_digests is not None and part_digests != listed:
                raise Rejected("material")
        elif disclosure:
            for p in disclosure["parts"]:
                part_leaf = _h(b"\x00" + bytes.fromhex(p["salt"]) + bytes.fromhex(p["sha256"]))
                proof = [_d64(x) for x in p["proof"]]
                if inclusion_root(p["index"], entry["parts"], part_leaf, proof) != commitment:
                    raise Rejected("disclosed part")
        if witness is not None:
            cosignature_times(receipt["checkpoint"], witness)
        return entry
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise Rejected(f"malformed: {exc}") from exc


def verify_consistency(old_note: str, new_note: str, proof: list[str], vkey: str) -> None:
    """Check two signed checkpoints and the consistency proof between them."""
    _, old_size, old_root = check_checkpoint(old_note, vkey)
    _, new_size, new_root = check_checkpoint(new_note, vkey)
    nodes = [_d64(p) for p in proof]
    if old_size == new_size:
        if nodes or old_root != new_root:
            raise Rejected("same size, different roots")
        return
    if old_size == 0:
        if nodes:
            raise Rejected("proof from the empty tree must be empty")
        return
    got_old, got_new = consistency_roots(old_size, new_size, nodes, old_root)
    if got_old != old_root or got_new != new_root:
        raise Rejected("inconsistent")
