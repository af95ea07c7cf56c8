"""The on-disk fingerprint index of secret material (an index directory).

Layout of ``INDEX/``::

    meta.json      format, version, winnowing parameters, creation time
    key            32 random bytes: the per-index secret keying every fingerprint
    docs.sqlite    documents (origin, SHA-256, kind, sizes, flags) and their
                   extracted and normalised text (zlib-compressed, table ``texts``);
                   table ``files``: the SHA-256 of each top-level file as last indexed
    shards/        inverted index shards: ``NNNNNN.{hashes,docs,positions}.npy``,
                   each sorted by fingerprint; looked up with binary search on
                   memory-mapped arrays
    lock           held while building or removing

Building appends one shard per batch of postings, so the index grows
incrementally; shards are merged when there are many. 100k documents of a few
kilobytes make ~10M postings (16 bytes each), which fit in memory-mapped arrays.

**Plaintext.** Fingerprints are keyed BLAKE2b values: the ``shards`` reveal
nothing without ``key``. The extracted text of the secrets *is* kept, in
``docs.sqlite`` (table ``texts``), because the scan must report
``secret_text`` passages with spans into the text exactly as it was indexed:
re-reading the original path at scan time would break when the file moves,
changes or needs the (version-dependent) extractor to reproduce identical
text. The index directory is therefore as confidential as the secret
material itself and belongs next to it. To share fingerprints only (e.g. with
the regional base), copy ``meta.json`` and ``shards/`` and a ``docs.sqlite``
with the ``texts`` table emptied: such an index still finds candidates and
reports scores, but no passages.

**Removal.** :meth:`IndexWriter.remove` takes a document out: its row stays in
``docs`` with ``active = 0`` (like a replaced version of a changed file), so
readers skip its postings and it no longer counts towards the common-text
threshold, and its texts (and those of its earlier versions) are deleted from
``texts`` with SQLite's ``secure_delete`` on, so the freed pages are zeroed.
Its keyed postings stay in the shards until they are merged or
:meth:`IndexWriter.compact` rewrites them; merging drops postings of inactive
documents.

**A changed file.** :meth:`IndexWriter.add` replaces a document whose origin comes
again with other content. :meth:`IndexWriter.replace_file` completes that for a
top-level file indexed again with other content (another SHA-256 than the one in
``files``): its documents, and those of its archive or mail members, that the new
version no longer produces (a member taken out of the archive, a file that now
extracts to nothing or fails) are taken out as :meth:`IndexWriter.remove` does.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import secrets
import sqlite3
import zlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from baomi.fingerprint.winnow import WinnowParams

FORMAT = "baomi-fingerprint-index"
VERSION = 1
_SHARD_POSTINGS = 4_000_000
_MAX_SHARDS = 12

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    mode TEXT NOT NULL,
    chars INTEGER NOT NULL,
    norm_chars INTEGER NOT NULL,
    fingerprints INTEGER NOT NULL,
    template INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    added TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_origin ON docs(origin);
CREATE TABLE IF NOT EXISTS texts (doc INTEGER PRIMARY KEY, body BLOB NOT NULL, norm BLOB);
CREATE TABLE IF NOT EXISTS files (
    origin TEXT NOT NULL,
    template INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (origin, template)
);
"""


class IndexUnreadable(Exception):
    """The directory is not a readable Baomi fingerprint index; ``str()`` says why."""


@dataclass(frozen=True)
class PreparedDoc:
    """One document ready to be added: its text and its winnowed fingerprints."""

    origin: str
    sha256: str
    kind: str
    mode: str
    text: str
    norm_text: str
    hashes: npt.NDArray[np.int64]
    positions: npt.NDArray[np.int64]
    template: bool = False


@dataclass(frozen=True)
class DocInfo:
    """What the index knows about one document."""

    id: int
    origin: str
    sha256: str
    kind: str
    mode: str
    chars: int
    norm_chars: int
    template: bool


@dataclass(frozen=True)
class Postings:
    """Lookup result: for each hit, the query index, the document and the position."""

    query: npt.NDArray[np.int64]
    docs: npt.NDArray[np.int64]
    positions: npt.NDArray[np.int64]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def create_or_open(directory: Path | str, params: WinnowParams | None = None) -> WinnowParams:
    """Create the index directory if needed; return its winnowing parameters."""
    directory = Path(directory)
    meta_path = directory / "meta.json"
    if meta_path.exists():
        return read_meta(directory)
    if directory.exists() and any(directory.iterdir()):
        raise IndexUnreadable(f"{directory}: exists and is not a Baomi fingerprint index")
    params = params or WinnowParams()
    (directory / "shards").mkdir(parents=True, exist_ok=True)
    key_path = directory / "key"
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(32))
    meta = {"format": FORMAT, "version": VERSION, "k": params.k, "t": params.t, "created": _now()}
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return params


def read_meta(directory: Path) -> WinnowParams:
    """Validate ``meta.json`` and return the index's winnowing parameters."""
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexUnreadable(
            f"{directory}: not a Baomi fingerprint index (no meta.json)"
        ) from None
    except (OSError, ValueError) as exc:
        raise IndexUnreadable(f"{directory}: unreadable meta.json ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexUnreadable(f"{directory}: not a Baomi fingerprint index (wrong format)")
    if meta.get("version") != VERSION:
        raise IndexUnreadable(f"{directory}: unsupported index version {meta.get('version')}")
    return WinnowParams(k=int(meta["k"]), t=int(meta["t"]))


def read_key(directory: Path) -> bytes:
    """The per-index secret key."""
    try:
        key = (directory / "key").read_bytes()
    except OSError as exc:
        raise IndexUnreadable(f"{directory}: cannot read the index key ({exc.strerror})") from None
    if len(key) != 32:
        raise IndexUnreadable(f"{directory}: the index key is damaged")
    return key


def _connect(directory: Path) -> sqlite3.Connection:
    db = sqlite3.connect(directory / "docs.sqlite", timeout=60)
    db.execute("PRAGMA synchronous = NORMAL")
    # Pages freed by deleting texts are zeroed, not left readable in the file.
    db.execute("PRAGMA secure_delete = ON")
    db.executescript(_SCHEMA)
    return db


def _members_clause(origin: str) -> tuple[str, list[object]]:
    """SQL condition (and its arguments) for the origin ``origin!…`` of a member.

    A range on ``origin`` rather than a prefix function, so the index on the
    column serves it: with SQLite's binary collation (UTF-8 byte order) exactly
    the strings starting with ``origin + "!"`` sort between it and
    ``origin + '"'`` (the next character), and ``a.zip.bak`` or ``a.zip2!x``
    do not.
    """
    return "(origin >= ? AND origin < ?)", [origin + "!", origin + '"']


class IndexWriter:
    """Adds prepared documents to an index; use :func:`open_writer`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.params = read_meta(directory)
        self.key = read_key(directory)
        self.db = _connect(directory)
        self.added = 0
        self.skipped = 0
        self.removed = 0
        self._buffer: list[tuple[npt.NDArray[np.int64], int, npt.NDArray[np.int64]]] = []
        self._buffered = 0

    def add(self, doc: PreparedDoc) -> bool:
        """Add one document; returns False when the same origin and content are present."""
        rows = self.db.execute(
            "SELECT id, sha256 FROM docs WHERE origin = ? AND active = 1 AND template = ?",
            (doc.origin, int(doc.template)),
        ).fetchall()
        if any(sha == doc.sha256 for _, sha in rows):
            self.skipped += 1
            return False
        for old_id, _ in rows:  # a changed file replaces its previous version
            self.db.execute("UPDATE docs SET active = 0 WHERE id = ?", (old_id,))
        cursor = self.db.execute(
            "INSERT INTO docs (origin, sha256, kind, mode, chars, norm_chars, fingerprints,"
            " template, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.origin,
                doc.sha256,
                doc.kind,
                doc.mode,
                len(doc.text),
                len(doc.norm_text),
                len(doc.hashes),
                int(doc.template),
                _now(),
            ),
        )
        doc_id = int(cursor.lastrowid or 0)
        if not doc.template:
            body = zlib.compress(doc.text.encode("utf-8"), 6)
            norm = zlib.compress(doc.norm_text.encode("utf-8"), 6)
            self.db.execute(
                "INSERT INTO texts (doc, body, norm) VALUES (?, ?, ?)", (doc_id, body, norm)
            )
        self._buffer.append((doc.hashes, doc_id, doc.positions))
        self._buffered += len(doc.hashes)
        self.added += 1
        if self._buffered >= _SHARD_POSTINGS:
            self.flush()
        return True

    def remove(self, origin: str, *, members: bool = True, template: bool = False) -> int:
        """Take the documents of ``origin`` out of the index; returns how many were active.

        With ``members`` the documents extracted from it go too (``origin!member…``, the
        members of an archive or a mail). The documents are marked inactive, so no lookup
        returns them and they no longer count as indexed secrets; their stored texts, and
        those of their earlier versions, are deleted (``secure_delete``: the freed pages
        are overwritten). ``template`` selects template documents instead of secrets.
        Adding the same file again afterwards indexes it anew. Committed at once.
        """
        self.flush()  # documents added before are committed with their postings first
        clause = "origin = ?"
        args: list[object] = [origin]
        if members:
            under, under_args = _members_clause(origin)
            clause, args = f"(origin = ? OR {under})", [origin, *under_args]
        where, args = f"{clause} AND template = ?", [*args, int(template)]
        removed = self._take_out(where, args)
        self.db.execute(f"DELETE FROM files WHERE {where}", args)  # noqa: S608
        self.db.commit()
        self.removed += removed
        return removed

    def replace_file(
        self, origin: str, *, sha256: str, produced: Collection[str], template: bool = False
    ) -> int:
        """Record that the top-level file ``origin`` now has content ``sha256`` and gave
        the documents ``produced`` (added before with :meth:`add`); returns how many
        documents were taken out.

        When the content differs from the one recorded when the file was last indexed
        (or none is recorded), the active documents of the file and of its members
        (``origin!…``) that the new version no longer produces are taken out as
        :meth:`remove` does: a member removed from the archive or the mail, a document
        that now extracts to nothing or fails. Origins belonging to another top-level
        file whose own name starts with ``origin!`` are left alone. An unchanged file
        keeps all its documents, even one that failed this time (a time-out on a busy
        machine must not drop material). ``template`` selects templates instead of
        secrets. Committed with the next :meth:`flush`, together with the new version.
        """
        flag = int(template)
        row = self.db.execute(
            "SELECT sha256 FROM files WHERE origin = ? AND template = ?", (origin, flag)
        ).fetchone()
        self.db.execute(
            "INSERT OR REPLACE INTO files (origin, template, sha256) VALUES (?, ?, ?)",
            (origin, flag, sha256),
        )
        if row is not None and row[0] == sha256:
            return 0
        under, under_args = _members_clause(origin)
        held = self.db.execute(
            f"SELECT DISTINCT origin FROM docs WHERE active = 1 AND template = ?"  # noqa: S608
            f" AND (origin = ? OR {under})",
            [flag, origin, *under_args],
        ).fetchall()
        others = [
            r[0]
            for r in self.db.execute(
                f"SELECT origin FROM files WHERE template = ? AND {under}",  # noqa: S608
                [flag, *under_args],
            )
        ]
        taken = 0
        for (gone,) in held:
            if gone in produced or any(gone == o or gone.startswith(o + "!") for o in others):
                continue
            taken += self._take_out("origin = ? AND template = ?", [gone, flag])
        self.removed += taken
        return taken

    def _take_out(self, where: str, args: Sequence[object]) -> int:
        """Mark the documents ``where`` inactive and delete their texts; returns how
        many were active. Not committed: callers commit with the rest of their work."""
        removed = self.db.execute(
            f"UPDATE docs SET active = 0 WHERE {where} AND active = 1",  # noqa: S608
            args,
        ).rowcount
        self.db.execute(
            f"DELETE FROM texts WHERE doc IN (SELECT id FROM docs WHERE {where})",  # noqa: S608
            args,
        )
        return removed

    def origins(self, *, template: bool = False) -> list[str]:
        """The origins of the documents still held: active ones, and replaced versions
        whose text is still stored (what :meth:`remove` can take out), sorted."""
        rows = self.db.execute(
            "SELECT DISTINCT origin FROM docs WHERE template = ?"
            " AND (active = 1 OR id IN (SELECT doc FROM texts)) ORDER BY origin",
            (int(template),),
        ).fetchall()
        return [r[0] for r in rows]

    def active_secrets(self) -> int:
        """How many secret (non-template) documents are active."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM docs WHERE active = 1 AND template = 0"
            ).fetchone()[0]
        )

    def compact(self) -> None:
        """Rewrite the shards as one, without the postings of inactive documents
        (removed ones and replaced versions): their keyed fingerprints leave the disk."""
        self.flush()
        shards = self.directory / "shards"
        names = _shard_names(shards)
        if names:
            _merge_shards(shards, names, drop=self._inactive_ids())

    def _inactive_ids(self) -> npt.NDArray[np.int64]:
        rows = self.db.execute("SELECT id FROM docs WHERE active = 0").fetchall()
        return np.asarray(sorted(r[0] for r in rows), dtype=np.int64)

    def flush(self) -> None:
        """Write buffered postings as a new shard and commit the documents."""
        if self._buffer:
            hashes = np.concatenate([h for h, _, _ in self._buffer])
            docs = np.concatenate([np.full(len(h), d, dtype=np.int64) for h, d, _ in self._buffer])
            positions = np.concatenate([p for _, _, p in self._buffer])
            _write_shard(self.directory / "shards", hashes, docs, positions)
            self._buffer.clear()
            self._buffered = 0
        self.db.commit()

    def close(self) -> None:
        """Flush, merge shards when there are many, and close the database."""
        self.flush()
        shards = _shard_names(self.directory / "shards")
        if len(shards) > _MAX_SHARDS:
            _merge_shards(self.directory / "shards", shards, drop=self._inactive_ids())
        self.db.close()


@contextmanager
def open_writer(directory: Path | str, params: WinnowParams | None = None) -> Iterator[IndexWriter]:
    """Create (if needed) and lock an index for adding or removing documents."""
    directory = Path(directory)
    create_or_open(directory, params)
    with open(directory / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        writer = IndexWriter(directory)
        try:
            yield writer
        finally:
            writer.close()


def _shard_names(shards: Path) -> list[str]:
    return sorted(p.name[: -len(".hashes.npy")] for p in shards.glob("*.hashes.npy"))


def _write_shard(
    shards: Path,
    hashes: npt.NDArray[np.int64],
    docs: npt.NDArray[np.int64],
    positions: npt.NDArray[np.int64],
) -> None:
    order = np.argsort(hashes, kind="stable")
    existing = _shard_names(shards)
    name = f"{(int(existing[-1]) + 1) if existing else 0:06d}"
    # Write under temporary names and rename the hashes file last: a reader
    # only sees a shard once all three arrays are complete.
    for suffix, array, dtype in (
        ("docs", docs, np.uint32),
        ("positions", positions, np.uint32),
        ("hashes", hashes, np.int64),
    ):
        tmp = shards / f".{name}.{suffix}.tmp.npy"
        np.save(tmp, array[order].astype(dtype))
        os.replace(tmp, shards / f"{name}.{suffix}.npy")


def _merge_shards(
    shards: Path, names: list[str], drop: npt.NDArray[np.int64] | None = None
) -> None:
    """Merge ``names`` into one new shard, leaving out the postings of documents ``drop``."""
    parts = [_load_shard(shards, n, mmap=False) for n in names]
    hashes = np.concatenate([p[0] for p in parts])
    docs = np.concatenate([p[1] for p in parts]).astype(np.int64)
    positions = np.concatenate([p[2] for p in parts]).astype(np.int64)
    if drop is not None and len(drop):
        keep = ~np.isin(docs, drop)
        hashes, docs, positions = hashes[keep], docs[keep], positions[keep]
    if len(hashes):
        _write_shard(shards, hashes, docs, positions)
    for name in names:
        for suffix in ("hashes", "docs", "positions"):
            (shards / f"{name}.{suffix}.npy").unlink()


def _load_shard(
    shards: Path, name: str, mmap: bool = True
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    mode: Literal["r"] | None = "r" if mmap else None
    return (
        np.load(shards / f"{name}.hashes.npy", mmap_mode=mode),
        np.load(shards / f"{name}.docs.npy", mmap_mode=mode),
        np.load(shards / f"{name}.positions.npy", mmap_mode=mode),
    )


class IndexReader:
    """Read access to an index: lookups, document information and texts."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise IndexUnreadable(f"{directory}: no such index directory")
        self.params = read_meta(self.directory)
        self.key = read_key(self.directory)
        try:
            self.db = sqlite3.connect(
                f"file:{self.directory / 'docs.sqlite'}?mode=ro",
                uri=True,
                timeout=60,
                check_same_thread=False,
            )
            rows = self.db.execute(
                "SELECT id, origin, sha256, kind, mode, chars, norm_chars, template, active"
                " FROM docs"
            ).fetchall()
        except sqlite3.Error as exc:
            raise IndexUnreadable(f"{directory}: unreadable docs.sqlite ({exc})") from None
        self.docs = {
            r[0]: DocInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
            for r in rows
            if r[8]
        }
        self.active_secrets = sum(1 for d in self.docs.values() if not d.template)
        #: Active template (base corpus) documents, sorted.
        self.templates = np.asarray(
            sorted(d.id for d in self.docs.values() if d.template), dtype=np.int64
        )
        self._inactive = np.asarray(sorted(r[0] for r in rows if not r[8]), dtype=np.int64)
        self.shards = [
            _load_shard(self.directory / "shards", n)
            for n in _shard_names(self.directory / "shards")
        ]

    def lookup(self, hashes: npt.NDArray[np.int64]) -> Postings:
        """All postings of the given fingerprints (of active documents)."""
        queries, docs, positions = [], [], []
        for shard_hashes, shard_docs, shard_positions in self.shards:
            left = np.searchsorted(shard_hashes, hashes, side="left")
            right = np.searchsorted(shard_hashes, hashes, side="right")
            counts = right - left
            hit = np.nonzero(counts)[0]
            if not len(hit):
                continue
            # Rows left[i] .. right[i] - 1 of every hit i, in one vector.
            hit_counts = counts[hit]
            ends = np.cumsum(hit_counts)
            idx = np.arange(ends[-1]) - np.repeat(ends - hit_counts - left[hit], hit_counts)
            queries.append(np.repeat(hit, hit_counts))
            docs.append(np.asarray(shard_docs[idx], dtype=np.int64))
            positions.append(np.asarray(shard_positions[idx], dtype=np.int64))
        if not queries:
            empty = np.zeros(0, dtype=np.int64)
            return Postings(empty, empty, empty)
        query = np.concatenate(queries).astype(np.int64)
        doc = np.concatenate(docs)
        position = np.concatenate(positions)
        if not len(self._inactive):
            return Postings(query, doc, position)
        active = ~np.isin(doc, self._inactive)  # replaced versions of changed files
        return Postings(query[active], doc[active], position[active])

    def text(self, doc_id: int) -> str | None:
        """The extracted text of a secret document as indexed (None if not kept)."""
        row = self.db.execute("SELECT body FROM texts WHERE doc = ?", (doc_id,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else None

    def norm_text(self, doc_id: int) -> str | None:
        """The normalised text of a secret document as fingerprinted (None if not kept)."""
        try:
            row = self.db.execute("SELECT norm FROM texts WHERE doc = ?", (doc_id,)).fetchone()
        except sqlite3.OperationalError:  # an index written before the column existed
            return None
        return zlib.decompress(row[0]).decode("utf-8") if row and row[0] else None

    def close(self) -> None:
        """Release the database connection."""
        self.db.close()
