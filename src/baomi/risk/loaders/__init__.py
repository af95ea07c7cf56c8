"""Activity loaders: CERT r4.2 CSV, the project's JSON Lines, HR tables.

:func:`ingest` is the one entry point: it converts a source directory into a
batch of the organisation's :class:`~baomi.risk.store.RiskStore`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from baomi.risk.loaders.cert import empty_hr, load_cert
from baomi.risk.loaders.common import FileReport, IngestReport, LoadError, Progress, no_progress
from baomi.risk.loaders.hr import HrTable, find_hr_table, load_hr_table
from baomi.risk.loaders.jsonl import load_jsonl
from baomi.risk.schema import Classifier
from baomi.risk.store import DEFAULT_TIMEZONE, RiskStore, batch_id

FORMATS = ("baomi", "cert")

__all__ = [
    "FORMATS",
    "FileReport",
    "HrTable",
    "IngestReport",
    "LoadError",
    "ingest",
    "load_hr_table",
]


def _merge_users(first: pa.Table | None, second: pa.Table | None) -> pa.Table | None:
    """Directory rows from two sources; rows of ``second`` (the HR table) win."""
    tables = [t for t in (first, second) if t is not None and t.num_rows]
    if not tables:
        return None
    if len(tables) == 1:
        return tables[0]
    hr_users = set(tables[1].column("user").to_pylist())
    keep = [u not in hr_users for u in tables[0].column("user").to_pylist()]
    return pa.concat_tables([tables[0].filter(pa.array(keep)), tables[1].cast(tables[0].schema)])


def _mail_domains(users: pa.Table | None) -> list[str]:
    if users is None:
        return []
    counts: dict[str, int] = {}
    for email in users.column("email").to_pylist():
        if email and "@" in email:
            domain = email.rsplit("@", 1)[1].lower()
            counts[domain] = counts.get(domain, 0) + 1
    return sorted(counts, key=lambda d: -counts[d])[:3]


def ingest(
    source: Path | str,
    store: RiskStore,
    *,
    fmt: str = "baomi",
    org: str = "default",
    timezone: str | None = None,
    classifier: Classifier | None = None,
    hr_table: Path | str | None = None,
    progress: Progress = no_progress,
) -> IngestReport:
    """Load ``source`` (a directory in the ``fmt`` layout) into ``store``.

    Ingesting the same source again replaces its earlier batch. An HR table
    (``hr.csv``/``hr.xlsx`` in ``source``, or ``hr_table``) adds hire,
    resignation and last-working-day facts. Raises :class:`LoadError` naming the
    file and the reason when the source is missing or nothing in it is readable;
    malformed rows in otherwise readable files are only counted in the report.
    """
    source = Path(source)
    if fmt not in FORMATS:
        raise LoadError(source, f"unknown format {fmt!r} (use {' or '.join(FORMATS)})")
    if not source.exists():
        raise LoadError(source, "no such directory")
    if fmt == "cert" and not source.is_dir():
        raise LoadError(source, "not a directory")
    clf = classifier or Classifier()
    meta = store.meta()
    tz = timezone or str(meta.get("timezone") or DEFAULT_TIMEZONE)
    batch = batch_id(source)
    report = IngestReport(org=org, format=fmt, batch=batch)

    hr_path = Path(hr_table) if hr_table else find_hr_table(source)
    hr = load_hr_table(hr_path) if hr_path else None
    if hr is not None and hr.malformed_rows:
        report.files.append(FileReport(path=str(hr_path), rows=0, malformed=len(hr.malformed_rows)))
    directory: pa.Table | None = None
    if fmt == "baomi" and source.is_dir():
        for name in ("users.csv", "users.xlsx"):
            if (source / name).is_file():
                directory = load_hr_table(source / name).users_table()
                break
    hr_events = [empty_hr()]
    staging = store.staging_dir(batch)
    try:
        if fmt == "cert":
            files, ldap_users, ldap_hr, domains = load_cert(
                source, store, batch, timezone=tz, clf=clf, progress=progress, out_dir=staging
            )
            directory = ldap_users
            hr_events.append(ldap_hr)
        else:
            users = _merge_users(directory, hr.users_table() if hr else None)
            domains = _mail_domains(users) or list(meta.get("org_domains", []))
            files = load_jsonl(
                source,
                store,
                batch,
                timezone=tz,
                clf=clf,
                org_domains=domains,
                progress=progress,
                out_dir=staging,
            )
    except BaseException:
        store.discard_staging(batch)  # the stored version of this source stays as it was
        raise
    report.files.extend(files)
    if report.events == 0:
        store.discard_staging(batch)
        raise LoadError(source, "no readable events")
    store.commit_batch(batch)
    users = _merge_users(directory, hr.users_table() if hr else None)
    if users is not None:
        store.write_table("users", batch, users)
        report.users = users.num_rows
    if hr is not None:
        hr_events.append(hr.events_table())
    all_hr = pa.concat_tables([t.cast(empty_hr().schema) for t in hr_events])
    if all_hr.num_rows:
        store.write_table("hr", batch, all_hr)
    report.hr_events = all_hr.num_rows
    batches = dict(meta.get("batches", {}))
    batches[batch] = {
        "source": str(source.resolve()),
        "format": fmt,
        "events": report.events,
        "malformed": report.malformed,
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    meta.update(
        {
            "org": org,
            "timezone": tz,
            "batches": batches,
            "org_domains": sorted(set(meta.get("org_domains", [])) | set(domains)),
        }
    )
    store.save_meta(meta)
    return report
