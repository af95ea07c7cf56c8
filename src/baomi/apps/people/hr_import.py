"""HR import: people from a CSV or XLSX roster, with resignation and last working dates.

Import is all-or-nothing, like the registry import: every row is checked first and the file
is applied only when no row has an error; otherwise the caller gets a row-level error report
and nothing changes. A row whose employee number exists updates that person. A resignation
date or last working day opens the departing-user watch window (90 days before to 30 after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.selectors import organisation_members
from baomi.apps.people.models import Person, RoleCategory
from baomi.apps.people.selectors import person_list
from baomi.apps.people.services import person_create, person_update
from baomi.tabular_import import (
    RowError,
    amount_error,
    date_error,
    duplicate_error,
    header_map,
    parse_amount,
    parse_date,
    read_upload,
)

# (field, Chinese header, other accepted headers)
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("employee_number", "工号", ("员工编号", "employee number", "employee_number")),
    ("name", "姓名", ("name",)),
    ("department", "部门", ("department",)),
    ("position", "岗位", ("职位", "position")),
    ("hire_date", "入职日期", ("hire date", "hire_date")),
    ("resignation_date", "离职日期", ("提出离职日期", "resignation date", "resignation_date")),
    ("last_working_day", "最后工作日", ("last working day", "last_working_day")),
    (
        "average_monthly_wage",
        "月均工资",
        ("月平均工资", "月均工资（元）", "average monthly wage", "average_monthly_wage"),
    ),
    ("email", "邮箱", ("电子邮箱", "e-mail", "email")),
    ("role_category", "人员类别", ("role category", "role_category")),
]
REQUIRED = ("employee_number", "name")
LABELS = {name: zh for name, zh, _aliases in COLUMNS}
ROLE_ALIASES = {
    "senior_manager": RoleCategory.SENIOR_MANAGER,
    "高级管理人员": RoleCategory.SENIOR_MANAGER,
    "高管": RoleCategory.SENIOR_MANAGER,
    "senior_technical": RoleCategory.SENIOR_TECHNICAL,
    "高级技术人员": RoleCategory.SENIOR_TECHNICAL,
    "confidential": RoleCategory.CONFIDENTIAL,
    "其他负有保密义务的人员": RoleCategory.CONFIDENTIAL,
    "负有保密义务的人员": RoleCategory.CONFIDENTIAL,
    "涉密人员": RoleCategory.CONFIDENTIAL,
    "ordinary": RoleCategory.ORDINARY,
    "普通员工": RoleCategory.ORDINARY,
    "一般员工": RoleCategory.ORDINARY,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    departing: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_row(
    cells: dict[str, str],
    members: dict[str, User],
    row_no: int,
    headers: dict[str, str] | None = None,
) -> tuple[dict[str, Any], list[RowError]]:
    """Values of one row, and its errors named by the file's own column headers."""
    errors: list[RowError] = []
    out: dict[str, Any] = {}
    names = {**LABELS, **(headers or {})}

    def err(col: str, msg: str) -> None:
        errors.append(RowError(row=row_no, column=names[col], message=msg))

    for name in REQUIRED:
        if not cells.get(name, "").strip():
            err(name, _("required"))
    for name in ("employee_number", "name", "department", "position"):
        if name in cells:
            out[name] = cells[name].strip()
    for name in ("hire_date", "resignation_date", "last_working_day"):
        if name not in cells:
            continue
        value = cells[name].strip()
        if not value:
            out[name] = None
            continue
        try:
            out[name] = parse_date(value)
        except ValueError:
            err(name, date_error(value))
    hire, last = out.get("hire_date"), out.get("last_working_day")
    resigned = out.get("resignation_date")
    if hire and last and last < hire:
        err("last_working_day", _("before the hire date"))
    if resigned and last and resigned > last:
        err("resignation_date", _("after the last working day"))
    if "average_monthly_wage" in cells:
        value = cells["average_monthly_wage"].strip()
        if value:
            try:
                amount = parse_amount(value, below=Decimal("100000000"))
                out["average_monthly_wage"] = amount.quantize(Decimal("0.01"))
            except ValueError:
                err("average_monthly_wage", amount_error(value))
        else:
            out["average_monthly_wage"] = None
    if email := cells.get("email", "").strip():
        user = members.get(email.lower())
        if user is None:
            err("email", _("%(email)s is not a member of the enterprise") % {"email": email})
        else:
            out["user"] = user
    if role := cells.get("role_category", "").strip():
        code = ROLE_ALIASES.get(role.lower()) or ROLE_ALIASES.get(role)
        if code is None:
            err("role_category", _("unknown value “%(v)s”") % {"v": role})
        else:
            out["role_category"] = code
    return out, errors


def people_import(
    *, actor: User, organisation: Organisation, filename: str, data: bytes
) -> ImportResult:
    """Import people from a CSV or XLSX HR roster (see the module docstring)."""
    if not actor.has_perm("people.import_person", organisation):
        raise PermissionDenied
    table = read_upload(filename, data)
    columns = header_map(
        table.header,
        [(name, (zh, *aliases)) for name, zh, aliases in COLUMNS],
        required=REQUIRED,
        labels=LABELS,
    )
    headers = {name: table.header[i] for name, i in columns.items()}
    members = {u.email.lower(): u for u in organisation_members(organisation=organisation)}
    existing = {p.employee_number: p for p in person_list(user=actor, organisation=organisation)}
    result = ImportResult()
    parsed: list[dict[str, Any]] = []
    seen_numbers: dict[str, int] = {}
    seen_users: dict[int, int] = {}
    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        values, errors = _parse_row(
            {n: row[i] for n, i in columns.items()}, members, row_no, headers
        )
        number = values.get("employee_number", "")
        if number and number in seen_numbers:
            errors.append(
                RowError(row_no, headers["employee_number"], duplicate_error(seen_numbers[number]))
            )
        seen_numbers[number] = row_no
        if (user := values.get("user")) is not None:
            if user.pk in seen_users:
                errors.append(
                    RowError(row_no, headers["email"], duplicate_error(seen_users[user.pk]))
                )
            seen_users[user.pk] = row_no
        result.errors.extend(errors)
        parsed.append(values)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for offset, values in enumerate(parsed):
                try:
                    person = _apply(
                        actor, organisation, existing.get(values["employee_number"]), values, result
                    )
                except ValidationError as exc:
                    messages = (
                        exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                    )
                    result.errors.extend(
                        RowError(
                            offset + 2, headers.get(name) or LABELS.get(name, ""), "；".join(msgs)
                        )
                        for name, msgs in messages.items()
                    )
                    continue
                if person.watch_start is not None:
                    result.departing += int(person.is_departing)
            if result.errors:
                raise _Rollback
            audit_record(
                actor=actor,
                organisation=organisation,
                action=Action.IMPORT,
                object_type="person",
                changes={"file": filename, "created": result.created, "updated": result.updated},
            )
    except _Rollback:
        result.created = result.updated = result.departing = 0
    return result


EXAMPLE_ROW = [
    "HR0031",
    "张伟",
    "技术研发部",
    "高级工程师",
    "2019-03-01",
    "2026-11-02",
    "2026-12-01",
    "18500",
    "zhang.wei@example.cn",
    "高级技术人员",
]


def template_csv() -> bytes:
    """An empty roster to fill in: the Chinese headers and one example row (UTF-8 with BOM,
    so that Excel opens it correctly)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([zh for _name, zh, _aliases in COLUMNS])
    writer.writerow(EXAMPLE_ROW)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


class _Rollback(Exception):
    pass


def _apply(
    actor: User,
    organisation: Organisation,
    person: Person | None,
    values: dict[str, Any],
    result: ImportResult,
) -> Person:
    if person is None:
        fields = {k: v for k, v in values.items() if v is not None}
        created = person_create(actor=actor, organisation=organisation, audit=False, **fields)
        result.created += 1
        return created
    values = {k: v for k, v in values.items() if k != "employee_number"}
    updated = person_update(actor=actor, person=person, **values)
    result.updated += 1
    return updated
