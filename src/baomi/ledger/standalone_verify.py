#!/usr/bin/env python3
"""Verify a Baomi evidence receipt (baomi-receipt/1) with only Python and `cryptography`.

    pip install cryptography
    python3 standalone_verify.py RECEIPT.json [PATH] --vkey 'origin+hash+key' \
        [--witness-vkey 'name+hash+key' ...]

PATH is the registered file or folder (or, for a partial disclosure, a
disclosed part's file). Tables: CSV in UTF-8 only. Exit status: 0 valid,
1 not valid, 2 unreadable input. Independent of the Baomi code base on purpose:
it follows the published spec (SHA-256, Ed25519, RFC 9162, C2SP signed notes).
"""

import argparse
import base64
import binascii
import csv
import hashlib
import hmac
import io
import json
import os
import re
import struct
import sys
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Invalid(Exception):
    """The receipt does not verify."""


def sha256(data):
    return hashlib.sha256(data).digest()


def b64d(text):
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise Invalid(f"bad base64: {text!r}") from exc


def mth(leaf_hashes):
    """RFC 9162 Merkle tree hash over already hashed leaves (recursive definition)."""
    n = len(leaf_hashes)
    if n == 1:
        return leaf_hashes[0]
    k = 1 << ((n - 1).bit_length() - 1)
    return sha256(b"\x01" + mth(leaf_hashes[:k]) + mth(leaf_hashes[k:]))


def root_from_path(leaf, index, size, path):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        raise Invalid(f"index {index} is not below tree size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if len(p) != 32 or sn == 0:
            raise Invalid("inclusion proof has the wrong shape")
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = sha256(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Invalid("inclusion proof has the wrong length")
    return r


def parse_vkey(text):
    name, khash, key = text.strip().split("+", 2)
    raw = b64d(key)
    if len(raw) != 33 or raw[0] not in (1, 4):
        raise Invalid(f"unsupported key {text}")
    if sha256(name.encode() + b"\n" + raw)[:4].hex() != khash:
        raise Invalid(f"key hash mismatch in {text}")
    return name, bytes.fromhex(khash), raw[0], raw[1:]


def split_note(note):
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise Invalid("checkpoint is not a signed note")
    text, sigs = note[: cut + 1], []
    for line in note[cut + 2 : -1].split("\n"):
        if not line.startswith("\u2014 ") or line.count(" ") != 2:
            raise Invalid("malformed signature line")
        _, name, blob = line.split(" ")
        raw = b64d(blob)
        sigs.append((name, raw[:4], raw[4:]))
    return text, sigs


def file_parts(path):
    with open(path, "rb") as f:
        return [sha256(f.read())]


def folder_parts(root):
    found = []
    for dirpath, _dirs, files in os.walk(root, followlinks=False):
        for name in files:
            full = os.path.join(dirpath, name)
            if os.path.isfile(full) and not os.path.islink(full):
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                found.append((rel, full))
    return [file_parts(full)[0] for _rel, full in sorted(found)]


def csv_parts(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    header = [c.strip() for c in rows[0]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    out = []
    for row in rows[1:]:
        cells = (row + [""] * width)[:width]
        out.append(sha256(json.dumps(cells, ensure_ascii=False, separators=(",", ":")).encode()))
    return out


def material_parts(path, kind):
    if kind == "folder":
        return folder_parts(path)
    if kind == "table":
        return csv_parts(path)
    return file_parts(path)


def verify(receipt, path, vkey, witness_keys):
    report = []
    if receipt.get("format") != "baomi-receipt/1":
        raise Invalid("not a baomi-receipt/1 document")
    entry_bytes = b64d(receipt["entry"])
    entry = json.loads(entry_bytes)
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if canonical.encode() != entry_bytes:
        raise Invalid("entry is not canonical JSON")
    commitment = bytes.fromhex(entry["commitment"])
    n = entry["parts"]

    # 1. the material and the commitment
    disclosure = receipt.get("disclosure")
    if disclosure and "master_salt" in disclosure:
        salt = bytes.fromhex(disclosure["master_salt"])
        listed = [bytes.fromhex(p["sha256"]) for p in disclosure["parts"]]
        if path is not None:
            got = material_parts(path, entry["kind"])
            if got != listed:
                raise Invalid("the material differs from the registered material")
            report.append("material: matches the commitment")
        leaves = []
        for i, digest in enumerate(listed):
            salt_i = hmac.new(salt, b"baomi-part/1:" + str(i).encode(), "sha256").digest()
            leaves.append(sha256(b"\x00" + salt_i + digest))
        if len(leaves) != n or mth(leaves) != commitment:
            raise Invalid("the disclosure does not match the commitment")
    elif disclosure:
        revealed = set()
        for p in disclosure["parts"]:
            leaf = sha256(b"\x00" + bytes.fromhex(p["salt"]) + bytes.fromhex(p["sha256"]))
            proof = [b64d(h) for h in p["proof"]]
            if root_from_path(leaf, p["index"], n, proof) != commitment:
                raise Invalid(f"disclosed part {p['index']} is not in the commitment")
            revealed.add(bytes.fromhex(p["sha256"]))
        if path is not None:
            candidates = set(file_parts(path))
            if entry["kind"] == "table":
                candidates |= set(csv_parts(path))
            if not candidates & revealed:
                raise Invalid("the material matches none of the disclosed parts")
            report.append("material: matches a disclosed part")
    elif path is not None:
        raise Invalid("a redacted receipt cannot prove the material")
    else:
        report.append("material: not checked")

    # 2. inclusion in the checkpoint's tree
    text, sigs = split_note(receipt["checkpoint"])
    lines = text.split("\n")
    origin, size, root = lines[0], int(lines[1]), b64d(lines[2])
    if origin != receipt["log"]["origin"]:
        raise Invalid("checkpoint origin differs from the receipt's log")
    leaf = sha256(b"\x00" + entry_bytes)
    inclusion = [b64d(h) for h in receipt["inclusion"]]
    if root_from_path(leaf, receipt["index"], size, inclusion) != root:
        raise Invalid("the entry is not in the checkpoint's tree")
    report.append(f"inclusion: entry {receipt['index']} in tree of size {size}")

    # 3. the log's signature
    if vkey is None:
        vkey = receipt["log"]["vkey"]
        report.append("WARNING: key taken from the receipt itself (internal consistency only)")
    name, khash, ktype, pub = parse_vkey(vkey)
    if name != origin or ktype != 1:
        raise Invalid(f"the receipt is from another log ({origin}), not {name}")
    ok = False
    for sname, shash, sig in sigs:
        if sname == name and shash == khash:
            try:
                Ed25519PublicKey.from_public_bytes(pub).verify(sig, text.encode())
                ok = True
            except InvalidSignature:
                pass
    if not ok:
        raise Invalid("the checkpoint is not signed by the log key")
    report.append(f"log signature: valid ({name})")

    # 4. witness cosignatures (tlog-cosignature/v1)
    for wkey in witness_keys:
        wname, whash, wtype, wpub = parse_vkey(wkey)
        found = [s for s in sigs if s[0] == wname and s[1] == whash]
        if wtype != 4 or not found:
            raise Invalid(f"no cosignature by witness {wname}")
        for _n, _h, blob in found:
            (t,) = struct.unpack(">Q", blob[:8])
            msg = b"cosignature/v1\ntime %d\n" % t + text.encode()
            try:
                Ed25519PublicKey.from_public_bytes(wpub).verify(blob[8:], msg)
            except InvalidSignature as exc:
                raise Invalid(f"cosignature by {wname} does not verify") from exc
            moment = datetime.fromtimestamp(t, timezone.utc)  # noqa: UP017 - Python 3.8+
            when = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            report.append(f"witness {wname}: cosigned at {when}")

    # 5. time-stamp token: its imprint must be SHA-256 of the checkpoint body
    stamp = receipt.get("timestamp")
    if stamp:
        token = b64d(stamp["rfc3161"])
        if sha256(text.encode()) not in token:
            raise Invalid("the time-stamp token does not cover the checkpoint")
        # TSTInfo.genTime is the token's first DER GeneralizedTime (tag 0x18).
        found = re.search(rb"\x18[\x0f-\x17](\d{14}(?:\.\d{1,3})?Z)", token)
        when = found.group(1).decode() if found else "unknown time"
        report.append(f"time-stamp: {when}, covers the checkpoint (TSA signature not checked)")
    report.append(f"registered at {entry['registered_at']} by {entry['org']}")
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description="Verify a baomi-receipt/1 evidence receipt.")
    ap.add_argument("receipt")
    ap.add_argument("path", nargs="?")
    ap.add_argument("--vkey", help="the log's verifier key, trusted out of band")
    ap.add_argument("--witness-vkey", action="append", default=[])
    args = ap.parse_args(argv)
    try:
        with open(args.receipt, "rb") as f:
            receipt = json.loads(f.read().decode("utf-8"))
        if args.path is not None and not os.path.exists(args.path):
            raise OSError(f"{args.path}: no such file or folder")
    except (OSError, ValueError) as exc:
        print(f"error: {args.receipt}: {exc}", file=sys.stderr)
        return 2
    try:
        for line in verify(receipt, args.path, args.vkey, args.witness_vkey):
            print(line)
    except (Invalid, KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        print(f"NOT VALID: {exc}", file=sys.stderr)
        return 1
    print("VALID")
    return 0


if __name__ == "__main__":
    sys.exit(main())
