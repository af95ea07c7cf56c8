"""Exact-data matching (EDM) of structured secrets: customer lists, price lists.

Build: every identifying cell of a CSV/XLSX table is normalised by what it
holds and stored only as a keyed, salted BLAKE2b-64 hash of
``kind + canonical value`` — no plaintext cell value is kept. Hashes do not
depend on the column, so a suspect with renamed, reordered or missing columns,
or with the rows pasted into a mail body, a text list or another spreadsheet,
still matches.

Canonical forms:

* **phone** — digits only, without the ``+86``/``0086`` country code and
  without the trunk ``0`` of an area code: ``+86 138-1234-5678``,
  ``13812345678``, ``(010) 6552 1234`` and ``+86 10 65521234`` normalise alike;
* **email** — lowercased;
* **company** — NFKC, traditional → simplified, case-folded, punctuation and
  spaces removed, legal-form suffixes removed (有限公司, 有限责任公司,
  股份有限公司, (集团), Co., Ltd., Inc. ...), so 某某科技有限公司 and
  某某科技股份有限公司 match;
* **amount** — the number without currency signs, thousands separators and
  trailing zeros (``¥12,800.00`` → ``12800``);
* **text** — NFKC, case-folded, without spaces and punctuation.

Scan: candidate values in each line of a suspect's text (phones, e-mails,
company names before a legal-form suffix, numbers, and the fields of lines
split on tabs, commas, colons and similar) are hashed and looked up. A secret
row counts as matched when at least ``min_cells`` (2) of its distinct
identifying cells, at least one of them not an amount, occur on the same line
or within ``window`` characters: a single public fact (a company name alone)
is never a leak.

The index keeps the table's column names (the schema, reported as
``columns_matched``) and its SHA-256, but no cell value. Low-entropy values
(phone numbers) can be brute-forced by whoever holds the key, so the key file
stays with the index owner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from baomi.extract import ExtractError, Unit
from baomi.extract.tables import read_table
from baomi.fingerprint._variants import TRADITIONAL_TO_SIMPLIFIED
from baomi.fingerprint.units import extract_units

FORMAT = "baomi-edm-index"
VERSION = 1
#: Kinds that can make a match only together with a strong kind (phone, email,
#: company, text): a date and an amount alone are too common.
WEAK_KINDS = frozenset({"amount", "date"})

_COMPANY_SUFFIXES = sorted(
    [
        "集团股份有限公司",
        "集团有限责任公司",
        "集团有限公司",
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "(集团)",
        "集团",
        "公司",
        "company limited",
        "co., ltd.",
        "co., ltd",
        "co.,ltd.",
        "co.,ltd",
        "co. ltd",
        "co ltd",
        "limited",
        "ltd.",
        "ltd",
        "inc.",
        "inc",
        "corporation",
        "corp.",
        "corp",
        "llc",
        "gmbh",
        "co.",
    ],
    key=len,
    reverse=True,
)
_COMPANY_MARK = re.compile(
    r"(集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|（集团）|\(集团\)|集团|公司"
    r"|\b(?:co\.?,?\s*ltd\.?|company limited|limited|ltd\.?|inc\.?|corporation|corp\.?"
    r"|llc|gmbh)\b)",
    re.I,
)
_PHONE = re.compile(
    r"(?<![\d])(?:\+|00)?(?:86[\s-]?)?(?:\(?0?\d{2,3}\)?[\s-]?)?\d{3,4}[\s-]?\d{4}(?!\d)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"[¥￥$]?\d[\d,]*(?:\.\d+)?")
_FIELD_SPLIT = re.compile(r"[\t,;|，；、：:]+|\s{2,}")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?")
# A leading place name (province, city, district) is often dropped when a
# company is named in passing: 深圳市华强电子有限公司 ~ 华强电子股份有限公司.
_REGION = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?(?:[\u4e00-\u9fff]{2,3}[市区县])?")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_PUNCT_SPACE = re.compile(r"[\W_]+")
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff\w（）()·]{1,30}$")


@dataclass(frozen=True)
class EdmBuildResult:
    """Outcome of :func:`build_edm`."""

    index: str
    table: str
    rows: int
    key_columns: list[str]
    cells: int


@dataclass(frozen=True)
class EdmMatch:
    """Matched rows of one indexed table in one suspect unit (the CLI line)."""

    suspect: str
    table: str
    rows: list[int]
    columns_matched: list[str]

    def to_json(self) -> dict[str, object]:
        """The JSON Lines object of ``baomi edm scan --json``."""
        return {
            "suspect": self.suspect,
            "rows_matched": len(self.rows),
            "rows": self.rows,
            "columns_matched": self.columns_matched,
            "table": self.table,
        }


class EdmIndexUnreadable(Exception):
    """The directory holds no readable EDM index; ``str()`` says why."""


# --- canonical values -------------------------------------------------------


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).casefold().translate(TRADITIONAL_TO_SIMPLIFIED)
    return value.strip()


def canonical_phone(value: str) -> str | None:
    """Canonical phone number, or None when ``value`` is not one."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value))
    if value.strip().startswith(("+", "00")) or len(digits) >= 12:
        for prefix in ("0086", "86"):
            if digits.startswith(prefix) and len(digits) - len(prefix) >= 9:
                digits = digits[len(prefix) :]
                break
    digits = digits.lstrip("0")
    return digits if 7 <= len(digits) <= 12 else None


def canonical_email(value: str) -> str | None:
    """Canonical e-mail address, or None."""
    value = _fold(value)
    return value if _EMAIL.fullmatch(value) else None


def canonical_company(value: str) -> str | None:
    """Company name without its legal-form suffix, or None when it has none."""
    folded = _fold(value).replace("（", "(").replace("）", ")")
    stripped = folded
    changed = True
    while changed:
        changed = False
        for suffix in _COMPANY_SUFFIXES:
            if stripped.endswith(suffix) and len(stripped) > len(suffix):
                stripped = stripped[: -len(suffix)].rstrip(" ,.")
                changed = True
    if stripped == folded:
        return None
    base = _REGION.sub("", _PUNCT_SPACE.sub("", stripped))
    return base if len(base) >= 2 else None


def canonical_amount(value: str) -> str | None:
    """Canonical amount (plain decimal, no trailing zeros), or None."""
    cleaned = re.sub(r"[¥￥$,\s]|元|rmb|cny|usd", "", _fold(value))
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", cleaned):
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    text = format(number.normalize(), "f")
    return text if text not in {"0", "-0"} else None


def canonical_text(value: str) -> str | None:
    """Generic cell text: folded, without spaces or punctuation (None if too short)."""
    base = _PUNCT_SPACE.sub("", _fold(value))
    return base if len(base) >= 2 else None


def classify(value: str) -> tuple[str, str] | None:
    """``(kind, canonical)`` of one cell value, most specific kind first."""
    if not value or not value.strip():
        return None
    if "@" in value:
        email = canonical_email(value)
        if email:
            return "email", email
    date = _DATE.fullmatch(value.strip())
    if date:
        return "date", "-".join(str(int(part)) for part in date.groups())
    if _looks_like_phone(value.strip()):
        phone = canonical_phone(value)
        if phone:
            return "phone", phone
    amount = canonical_amount(value)
    if amount is not None:
        return "amount", amount
    company = canonical_company(value)
    if company:
        return "company", company
    text = canonical_text(value)
    return ("text", text) if text else None


def _looks_like_phone(value: str) -> bool:
    """Phone-shaped: separators or a country code, or a bare mobile/area-code number."""
    value = unicodedata.normalize("NFKC", value)
    if not re.fullmatch(r"[\s+()\-\d]{7,24}", value):
        return False
    if re.fullmatch(r"\d+", value):  # bare digits: a mobile number or 0 + area code
        return bool(re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", value))
    return True


def cell_hash(kind: str, canonical: str, key: bytes, salt: bytes) -> int:
    """Keyed, salted BLAKE2b-64 of one canonical cell value (signed int64)."""
    digest = hashlib.blake2b(
        f"{kind}\x1f{canonical}".encode(), key=key, salt=salt, digest_size=8
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


# --- index ------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tables (id INTEGER PRIMARY KEY, origin TEXT, sha256 TEXT,
    rows INTEGER, added TEXT);
CREATE TABLE IF NOT EXISTS columns (table_id INTEGER, col INTEGER, name TEXT, kind TEXT,
    PRIMARY KEY (table_id, col));
CREATE TABLE IF NOT EXISTS cells (hash INTEGER, table_id INTEGER, row INTEGER, col INTEGER);
CREATE INDEX IF NOT EXISTS cells_hash ON cells(hash);
"""


def _open(directory: Path, create: bool) -> tuple[sqlite3.Connection, bytes, bytes]:
    meta = directory / "edm.json"
    if not meta.exists():
        if not create:
            raise EdmIndexUnreadable(f"{directory}: not a Baomi EDM index (no edm.json)")
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / "edm.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(48))
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        meta.write_text(json.dumps({"format": FORMAT, "version": VERSION, "created": created}))
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        material = (directory / "edm.key").read_bytes()
    except (OSError, ValueError) as exc:
        raise EdmIndexUnreadable(f"{directory}: unreadable EDM index ({exc})") from None
    if info.get("format") != FORMAT or len(material) != 48:
        raise EdmIndexUnreadable(f"{directory}: not a Baomi EDM index (wrong format or key)")
    db = sqlite3.connect(directory / "edm.sqlite", timeout=60)
    db.executescript(_SCHEMA)
    return db, material[:32], material[32:]


def _pick_key_columns(header: list[str], rows: list[list[str]]) -> list[int]:
    """Identifying columns: phone, e-mail, company, amounts, and mostly-unique text."""
    chosen = []
    for col in range(len(header)):
        values = [r[col] for r in rows if r[col].strip()]
        if not values:
            continue
        kinds = [c[0] for c in map(classify, values) if c]
        majority = max(set(kinds), key=kinds.count) if kinds else "text"
        distinct = len(set(values)) / len(values)
        if majority in {"phone", "email", "company"} or (
            distinct >= 0.8 and majority in {"text", "amount"}
        ):
            chosen.append(col)
    return chosen


def build_edm(
    index_dir: str | Path, table_path: str, *, key_columns: list[str] | None = None
) -> EdmBuildResult:
    """Index a CSV/XLSX table's identifying cells as keyed salted hashes.

    ``key_columns`` names the columns to index (header names or 1-based
    numbers); by default the identifying columns are chosen from the values.
    Raises :class:`~baomi.extract.tables.TableError` for an unreadable table,
    :class:`ValueError` for an unknown column name.
    """
    table = read_table(table_path)
    if key_columns:
        cols = []
        for name in key_columns:
            if name in table.header:
                cols.append(table.header.index(name))
            elif name.isdigit() and 1 <= int(name) <= len(table.header):
                cols.append(int(name) - 1)
            else:
                raise ValueError(f"no column {name!r} (columns: {', '.join(table.header)})")
    else:
        cols = _pick_key_columns(table.header, table.rows)
    digest = hashlib.sha256(Path(table_path).read_bytes()).hexdigest()
    db, key, salt = _open(Path(index_dir), create=True)
    with db:
        table_id = db.execute(
            "INSERT INTO tables (origin, sha256, rows, added) VALUES (?, ?, ?, ?)",
            (table_path, digest, len(table.rows), dt.datetime.now(dt.UTC).isoformat()),
        ).lastrowid
        cells = []
        kinds: dict[int, list[str]] = defaultdict(list)
        for row_number, row in enumerate(table.rows, start=1):
            for col in cols:
                found = classify(row[col])
                if found:
                    kinds[col].append(found[0])
                    cells.append((cell_hash(*found, key, salt), table_id, row_number, col))
        db.executemany("INSERT INTO cells VALUES (?, ?, ?, ?)", cells)
        db.executemany(
            "INSERT INTO columns VALUES (?, ?, ?, ?)",
            [
                (table_id, c, table.header[c], max(set(kinds[c]), key=kinds[c].count))
                for c in cols
                if kinds[c]
            ],
        )
    db.close()
    return EdmBuildResult(
        str(index_dir), table_path, len(table.rows), [table.header[c] for c in cols], len(cells)
    )


# --- scan -------------------------------------------------------------------


def _candidates(line: str) -> Iterator[tuple[int, str, str]]:
    """``(offset in line, kind, canonical)`` of every value worth looking up."""
    for m in _EMAIL.finditer(line):
        email = canonical_email(m.group())
        if email:
            yield m.start(), "email", email
    for m in _PHONE.finditer(line):
        phone = canonical_phone(m.group())
        if phone:
            yield m.start(), "phone", phone
    for m in _NUMBER.finditer(line):
        amount = canonical_amount(m.group())
        if amount:
            yield m.start(), "amount", amount
    for m in _COMPANY_MARK.finditer(line):
        before = _CJK_BEFORE.search(line[: m.start()])
        if before:
            prefix = before.group()
            # The name's start is unknown inside prose: try every start.
            for start in range(len(prefix) - 1, -1, -1):
                company = canonical_company(prefix[start:] + m.group())
                if company:
                    yield before.start() + start, "company", company
        words = line[: m.start()].split()[-5:]
        for n in range(1, len(words) + 1):
            company = canonical_company(" ".join(words[-n:]) + " " + m.group())
            if company:
                yield m.start(), "company", company
    # Short names (contact persons, 2-4 characters) sit inside prose without
    # delimiters: 联系人张伟.
    for m in _CJK_RUN.finditer(line):
        run = m.group()
        for size in (2, 3, 4):
            for start in range(len(run) - size + 1):
                yield m.start() + start, "text", run[start : start + size]
    position = 0
    for field in _FIELD_SPLIT.split(line):
        offset = line.find(field, position)
        position = max(position, offset)
        found = classify(field)
        if found:
            yield offset, *found
            if found[0] != "text":
                text = canonical_text(field)
                if text:
                    yield offset, "text", text


class EdmIndex:
    """Read access to an EDM index."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise EdmIndexUnreadable(f"{directory}: no such index directory")
        self.db, self.key, self.salt = _open(self.directory, create=False)
        self.tables = dict(self.db.execute("SELECT id, origin FROM tables").fetchall())
        if not self.tables:
            raise EdmIndexUnreadable(f"{directory}: the EDM index holds no table")
        self.columns = {
            (t, c): (name, kind)
            for t, c, name, kind in self.db.execute("SELECT table_id, col, name, kind FROM columns")
        }

    def lookup(self, hashes: list[int]) -> dict[int, list[tuple[int, int, int]]]:
        """``hash → [(table, row, col)]`` for the hashes present in the index."""
        found: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        unique = list(set(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT hash, table_id, row, col FROM cells WHERE hash IN ({marks})"  # noqa: S608
            for h, t, r, c in self.db.execute(query, chunk):
                found[h].append((t, r, c))
        return found


def scan_unit(
    unit: Unit, index: EdmIndex, *, window: int = 200, min_cells: int = 2
) -> list[EdmMatch]:
    """Rows of the indexed tables found in one suspect unit."""
    occurrences: list[tuple[int, int, int]] = []  # (hash, line number, absolute offset)
    offset = 0
    for number, line in enumerate(unit.text.splitlines(keepends=True)):
        for at, kind, canonical in _candidates(line):
            occurrences.append(
                (cell_hash(kind, canonical, index.key, index.salt), number, offset + at)
            )
        offset += len(line)
    found = index.lookup([h for h, _, _ in occurrences])
    hits: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for h, line_number, position in occurrences:
        for table, row, col in found.get(h, ()):
            hits[(table, row)].append((col, line_number, position))
    matched: dict[int, dict[int, set[int]]] = defaultdict(dict)
    for (table, row), cells in hits.items():
        cols = _close_columns(cells, window)
        strong = [
            c for c in cols if index.columns.get((table, c), ("", "text"))[1] not in WEAK_KINDS
        ]
        if len(cols) >= min_cells and strong:
            matched[table][row] = cols
    out = []
    for table, rows in matched.items():
        columns = sorted({c for cols in rows.values() for c in cols})
        out.append(
            EdmMatch(
                suspect=unit.origin,
                table=index.tables[table],
                rows=sorted(rows),
                columns_matched=[index.columns[(table, c)][0] for c in columns],
            )
        )
    return out


def _close_columns(cells: list[tuple[int, int, int]], window: int) -> set[int]:
    """The largest set of distinct columns whose hits sit on one line or within ``window``."""
    best: set[int] = set()
    for _, line_a, pos_a in cells:
        near = {
            col for col, line_b, pos_b in cells if line_b == line_a or abs(pos_b - pos_a) <= window
        }
        if len(near) > len(best):
            best = near
    return best


def scan_file(index_dir: str, path: str, display: str) -> list[EdmMatch | ExtractError]:
    """EDM matches of every unit of one suspect file (errors passed through)."""
    index = _cached_index(index_dir)
    out: list[EdmMatch | ExtractError] = []
    for item in extract_units(path, display):
        if isinstance(item, ExtractError):
            out.append(item)
        else:
            out.extend(scan_unit(item, index))
    return out


_INDEXES: dict[tuple[str, int], EdmIndex] = {}


def _cached_index(index_dir: str) -> EdmIndex:
    try:
        stamp = (Path(index_dir) / "edm.sqlite").stat().st_mtime_ns
    except OSError:
        stamp = 0
    key = (index_dir, stamp)
    if key not in _INDEXES:
        _INDEXES.clear()
        _INDEXES[key] = EdmIndex(index_dir)
    return _INDEXES[key]
