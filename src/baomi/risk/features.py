"""Daily per-user features, computed in DuckDB SQL over the event store.

One row per (user, local day) with counts of what matters for insider risk:
logons and activity outside working hours or on weekends and holidays, USB
connects, copies to removable media by file type, uploads to cloud drives,
mail with attachments to personal or external addresses, job-site visits,
request volume and peak rate to internal systems, file deletions, printing.

:class:`FeatureMatrix` turns the rows into dense ``users x days`` arrays for the
baselines and detectors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from baomi.risk import calendar_cn
from baomi.risk.schema import Category, EventKind, FileType
from baomi.risk.store import RiskStore, sql_str, utc_to_local_sql

# File types that carry documents worth stealing (as opposed to images, "other").
SENSITIVE_FILE_TYPES = (
    FileType.DOCUMENT,
    FileType.SPREADSHEET,
    FileType.PRESENTATION,
    FileType.PDF,
    FileType.DRAWING,
    FileType.CODE,
    FileType.ARCHIVE,
)
FILE_ACCESS_KINDS = (EventKind.FILE_OPEN, EventKind.FILE_COPY, EventKind.FILE_WRITE)


@dataclass(frozen=True)
class FeatureParams:
    """Working hours (local time, ``start <= hour < end``), calendar and peak-rate bucket.

    ``calendar="CN"`` takes public holidays and make-up working days from
    :mod:`baomi.risk.calendar_cn`; ``holidays`` and ``makeup_workdays`` add to it.
    """

    work_start_hour: int = 7
    work_end_hour: int = 20
    calendar: str = "CN"
    holidays: tuple[dt.date, ...] = ()
    makeup_workdays: tuple[dt.date, ...] = ()
    peak_bucket_minutes: int = 10

    def calendar_days(
        self, first: int = 2000, last: int = 2040
    ) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
        """Holidays and make-up working days to apply (years ``first`` to ``last``)."""
        holidays, makeup = set(self.holidays), set(self.makeup_workdays)
        if self.calendar.upper() == "CN":
            for year in range(first, last + 1):
                holidays |= calendar_cn.holidays(year)
                makeup |= set(calendar_cn.MAKEUP_WORKDAYS.get(year, []))
        return tuple(sorted(holidays)), tuple(sorted(makeup))


def _kinds(kinds: Iterable[str]) -> str:
    return "(" + ", ".join(sql_str(str(k)) for k in kinds) + ")"


def feature_definitions(params: FeatureParams) -> dict[str, str]:
    """Feature name → SQL aggregate over the local-time event relation ``e``."""
    after = f"(h < {int(params.work_start_hour)} OR h >= {int(params.work_end_hour)} OR off_day)"
    removable = (
        f"kind IN {_kinds((EventKind.FILE_COPY, EventKind.FILE_WRITE))} "
        f"AND category = '{Category.REMOVABLE}'"
    )
    features: dict[str, str] = {
        "events": "count(*)",
        "logons": f"count(*) FILTER (kind = '{EventKind.LOGON}')",
        "after_hours_logons": f"count(*) FILTER (kind = '{EventKind.LOGON}' AND {after})",
        "off_day_events": "count(*) FILTER (off_day)",
        "usb_connects": f"count(*) FILTER (kind = '{EventKind.DEVICE_CONNECT}')",
        "removable_files": f"count(*) FILTER ({removable})",
        "removable_sensitive_files": (
            f"count(*) FILTER ({removable} AND file_type IN {_kinds(SENSITIVE_FILE_TYPES)})"
        ),
    }
    for file_type in SENSITIVE_FILE_TYPES:
        features[f"removable_{file_type}"] = (
            f"count(*) FILTER ({removable} AND file_type = '{file_type}')"
        )
    features.update(
        {
            "cloud_uploads": (
                f"count(*) FILTER (kind = '{EventKind.HTTP_UPLOAD}' "
                f"AND category = '{Category.CLOUD_DRIVE}')"
            ),
            "cloud_upload_bytes": (
                f"coalesce(sum(size) FILTER (kind = '{EventKind.HTTP_UPLOAD}' "
                f"AND category = '{Category.CLOUD_DRIVE}'), 0)"
            ),
            "cloud_visits": (
                f"count(*) FILTER (kind = '{EventKind.HTTP_VISIT}' "
                f"AND category = '{Category.CLOUD_DRIVE}')"
            ),
            "personal_mail_attachments": (
                f"coalesce(sum(n) FILTER (kind = '{EventKind.MAIL_SEND}' "
                f"AND category = '{Category.PERSONAL_MAIL}'), 0)"
            ),
            "personal_mail_bytes": (
                f"coalesce(sum(size) FILTER (kind = '{EventKind.MAIL_SEND}' "
                f"AND category = '{Category.PERSONAL_MAIL}' AND n > 0), 0)"
            ),
            "external_mail_attachments": (
                f"coalesce(sum(n) FILTER (kind = '{EventKind.MAIL_SEND}' "
                f"AND category = '{Category.EXTERNAL_MAIL}'), 0)"
            ),
            "job_site_visits": f"count(*) FILTER (category = '{Category.JOB_SITE}')",
            "internal_requests": (
                f"coalesce(sum(n) FILTER (category = '{Category.INTERNAL_SYSTEM}'), 0)"
            ),
            "after_hours_requests": (
                f"coalesce(sum(n) FILTER (category = '{Category.INTERNAL_SYSTEM}' AND {after}), 0)"
            ),
            "file_opens": f"count(*) FILTER (kind = '{EventKind.FILE_OPEN}')",
            "after_hours_file_access": (
                f"count(*) FILTER (kind IN {_kinds(FILE_ACCESS_KINDS)} AND {after}) + "
                f"coalesce(sum(n) FILTER (category = '{Category.INTERNAL_SYSTEM}' AND {after}), 0)"
            ),
            "file_deletes": f"count(*) FILTER (kind = '{EventKind.FILE_DELETE}')",
            "print_pages": f"coalesce(sum(n) FILTER (kind = '{EventKind.PRINT}'), 0)",
        }
    )
    return features


FEATURE_NAMES: tuple[str, ...] = (*feature_definitions(FeatureParams()), "request_peak")


def daily_features_sql(store: RiskStore, params: FeatureParams, timezone: str) -> str:
    """The SQL query producing one row of features per (user, local day)."""
    holiday_days, makeup_days = params.calendar_days()
    holidays = ", ".join(f"DATE '{d.isoformat()}'" for d in holiday_days) or "NULL"
    makeup = ", ".join(f"DATE '{d.isoformat()}'" for d in makeup_days) or "NULL"
    aggregates = ",\n  ".join(
        f"CAST({expr} AS DOUBLE) AS {name}" for name, expr in feature_definitions(params).items()
    )
    local = utc_to_local_sql("ts", timezone)
    bucket = int(params.peak_bucket_minutes)
    return f"""
WITH e AS (
  SELECT user, kind, category, file_type, n, size, lt,
         CAST(lt AS DATE) AS day, hour(lt) AS h,
         ((isodow(lt) >= 6 AND CAST(lt AS DATE) NOT IN ({makeup}))
          OR CAST(lt AS DATE) IN ({holidays})) AS off_day
  FROM (SELECT *, {local} AS lt FROM {store.events_sql()})
),
daily AS (
  SELECT user, day,
  {aggregates}
  FROM e GROUP BY user, day
),
peaks AS (
  SELECT user, day, max(c) AS request_peak FROM (
    SELECT user, day, time_bucket(INTERVAL {bucket} MINUTE, lt) AS b, sum(n) AS c
    FROM e WHERE category = '{Category.INTERNAL_SYSTEM}' GROUP BY user, day, b
  ) GROUP BY user, day
)
SELECT daily.*, CAST(coalesce(peaks.request_peak, 0) AS DOUBLE) AS request_peak
FROM daily LEFT JOIN peaks USING (user, day)
ORDER BY user, day
"""  # noqa: S608 - built from constants and quoted literals


def daily_features(store: RiskStore, params: FeatureParams | None = None) -> pa.Table:
    """Daily per-user features of the whole store as an Arrow table (``user``, ``day``, ...)."""
    params = params or FeatureParams()
    with store.connection() as con:
        return con.sql(daily_features_sql(store, params, store.timezone)).to_arrow_table()


@dataclass
class FeatureMatrix:
    """Dense daily features: ``values[name]`` is a ``len(users) x len(days)`` float array.

    ``active[u, d]`` is true on days the user had any event; ``span`` holds each
    user's first and last active day index (their employment as seen in the logs).
    """

    users: list[str]
    days: list[dt.date]
    values: dict[str, np.ndarray]
    active: np.ndarray
    span: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    @classmethod
    def from_table(cls, table: pa.Table) -> FeatureMatrix:
        """Build the dense arrays from :func:`daily_features` output."""
        if table.num_rows == 0:
            return cls(
                users=[],
                days=[],
                values={n: np.zeros((0, 0)) for n in FEATURE_NAMES},
                active=np.zeros((0, 0), bool),
            )
        user_col = table.column("user").to_pylist()
        day_col = table.column("day").to_pylist()
        users = sorted(set(user_col))
        first, last = min(day_col), max(day_col)
        days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        user_index = {u: i for i, u in enumerate(users)}
        rows = np.fromiter((user_index[u] for u in user_col), dtype=np.int64, count=len(user_col))
        cols = np.fromiter(((d - first).days for d in day_col), dtype=np.int64, count=len(day_col))
        values: dict[str, np.ndarray] = {}
        for name in FEATURE_NAMES:
            grid = np.zeros((len(users), len(days)))
            grid[rows, cols] = table.column(name).to_numpy(zero_copy_only=False)
            values[name] = grid
        active = np.zeros((len(users), len(days)), dtype=bool)
        active[rows, cols] = True
        span = np.zeros((len(users), 2), dtype=np.int64)
        for i in range(len(users)):
            idx = np.flatnonzero(active[i])
            span[i] = (idx[0], idx[-1])
        return cls(users=users, days=days, values=values, active=active, span=span)

    def day_index(self, day: dt.date) -> int:
        """Index of ``day`` (clipped to the matrix)."""
        if not self.days:
            return 0
        return int(min(max((day - self.days[0]).days, 0), len(self.days) - 1))
