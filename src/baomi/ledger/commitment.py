"""Material → parts → salted per-part commitment (evidence-receipt spec §1).

``salt_i = HMAC-SHA256(master_salt, "baomi-part/1:" || decimal(i))``,
``part_leaf_i = salt_i || SHA-256(P_i)``, commitment = RFC 9162 MTH over the
part leaves. A part can be disclosed alone with its salt and its audit path in
the registration's own tree.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.ledger import merkle

PART_DOMAIN = b"baomi-part/1:"
KINDS = ("file", "table", "folder", "text")

Progress = Callable[[int, int], None]


class MaterialError(ValueError):
    """The material cannot be registered or checked (unreadable, empty...); ``str()`` says why."""


@dataclass(frozen=True)
class Part:
    """One part of a registration: a display name and the SHA-256 of its bytes."""

    name: str
    sha256: bytes


def new_master_salt() -> bytes:
    """32 fresh bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(32)


def part_salt(master_salt: bytes, index: int) -> bytes:
    """The salt of part ``index``."""
    return hmac.digest(master_salt, PART_DOMAIN + str(index).encode("ascii"), "sha256")


def part_leaf(salt: bytes, digest: bytes) -> bytes:
    """The 64-byte leaf of a part: its salt then the SHA-256 of its bytes."""
    return salt + digest


def part_leaf_hashes(master_salt: bytes, digests: Sequence[bytes]) -> list[bytes]:
    """RFC 9162 leaf hashes of all part leaves."""
    return [
        merkle.leaf_hash(part_leaf(part_salt(master_salt, i), d)) for i, d in enumerate(digests)
    ]


def commitment(master_salt: bytes, digests: Sequence[bytes]) -> bytes:
    """The commitment over parts with SHA-256 ``digests`` under ``master_salt``."""
    if not digests:
        raise MaterialError("nothing to register: no parts")
    return merkle.root_from_leaf_hashes(part_leaf_hashes(master_salt, digests))


def part_proof(master_salt: bytes, digests: Sequence[bytes], index: int) -> list[bytes]:
    """Audit path of part ``index`` in the registration's own tree."""
    hashes = part_leaf_hashes(master_salt, digests)
    return merkle.inclusion_proof(index, len(hashes), merkle.subtree_from_leaf_hashes(hashes))


def verify_part(
    commitment_hash: bytes,
    n_parts: int,
    index: int,
    salt: bytes,
    digest: bytes,
    proof: Sequence[bytes],
) -> None:
    """Raise :class:`merkle.ProofError` unless the disclosed part belongs to the commitment."""
    leaf = merkle.leaf_hash(part_leaf(salt, digest))
    merkle.verify_inclusion(leaf, index, n_parts, proof, commitment_hash)


# --- material readers -------------------------------------------------------


def _sha256_file(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").digest()
    except OSError as exc:
        raise MaterialError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def parts_of_file(path: Path, *, allow_empty: bool = False) -> list[Part]:
    """One part: the file's bytes. Empty files are refused unless ``allow_empty``."""
    try:
        st = path.stat()
    except OSError as exc:
        raise MaterialError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise MaterialError(f"{path}: not a regular file")
    if st.st_size == 0 and not allow_empty:
        raise MaterialError(f"{path}: empty file, nothing to register")
    return [Part(path.name, _sha256_file(path))]


def folder_files(path: Path) -> list[tuple[str, Path]]:
    """Regular files under ``path`` as (relative '/' path, path), sorted by code point.

    Symbolic links are not followed (neither to files nor to folders); hidden
    files are included.
    """
    if not path.is_dir():
        raise MaterialError(f"{path}: not a folder")
    found: list[tuple[str, Path]] = []

    def onerror(exc: OSError) -> None:
        raise MaterialError(f"{exc.filename}: cannot read: {exc.strerror or exc}")

    for dirpath, _dirnames, filenames in os.walk(path, onerror=onerror, followlinks=False):
        for fname in filenames:
            full = Path(dirpath) / fname
            if stat.S_ISREG(full.lstat().st_mode):
                found.append((full.relative_to(path).as_posix(), full))
    found.sort(key=lambda item: item[0])
    return found


def parts_of_folder(path: Path, progress: Progress | None = None) -> list[Part]:
    """One part per regular file under the folder (empty files count).

    ``progress(done, total)`` is called after each file is hashed.
    """
    files = folder_files(path)
    if not files:
        raise MaterialError(f"{path}: folder has no files, nothing to register")
    parts = []
    for done, (rel, full) in enumerate(files, 1):
        parts.append(Part(rel, _sha256_file(full)))
        if progress is not None:
            progress(done, len(files))
    return parts


def table_row_bytes(cells: Sequence[str]) -> bytes:
    """``P_i`` of a table row: UTF-8 of the compact JSON array of its cells."""
    return json.dumps(list(cells), ensure_ascii=False, separators=(",", ":")).encode()


def parts_of_table(path: Path) -> list[Part]:
    """One part per data row of a CSV/XLSX table (the header is not a part)."""
    from baomi.extract.tables import TableError, read_table

    try:
        table = read_table(path)
    except TableError as exc:
        raise MaterialError(f"{path}: {exc}") from exc
    if not table.rows:
        raise MaterialError(f"{path}: table has a header but no data rows")
    return [
        Part(f"row {i + 1}", hashlib.sha256(table_row_bytes(row)).digest())
        for i, row in enumerate(table.rows)
    ]


def parts_of_text(text: str, name: str = "text") -> list[Part]:
    """One part: the text's UTF-8 bytes."""
    if not text:
        raise MaterialError("empty text, nothing to register")
    return [Part(name, hashlib.sha256(text.encode()).digest())]


def parts_of_path(path: Path, kind: str, progress: Progress | None = None) -> list[Part]:
    """Parts of ``path`` read as ``kind`` (``file``, ``folder``, ``table`` or ``text``)."""
    if kind == "file":
        return parts_of_file(path)
    if kind == "folder":
        return parts_of_folder(path, progress)
    if kind == "table":
        return parts_of_table(path)
    if kind == "text":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise MaterialError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        if not data:
            raise MaterialError(f"{path}: empty file, nothing to register")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MaterialError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        return [Part(path.name, hashlib.sha256(data).digest())]
    raise MaterialError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
