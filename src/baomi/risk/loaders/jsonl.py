"""Loader for the project's own JSON Lines activity layout (see docs/risk.md).

A source directory holds ``events*.jsonl`` files (optionally gzipped, at the
top or under ``events/``), and optionally ``users.csv`` and an HR table
(``hr.csv`` or ``hr.xlsx``). One event per line, e.g.::

    {"time": "2025-03-02T21:14:03+08:00", "user": "zhang.wei", "kind": "file_copy",
     "pc": "PC-0042", "target": "报价单.xlsx", "destination": "removable", "size": 48213}
    {"time": "...", "user": "...", "kind": "mail_send", "from": "a@corp.cn",
     "to": ["x@qq.com"], "cc": [], "bcc": [], "attachments": 3, "size": 5242880}
    {"time": "...", "user": "...", "kind": "http_upload", "url": "https://pan.baidu.com/upload"}
    {"time": "...", "user": "...", "kind": "request", "url": "http://oa.corp.local/1", "count": 9}
    {"time": "...", "user": "...", "kind": "print", "target": "图纸.pdf", "pages": 40}

``time`` is ISO 8601; without an offset it is read in the organisation's time
zone. Unknown fields are ignored; lines that are not JSON, lack ``time``,
``user`` or a known ``kind`` are counted as malformed.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from baomi.risk.loaders.classify import (
    file_type_sql,
    host_sql,
    mail_category_sql,
    mail_domains_sql,
    url_category_sql,
)
from baomi.risk.loaders.common import FileReport, LoadError, Progress, count_data_lines
from baomi.risk.schema import Category, Classifier, EventKind
from baomi.risk.store import RiskStore, sql_str

JSONL_FIELDS: dict[str, str] = {
    "time": "VARCHAR",
    "user": "VARCHAR",
    "kind": "VARCHAR",
    "pc": "VARCHAR",
    "target": "VARCHAR",
    "url": "VARCHAR",
    "path": "VARCHAR",
    "system": "VARCHAR",
    "destination": "VARCHAR",
    "category": "VARCHAR",
    "from": "VARCHAR",
    "to": "JSON",
    "cc": "JSON",
    "bcc": "JSON",
    "attachments": "VARCHAR",
    "pages": "VARCHAR",
    "count": "VARCHAR",
    "size": "VARCHAR",
}

FILE_KINDS = (EventKind.FILE_COPY, EventKind.FILE_WRITE, EventKind.FILE_OPEN, EventKind.FILE_DELETE)
WEB_KINDS = (EventKind.HTTP_VISIT, EventKind.HTTP_UPLOAD)


def event_files(source: Path) -> list[Path]:
    """The JSON Lines event files of a source directory (or the file itself)."""
    if source.is_file():
        return [source]
    patterns = ("events*.jsonl", "events*.jsonl.gz", "events/*.jsonl", "events/*.jsonl.gz")
    return sorted({p for pattern in patterns for p in source.glob(pattern)})


def _recipients(field: str) -> str:
    """SQL: a JSON array or string of addresses as one ``;``-joined string."""
    return (
        f"CASE WHEN json_type({field}) = 'ARRAY' "
        f"THEN array_to_string(CAST(json_extract_string({field}, '$[*]') AS VARCHAR[]), ';') "
        f"ELSE coalesce(json_extract_string({field}, '$'), '') END"
    )


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(sql_str(str(v)) for v in values) + ")"


def _inner_select() -> str:
    """First pass: normalised kind, target, declared category, counts; once per line."""
    kind = "lower(trim(kind))"
    to_field = '"to"'
    recipients = (
        f"concat_ws(';', nullif({_recipients(to_field)}, ''), nullif({_recipients('cc')}, ''), "
        f"nullif({_recipients('bcc')}, ''))"
    )
    web_target = (
        "coalesce(nullif(url, ''), nullif(target, ''), nullif(system, ''), nullif(path, ''), '')"
    )
    plain_target = "coalesce(nullif(target, ''), nullif(path, ''), nullif(url, ''), '')"
    categories = _in(tuple(str(c) for c in Category if c))
    declared = "lower(coalesce(destination, category, ''))"
    number = "coalesce(try_cast({} AS BIGINT), {})"
    mail, printed = (f"'{k}'" for k in (EventKind.MAIL_SEND, EventKind.PRINT))
    return f"""
        timezone('UTC', TRY_CAST(time AS TIMESTAMPTZ)) AS ts,
        trim(coalesce(user, '')) AS user,
        CASE WHEN {kind} IN {_in(tuple(EventKind))} THEN {kind} END AS kind,
        coalesce(pc, '') AS pc,
        CASE WHEN {kind} = {mail} THEN {recipients}
             WHEN {kind} IN {_in((*WEB_KINDS, EventKind.REQUEST))} THEN {web_target}
             ELSE {plain_target} END AS target,
        CASE WHEN {declared} IN {categories} THEN {declared} END AS declared,
        CAST(CASE WHEN {kind} = {mail} THEN {number.format("attachments", 0)}
             WHEN {kind} = {printed} THEN {number.format("pages", number.format("count", 1))}
             ELSE {number.format("count", 1)} END AS INTEGER) AS n,
        {number.format("size", 0)} AS size,
        coalesce("from", '') AS sender
    """


def _middle_select() -> str:
    """Second pass: host of web targets and recipient domains of mail, once per line."""
    web = _in((*WEB_KINDS, EventKind.REQUEST))
    return (
        f"*, CASE WHEN kind IN {web} THEN {host_sql('target')} END AS host, "
        f"CASE WHEN kind = '{EventKind.MAIL_SEND}' THEN {mail_domains_sql('target')} END AS domains"
    )


def _outer_select(clf: Classifier, org_domains: list[str]) -> str:
    """Last pass: the category and file type from the normalised columns."""
    file_kinds = _in((*FILE_KINDS, EventKind.PRINT))
    devices = _in((EventKind.DEVICE_CONNECT, EventKind.DEVICE_DISCONNECT))
    web_category = url_category_sql("host", clf)
    mail_category = mail_category_sql("domains", clf, org_domains)
    return f"""
        ts, user, kind, pc, target,
        CASE WHEN kind IN {file_kinds} THEN coalesce(declared, '{Category.LOCAL}')
             WHEN kind IN {devices} THEN '{Category.REMOVABLE}'
             WHEN kind IN {_in(WEB_KINDS)} THEN coalesce(declared, {web_category})
             WHEN kind = '{EventKind.MAIL_SEND}' THEN {mail_category}
             WHEN kind = '{EventKind.REQUEST}' THEN '{Category.INTERNAL_SYSTEM}'
             ELSE '' END AS category,
        CASE WHEN kind IN {file_kinds} THEN {file_type_sql("target")} ELSE '' END AS file_type,
        n, size, sender
    """


def load_jsonl(
    source: Path,
    store: RiskStore,
    batch: str,
    *,
    timezone: str,
    clf: Classifier,
    org_domains: list[str],
    progress: Progress,
    out_dir: Path | None = None,
) -> list[FileReport]:
    """Load every JSON Lines event file of ``source`` into ``batch`` of ``store`` (its Parquet
    files go to ``out_dir``, by default the batch's event directory)."""
    files = event_files(source)
    if not files:
        raise LoadError(source, "no events*.jsonl files (project layout) found")
    columns = "{" + ", ".join(f"{sql_str(k)}: {sql_str(v)}" for k, v in JSONL_FIELDS.items()) + "}"
    inner, outer = _inner_select(), _outer_select(clf, org_domains)
    reports = []
    out_dir = out_dir or store.events_dir / batch
    with store.connection() as con:
        con.execute(f"SET TimeZone = {sql_str(timezone)}")
        for index, path in enumerate(files):
            progress(f"loading {path.name} ({index + 1}/{len(files)})")
            reader = (
                f"read_json({sql_str(path)}, format = 'newline_delimited', columns = {columns}, "
                f"ignore_errors = true, maximum_object_size = 16777216)"
            )
            # Two physical passes: normalised columns go to a scratch Parquet file
            # first, so the classification does not re-evaluate them per reference.
            scratch = store.root / "tmp" / f"jsonl-{index:05d}.parquet"
            first = (
                f"SELECT {_middle_select()} FROM (SELECT {inner} FROM {reader}) "  # noqa: S608
                f"WHERE ts IS NOT NULL AND user <> '' AND kind IS NOT NULL"
            )
            out = out_dir / f"jsonl-{index:05d}.parquet"
            try:
                con.execute(f"COPY ({first}) TO {sql_str(scratch)} (FORMAT parquet)")
                result = con.execute(
                    f"COPY (SELECT {outer} FROM read_parquet({sql_str(scratch)})) "  # noqa: S608
                    f"TO {sql_str(out)} (FORMAT parquet, COMPRESSION snappy)"
                ).fetchone()
            except duckdb.Error as exc:
                raise LoadError(path, f"unreadable JSON Lines: {str(exc).splitlines()[0]}") from exc
            finally:
                scratch.unlink(missing_ok=True)
            rows = int(result[0]) if result else 0
            total = count_data_lines(path, header=False)
            if rows == 0 and total > 0:
                raise LoadError(
                    path,
                    "no readable events (each line must be a JSON object with an ISO 8601 "
                    "time, a user and a known kind)",
                )
            reports.append(FileReport(path=str(path), rows=rows, malformed=max(0, total - rows)))
    return reports
