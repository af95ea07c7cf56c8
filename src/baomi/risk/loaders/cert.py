"""Loader for the CMU CERT insider-threat dataset layout (release r4.2).

Files (each with a header row; ids in braces such as
``{X1D9-S0ES98JV-5357PWMI}``; dates ``MM/DD/YYYY HH:MM:SS`` in local time)::

    logon.csv         id,date,user,pc,activity                 (Logon / Logoff)
    device.csv        id,date,user,pc,activity                 (Connect / Disconnect)
    file.csv          id,date,user,pc,filename,content         (copy to removable media)
    http.csv          id,date,user,pc,url,content
    email.csv         id,date,user,pc,to,cc,bcc,from,size,attachments,content
    psychometric.csv  employee_name,user_id,O,C,E,A,N
    LDAP/YYYY-MM.csv  employee_name,user_id,email,role,business_unit,functional_unit,
                      department,team,supervisor

A user listed in one LDAP month and missing from a later one has left during
the month after the last one listing them; the last working day is the user's
last activity in that month. Every file but ``logon.csv`` is optional.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from baomi.extract.tables import TableError, read_table
from baomi.risk.loaders.classify import (
    file_type_sql,
    host_sql,
    mail_category_sql,
    mail_domains_sql,
    url_category_sql,
    url_kind_sql,
    user_sql,
)
from baomi.risk.loaders.common import (
    FileReport,
    LoadError,
    Progress,
    count_data_lines,
    read_header,
)
from baomi.risk.schema import Category, Classifier, EventKind, HrKind
from baomi.risk.store import RiskStore, local_to_utc_sql, sql_str, utc_to_local_sql

CERT_DATE_FORMAT = "%m/%d/%Y %H:%M:%S"

CERT_COLUMNS: dict[str, tuple[str, ...]] = {
    "logon.csv": ("id", "date", "user", "pc", "activity"),
    "device.csv": ("id", "date", "user", "pc", "activity"),
    "file.csv": ("id", "date", "user", "pc", "filename", "content"),
    "http.csv": ("id", "date", "user", "pc", "url", "content"),
    "email.csv": (
        "id",
        "date",
        "user",
        "pc",
        "to",
        "cc",
        "bcc",
        "from",
        "size",
        "attachments",
        "content",
    ),
}
OPTIONAL_COLUMNS = {"content"}
COLUMN_ALIASES = {"attachment_count": "attachments"}
LDAP_COLUMNS = (
    "employee_name",
    "user_id",
    "email",
    "role",
    "business_unit",
    "functional_unit",
    "department",
    "team",
    "supervisor",
)
PSYCHOMETRIC_COLUMNS = ("employee_name", "user_id", "o", "c", "e", "a", "n")
_MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")


def _columns(path: Path, expected: tuple[str, ...]) -> tuple[list[str], bool]:
    """Column names of a CERT CSV file and whether it has a header row."""
    header = read_header(path)
    if not header:
        raise LoadError(path, "empty file")
    if header[0].startswith("{"):
        # Header-less export: positional columns as in the public release.
        names = list(expected) + [f"extra_{i}" for i in range(len(header) - len(expected))]
        return names[: max(len(header), len(expected))], False
    names = [COLUMN_ALIASES.get(h, h) for h in header]
    missing = [c for c in expected if c not in names and c not in OPTIONAL_COLUMNS]
    if missing:
        raise LoadError(
            path,
            f"missing column(s) {', '.join(missing)}; expected header {','.join(expected)}",
        )
    return names, True


def _read_csv_sql(path: Path, names: list[str], header: bool) -> str:
    columns = "{" + ", ".join(f"{sql_str(n)}: 'VARCHAR'" for n in names) + "}"
    return (
        f"read_csv({sql_str(path)}, header = {str(header).lower()}, columns = {columns}, "
        f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"ignore_errors = true, null_padding = false)"
    )


def _ts_sql(timezone: str) -> str:
    parsed = f"try_strptime(trim(date), {sql_str(CERT_DATE_FORMAT)})"
    return local_to_utc_sql(parsed, timezone)


def _event_select(name: str, clf: Classifier, org_domains: list[str]) -> str:
    """SELECT list (after ts) mapping one CERT file's columns to the event schema."""
    activity = "lower(trim(activity))"
    if name == "logon.csv":
        kind = (
            f"CASE {activity} WHEN 'logon' THEN '{EventKind.LOGON}' "
            f"WHEN 'logoff' THEN '{EventKind.LOGOFF}' END"
        )
        return (
            f"{kind} AS kind, pc, '' AS target, '' AS category, '' AS file_type, "
            f"1 AS n, 0 AS size, '' AS sender"
        )
    if name == "device.csv":
        kind = (
            f"CASE {activity} WHEN 'connect' THEN '{EventKind.DEVICE_CONNECT}' "
            f"WHEN 'disconnect' THEN '{EventKind.DEVICE_DISCONNECT}' END"
        )
        return (
            f"{kind} AS kind, pc, '' AS target, '{Category.REMOVABLE}' AS category, "
            f"'' AS file_type, 1 AS n, 0 AS size, '' AS sender"
        )
    if name == "file.csv":
        return (
            f"'{EventKind.FILE_COPY}' AS kind, pc, filename AS target, "
            f"'{Category.REMOVABLE}' AS category, {file_type_sql('filename')} AS file_type, "
            f"1 AS n, 0 AS size, '' AS sender"
        )
    if name == "http.csv":
        # Columns ``host`` and ``url`` come from the inner query.
        category = url_category_sql("host", clf)
        return (
            f"{url_kind_sql('url', category, clf)} AS kind, pc, url AS target, "
            f"{category} AS category, '' AS file_type, 1 AS n, 0 AS size, '' AS sender"
        )
    return (
        f"'{EventKind.MAIL_SEND}' AS kind, pc, recipients AS target, "
        f"{mail_category_sql('domains', clf, org_domains)} AS category, '' AS file_type, "
        f"coalesce(try_cast(attachments AS INTEGER), 0) AS n, "
        f"coalesce(try_cast(size AS BIGINT), 0) AS size, coalesce(\"from\", '') AS sender"
    )


def load_events(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    out: Path,
    *,
    timezone: str,
    clf: Classifier,
    org_domains: list[str],
) -> FileReport:
    """Convert one CERT activity CSV into a Parquet file of events; count malformed rows."""
    names, header = _columns(path, CERT_COLUMNS[path.name.lower()])
    source = _read_csv_sql(path, names, header)
    name = path.name.lower()
    select = _event_select(name, clf, org_domains)
    extra = ""
    if name == "http.csv":
        extra = f", {host_sql('url')} AS host"
    elif name == "email.csv":
        recipients = "concat_ws(';', nullif(\"to\", ''), nullif(cc, ''), nullif(bcc, ''))"
        joined = f"(SELECT *, {recipients} AS recipients FROM {source})"  # noqa: S608
        source = f"(SELECT *, {mail_domains_sql('recipients')} AS domains FROM {joined})"  # noqa: S608
    query = (
        f"SELECT * FROM (SELECT {_ts_sql(timezone)} AS ts, {user_sql('user')} AS user, "  # noqa: S608
        f"{select} FROM (SELECT *{extra} FROM {source})) "
        f"WHERE ts IS NOT NULL AND user <> '' AND kind IS NOT NULL"
    )
    try:
        result = con.execute(
            f"COPY ({query}) TO {sql_str(out)} (FORMAT parquet, COMPRESSION snappy)"
        ).fetchone()
    except duckdb.Error as exc:
        raise LoadError(path, f"unreadable CSV: {str(exc).splitlines()[0]}") from exc
    rows = int(result[0]) if result else 0
    total = count_data_lines(path, header=header)
    report = FileReport(path=str(path), rows=rows, malformed=max(0, total - rows))
    if rows == 0 and total > 0:
        raise LoadError(path, _why_unreadable(con, source))
    return report


def _why_unreadable(con: duckdb.DuckDBPyConnection, source: str) -> str:
    """A reason for a file in which no row was readable (usually the date format)."""
    try:
        row = con.execute(f"SELECT date FROM {source} LIMIT 1").fetchone()  # noqa: S608
    except duckdb.Error:
        row = None
    if row is not None and row[0] is not None:
        try:
            dt.datetime.strptime(str(row[0]).strip(), CERT_DATE_FORMAT)  # noqa: DTZ007
        except ValueError:
            return f"no readable rows: date {row[0]!r} is not MM/DD/YYYY HH:MM:SS"
    return "no readable rows (malformed CSV or unknown activity values)"


def _month_of(path: Path) -> dt.date:
    match = _MONTH_RE.search(path.stem)
    if not match:
        raise LoadError(path, "LDAP file name must contain the month as YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise LoadError(path, f"invalid month {match.group(0)} in file name")
    return dt.date(year, month, 1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def load_ldap(directory: Path) -> tuple[pa.Table, pa.Table, dict[str, dt.date], list[str]]:
    """Read ``LDAP/YYYY-MM.csv`` snapshots.

    Returns the users table (latest snapshot of each user), HR facts (hire for
    users appearing after the first month, department and role changes), the
    departure month of users missing from a later snapshot, and the organisation
    mail domains (most common e-mail domain).
    """
    files = sorted(directory.glob("*.csv"), key=_month_of)
    if not files:
        raise LoadError(directory, "no LDAP/YYYY-MM.csv files")
    latest: dict[str, dict[str, str]] = {}
    first_seen: dict[str, dt.date] = {}
    last_seen: dict[str, dt.date] = {}
    hr: list[dict[str, object]] = []
    months = [_month_of(f) for f in files]
    for path, month in zip(files, months, strict=True):
        try:
            table = read_table(path)
        except TableError as exc:
            raise LoadError(path, str(exc)) from exc
        header = [h.lower() for h in table.header]
        if "user_id" not in header:
            raise LoadError(
                path, f"missing column user_id; expected header {','.join(LDAP_COLUMNS)}"
            )
        for cells in table.rows:
            row = dict(zip(header, cells, strict=True))
            user = re.sub(r"^.*[/\\]", "", row.get("user_id", "")).strip()
            if not user:
                continue
            previous = latest.get(user)
            for key, kind in (("department", HrKind.DEPARTMENT), ("role", HrKind.ROLE)):
                value = row.get(key, "").strip()
                if value and (previous is None or previous.get(key, "") != value):
                    hr.append(
                        {
                            "user": user,
                            "kind": str(kind),
                            "date": month,
                            "value": value,
                            "source": "ldap",
                        }
                    )
            latest[user] = row
            first_seen.setdefault(user, month)
            last_seen[user] = month
    first_month, last_month = months[0], months[-1]
    for user, month in first_seen.items():
        if month > first_month:
            hr.append(
                {
                    "user": user,
                    "kind": str(HrKind.HIRE),
                    "date": month,
                    "value": "",
                    "source": "ldap",
                }
            )
    departed = {u: _next_month(m) for u, m in last_seen.items() if m < last_month}
    users = pa.table(
        {
            "user": list(latest),
            "name": [r.get("employee_name", "") for r in latest.values()],
            "email": [r.get("email", "") for r in latest.values()],
            "department": [
                r.get("department", "") or r.get("functional_unit", "") for r in latest.values()
            ],
            "role": [r.get("role", "") for r in latest.values()],
            "supervisor": [r.get("supervisor", "") for r in latest.values()],
        }
    )
    hr_table = pa.Table.from_pylist(hr) if hr else empty_hr()
    domains = Counter(
        r.get("email", "").rsplit("@", 1)[-1].lower()
        for r in latest.values()
        if "@" in r.get("email", "")
    )
    return users, hr_table, departed, [d for d, _ in domains.most_common(1)]


def empty_hr() -> pa.Table:
    return pa.table(
        {
            "user": pa.array([], pa.string()),
            "kind": pa.array([], pa.string()),
            "date": pa.array([], pa.date32()),
            "value": pa.array([], pa.string()),
            "source": pa.array([], pa.string()),
        }
    )


def departure_facts(
    con: duckdb.DuckDBPyConnection, events: str, departed: dict[str, dt.date], timezone: str
) -> pa.Table:
    """Last working day of each departed user: last activity within the departure month,
    else the day before that month."""
    if not departed:
        return empty_hr()
    months = pa.table({"user": list(departed), "month": list(departed.values())})
    con.register("departed_months", months)
    local_day = f"CAST({utc_to_local_sql('e.ts', timezone)} AS DATE)"
    rows = con.execute(
        f"""
        SELECT m.user, coalesce(max({local_day}), m.month - INTERVAL 1 DAY)::DATE AS day
        FROM departed_months m
        LEFT JOIN {events} e ON e.user = m.user
            AND {local_day} < (m.month + INTERVAL 1 MONTH)
        GROUP BY m.user, m.month
        """  # noqa: S608
    ).fetchall()
    con.unregister("departed_months")
    return pa.Table.from_pylist(
        [
            {"user": user, "kind": str(HrKind.LAST_DAY), "date": day, "value": "", "source": "ldap"}
            for user, day in rows
        ]
    )


def load_psychometric(path: Path, out: Path) -> int:
    """Store ``psychometric.csv`` (Big Five scores) beside the events; return rows kept."""
    try:
        table = read_table(path)
    except TableError as exc:
        raise LoadError(path, str(exc)) from exc
    header = [h.lower() for h in table.header]
    missing = [c for c in PSYCHOMETRIC_COLUMNS if c not in header]
    if missing:
        raise LoadError(path, f"missing column(s) {', '.join(missing)}")
    rows = []
    for cells in table.rows:
        row = dict(zip(header, cells, strict=True))
        try:
            scores = {t: float(row[t]) for t in ("o", "c", "e", "a", "n")}
        except ValueError:
            continue
        rows.append({"user": row["user_id"].strip(), **{k.upper(): v for k, v in scores.items()}})
    out.parent.mkdir(parents=True, exist_ok=True)
    if rows:
        pq.write_table(pa.Table.from_pylist(rows), out)
    return len(rows)


def load_cert(
    source: Path,
    store: RiskStore,
    batch: str,
    *,
    timezone: str,
    clf: Classifier,
    progress: Progress,
    out_dir: Path | None = None,
) -> tuple[list[FileReport], pa.Table | None, pa.Table, list[str]]:
    """Load a CERT r4.2 directory's activity into ``batch`` of ``store`` (its Parquet files
    go to ``out_dir``, by default the batch's event directory).

    Returns the file reports, the users table (``None`` without ``LDAP/``), the
    HR facts (hires, changes, departures) and the organisation's mail domains.
    """
    if not (source / "logon.csv").is_file():
        raise LoadError(source / "logon.csv", "missing (not a CERT insider-threat directory)")
    users: pa.Table | None = None
    hr_parts: list[pa.Table] = []
    departed: dict[str, dt.date] = {}
    org_domains: list[str] = []
    ldap_dir = source / "LDAP"
    if ldap_dir.is_dir():
        progress("reading LDAP snapshots")
        users, hr_table, departed, org_domains = load_ldap(ldap_dir)
        hr_parts.append(hr_table)
    if (source / "psychometric.csv").is_file():
        load_psychometric(
            source / "psychometric.csv", store.root / "psychometric" / f"{batch}.parquet"
        )
    reports: list[FileReport] = []
    out_dir = out_dir or store.events_dir / batch
    with store.connection() as con:
        for name in CERT_COLUMNS:
            path = source / name
            if not path.is_file():
                continue
            progress(f"loading {name}")
            report = load_events(
                con,
                path,
                out_dir / f"{path.stem}.parquet",
                timezone=timezone,
                clf=clf,
                org_domains=org_domains,
            )
            reports.append(report)
            progress(f"{name}: {report.rows} events, {report.malformed} malformed rows")
        if departed:
            events = f"read_parquet({sql_str(out_dir / '*.parquet')})"
            hr_parts.append(departure_facts(con, events, departed, timezone))
    hr_all = pa.concat_tables([t.cast(empty_hr().schema) for t in [empty_hr(), *hr_parts]])
    return reports, users, hr_all, org_domains
