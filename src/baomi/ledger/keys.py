"""Ed25519 signing keys on disk, under ``$BAOMI_HOME/keys`` with mode 0600.

Keys are files, never database rows, so a database dump never carries them.
The file holds the C2SP/Go ``note`` signer key string
``PRIVATE+KEY+<name>+<key hash hex 8>+<base64(0x01 || seed 32)>``, which Go
tooling (golang.org/x/mod/sumdb/note) reads as is.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from baomi.ledger.note import (
    ALG_ED25519,
    NoteError,
    Signer,
    b64,
    check_key_name,
    key_hash,
    raw_public_key,
    unb64,
)

PRIVATE_PREFIX = "PRIVATE+KEY+"


class KeyFileError(OSError):
    """A key file is missing, unreadable, malformed or too permissive."""


def keys_dir(home: Path) -> Path:
    """The key directory of an instance."""
    return home / "keys"


def signer_key_string(name: str, key: Ed25519PrivateKey) -> str:
    """The Go/C2SP signer key string of ``key`` under ``name``."""
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    khash = key_hash(name, ALG_ED25519, raw_public_key(key.public_key()))
    return f"{PRIVATE_PREFIX}{name}+{khash.hex()}+{b64(bytes([ALG_ED25519]) + seed)}"


def parse_signer_key(text: str, key_type: int = ALG_ED25519) -> Signer:
    """Parse a signer key string; ``key_type`` 0x04 makes a cosignature/v1 signer."""
    text = text.strip()
    if not text.startswith(PRIVATE_PREFIX):
        raise NoteError("not a PRIVATE+KEY string")
    parts = text[len(PRIVATE_PREFIX) :].split("+", 2)
    if len(parts) != 3:
        raise NoteError("signer key must be PRIVATE+KEY+<name>+<hash>+<key>")
    name, hash_hex, key_b64 = parts
    raw = unb64(key_b64, "signer key")
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise NoteError("signer key is not an Ed25519 key")
    private = Ed25519PrivateKey.from_private_bytes(raw[1:])
    if key_hash(name, ALG_ED25519, raw_public_key(private.public_key())).hex() != hash_hex:
        raise NoteError("signer key hash does not match the key")
    return Signer(name, private, key_type)


def create_key_file(path: Path, name: str) -> bool:
    """Create a new Ed25519 key file at ``path`` (mode 0600) unless one exists.

    Returns True when a key was created. The file is written with ``O_EXCL``,
    so two processes racing to create it cannot overwrite each other.
    """
    try:
        check_key_name(name)
    except NoteError as exc:
        raise KeyFileError(f"{path}: cannot create the key: {exc}") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if path.exists():
        return False
    text = signer_key_string(name, Ed25519PrivateKey.generate()) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    _fsync_dir(path.parent)
    return True


def load_signer(path: Path, key_type: int = ALG_ED25519) -> Signer:
    """Load a signer from a key file; refuse files readable by group or others."""
    try:
        mode = path.stat().st_mode
        if mode & 0o077:
            raise KeyFileError(f"{path}: key file permissions {oct(mode & 0o777)} are too open")
        text = path.read_text()
    except FileNotFoundError as exc:
        raise KeyFileError(f"{path}: no key file (run `baomi init`)") from exc
    except OSError as exc:
        if isinstance(exc, KeyFileError):
            raise
        raise KeyFileError(f"{path}: cannot read key: {exc.strerror or exc}") from exc
    try:
        return parse_signer_key(text, key_type)
    except NoteError as exc:
        raise KeyFileError(f"{path}: {exc}") from exc


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
