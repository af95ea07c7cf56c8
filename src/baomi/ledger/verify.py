"""Receipt verification: every check of evidence-receipt spec §5.

:func:`verify_receipt` raises :class:`ReceiptInvalid` (or its subclass
:class:`ReceiptMalformed`) with the failing check's code (a :class:`Reason`)
and English reason, and otherwise
returns a :class:`Verification` saying what was checked, with which key, and
the times the receipt proves (registration, witnesses, time-stamp).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from baomi.ledger import commitment as cm
from baomi.ledger import merkle
from baomi.ledger.note import (
    ALG_COSIGNATURE_V1,
    Note,
    NoteError,
    VerifierKey,
    parse_checkpoint,
    parse_note,
    parse_verifier_key,
    verify_cosignature,
    verify_note_signature,
)
from baomi.ledger.receipt import (
    ParsedReceipt,
    Reason,
    ReceiptInvalid,
    ReceiptMalformed,
    parse_receipt,
)

__all__ = ["Reason", "ReceiptInvalid", "ReceiptMalformed", "Verification", "verify_receipt"]

KEY_FROM_RECEIPT_WARNING = (
    "the log key was taken from the receipt itself: this proves internal consistency "
    "only; verify with the log's published key (--vkey)"
)


@dataclass
class Cosignature:
    """A witness cosignature found on the checkpoint."""

    witness: str
    key_hash: str
    verified: bool
    time: str | None = None


@dataclass
class Verification:
    """What a successful verification established."""

    origin: str
    index: int
    tree_size: int
    commitment: str
    registered_at: str
    org: str
    kind: str
    parts: int
    key_source: str  # "trusted" or "receipt"
    material: str  # "checked", "part checked", "not checked"
    disclosure: str  # "full", "partial", "none"
    cosignatures: list[Cosignature] = field(default_factory=list)
    timestamp: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _utc(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def verify_receipt(
    receipt: dict[str, Any],
    *,
    vkey: str | VerifierKey | None = None,
    material: Sequence[bytes] | None = None,
    witness_vkeys: Sequence[str | VerifierKey] = (),
    tsa_certificates: Sequence[bytes] = (),
) -> Verification:
    """Verify a receipt document.

    ``vkey``: the log's verifier key, trusted out of band; without it the key
    in the receipt is used and the result says so (``key_source="receipt"``).
    ``material``: SHA-256 digests of the material's parts (in order) for a
    full-disclosure receipt, or of candidate parts for a partial disclosure.
    ``witness_vkeys``: trusted witness keys (type 0x04). ``tsa_certificates``:
    trusted TSA root certificates (DER or PEM) to check a time-stamp token's
    signature; without them only its imprint and time are checked.
    """
    parsed = parse_receipt(receipt)
    result = Verification(
        origin=parsed.origin,
        index=parsed.index,
        tree_size=0,
        commitment=parsed.entry.commitment.hex(),
        registered_at=parsed.entry.registered_at,
        org=parsed.entry.org,
        kind=parsed.entry.kind,
        parts=parsed.entry.parts,
        key_source="trusted",
        material="not checked",
        disclosure="none",
    )
    _check_material(parsed, material, result)
    note = _check_log(parsed, vkey, result)
    body = note.text
    _check_witnesses(parsed, note, witness_vkeys, result)
    if parsed.timestamp_token is not None:
        from baomi.ledger.tsa import TimestampError, check_token

        try:
            result.timestamp = check_token(parsed.timestamp_token, body.encode(), tsa_certificates)
        except TimestampError as exc:
            raise ReceiptInvalid(f"time-stamp token: {exc}", code=Reason.TIMESTAMP_TOKEN) from exc
    return result


def _check_material(
    parsed: ParsedReceipt, material: Sequence[bytes] | None, result: Verification
) -> None:
    entry = parsed.entry
    if parsed.master_salt is not None and parsed.parts is not None:
        result.disclosure = "full"
        listed = [p.sha256 for p in parsed.parts]
        if cm.commitment(parsed.master_salt, listed) != entry.commitment:
            raise ReceiptInvalid(
                "the disclosure does not match the entry's commitment",
                code=Reason.COMMITMENT_MISMATCH,
            )
        if material is not None:
            if len(material) != entry.parts:
                raise ReceiptInvalid(
                    f"the material has {len(material)} parts, the registration has {entry.parts}",
                    code=Reason.PART_COUNT,
                    details={"material_parts": len(material), "parts": entry.parts},
                )
            for i, (got, want) in enumerate(zip(material, listed, strict=True)):
                if got != want:
                    name = parsed.parts[i].name
                    raise ReceiptInvalid(
                        f"part {i} ({name}) differs from the registered material",
                        code=Reason.PART_MISMATCH,
                        details={"part": i, "name": name},
                    )
            result.material = "checked"
        return
    if parsed.disclosed is not None:
        result.disclosure = "partial"
        for part in parsed.disclosed:
            try:
                cm.verify_part(
                    entry.commitment, entry.parts, part.index, part.salt, part.sha256, part.proof
                )
            except merkle.ProofError as exc:
                raise ReceiptInvalid(
                    f"disclosed part {part.index}: {exc}",
                    code=Reason.DISCLOSED_PART,
                    details={"part": part.index},
                ) from exc
        if material is not None:
            revealed = {p.sha256 for p in parsed.disclosed}
            if not any(d in revealed for d in material):
                raise ReceiptInvalid(
                    "the material matches none of the disclosed parts",
                    code=Reason.NO_MATCHING_PART,
                )
            result.material = "part checked"
        return
    if material is not None:
        raise ReceiptInvalid(
            "the receipt is redacted: it cannot prove the material", code=Reason.REDACTED
        )


def _check_log(parsed: ParsedReceipt, vkey: str | VerifierKey | None, result: Verification) -> Note:
    try:
        note = parse_note(parsed.checkpoint)
        checkpoint = parse_checkpoint(note.text)
    except NoteError as exc:
        raise ReceiptMalformed(f"checkpoint: {exc}", code=Reason.CHECKPOINT_MALFORMED) from exc
    result.tree_size = checkpoint.size
    if checkpoint.origin != parsed.origin:
        raise ReceiptInvalid(
            "the checkpoint's origin differs from the receipt's log origin",
            code=Reason.ORIGIN_MISMATCH,
            details={"origin": parsed.origin, "checkpoint_origin": checkpoint.origin},
        )
    if parsed.index >= checkpoint.size:
        raise ReceiptInvalid(
            f"index {parsed.index} is beyond the checkpoint's tree size {checkpoint.size}",
            code=Reason.INDEX_BEYOND_TREE,
            details={"index": parsed.index, "tree_size": checkpoint.size},
        )
    leaf = merkle.leaf_hash(parsed.entry_bytes)
    try:
        merkle.verify_inclusion(
            leaf, parsed.index, checkpoint.size, parsed.inclusion, checkpoint.root
        )
    except merkle.ProofError as exc:
        raise ReceiptInvalid(f"inclusion: {exc}", code=Reason.INCLUSION_PROOF) from exc
    if vkey is None:
        result.key_source = "receipt"
        result.warnings.append(KEY_FROM_RECEIPT_WARNING)
        vkey = parsed.vkey
    try:
        key = parse_verifier_key(vkey) if isinstance(vkey, str) else vkey
    except NoteError as exc:
        where = "receipt's" if result.key_source == "receipt" else "given"
        raise ReceiptMalformed(
            f"the {where} verifier key: {exc}",
            code=Reason.VERIFIER_KEY,
            details={"key_source": result.key_source},
        ) from exc
    if key.name != checkpoint.origin:
        raise ReceiptInvalid(
            f"the receipt is from another log: its origin is {checkpoint.origin!r}, "
            f"the trusted key is for {key.name!r}",
            code=Reason.OTHER_LOG,
            details={"origin": checkpoint.origin, "key_name": key.name},
        )
    try:
        verify_note_signature(note, key)
    except NoteError as exc:
        raise ReceiptInvalid(
            f"checkpoint signature: {exc} under the trusted key",
            code=Reason.CHECKPOINT_SIGNATURE,
        ) from exc
    return note


def _check_witnesses(
    parsed: ParsedReceipt,
    note: Note,
    witness_vkeys: Sequence[str | VerifierKey],
    result: Verification,
) -> None:
    trusted: list[VerifierKey] = []
    for w in witness_vkeys:
        try:
            key = parse_verifier_key(w) if isinstance(w, str) else w
        except NoteError as exc:
            raise ReceiptMalformed(f"witness key: {exc}", code=Reason.WITNESS_KEY) from exc
        if key.key_type != ALG_COSIGNATURE_V1:
            raise ReceiptMalformed(
                f"witness key {key.name} is not a cosignature/v1 (0x04) key",
                code=Reason.WITNESS_KEY,
                details={"witness": key.name},
            )
        trusted.append(key)
    for sig in note.signatures:
        if sig.name == parsed.origin:
            continue  # the log's own signature (checked above), not a cosignature
        match = next(
            (k for k in trusted if k.name == sig.name and k.key_hash == sig.key_hash), None
        )
        if match is None:
            result.cosignatures.append(Cosignature(sig.name, sig.key_hash.hex(), verified=False))
            continue
        try:
            seconds = verify_cosignature(note, match)
        except NoteError as exc:
            raise ReceiptInvalid(
                f"witness cosignature: {exc}",
                code=Reason.WITNESS_COSIGNATURE,
                details={"witness": sig.name},
            ) from exc
        result.cosignatures.append(
            Cosignature(sig.name, sig.key_hash.hex(), verified=True, time=_utc(seconds))
        )
    for key in trusted:
        if not any(c.verified and c.witness == key.name for c in result.cosignatures):
            result.warnings.append(f"no cosignature by the trusted witness {key.name}")
    unchecked = [c.witness for c in result.cosignatures if not c.verified]
    if unchecked:
        result.warnings.append(
            "cosignatures not checked (no trusted key given): " + ", ".join(unchecked)
        )
