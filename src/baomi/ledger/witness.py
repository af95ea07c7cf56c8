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
import urllib.error
import urllib.request
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
    find_signature,
    parse_checkpoint,
    parse_note,
    unb64,
    verify_cosignature,
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


# --- C2SP tlog-witness over HTTP ---------------------------------------------
#
# POST <witness URL>/add-checkpoint with the body
#     old <size>\n<base64 proof hash>\n...\n\n<checkpoint note>
# answers 200 with the cosignature line(s), 409 with the witness's size when
# ``old`` is stale, 403 for an unknown log or a bad log signature, 422 for an
# inconsistent checkpoint, 400 for a malformed request.

CONTENT_TYPE_SIZE = "text/x.tlog.size"


def add_checkpoint_request(checkpoint_note: str, old_size: int, proof: Sequence[bytes]) -> bytes:
    """The body of a C2SP ``add-checkpoint`` request."""
    head = f"old {old_size}\n" + "".join(b64(h) + "\n" for h in proof)
    return (head + "\n" + checkpoint_note).encode()


def handle_add_checkpoint(witness: Witness, body: bytes) -> tuple[int, str, bytes]:
    """Serve one ``add-checkpoint`` request: ``(HTTP status, content type, body)``.

    A web view at the regional base can return this as is.
    """
    try:
        text = body.decode("utf-8")
        head, sep, note = text.partition("\n\n")
        lines = head.split("\n")
        if not sep or not lines[0].startswith("old "):
            raise ValueError("request must start with 'old <size>' and a blank line")
        old_size = int(lines[0][4:])
        if str(old_size) != lines[0][4:] or old_size < 0:
            raise ValueError("old size is not a decimal number")
        proof = [unb64(line, "proof hash") for line in lines[1:]]
    except (UnicodeDecodeError, ValueError) as exc:
        return 400, "text/plain", f"{exc}\n".encode()
    try:
        line = witness.add_checkpoint(note, old_size, proof)
    except WitnessConflict as exc:
        return 409, CONTENT_TYPE_SIZE, f"{exc.last_size}\n".encode()
    except WitnessRefused as exc:
        status = 422 if "not consistent" in exc.reason or "smaller" in exc.reason else 403
        if exc.reason.startswith("malformed"):
            status = 400
        return status, "text/plain", f"{exc.reason}\n".encode()
    return 200, "text/plain; charset=utf-8", line.encode()


class RemoteWitness:
    """A client for a witness run elsewhere (the regional base), speaking C2SP tlog-witness."""

    def __init__(self, url: str, verifier_key: VerifierKey, timeout: float = 10.0) -> None:
        """``url`` is the witness's base URL; ``verifier_key`` its trusted 0x04 key."""
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"witness URL must be http(s): {url}")
        if verifier_key.key_type != ALG_COSIGNATURE_V1:
            raise ValueError("a witness key must be a cosignature/v1 (0x04) key")
        self.url = url.rstrip("/") + "/add-checkpoint"
        self.verifier_key = verifier_key
        self.timeout = timeout

    def add_checkpoint(self, checkpoint_note: str, old_size: int, proof: Sequence[bytes]) -> str:
        """Ask for a cosignature; same contract as :meth:`Witness.add_checkpoint`.

        The returned line is checked against the witness's key before it is returned.
        """
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.url, data=add_checkpoint_request(checkpoint_note, old_size, proof), method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:  # noqa: S310
                answer = resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            if exc.code == 409 and detail.isdigit():
                raise WitnessConflict(int(detail)) from exc
            raise WitnessRefused(f"witness answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise WitnessRefused(f"witness at {self.url} did not answer: {exc}") from exc
        lines = [line + "\n" for line in answer.split("\n") if line]
        try:
            cosigned = parse_note(checkpoint_note + "".join(lines))
            verify_cosignature(cosigned, self.verifier_key)
        except NoteError as exc:
            raise WitnessRefused(f"the witness's answer does not verify: {exc}") from exc
        signature = find_signature(cosigned, self.verifier_key)
        if signature is None:  # verify_cosignature found it; kept for the type checker
            raise WitnessRefused("the witness answered without its cosignature")
        return signature.line()
