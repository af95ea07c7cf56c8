"""CSV / XLSX import and export of the registry.

Import is all-or-nothing: every row is checked first and the file is applied only when
no row has an error; otherwise the caller gets a row-level error report and nothing changes.
A row whose number already exists updates that secret, so an exported file can be edited
and imported back.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.selectors import organisation_members
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.selectors import secret_list
from baomi.apps.registry.services import secret_create, secret_update
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

# (field, Chinese header, English header)
COLUMNS: list[tuple[str, str, str]] = [
    ("code", "编号", "Number"),
    ("title", "名称", "Title"),
    ("secret_type", "类型", "Type"),
    ("level", "密级", "Level"),
    ("status", "状态", "Status"),
    ("description", "描述", "Description"),
    ("owner", "责任人邮箱", "Owner e-mail"),
    ("date_identified", "识别日期", "Date identified"),
    ("review_date", "复审日期", "Next review"),
    ("value_estimate", "估值（元）", "Estimated value (yuan)"),
    ("points", "密点", "Secret points"),
]
REQUIRED = ("code", "title", "secret_type", "level")

# Values accepted in cells: the code value, its Chinese label, or its English label.
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "secret_type": {
        "technical": "technical",
        "技术秘密": "technical",
        "技术": "technical",
        "technical secret": "technical",
        "business": "business",
        "经营秘密": "business",
        "经营": "business",
        "business secret": "business",
    },
    "level": {
        "core": "core",
        "核心": "core",
        "核心商密": "core",
        "important": "important",
        "重要": "important",
        "重要商密": "important",
        "general": "general",
        "一般": "general",
        "一般商密": "general",
    },
    "status": {
        "active": "active",
        "保护中": "active",
        "protected": "active",
        "draft": "draft",
        "识别中": "draft",
        "being identified": "draft",
        "archived": "archived",
        "已失效": "archived",
        "no longer secret": "archived",
    },
}
CHINESE_LABELS = {
    "secret_type": {"technical": "技术秘密", "business": "经营秘密"},
    "level": {"core": "核心", "important": "重要", "general": "一般"},
    "status": {"active": "保护中", "draft": "识别中", "archived": "已失效"},
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


LABELS = {name: zh for name, zh, _en in COLUMNS}


def _parse_row(
    cells: dict[str, str], members: dict[str, User], row_no: int
) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    out: dict[str, Any] = {}

    def err(col: str, msg: str) -> None:
        errors.append(RowError(row=row_no, column=LABELS[col], message=msg))

    for name in REQUIRED:
        if not cells.get(name, "").strip():
            err(name, _("required"))
    for name in ("code", "title", "description"):
        if name in cells:
            out[name] = cells[name].strip()
    for name, aliases in CHOICE_ALIASES.items():
        value = cells.get(name, "").strip()
        if not value:
            continue
        code = aliases.get(value.lower())
        if code is None:
            err(name, _("unknown value “%(v)s”") % {"v": value})
        else:
            out[name] = code
    if email := cells.get("owner", "").strip():
        user = members.get(email.lower())
        if user is None:
            err("owner", _("%(email)s is not a member of the enterprise") % {"email": email})
        else:
            out["owner"] = user
    for name in ("date_identified", "review_date"):
        if value := cells.get(name, "").strip():
            try:
                out[name] = parse_date(value)
            except ValueError:
                err(name, date_error(value))
    if value := cells.get("value_estimate", "").strip():
        try:
            out["value_estimate"] = parse_amount(value)
        except ValueError:
            err("value_estimate", amount_error(value))
    if "points" in cells:
        text = cells["points"].replace("；", "\n").replace(";", "\n")
        out["points"] = [p.strip() for p in text.splitlines() if p.strip()]
    return out, errors


def secrets_import(
    *, actor: User, organisation: Organisation, filename: str, data: bytes
) -> ImportResult:
    """Import secrets from a CSV or XLSX file (see the module docstring)."""
    if not actor.has_perm("registry.import_tradesecret", organisation):
        raise PermissionDenied
    table = read_upload(filename, data)
    columns = header_map(
        table.header,
        [(name, (zh, en)) for name, zh, en in COLUMNS],
        required=REQUIRED,
        labels=LABELS,
    )
    members = {u.email.lower(): u for u in organisation_members(organisation=organisation)}
    existing = {s.code: s for s in secret_list(user=actor, organisation=organisation)}
    result = ImportResult()
    parsed: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(table.rows):
        row_no = offset + 2
        cells = {name: row[i] for name, i in columns.items()}
        values, errors = _parse_row(cells, members, row_no)
        code = values.get("code", "")
        if code in seen:
            errors.append(RowError(row_no, LABELS["code"], duplicate_error(seen[code])))
        seen[code] = row_no
        result.errors.extend(errors)
        parsed.append(values)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for offset, values in enumerate(parsed):
                try:
                    _apply(actor, organisation, existing.get(values["code"]), values, result)
                except ValidationError as exc:
                    result.errors.extend(
                        RowError(offset + 2, field_name, "；".join(msgs))
                        for field_name, msgs in exc.message_dict.items()
                    )
            if result.errors:
                raise _Rollback
            audit_record(
                actor=actor,
                organisation=organisation,
                action=Action.IMPORT,
                object_type="tradesecret",
                changes={"file": filename, "created": result.created, "updated": result.updated},
            )
    except _Rollback:
        result.created = result.updated = 0
    return result


class _Rollback(Exception):
    pass


def _apply(
    actor: User,
    organisation: Organisation,
    secret: TradeSecret | None,
    values: dict[str, Any],
    result: ImportResult,
) -> None:
    points = values.pop("points", None)
    if secret is None:
        secret_create(actor=actor, organisation=organisation, points=points, audit=False, **values)
        result.created += 1
    else:
        values.pop("code")
        secret_update(actor=actor, secret=secret, points=points, **values)
        result.updated += 1


def _row(secret: TradeSecret) -> list[str]:
    return [
        secret.code,
        secret.title,
        CHINESE_LABELS["secret_type"][secret.secret_type],
        CHINESE_LABELS["level"][secret.level],
        CHINESE_LABELS["status"][secret.status],
        secret.description,
        secret.owner.email if secret.owner else "",
        secret.date_identified.isoformat(),
        secret.review_date.isoformat() if secret.review_date else "",
        str(secret.value_estimate) if secret.value_estimate is not None else "",
        "\n".join(p.statement for p in secret.points.all()),
    ]


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def secrets_export(*, actor: User, organisation: Organisation, fmt: str) -> bytes:
    """The secrets the actor may see, as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if not actor.has_perm("registry.export_tradesecret", organisation):
        raise PermissionDenied
    secrets = list(secret_list(user=actor, organisation=organisation).prefetch_related("points"))
    header = [zh for _n, zh, _en in COLUMNS]
    rows = [_row(s) for s in secrets]
    audit_record(
        actor=actor,
        organisation=organisation,
        action=Action.EXPORT,
        object_type="tradesecret",
        changes={"format": fmt, "count": len(rows)},
    )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        writer.writerows(rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "商业秘密台账"
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJK", (14, 28, 10, 8, 8, 40, 24, 12, 12, 14, 50), strict=True):
        ws.column_dimensions[col].width = width
    for row_cells in ws.iter_rows(min_row=2):
        row_cells[10].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
