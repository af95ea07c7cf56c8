"""Loader for an HR table (CSV or XLSX) with hire, resignation and last working dates.

Recognised headers (English or Chinese, any order, case-insensitive)::

    user | user_id | employee_id | 工号 | 账号         (required)
    name | employee_name | 姓名
    email | 邮箱
    department | 部门
    role | position | 岗位 | 职位
    supervisor | 上级
    hire_date | 入职日期
    resignation_date | 离职申请日期 | 提出离职日期
    last_working_day | last_day | 最后工作日 | 离职日期

Dates: ``YYYY-MM-DD`` (also ``/`` or ``.`` separators, ``YYYY年M月D日``, or an
ISO date-time). A row whose date cells cannot be read is counted as malformed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from baomi.extract.tables import TableError, read_table
from baomi.risk.loaders.common import LoadError
from baomi.risk.schema import HR_COLUMNS, HrEvent, HrKind, Person
from baomi.risk.store import arrow_schema

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "user": ("user", "user_id", "userid", "employee_id", "工号", "账号", "用户"),
    "name": ("name", "employee_name", "姓名"),
    "email": ("email", "e-mail", "邮箱"),
    "department": ("department", "dept", "部门"),
    "role": ("role", "position", "title", "岗位", "职位"),
    "supervisor": ("supervisor", "manager", "上级"),
    "hire": ("hire_date", "hired", "入职日期"),
    "resignation": ("resignation_date", "resigned", "离职申请日期", "提出离职日期", "辞职日期"),
    "last_day": ("last_working_day", "last_day", "last_work_day", "最后工作日", "离职日期"),
}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ].*)?$")


def parse_date(text: str) -> dt.date | None:
    """A date from an HR cell; ``None`` for an empty cell; :class:`ValueError` if unreadable."""
    text = text.strip()
    if not text:
        return None
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"unreadable date {text!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


@dataclass
class HrTable:
    """People and dated personnel facts read from an HR table."""

    people: list[Person] = field(default_factory=list)
    events: list[HrEvent] = field(default_factory=list)
    malformed_rows: list[int] = field(default_factory=list)

    def users_table(self) -> pa.Table:
        """The people as an Arrow table (schema.USER_COLUMNS)."""
        return pa.Table.from_pylist(
            [
                {
                    "user": p.user,
                    "name": p.name,
                    "email": p.email,
                    "department": p.department,
                    "role": p.role,
                    "supervisor": p.supervisor,
                }
                for p in self.people
            ],
            schema=pa.schema(
                [
                    (c, pa.string())
                    for c in ("user", "name", "email", "department", "role", "supervisor")
                ]
            ),
        )

    def events_table(self) -> pa.Table:
        """The personnel facts as an Arrow table (schema.HR_COLUMNS)."""
        return pa.Table.from_pylist(
            [
                {
                    "user": e.user,
                    "kind": str(e.kind),
                    "date": e.date,
                    "value": e.value,
                    "source": e.source,
                }
                for e in self.events
            ],
            schema=arrow_schema(HR_COLUMNS),
        )


def _column_map(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for key, names in HEADER_SYNONYMS.items():
        for index, name in enumerate(lowered):
            if name in names:
                found[key] = index
                break
    return found


def load_hr_table(path: Path | str) -> HrTable:
    """Read an HR table; raise :class:`LoadError` if it is unreadable or has no user column."""
    path = Path(path)
    try:
        table = read_table(path)
    except TableError as exc:
        raise LoadError(path, str(exc)) from exc
    columns = _column_map(table.header)
    if "user" not in columns:
        raise LoadError(path, "no user column (user, user_id, employee_id or 工号)")
    result = HrTable()
    for number, cells in enumerate(table.rows, start=2):

        def cell(key: str, row: list[str] = cells) -> str:
            return row[columns[key]].strip() if key in columns else ""

        user = cell("user")
        if not user:
            result.malformed_rows.append(number)
            continue
        try:
            dates = {kind: parse_date(cell(key)) for key, kind in _DATED.items()}
        except ValueError:
            result.malformed_rows.append(number)
            continue
        person = Person(
            user=user,
            name=cell("name"),
            email=cell("email"),
            department=cell("department"),
            role=cell("role"),
            supervisor=cell("supervisor"),
        )
        result.people.append(person)
        for kind, day in dates.items():
            if day is not None:
                result.events.append(HrEvent(user=user, kind=kind, date=day, source="hr"))
    if table.rows and not result.people:
        raise LoadError(path, f"no readable rows ({len(result.malformed_rows)} malformed)")
    return result


_DATED = {"hire": HrKind.HIRE, "resignation": HrKind.RESIGNATION, "last_day": HrKind.LAST_DAY}


def find_hr_table(source: Path) -> Path | None:
    """The HR table of a source directory (``hr.csv``, ``hr.xlsx``...), if any."""
    if not source.is_dir():
        return None
    for name in ("hr.csv", "hr.xlsx", "HR.csv", "HR.xlsx", "hr.tsv"):
        if (source / name).is_file():
            return source / name
    return None
