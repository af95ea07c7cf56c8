"""C2SP signed notes, tlog checkpoints, verifier keys and tlog-cosignature/v1.

- signed-note: ``<text>\\n— <name> <base64(key hash(4) || signature)>\\n`` per
  signature line; key hash = first 4 bytes of
  ``SHA-256(name || "\\n" || type || public key)``; Ed25519 keys have type 0x01.
- checkpoint: ``<origin>\\n<size>\\n<base64 root>\\n`` (extension lines allowed).
- cosignature/v1: key type 0x04, signature bytes
  ``key hash(4) || timestamp(8, big-endian) || Ed25519(64)`` over
  ``"cosignature/v1\\ntime <t>\\n" || checkpoint body``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04
SIGNATURE_PREFIX = "— "  # em dash and a space, as C2SP signed-note requires


class NoteError(ValueError):
    """A note, checkpoint or key string is malformed or does not verify."""


def b64(data: bytes) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str = "base64") -> bytes:
    """Strict standard base64 decoding; raise :class:`NoteError` on bad input."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise NoteError(f"{what} is not valid base64") from exc


def key_hash(name: str, key_type: int, public_key: bytes) -> bytes:
    """The 4-byte key hash of C2SP signed-note."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + public_key).digest()
    return digest[:4]


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of an Ed25519 public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def check_key_name(name: str) -> None:
    """Raise :class:`NoteError` unless ``name`` is a valid key name (no spaces or '+')."""
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise NoteError(f"invalid key name {name!r}: no spaces, newlines or '+'")


@dataclass(frozen=True)
class VerifierKey:
    """A parsed verifier key string ``<name>+<hash hex 8>+<base64(type || key)>``."""

    name: str
    key_type: int
    public_key: bytes

    @property
    def key_hash(self) -> bytes:
        """The 4-byte key hash."""
        return key_hash(self.name, self.key_type, self.public_key)

    def __str__(self) -> str:
        return f"{self.name}+{self.key_hash.hex()}+{b64(bytes([self.key_type]) + self.public_key)}"

    def ed25519(self) -> Ed25519PublicKey:
        """The key as a ``cryptography`` Ed25519 public key."""
        return Ed25519PublicKey.from_public_bytes(self.public_key)


@functools.lru_cache(maxsize=256)
def parse_verifier_key(text: str) -> VerifierKey:
    """Parse a C2SP verifier key string of type 0x01 (log) or 0x04 (cosignature/v1).

    Cached: a verifier checks many receipts against the same few keys.
    """
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("verifier key must be <name>+<hash>+<key>")
    name, hash_hex, key_b64 = parts
    check_key_name(name)
    if len(hash_hex) != 8 or hash_hex != hash_hex.lower():
        raise NoteError("verifier key hash must be 8 lowercase hex digits")
    try:
        declared = bytes.fromhex(hash_hex)
    except ValueError as exc:
        raise NoteError("verifier key hash is not hex") from exc
    raw = unb64(key_b64, "verifier key")
    if len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise NoteError("verifier key is not an Ed25519 (0x01) or cosignature/v1 (0x04) key")
    key = VerifierKey(name, raw[0], raw[1:])
    if key.key_hash != declared:
        raise NoteError("verifier key hash does not match the key")
    return key


@dataclass(frozen=True)
class Signer:
    """An Ed25519 signing key with its note name and key type."""

    name: str
    private_key: Ed25519PrivateKey
    key_type: int = ALG_ED25519

    def __post_init__(self) -> None:
        check_key_name(self.name)

    @property
    def verifier_key(self) -> VerifierKey:
        """The matching verifier key."""
        return VerifierKey(self.name, self.key_type, raw_public_key(self.private_key.public_key()))

    def sign_line(self, text: str) -> str:
        """A signature line for note text ``text`` (type 0x01 signatures)."""
        sig = self.private_key.sign(text.encode())
        return f"{SIGNATURE_PREFIX}{self.name} {b64(self.verifier_key.key_hash + sig)}\n"

    def cosign_line(self, text: str, timestamp: int) -> str:
        """A tlog-cosignature/v1 signature line over checkpoint body ``text``."""
        message = cosignature_message(text, timestamp)
        sig = self.private_key.sign(message)
        blob = self.verifier_key.key_hash + struct.pack(">Q", timestamp) + sig
        return f"{SIGNATURE_PREFIX}{self.name} {b64(blob)}\n"


def cosignature_message(text: str, timestamp: int) -> bytes:
    """The bytes a cosignature/v1 signs."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True)
class Signature:
    """One signature line of a note."""

    name: str
    key_hash: bytes
    blob: bytes  # the signature bytes after the key hash

    def line(self) -> str:
        """The line as it appears in the note."""
        return f"{SIGNATURE_PREFIX}{self.name} {b64(self.key_hash + self.blob)}\n"


@dataclass(frozen=True)
class Note:
    """A parsed signed note: its signed text and its signature lines."""

    text: str
    signatures: tuple[Signature, ...]

    def render(self) -> str:
        """The note in its wire form."""
        return self.text + "\n" + "".join(s.line() for s in self.signatures)


def parse_note(note: str) -> Note:
    """Split a signed note into text and signatures (no verification)."""
    if len(note) > 1_000_000:
        raise NoteError("note is too large")
    if not note.endswith("\n"):
        raise NoteError("note does not end with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("note has no blank line before its signatures")
    text = note[: cut + 1]
    sigs: list[Signature] = []
    for line in note[cut + 2 : -1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("malformed signature line")
        fields = line[len(SIGNATURE_PREFIX) :].split(" ")
        if len(fields) != 2 or not fields[0]:
            raise NoteError("malformed signature line")
        raw = unb64(fields[1], "signature")
        if len(raw) < 5:
            raise NoteError("signature is too short")
        sigs.append(Signature(fields[0], raw[:4], raw[4:]))
    if not sigs:
        raise NoteError("note has no signatures")
    return Note(text, tuple(sigs))


def find_signature(note: Note, key: VerifierKey) -> Signature | None:
    """The signature line made by ``key`` (matched by name and key hash), if any."""
    for sig in note.signatures:
        if sig.name == key.name and sig.key_hash == key.key_hash:
            return sig
    return None


def verify_note_signature(note: Note, key: VerifierKey) -> None:
    """Raise :class:`NoteError` unless ``key`` (type 0x01) signed ``note``."""
    if key.key_type != ALG_ED25519:
        raise NoteError("not an Ed25519 note key")
    sig = find_signature(note, key)
    if sig is None:
        raise NoteError(f"no signature by key {key.name}+{key.key_hash.hex()}")
    try:
        key.ed25519().verify(sig.blob, note.text.encode())
    except InvalidSignature as exc:
        raise NoteError(f"signature by {key.name} does not verify") from exc


def verify_cosignature(note: Note, key: VerifierKey) -> int:
    """Check the cosignature/v1 by ``key`` on ``note``; return its timestamp."""
    if key.key_type != ALG_COSIGNATURE_V1:
        raise NoteError("not a cosignature/v1 key")
    sig = find_signature(note, key)
    if sig is None:
        raise NoteError(f"no cosignature by witness {key.name}+{key.key_hash.hex()}")
    if len(sig.blob) != 8 + 64:
        raise NoteError("cosignature has the wrong length")
    (timestamp,) = struct.unpack(">Q", sig.blob[:8])
    try:
        key.ed25519().verify(sig.blob[8:], cosignature_message(note.text, timestamp))
    except InvalidSignature as exc:
        raise NoteError(f"cosignature by {key.name} does not verify") from exc
    return int(timestamp)


@dataclass(frozen=True)
class Checkpoint:
    """A parsed checkpoint body."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The checkpoint text (the part of the note that is signed)."""
        ext = "".join(line + "\n" for line in self.extensions)
        return f"{self.origin}\n{self.size}\n{b64(self.root)}\n{ext}"


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint body (the signed text of a checkpoint note)."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("checkpoint needs origin, size and root lines")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin:
        raise NoteError("checkpoint origin is empty")
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError("checkpoint size is not a decimal number")
    root_hash = unb64(root_text, "checkpoint root")
    if len(root_hash) != 32:
        raise NoteError("checkpoint root is not 32 bytes")
    return Checkpoint(origin, int(size_text), root_hash, tuple(lines[3:-1]))


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    """A signed checkpoint note."""
    body = checkpoint.body()
    return body + "\n" + signer.sign_line(body)


def add_signature_lines(note: str, lines: list[str]) -> str:
    """Append signature lines (e.g. cosignatures) to a note, skipping duplicates."""
    parsed = parse_note(note)
    have = {s.line() for s in parsed.signatures}
    extra = [line for line in lines if line not in have]
    return note + "".join(extra)
