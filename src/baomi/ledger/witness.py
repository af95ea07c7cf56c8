"""A checkpoint witness (C2SP tlog-witness semantics, tlog-cosignature/v1 signatures).

The regional service base runs one, with its own key. It cosigns a checkpoint
only if the log's signature verifies and the checkpoint is provably an
extension (RFC 9162 consistency proof) of the last checkpoint it cosigned for
that log. Its state (last size and root per log origin) is a small JSON file,
replaced atomically and updated under a file lock, so several processes can
share one witness and a crash never rolls the witness back.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from baomi.ledger import merkle
from baomi.ledger.note import (
    ALG_COSIGNATURE_V1,
    NoteError,
    Signer,
    VerifierKey,
    b64,
    parse_checkpoint,
    parse_note,
    unb64,
    verify_note_signature,
)


class WitnessRefused(Exception):
    """The witness will not cosign; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WitnessConflict(WitnessRefused):
    """The caller's idea of the witness's last size is stale (C2SP: HTTP 409)."""

    def __init__(self, last_size: int) -> None:
        super().__init__(f"the witness last cosigned tree size {last_size}")
        self.last_size = last_size


class Witness:
    """A witness with its cosigning key, the log keys it accepts, and its state file."""

    def __init__(self, signer: Signer, state_path: Path, logs: Sequence[VerifierKey]) -> None:
        """``signer`` must be a cosignature/v1 (0x04) signer."""
        if signer.key_type != ALG_COSIGNATURE_V1:
            raise ValueError("a witness signs with a cosignature/v1 (0x04) key")
        self.signer = signer
        self.state_path = state_path
        self.logs = {key.name: key for key in logs}

    @property
    def verifier_key(self) -> VerifierKey:
        """The witness's public key (type 0x04)."""
        return self.signer.verifier_key

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.state_path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _read_state(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.state_path.read_text())
        except FileNotFoundError:
            return {}
        if not isinstance(data, dict):
            raise WitnessRefused("witness state file is corrupt")
        return data

    def _write_state(self, state: dict[str, dict[str, object]]) -> None:
        tmp = self.state_path.with_suffix(".tmp")
        with tmp.open("w") as f:
            json.dump(state, f, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.state_path)
        fd = os.open(self.state_path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def last_cosigned(self, origin: str) -> tuple[int, bytes]:
        """``(size, root)`` last cosigned for ``origin`` (0 and the empty root at first)."""
        entry = self._read_state().get(origin)
        if entry is None:
            return 0, merkle.EMPTY_ROOT
        return int(str(entry["size"])), unb64(str(entry["root"]))

    def add_checkpoint(
        self,
        checkpoint_note: str,
        old_size: int,
        proof: Sequence[bytes],
        now: int | None = None,
    ) -> str:
        """Cosign ``checkpoint_note`` if it extends the last cosigned checkpoint.

        ``old_size`` is the size the caller believes the witness last cosigned
        and ``proof`` the consistency proof from it. Returns the cosignature
        line; raises :class:`WitnessConflict` if ``old_size`` is stale and
        :class:`WitnessRefused` for a bad signature or an inconsistent tree.
        """
        try:
            note = parse_note(checkpoint_note)
            checkpoint = parse_checkpoint(note.text)
        except NoteError as exc:
            raise WitnessRefused(f"malformed checkpoint: {exc}") from exc
        key = self.logs.get(checkpoint.origin)
        if key is None:
            raise WitnessRefused(f"unknown log {checkpoint.origin!r}")
        try:
            verify_note_signature(note, key)
        except NoteError as exc:
            raise WitnessRefused(f"log signature: {exc}") from exc
        with self._locked():
            state = self._read_state()
            last_size, last_root = 0, merkle.EMPTY_ROOT
            if checkpoint.origin in state:
                last_size = int(str(state[checkpoint.origin]["size"]))
                last_root = unb64(str(state[checkpoint.origin]["root"]))
            if old_size != last_size:
                raise WitnessConflict(last_size)
            if checkpoint.size < last_size:
                raise WitnessRefused(
                    f"tree size {checkpoint.size} is smaller than the cosigned {last_size}"
                )
            try:
                merkle.verify_consistency(
                    last_size, checkpoint.size, proof, last_root, checkpoint.root
                )
            except merkle.ProofError as exc:
                raise WitnessRefused(
                    f"checkpoint of size {checkpoint.size} is not consistent with the "
                    f"cosigned size {last_size}: {exc}"
                ) from exc
            state[checkpoint.origin] = {"size": checkpoint.size, "root": b64(checkpoint.root)}
            self._write_state(state)
        return self.signer.cosign_line(note.text, int(time.time()) if now is None else now)
