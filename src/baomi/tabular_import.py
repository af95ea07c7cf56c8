"""What every CSV / XLSX import of the apps shares: reading an upload within the limits,
mapping headers (Chinese or English) to fields, parsing dates and amounts, and the
row-level error report. The apps keep only their columns and their rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from baomi.extract.tables import Table, TableError, read_table


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header is row 1)
    column: str
    message: str


class ImportRejected(ValueError):
    """The whole file is unusable (wrong format, too large, missing columns)."""


def read_upload(filename: str, data: bytes) -> Table:
    """The uploaded table, or ImportRejected when it is too large, unreadable or empty."""
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
    if not table.rows:
        raise ImportRejected(_("The file has a header but no data rows."))
    return table


def header_map(
    header: list[str],
    aliases: Iterable[tuple[str, Iterable[str]]],
    *,
    required: Iterable[str],
    labels: dict[str, str],
) -> dict[str, int]:
    """Field name → column index, for headers matching a field name or one of its aliases
    (case-insensitive); ImportRejected names the missing required columns."""
    lookup: dict[str, str] = {}
    for name, names in aliases:
        for alias in (name, *names):
            lookup[alias.strip().lower()] = name
    found: dict[str, int] = {}
    for i, h in enumerate(header):
        key = lookup.get(h.strip().lower())
        if key and key not in found:
            found[key] = i
    missing = [labels[name] for name in required if name not in found]
    if missing:
        raise ImportRejected(_("Missing required columns: %(cols)s") % {"cols": "、".join(missing)})
    return found


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日 (a time part, as Excel writes, is
    ignored); ValueError otherwise."""
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


def parse_amount(text: str, *, below: Decimal | None = None) -> Decimal:
    """A non-negative amount in yuan, with thousands separators and ¥ allowed; ValueError
    otherwise (also at or above ``below``)."""
    try:
        amount = Decimal(text.replace(",", "").replace("，", "").replace("¥", "").strip())
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not amount.is_finite() or amount < 0 or (below is not None and amount >= below):
        raise ValueError(text)
    return amount


def date_error(value: str) -> str:
    return _("not a date (use YYYY-MM-DD): “%(v)s”") % {"v": value}


def amount_error(value: str) -> str:
    return _("not an amount: “%(v)s”") % {"v": value}


def duplicate_error(row: int) -> str:
    return _("duplicate of row %(row)d") % {"row": row}
