"""An instance's ledger: keys, log, witness and time-stamping wired together.

Layout under ``$BAOMI_HOME``::

    keys/log.key          the log's Ed25519 signing key (0600; its name is the origin)
    keys/witness.key      the witness's key (the regional base's; 0600)
    ledger/log.sqlite3    the evidence log (entries, tree nodes, checkpoints)
    witness/state.json    what the witness last cosigned

This is the Python API that the CLI and the Django evidence app call.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baomi.ledger import commitment as cm
from baomi.ledger import merkle
from baomi.ledger.keys import create_key_file, load_signer
from baomi.ledger.log import EvidenceLog, LedgerError
from baomi.ledger.note import (
    ALG_COSIGNATURE_V1,
    NoteError,
    b64,
    find_signature,
    parse_checkpoint,
    parse_note,
    parse_verifier_key,
    unb64,
)
from baomi.ledger.receipt import Entry, build_receipt, rfc3339
from baomi.ledger.witness import RemoteWitness, Witness, WitnessConflict, WitnessRefused

ORIGIN_ENV = "BAOMI_LOG_ORIGIN"
WITNESS_NAME_ENV = "BAOMI_WITNESS_NAME"
WITNESS_URL_ENV = "BAOMI_WITNESS_URL"
WITNESS_VKEY_ENV = "BAOMI_WITNESS_VKEY"
TSA_URL_ENV = "BAOMI_TSA_URL"


def log_key_path(home: Path) -> Path:
    """Where the log's signing key lives."""
    return home / "keys" / "log.key"


def witness_key_path(home: Path) -> Path:
    """Where the witness's signing key lives."""
    return home / "keys" / "witness.key"


def log_db_path(home: Path) -> Path:
    """Where the evidence log's database lives."""
    return home / "ledger" / "log.sqlite3"


def init_instance(home: Path) -> None:
    """Create the ledger of an instance if missing: keys, log, witness state (idempotent).

    The origin (also the log key's name) is ``$BAOMI_LOG_ORIGIN`` or a fresh
    ``baomi/evidence/<random>``; existing keys are never replaced.
    """
    home.mkdir(parents=True, exist_ok=True)
    suffix = secrets.token_hex(4)
    create_key_file(log_key_path(home), os.environ.get(ORIGIN_ENV) or f"baomi/evidence/{suffix}")
    create_key_file(
        witness_key_path(home), os.environ.get(WITNESS_NAME_ENV) or f"baomi/witness/{suffix}"
    )
    (home / "witness").mkdir(parents=True, exist_ok=True)
    ledger = Ledger(home)
    try:
        ledger.finish_checkpoint()
    finally:
        ledger.close()


def is_initialised(home: Path) -> bool:
    """True when the instance has a log key and a log database."""
    return log_key_path(home).exists() and log_db_path(home).exists()


def local_verifier_keys(home: Path) -> tuple[str | None, list[str]]:
    """The instance's log verifier key (if any) and its witness keys, from key files only.

    The witness keys are the local witness's and ``$BAOMI_WITNESS_VKEY`` (the base's).
    """
    log_key = (
        str(load_signer(log_key_path(home)).verifier_key) if log_key_path(home).exists() else None
    )
    witnesses = []
    if witness_key_path(home).exists():
        signer = load_signer(witness_key_path(home), ALG_COSIGNATURE_V1)
        witnesses.append(str(signer.verifier_key))
    if remote := os.environ.get(WITNESS_VKEY_ENV):
        witnesses.append(str(parse_verifier_key(remote)))
    return log_key, witnesses


@dataclass(frozen=True)
class RegistrationRequest:
    """One registration to make: the material's parts and the entry's fields."""

    parts: Sequence[cm.Part]
    kind: str
    org: str = "local"


@dataclass
class Registered:
    """A registration made: its log index, entry, secret salt and receipt."""

    index: int
    commitment: bytes
    entry: bytes
    master_salt: bytes
    receipt: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


class Ledger:
    """The evidence ledger of one instance."""

    def __init__(self, home: Path, *, tsa_url: str | None = None) -> None:
        """Open the ledger under ``home`` (see :func:`init_instance` to create it)."""
        self.home = home
        self.signer = load_signer(log_key_path(home))
        self.log = EvidenceLog(log_db_path(home), self.signer)
        self.witness: Witness | RemoteWitness | None = None
        url, remote_key = os.environ.get(WITNESS_URL_ENV), os.environ.get(WITNESS_VKEY_ENV)
        if url and remote_key:
            # The regional base's witness, over C2SP tlog-witness.
            self.witness = RemoteWitness(url, parse_verifier_key(remote_key))
        elif witness_key_path(home).exists():
            self.witness = Witness(
                load_signer(witness_key_path(home), ALG_COSIGNATURE_V1),
                home / "witness" / "state.json",
                [self.signer.verifier_key],
            )
        self.tsa_url = tsa_url if tsa_url is not None else os.environ.get(TSA_URL_ENV) or None

    def close(self) -> None:
        """Close the log database."""
        self.log.close()

    @property
    def origin(self) -> str:
        """The log's origin line."""
        return self.signer.name

    def vkey(self) -> str:
        """The log's verifier key string."""
        return str(self.signer.verifier_key)

    def witness_vkey(self) -> str | None:
        """The witness's verifier key string (type 0x04), if the instance has a witness."""
        return str(self.witness.verifier_key) if self.witness else None

    def register(
        self, requests: Sequence[RegistrationRequest], *, now: dt.datetime | None = None
    ) -> list[Registered]:
        """Register many materials in one batch (one transaction, one checkpoint).

        Returns one :class:`Registered` per request, in order, each with a full
        receipt (disclosure included). Nothing is returned before the batch is
        durable.
        """
        registered_at = rfc3339(now or dt.datetime.now(dt.UTC))
        salts: list[bytes] = []
        commitments: list[bytes] = []
        entries: list[bytes] = []
        for req in requests:
            if req.kind not in cm.KINDS:
                raise cm.MaterialError(f"unknown kind {req.kind!r}")
            salt = cm.new_master_salt()
            digests = [p.sha256 for p in req.parts]
            commitment = cm.commitment(salt, digests)
            entry = Entry(commitment, len(digests), registered_at, req.org, req.kind)
            salts.append(salt)
            commitments.append(commitment)
            entries.append(entry.to_bytes())
        batch = self.log.append_batch(entries)
        note, token, warnings = self.finish_checkpoint()
        size = parse_checkpoint(parse_note(note).text).size
        cache = batch.nodes if size == batch.size else None
        subtree = self.log.subtree(cache)
        proofs = merkle.inclusion_proofs(batch.first_index, batch.size, size, subtree)
        encoded: dict[bytes, str] = {}

        def encode(node: bytes) -> str:
            # Siblings near the root are shared by every receipt of the batch.
            text = encoded.get(node)
            if text is None:
                text = encoded[node] = b64(node)
            return text

        out = []
        vkey = self.vkey()
        for i, (req, salt, entry_bytes) in enumerate(zip(requests, salts, entries, strict=True)):
            index = batch.first_index + i
            receipt = build_receipt(
                origin=self.origin,
                vkey=vkey,
                index=index,
                entry_bytes=entry_bytes,
                inclusion=proofs[i],
                checkpoint=note,
                master_salt=salt,
                parts=req.parts,
                timestamp_token=token,
                encode=encode,
            )
            out.append(Registered(index, commitments[i], entry_bytes, salt, receipt, warnings))
        return out

    def finish_checkpoint(self) -> tuple[str, bytes | None, list[str]]:
        """Have the latest checkpoint cosigned (and time-stamped if a TSA is set).

        Returns ``(note with cosignatures, time-stamp response or None, warnings)``.
        A witness or TSA failure does not undo the registration: it is
        reported as a warning and the receipt carries what was obtained.
        """
        warnings: list[str] = []
        size = self.log.size()
        if self.witness is not None:
            last_size = self._witness_size_hint()
            for _attempt in range(8):
                size = self.log.size()
                note = self._note(size)
                if self._cosigned(note):
                    break
                if last_size > size:
                    warnings.append(f"witness is ahead of the log (size {last_size} > {size})")
                    break
                try:
                    proof = self.log.consistency_proof(last_size, size)
                    line = self.witness.add_checkpoint(note, last_size, proof)
                except WitnessConflict as conflict:
                    last_size = conflict.last_size  # C2SP: retry from the witness's size
                    continue
                except (WitnessRefused, LedgerError) as exc:
                    warnings.append(f"witness did not cosign: {exc}")
                    break
                self.log.add_cosignature(size, line)
                break
        token = self.log.timestamp_at(size)
        if token is None and self.tsa_url:
            # Imported here: rfc3161-client is only needed when a TSA is configured.
            from baomi.ledger.tsa import TimestampError, request_token

            note = self._note(size)
            try:
                token = request_token(self.tsa_url, parse_note(note).text.encode())
                self.log.add_timestamp(size, token)
            except (TimestampError, NoteError) as exc:
                warnings.append(f"no time-stamp: {exc}")
                token = None
        return self._note(size), token, warnings

    def _witness_size_hint(self) -> int:
        """The size the witness last cosigned, as far as this log knows."""
        if isinstance(self.witness, Witness):
            return self.witness.last_cosigned(self.origin)[0]
        if self.witness is None:
            return 0
        key = self.witness.verifier_key
        for size, line in self.log.cosigned_sizes():
            name, _, blob = line[len("— ") :].partition(" ")
            try:
                if name == key.name and unb64(blob.strip())[:4] == key.key_hash:
                    return size
            except NoteError:
                continue
        return 0

    def _note(self, size: int) -> str:
        note = self.log.checkpoint_at(size)
        if note is None:
            raise LedgerError(f"no checkpoint of size {size}")
        return note

    def _cosigned(self, note: str) -> bool:
        if self.witness is None:
            return False
        return find_signature(parse_note(note), self.witness.verifier_key) is not None

    def prove(self, index: int) -> dict[str, Any]:
        """A fresh receipt body (no disclosure) for entry ``index`` at the latest checkpoint."""
        size = self.log.size()
        if not 0 <= index < size:
            raise LedgerError(f"index {index} is beyond the tree size {size}")
        note = self.log.latest_checkpoint()
        return build_receipt(
            origin=self.origin,
            vkey=self.vkey(),
            index=index,
            entry_bytes=self.log.entry(index),
            inclusion=self.log.inclusion_proof(index, size),
            checkpoint=note,
            timestamp_token=self.log.timestamp_at(size),
        )

    def checkpoint(self) -> str:
        """The latest signed checkpoint (with cosignatures)."""
        return self.log.latest_checkpoint()

    def consistency(
        self, old_size: int, new_size: int | None = None
    ) -> tuple[int, int, list[bytes]]:
        """``(old_size, new_size, proof)`` of an RFC 9162 consistency proof."""
        new = self.log.size() if new_size is None else new_size
        return old_size, new, self.log.consistency_proof(old_size, new)
