"""CSV / XLSX import and export of the registry.

Import is all-or-nothing: every row is checked first and the file is applied only when
no row has an error; otherwise the caller gets a row-level error report and nothing changes.
A row whose number already exists updates that secret, so an exported file can be edited
and imported back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
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
from baomi.extract.tables import TableError, read_table

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


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header is row 1)
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(ValueError):
    """The whole file is unusable (wrong format, too large, missing columns)."""


def _header_map(header: list[str]) -> dict[str, int]:
    lookup: dict[str, str] = {}
    for name, zh, en in COLUMNS:
        for alias in (name, zh, en):
            lookup[alias.strip().lower()] = name
    found: dict[str, int] = {}
    for i, h in enumerate(header):
        key = lookup.get(h.strip().lower())
        if key and key not in found:
            found[key] = i
    missing = [zh for name, zh, _en in COLUMNS if name in REQUIRED and name not in found]
    if missing:
        raise ImportRejected(_("Missing required columns: %(cols)s") % {"cols": "、".join(missing)})
    return found


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def _parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (a time part, as Excel writes, is ignored)."""
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def _parse_row(
    cells: dict[str, str], members: dict[str, User], row_no: int
) -> tuple[dict[str, Any], list[RowError]]:
    errors: list[RowError] = []
    out: dict[str, Any] = {}
    label = {name: zh for name, zh, _en in COLUMNS}

    def err(col: str, msg: str) -> None:
        errors.append(RowError(row=row_no, column=label[col], message=msg))

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
                out[name] = _parse_date(value)
            except ValueError:
                err(name, _("not a date (use YYYY-MM-DD): “%(v)s”") % {"v": value})
    if value := cells.get("value_estimate", "").strip():
        try:
            amount = Decimal(value.replace(",", "").replace("，", "").replace("¥", ""))
            if amount < 0 or not amount.is_finite():
                raise InvalidOperation
            out["value_estimate"] = amount
        except InvalidOperation:
            err("value_estimate", _("not an amount: “%(v)s”") % {"v": value})
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
    if len(data) > settings.BAOMI_IMPORT_MAX_BYTES:
        raise ImportRejected(
            _("The file is too large (%(size)d KB; the limit is %(limit)d KB).")
            % {"size": len(data) // 1024, "limit": settings.BAOMI_IMPORT_MAX_BYTES // 1024}
        )
    try:
        table = read_table(filename, data, max_rows=settings.BAOMI_IMPORT_MAX_ROWS)
    except TableError as exc:
        raise ImportRejected(
            _("Cannot read %(name)s: %(reason)s") % {"name": filename, "reason": exc}
        ) from exc
    columns = _header_map(table.header)
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
            errors.append(
                RowError(row_no, "编号", _("duplicate of row %(row)d") % {"row": seen[code]})
            )
        seen[code] = row_no
        result.errors.extend(errors)
        parsed.append(values)
    if not table.rows:
        raise ImportRejected(_("The file has a header but no data rows."))
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
