"""Columnar event store: Parquet files read and written through DuckDB.

Layout of one organisation's store (``root`` is e.g. ``$BAOMI_HOME/risk/<org>``)::

    root/events/<batch>/part-*.parquet   activity events (schema.EVENT_COLUMNS)
    root/users/<batch>.parquet           directory facts (schema.USER_COLUMNS)
    root/hr/<batch>.parquet              personnel facts (schema.HR_COLUMNS)
    root/meta.json                       ingested batches, time zone, counts

A *batch* is one ingested source; ingesting the same source again replaces its
batch, so repeated imports never double count. DuckDB streams CSV/JSON into
Parquet with a memory limit and spills to ``root/tmp``, so tens of millions of
events fit in bounded memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from baomi.risk.schema import EVENT_COLUMNS, HR_COLUMNS, USER_COLUMNS, Event

_ORG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

DEFAULT_MEMORY_LIMIT = "1GB"
DEFAULT_THREADS = 2
DEFAULT_TIMEZONE = "Asia/Shanghai"


class StoreError(ValueError):
    """The store is missing, empty or the organisation id is not valid."""


def arrow_schema(columns: dict[str, str]) -> pa.Schema:
    """The Arrow schema matching a DuckDB column map of :mod:`baomi.risk.schema`."""
    types = {
        "TIMESTAMP": pa.timestamp("us"),
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DATE": pa.date32(),
    }
    return pa.schema([(name, types[kind]) for name, kind in columns.items()])


def valid_org(org: str) -> str:
    """Return ``org`` if it is a usable organisation id, else raise :class:`StoreError`."""
    if not _ORG_RE.match(org) or ".." in org:
        raise StoreError(f"invalid organisation id {org!r} (letters, digits, '_', '-', '.')")
    return org


def sql_str(text: str | Path) -> str:
    """``text`` as a quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def batch_id(source: Path) -> str:
    """A stable batch id for an ingested source directory or file."""
    return hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]


@dataclass
class RiskStore:
    """One organisation's event store under ``root``."""

    root: Path
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int = DEFAULT_THREADS

    @classmethod
    def for_org(cls, base: Path, org: str, **kwargs: Any) -> RiskStore:
        """The store of organisation ``org`` under ``base`` (e.g. ``$BAOMI_HOME/risk``)."""
        return cls(root=Path(base) / valid_org(org), **kwargs)

    # -- paths ---------------------------------------------------------------
    @property
    def events_dir(self) -> Path:
        """Directory of event batches."""
        return self.root / "events"

    @property
    def meta_path(self) -> Path:
        """The store's metadata file."""
        return self.root / "meta.json"

    def events_glob(self) -> str:
        """Glob of every event Parquet file."""
        return str(self.events_dir / "*" / "*.parquet")

    def has_events(self) -> bool:
        """Whether any event has been stored."""
        return any(self.events_dir.glob("*/*.parquet"))

    # -- metadata ------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        """The metadata dictionary (empty when nothing was ingested)."""
        try:
            data = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_meta(self, meta: dict[str, Any]) -> None:
        """Replace the metadata atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True), "utf-8")
        tmp.replace(self.meta_path)

    @property
    def timezone(self) -> str:
        """The organisation's time zone (for working hours and days)."""
        return str(self.meta().get("timezone", DEFAULT_TIMEZONE))

    # -- connections ---------------------------------------------------------
    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection with bounded memory, spilling under ``root/tmp``."""
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(config={"threads": self.threads, "memory_limit": self.memory_limit})
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET temp_directory = ?", [str(tmp)])
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")
        return con

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Context manager around :meth:`connect`."""
        con = self.connect()
        try:
            yield con
        finally:
            con.close()

    # -- batches -------------------------------------------------------------
    def new_batch(self, batch: str) -> Path:
        """Clear and create the event directory of ``batch``; drop its users and HR facts."""
        path = self.events_dir / batch
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        for sub in ("users", "hr"):
            with contextlib.suppress(FileNotFoundError):
                (self.root / sub / f"{batch}.parquet").unlink()
        return path

    def staging_dir(self, batch: str) -> Path:
        """An empty directory where a new version of ``batch`` is loaded before it replaces
        the stored one (outside ``events/``, so readers never see half a batch)."""
        path = self.root / "staging" / batch
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def discard_staging(self, batch: str) -> None:
        """Drop a staged batch (the load failed; the stored batch stays as it was)."""
        shutil.rmtree(self.root / "staging" / batch, ignore_errors=True)

    def commit_batch(self, batch: str) -> None:
        """Replace ``batch`` by its staged version; its old users and HR facts are dropped."""
        self.new_batch(batch).rmdir()
        (self.root / "staging" / batch).rename(self.events_dir / batch)

    def write_table(self, sub: str, batch: str, table: pa.Table) -> None:
        """Write the users or HR table of ``batch``."""
        columns = {"users": USER_COLUMNS, "hr": HR_COLUMNS}[sub]
        target = self.root / sub / f"{batch}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.select(list(columns)).cast(arrow_schema(columns)), target)

    def append_events(self, batch: str, batches: Iterable[pa.RecordBatch | pa.Table]) -> int:
        """Stream Arrow batches of events (schema.EVENT_COLUMNS) into ``batch``; return rows."""
        schema = arrow_schema(EVENT_COLUMNS)
        path = self.events_dir / batch
        path.mkdir(parents=True, exist_ok=True)
        index = len(list(path.glob("*.parquet")))
        rows = 0
        with pq.ParquetWriter(path / f"part-{index:05d}.parquet", schema) as writer:
            for item in batches:
                table = pa.Table.from_batches([item]) if isinstance(item, pa.RecordBatch) else item
                table = table.select(list(EVENT_COLUMNS)).cast(schema)
                writer.write_table(table)
                rows += table.num_rows
        return rows

    def users_sql(self) -> str:
        """SQL relation of the directory (latest batch wins per user), or an empty one."""
        files = sorted((self.root / "users").glob("*.parquet"))
        cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in USER_COLUMNS.items())
        if not files:
            return f"(SELECT {cols} WHERE false)"
        names = ", ".join(sql_str(f) for f in files)
        keep = ", ".join(USER_COLUMNS)
        return (
            f"(SELECT {keep} FROM (SELECT *, row_number() OVER (PARTITION BY user "  # noqa: S608
            f"ORDER BY filename DESC) AS rn FROM read_parquet([{names}], filename = true)) "
            f"WHERE rn = 1)"
        )

    def hr_sql(self) -> str:
        """SQL relation of every stored personnel fact, or an empty one."""
        files = sorted((self.root / "hr").glob("*.parquet"))
        if not files:
            cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in HR_COLUMNS.items())
            return f"(SELECT {cols} WHERE false)"
        names = ", ".join(sql_str(f) for f in files)
        return f"read_parquet([{names}])"

    def events_sql(self) -> str:
        """SQL relation of every stored event."""
        if not self.has_events():
            raise StoreError(f"no events stored under {self.root}; run `baomi risk ingest` first")
        return f"read_parquet({sql_str(self.events_glob())})"


def events_table(events: Iterable[Event]) -> pa.Table:
    """Arrow table (schema.EVENT_COLUMNS, naive UTC times) of :class:`Event` objects.

    For callers that produce events in Python (an import form, an API) and store
    them with :meth:`RiskStore.append_events`.
    """
    rows = [
        {
            "ts": e.ts.astimezone(dt.UTC).replace(tzinfo=None),
            "user": e.user,
            "kind": str(e.kind),
            "pc": e.pc,
            "target": e.target,
            "category": str(e.category),
            "file_type": str(e.file_type),
            "n": e.n,
            "size": e.size,
            "sender": e.sender,
        }
        for e in events
    ]
    return pa.Table.from_pylist(rows, schema=arrow_schema(EVENT_COLUMNS))


def fixed_offset_seconds(timezone: str) -> int | None:
    """The UTC offset of ``timezone`` in seconds if it has been constant since 1992, else None.

    Asia/Shanghai is UTC+8 all year; for such zones the SQL shifts by a constant
    instead of a time-zone lookup per row, which matters on tens of millions of rows.
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offsets = {
        dt.datetime(year, month, 15, 12, tzinfo=zone).utcoffset()
        for year in range(1992, 2041)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        return None
    offset = offsets.pop()
    return int(offset.total_seconds()) if offset is not None else None


def utc_to_local_sql(column: str, timezone: str) -> str:
    """SQL: a naive UTC timestamp as naive local time in ``timezone``."""
    offset = fixed_offset_seconds(timezone)
    if offset is not None:
        return f"({column} + INTERVAL ({offset}) SECOND)"
    return f"timezone({sql_str(timezone)}, timezone('UTC', {column}))"


def local_to_utc_sql(column: str, timezone: str) -> str:
    """SQL: a naive local timestamp in ``timezone`` as naive UTC."""
    offset = fixed_offset_seconds(timezone)
    if offset is not None:
        return f"({column} - INTERVAL ({offset}) SECOND)"
    return f"timezone('UTC', timezone({sql_str(timezone)}, {column}))"
