"""Read CSV and XLSX tables as rows of strings.

The cell text follows the evidence-receipt spec (§1, tables) so that the same
table registers identically whether saved as CSV or XLSX: empty cell → ``""``,
numbers as their shortest round-trip decimal text, dates as ISO 8601.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path


class TableError(ValueError):
    """The file is not a readable CSV/XLSX table; ``str()`` says why."""


@dataclass(frozen=True)
class Table:
    """A table: its header row and data rows, every cell as text."""

    header: list[str]
    rows: list[list[str]]


def cell_text(value: object) -> str:
    """Text of one spreadsheet cell, per the receipt spec's table rules."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding (UTF-8/16 with or without BOM, GB18030, Big5...).

    Raises :class:`TableError` when the bytes are not text.
    """
    from .errors import BinaryContent
    from .text import decode_text as decode

    try:
        return decode(data)
    except BinaryContent as exc:
        raise TableError(exc.reason) from exc


def _read_csv(data: bytes) -> list[list[str]]:
    text = decode_text(data)
    if "\x00" in text:
        raise TableError("binary content, not a CSV table")
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)))
    except csv.Error as exc:
        raise TableError(f"malformed CSV: {exc}") from exc


def csv_delimiter(text: str, candidates: str = ",;\t|") -> str:
    """The delimiter of a CSV text: the candidate found most often in its first non-empty line.

    Counting in the header is predictable where ``csv.Sniffer`` guesses wrong on
    ragged rows; quoted delimiters in the header are not counted.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = "".join(part for index, part in enumerate(header.split('"')) if index % 2 == 0)
    counts = {candidate: unquoted.count(candidate) for candidate in candidates}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _read_xlsx(data: bytes) -> list[list[str]]:
    import warnings

    from openpyxl import load_workbook

    from .archive import check_container
    from .budget import Budget
    from .errors import CannotExtract
    from .model import DEFAULT_LIMITS

    if not data.startswith(b"PK\x03\x04"):
        raise TableError("not a readable XLSX workbook: not a zip package")
    try:
        check_container(data, Budget(DEFAULT_LIMITS))
    except CannotExtract as exc:
        raise TableError(f"not a readable XLSX workbook: {exc.reason}") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged workbooks
        raise TableError(f"not a readable XLSX workbook: {_one_line(exc)}") from exc
    try:
        if not workbook.worksheets:
            raise TableError("the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except TableError:
        raise
    except Exception as exc:
        raise TableError(f"damaged XLSX worksheet: {_one_line(exc)}") from exc
    finally:
        workbook.close()
    return rows


def _one_line(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:200]


def read_table(
    path: Path | str, data: bytes | None = None, *, max_rows: int | None = None
) -> Table:
    """Read a CSV or XLSX table (chosen by the file name's extension).

    The first row is the header; trailing empty columns and fully empty rows are
    dropped; short rows are padded with ``""`` to the header's width.
    Raises :class:`TableError` with a readable reason on malformed input.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TableError(f"cannot read: {exc.strerror or exc}") from exc
    if not isinstance(data, bytes | bytearray):
        raise TypeError(f"table data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        raw = _read_xlsx(data)
    elif suffix in {".csv", ".tsv", ".txt"}:
        raw = _read_csv(data)
    else:
        raise TableError(f"unsupported table format {suffix or '(none)'}; use CSV or XLSX")
    rows = [r for r in raw if any(c.strip() for c in r)]
    if not rows:
        raise TableError("empty table: no header row")
    header = [c.strip() for c in rows[0]]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise TableError("empty header row")
    width = len(header)
    body: list[list[str]] = []
    for row in rows[1:]:
        if any(c.strip() for c in row[width:]):
            raise TableError(f"row {len(body) + 2} has more cells than the header")
        body.append((row + [""] * width)[:width])
        if max_rows is not None and len(body) > max_rows:
            raise TableError(f"more than {max_rows} data rows")
    return Table(header=header, rows=body)
