"""Log entries and receipt documents (evidence-receipt spec §2 and §4).

A receipt is a plain ``dict`` ready for ``json.dumps``; :func:`parse_receipt`
checks its structure strictly and returns typed fields.
"""

from __future__ import annotations

import binascii
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from baomi.ledger import commitment as cm
from baomi.ledger.note import NoteError, b64, unb64

FORMAT = "baomi-receipt/1"
_RFC3339_UTC = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z")
ENTRY_KEYS = {"commitment", "parts", "registered_at", "org", "kind", "v"}


class Reason(StrEnum):
    """Stable, machine-readable codes of why a receipt is refused.

    Interfaces branch on these, never on the English ``reason`` text, which is
    free to be reworded. The table in ``docs/ledger.md`` says what each means
    and which check of spec §5 it belongs to; a test keeps the two in step.
    """

    # The document itself (raised as ReceiptMalformed).
    MALFORMED = "malformed"
    CHECKPOINT_MALFORMED = "checkpoint_malformed"
    VERIFIER_KEY = "verifier_key"
    WITNESS_KEY = "witness_key"
    # §5.1 material and commitment
    COMMITMENT_MISMATCH = "commitment_mismatch"
    PART_COUNT = "part_count"
    PART_MISMATCH = "part_mismatch"
    DISCLOSED_PART = "disclosed_part"
    NO_MATCHING_PART = "no_matching_part"
    REDACTED = "redacted"
    # §5.2 inclusion in the log
    ORIGIN_MISMATCH = "origin_mismatch"
    INDEX_BEYOND_TREE = "index_beyond_tree"
    INCLUSION_PROOF = "inclusion_proof"
    # §5.3 the log's signature
    OTHER_LOG = "other_log"
    CHECKPOINT_SIGNATURE = "checkpoint_signature"
    # §5.4 witness cosignatures
    WITNESS_COSIGNATURE = "witness_cosignature"
    # §5.5 time-stamp token
    TIMESTAMP_TOKEN = "timestamp_token"  # noqa: S105 (an RFC 3161 token, not a secret)
    # Making a partial disclosure (:func:`disclose`), not verification.
    NO_FULL_DISCLOSURE = "no_full_disclosure"
    NO_SUCH_PART = "no_such_part"


class ReceiptInvalid(Exception):
    """A receipt does not verify.

    ``code`` (a :class:`Reason`) says which check failed, for programs;
    ``reason`` says it in English, for people (the CLI prints it as is);
    ``details`` holds the facts a caller may show (e.g. ``{"part": 2}``).
    """

    def __init__(
        self, reason: str, *, code: Reason, details: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.details: Mapping[str, object] = dict(details or {})

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduction would call the class with ``args`` only, without ``code``.
        return (partial(type(self), self.reason, code=self.code, details=self.details), ())


class ReceiptMalformed(ReceiptInvalid):
    """A receipt is not a well-formed ``baomi-receipt/1`` document (bad JSON, missing fields).

    Its code is ``malformed``, or a narrower one (``checkpoint_malformed``,
    ``verifier_key``, ``witness_key``) that an interface may explain apart.
    """


@dataclass(frozen=True)
class Entry:
    """A log entry: the public, content-free record of one registration."""

    commitment: bytes
    parts: int
    registered_at: str
    org: str
    kind: str

    def to_bytes(self) -> bytes:
        """Canonical JSON bytes (sorted keys, no whitespace, UTF-8).

        Written out by hand in sorted key order (this is on the hot path of
        batched registration); equal to ``json.dumps(obj, sort_keys=True,
        separators=(",", ":"), ensure_ascii=False)``, which the tests check.
        """
        text = (
            f'{{"commitment":"{self.commitment.hex()}","kind":{_json_str(self.kind)},'
            f'"org":{_json_str(self.org)},"parts":{int(self.parts)},'
            f'"registered_at":{_json_str(self.registered_at)},"v":1}}'
        )
        return text.encode()


def _json_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def rfc3339(moment: dt.datetime) -> str:
    """RFC 3339 UTC with whole seconds and ``Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_entry(data: bytes) -> Entry:
    """Parse and validate log entry bytes (they must be canonical)."""
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReceiptMalformed("entry is not UTF-8 JSON", code=Reason.MALFORMED) from exc
    if not isinstance(obj, dict) or set(obj) != ENTRY_KEYS or obj["v"] != 1:
        raise ReceiptMalformed(
            "entry does not have exactly the version-1 fields", code=Reason.MALFORMED
        )
    try:
        entry = Entry(
            commitment=_hex(obj["commitment"], 32, "entry commitment"),
            parts=obj["parts"],
            registered_at=obj["registered_at"],
            org=obj["org"],
            kind=obj["kind"],
        )
    except ReceiptMalformed:
        raise
    if not isinstance(entry.parts, int) or isinstance(entry.parts, bool) or entry.parts < 1:
        raise ReceiptMalformed("entry part count is not a positive integer", code=Reason.MALFORMED)
    if not isinstance(entry.org, str) or entry.kind not in cm.KINDS:
        raise ReceiptMalformed("entry org or kind is invalid", code=Reason.MALFORMED)
    match = (
        _RFC3339_UTC.fullmatch(entry.registered_at)
        if isinstance(entry.registered_at, str)
        else None
    )
    try:
        if match is None:
            raise ValueError(entry.registered_at)
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except ValueError as exc:
        raise ReceiptMalformed(
            "entry registered_at is not RFC 3339 UTC", code=Reason.MALFORMED
        ) from exc
    if entry.to_bytes() != data:
        raise ReceiptMalformed("entry is not in canonical form", code=Reason.MALFORMED)
    return entry


def _hex(value: object, size: int, what: str) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size or value != value.lower():
        raise ReceiptMalformed(
            f"{what} is not {2 * size} lowercase hex digits", code=Reason.MALFORMED
        )
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise ReceiptMalformed(f"{what} is not hex", code=Reason.MALFORMED) from exc


def _b64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise ReceiptMalformed(f"{what} is not a base64 string", code=Reason.MALFORMED)
    try:
        return unb64(value, what)
    except NoteError as exc:
        raise ReceiptMalformed(str(exc), code=Reason.MALFORMED) from exc


MAX_PROOF_HASHES = 64  # a tree of 2^64 leaves; longer lists are refused before decoding


def _hash_list(value: object, what: str) -> list[bytes]:
    if not isinstance(value, list):
        raise ReceiptMalformed(f"{what} is not a list", code=Reason.MALFORMED)
    if len(value) > MAX_PROOF_HASHES:
        raise ReceiptMalformed(
            f"{what} has more than {MAX_PROOF_HASHES} hashes", code=Reason.MALFORMED
        )
    out = [_b64(v, what) for v in value]
    if any(len(h) != 32 for h in out):
        raise ReceiptMalformed(f"{what} holds a hash that is not 32 bytes", code=Reason.MALFORMED)
    return out


@dataclass(frozen=True)
class DisclosedPart:
    """A part revealed by a partial disclosure."""

    index: int
    salt: bytes
    sha256: bytes
    proof: list[bytes]


@dataclass(frozen=True)
class ParsedReceipt:
    """The typed content of a receipt document."""

    origin: str
    vkey: str
    index: int
    entry_bytes: bytes
    entry: Entry
    inclusion: list[bytes]
    checkpoint: str
    master_salt: bytes | None
    parts: list[cm.Part] | None
    disclosed: list[DisclosedPart] | None
    timestamp_token: bytes | None


def build_receipt(
    *,
    origin: str,
    vkey: str,
    index: int,
    entry_bytes: bytes,
    inclusion: Sequence[bytes],
    checkpoint: str,
    master_salt: bytes | None = None,
    parts: Sequence[cm.Part] | None = None,
    timestamp_token: bytes | None = None,
    encode: Callable[[bytes], str] = b64,
) -> dict[str, Any]:
    """A receipt document; with ``master_salt`` and ``parts`` it carries the full disclosure.

    ``encode`` turns a node hash into base64 (a caching encoder speeds up batches).
    """
    receipt: dict[str, Any] = {
        "format": FORMAT,
        "log": {"origin": origin, "vkey": vkey},
        "index": index,
        "entry": b64(entry_bytes),
        "inclusion": [encode(h) for h in inclusion],
        "checkpoint": checkpoint,
    }
    if master_salt is not None and parts is not None:
        receipt["disclosure"] = {
            "master_salt": master_salt.hex(),
            "parts": [{"name": p.name, "sha256": p.sha256.hex()} for p in parts],
        }
    if timestamp_token is not None:
        receipt["timestamp"] = {"rfc3161": b64(timestamp_token)}
    return receipt


def redact(receipt: dict[str, Any]) -> dict[str, Any]:
    """The receipt without its private disclosure (for the public or the other side)."""
    return {k: v for k, v in receipt.items() if k != "disclosure"}


def disclose(receipt: dict[str, Any], indices: Iterable[int]) -> dict[str, Any]:
    """A partial disclosure revealing only parts ``indices`` of a fully disclosed receipt."""
    parsed = parse_receipt(receipt)
    if parsed.master_salt is None or parsed.parts is None:
        raise ReceiptInvalid(
            "receipt carries no full disclosure to disclose parts from",
            code=Reason.NO_FULL_DISCLOSURE,
        )
    digests = [p.sha256 for p in parsed.parts]
    revealed = []
    for i in sorted(set(indices)):
        if not 0 <= i < len(digests):
            raise ReceiptInvalid(
                f"part {i} does not exist (the registration has {len(digests)})",
                code=Reason.NO_SUCH_PART,
                details={"part": i, "parts": len(digests)},
            )
        revealed.append(
            {
                "index": i,
                "salt": cm.part_salt(parsed.master_salt, i).hex(),
                "sha256": digests[i].hex(),
                "proof": [b64(h) for h in cm.part_proof(parsed.master_salt, digests, i)],
            }
        )
    out = redact(receipt)
    out["disclosure"] = {"parts": revealed}
    return out


def dumps(receipt: dict[str, Any]) -> str:
    """The receipt file's text (UTF-8 JSON, indented, final newline)."""
    return json.dumps(receipt, ensure_ascii=False, indent=2) + "\n"


def loads(text: str | bytes) -> dict[str, Any]:
    """Parse receipt file text into a dict; raise :class:`ReceiptMalformed` on bad JSON."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        obj = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReceiptMalformed(f"not a JSON receipt ({exc})", code=Reason.MALFORMED) from exc
    if not isinstance(obj, dict):
        raise ReceiptMalformed("not a JSON object", code=Reason.MALFORMED)
    return obj


def parse_receipt(obj: dict[str, Any]) -> ParsedReceipt:
    """Check a receipt's structure and decode its fields (no cryptographic checks)."""
    if obj.get("format") != FORMAT:
        raise ReceiptMalformed(f"format is not {FORMAT}", code=Reason.MALFORMED)
    log = obj.get("log")
    if not isinstance(log, dict) or not all(
        isinstance(log.get(k), str) for k in ("origin", "vkey")
    ):
        raise ReceiptMalformed("log must have origin and vkey strings", code=Reason.MALFORMED)
    index = obj.get("index")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ReceiptMalformed("index is not a non-negative integer", code=Reason.MALFORMED)
    entry_bytes = _b64(obj.get("entry"), "entry")
    entry = parse_entry(entry_bytes)
    inclusion = _hash_list(obj.get("inclusion"), "inclusion")
    checkpoint = obj.get("checkpoint")
    if not isinstance(checkpoint, str):
        raise ReceiptMalformed("checkpoint is not a string", code=Reason.MALFORMED)
    master_salt = parts = disclosed = None
    disclosure = obj.get("disclosure")
    if disclosure is not None:
        master_salt, parts, disclosed = _parse_disclosure(disclosure, entry)
    token = None
    stamp = obj.get("timestamp")
    if stamp is not None:
        if not isinstance(stamp, dict):
            raise ReceiptMalformed("timestamp is not an object", code=Reason.MALFORMED)
        token = _b64(stamp.get("rfc3161"), "timestamp token")
    return ParsedReceipt(
        origin=log["origin"],
        vkey=log["vkey"],
        index=index,
        entry_bytes=entry_bytes,
        entry=entry,
        inclusion=inclusion,
        checkpoint=checkpoint,
        master_salt=master_salt,
        parts=parts,
        disclosed=disclosed,
        timestamp_token=token,
    )


def _parse_disclosure(
    disclosure: object, entry: Entry
) -> tuple[bytes | None, list[cm.Part] | None, list[DisclosedPart] | None]:
    if not isinstance(disclosure, dict) or not isinstance(disclosure.get("parts"), list):
        raise ReceiptMalformed("disclosure must have a parts list", code=Reason.MALFORMED)
    items = disclosure["parts"]
    if not all(isinstance(p, dict) for p in items):
        raise ReceiptMalformed("disclosure parts must be objects", code=Reason.MALFORMED)
    if "master_salt" in disclosure:
        salt = _hex(disclosure["master_salt"], 32, "master salt")
        if len(items) != entry.parts:
            raise ReceiptMalformed(
                f"disclosure lists {len(items)} parts, the entry has {entry.parts}",
                code=Reason.MALFORMED,
            )
        parts = []
        for p in items:
            if not isinstance(p.get("name"), str):
                raise ReceiptMalformed("disclosed part has no name", code=Reason.MALFORMED)
            parts.append(cm.Part(p["name"], _hex(p.get("sha256"), 32, "part sha256")))
        return salt, parts, None
    disclosed = []
    for p in items:
        i = p.get("index")
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < entry.parts:
            raise ReceiptMalformed("disclosed part index is out of range", code=Reason.MALFORMED)
        try:
            disclosed.append(
                DisclosedPart(
                    index=i,
                    salt=_hex(p.get("salt"), 32, "part salt"),
                    sha256=_hex(p.get("sha256"), 32, "part sha256"),
                    proof=_hash_list(p.get("proof"), "part proof"),
                )
            )
        except (binascii.Error, ValueError) as exc:
            raise ReceiptMalformed(str(exc), code=Reason.MALFORMED) from exc
    return None, None, disclosed
