"""The durable, append-only evidence log (one SQLite file, WAL, ``synchronous=FULL``).

One batch of entries is one transaction: the entries, every perfect subtree
node they complete, and the batch's signed checkpoint are committed together
with a single fsync of the write-ahead log. A crash therefore leaves either the
whole batch with its checkpoint or nothing of it; nothing is acknowledged
before the commit returns. Entries and nodes are never updated (triggers
refuse it); a checkpoint row is never changed either, its witness
cosignatures and time-stamp live in their own tables. ``BEGIN IMMEDIATE``
serialises appends from several processes (web workers, the CLI).
See ``docs/ledger.md`` for the reasoning.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from baomi.ledger import merkle
from baomi.ledger.note import Checkpoint, NoteError, Signer, parse_checkpoint, parse_note

LEVEL_SHIFT = 1 << 48  # node id = level * LEVEL_SHIFT + index

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cosignatures (
    size INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY (size, line));
CREATE TABLE IF NOT EXISTS timestamps (size INTEGER PRIMARY KEY, token BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS nodes_no_update BEFORE UPDATE ON nodes
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS nodes_no_delete BEFORE DELETE ON nodes
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints
    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
"""


class LedgerError(Exception):
    """The log cannot do what was asked (bad index or size, corrupt store)."""


def node_id(level: int, index: int) -> int:
    """The row id of the perfect subtree node at ``level`` and ``index``."""
    return level * LEVEL_SHIFT + index


@dataclass(frozen=True)
class Batch:
    """The outcome of one appended batch."""

    first_index: int
    size: int  # tree size after the batch
    checkpoint: str  # the signed checkpoint note of that size
    nodes: dict[int, bytes]  # the right-edge and new nodes, for fast proofs


class EvidenceLog:
    """An append-only RFC 9162 log of entries in one SQLite file."""

    def __init__(self, path: Path, signer: Signer, *, busy_timeout_ms: int = 60_000) -> None:
        """Open (and create if needed) the log at ``path``; ``signer.name`` is the origin."""
        self.path = path
        self.signer = signer
        self.origin = signer.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        self.db.executescript(SCHEMA)
        if self.size() == 0 and self.checkpoint_at(0) is None:
            self.append_batch([])
        self._check_key()

    def _check_key(self) -> None:
        """Refuse to extend a log whose latest checkpoint another key signed.

        A log's key is bound to its origin; a new key means a new log (see the
        key rotation steps in docs/ledger.md), never a continuation of this one.
        """
        from baomi.ledger.note import verify_note_signature

        note_text = self.checkpoint_at(self.size())
        try:
            note = parse_note(note_text or "")
            origin = parse_checkpoint(note.text).origin
            if origin != self.origin:
                raise NoteError(f"its origin is {origin!r}, the key's name is {self.origin!r}")
            verify_note_signature(note, self.signer.verifier_key)
        except NoteError as exc:
            self.db.close()
            raise LedgerError(f"{self.path}: this log was not signed with this key: {exc}") from exc

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    # --- reads -------------------------------------------------------------

    def size(self) -> int:
        """The number of entries (the latest checkpoint's tree size)."""
        row = self.db.execute("SELECT MAX(size) FROM checkpoints").fetchone()
        return int(row[0]) if row[0] is not None else 0

    def entry(self, index: int) -> bytes:
        """The bytes of entry ``index``."""
        row = self.db.execute("SELECT data FROM entries WHERE idx = ?", (index,)).fetchone()
        if row is None or index >= self.size():
            raise LedgerError(f"index {index} is beyond the tree size {self.size()}")
        return bytes(row[0])

    def checkpoint_at(self, size: int) -> str | None:
        """The signed checkpoint of ``size`` with its cosignatures, if one was made."""
        row = self.db.execute("SELECT note FROM checkpoints WHERE size = ?", (size,)).fetchone()
        if row is None:
            return None
        lines = [
            r[0]
            for r in self.db.execute(
                "SELECT line FROM cosignatures WHERE size = ? ORDER BY line", (size,)
            )
        ]
        return str(row[0]) + "".join(lines)

    def latest_checkpoint(self) -> str:
        """The latest signed checkpoint note, with its cosignatures."""
        note = self.checkpoint_at(self.size())
        if note is None:
            raise LedgerError("the log has no checkpoint")
        return note

    def checkpoint_sizes(self) -> list[int]:
        """Sizes of all stored checkpoints, ascending."""
        return [r[0] for r in self.db.execute("SELECT size FROM checkpoints ORDER BY size")]

    def timestamp_at(self, size: int) -> bytes | None:
        """The RFC 3161 response stored for the checkpoint of ``size``, if any."""
        row = self.db.execute("SELECT token FROM timestamps WHERE size = ?", (size,)).fetchone()
        return bytes(row[0]) if row else None

    def _perfect(self, cache: dict[int, bytes] | None = None) -> Callable[[int, int], bytes]:
        def perfect(level: int, index: int) -> bytes:
            nid = node_id(level, index)
            if cache is not None and nid in cache:
                return cache[nid]
            row = self.db.execute("SELECT hash FROM nodes WHERE id = ?", (nid,)).fetchone()
            if row is None:
                raise LedgerError(f"missing tree node {level}/{index}")
            return bytes(row[0])

        return perfect

    def subtree(self, cache: dict[int, bytes] | None = None) -> merkle.SubtreeHash:
        """A ``subtree(start, end)`` callable backed by the stored nodes."""
        perfect = self._perfect(cache)
        memo: dict[tuple[int, int], bytes] = {}

        def subtree(start: int, end: int) -> bytes:
            key = (start, end)
            if key not in memo:
                memo[key] = merkle.range_hash(start, end, perfect)
            return memo[key]

        return subtree

    def inclusion_proof(
        self, index: int, size: int | None = None, cache: dict[int, bytes] | None = None
    ) -> list[bytes]:
        """Audit path of entry ``index`` in the tree of ``size`` (default: the latest)."""
        size = self.size() if size is None else size
        if not 0 <= index < size or size > self.size():
            raise LedgerError(f"index {index} is beyond the tree size {size}")
        return merkle.inclusion_proof(index, size, self.subtree(cache))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """RFC 9162 consistency proof between two sizes (default new size: the latest)."""
        latest = self.size()
        new_size = latest if new_size is None else new_size
        if new_size > latest:
            raise LedgerError(f"size {new_size} is beyond the tree size {latest}")
        if not 0 <= old_size <= new_size:
            raise LedgerError(f"old size {old_size} is not between 0 and {new_size}")
        return merkle.consistency_proof(old_size, new_size, self.subtree())

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the tree of ``size`` (default: the latest)."""
        size = self.size() if size is None else size
        if size == 0:
            return merkle.EMPTY_ROOT
        return self.subtree()(0, size)

    # --- writes ------------------------------------------------------------

    def append_batch(self, entries: Sequence[bytes]) -> Batch:
        """Append ``entries`` in one transaction with one new signed checkpoint."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT MAX(size) FROM checkpoints").fetchone()
            size = int(row[0]) if row[0] is not None else 0
            if row[0] is not None and not entries:
                db.execute("ROLLBACK")
                return Batch(size, size, self.latest_checkpoint(), {})
            levels = merkle.compact_levels(size)
            perfect = self._perfect()
            cache = {node_id(lv, ix): perfect(lv, ix) for lv, ix in levels}
            compact = merkle.CompactRange(size, [cache[node_id(lv, ix)] for lv, ix in levels])
            node_rows: list[tuple[int, bytes]] = []
            for data in entries:
                for level, index, h in compact.append(merkle.leaf_hash(data)):
                    nid = level * LEVEL_SHIFT + index
                    node_rows.append((nid, h))
                    cache[nid] = h
            db.executemany(
                "INSERT INTO entries (idx, data) VALUES (?, ?)",
                ((size + i, data) for i, data in enumerate(entries)),
            )
            db.executemany("INSERT INTO nodes (id, hash) VALUES (?, ?)", node_rows)
            body = Checkpoint(self.origin, compact.size, compact.root()).body()
            note = body + "\n" + self.signer.sign_line(body)
            db.execute("INSERT INTO checkpoints (size, note) VALUES (?, ?)", (compact.size, note))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return Batch(size, compact.size, note, cache)

    def cosigned_sizes(self) -> list[tuple[int, str]]:
        """``(size, cosignature line)`` pairs stored, largest size first."""
        rows = self.db.execute("SELECT size, line FROM cosignatures ORDER BY size DESC")
        return [(int(r[0]), str(r[1])) for r in rows]

    def add_cosignature(self, size: int, line: str) -> None:
        """Store a witness cosignature line for the checkpoint of ``size``."""
        self.db.execute(
            "INSERT OR IGNORE INTO cosignatures (size, line) VALUES (?, ?)", (size, line)
        )

    def add_timestamp(self, size: int, token: bytes) -> None:
        """Store an RFC 3161 response for the checkpoint of ``size``."""
        self.db.execute(
            "INSERT OR IGNORE INTO timestamps (size, token) VALUES (?, ?)", (size, token)
        )

    # --- self-check --------------------------------------------------------

    def check(self) -> None:
        """Check the latest checkpoint: signature, and root = the stored tree's root.

        Raises :class:`LedgerError` if the store is inconsistent. O(log n).
        """
        size = self.size()
        note_text = self.checkpoint_at(size)
        if note_text is None:
            raise LedgerError("no checkpoint for the current size")
        try:
            from baomi.ledger.note import verify_note_signature

            note = parse_note(note_text)
            verify_note_signature(note, self.signer.verifier_key)
            checkpoint = parse_checkpoint(note.text)
        except NoteError as exc:
            raise LedgerError(f"latest checkpoint: {exc}") from exc
        count = self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        if count != size:
            raise LedgerError(f"{count} entries stored but the checkpoint says {size}")
        if checkpoint.root != self.root(size):
            raise LedgerError("the latest checkpoint's root differs from the stored tree")
