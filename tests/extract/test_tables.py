"""read_table: CSV and XLSX tables as rows of strings, and its errors on bad input."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from baomi.extract.tables import Table, TableError, cell_text, decode_text, read_table

ROWS: list[list[object]] = [
    ["名称", "电话", "金额", "日期"],
    ["甲公司", "13800000000", 1200, dt.date(2024, 3, 1)],
    ["乙公司", None, 0.1, dt.datetime(2024, 3, 1, 9, 30)],
]


def test_the_same_table_reads_identically_from_csv_and_xlsx(build) -> None:
    xlsx = read_table("t.xlsx", build.xlsx({"S": ROWS}))
    csv_text = "\n".join(",".join(cell_text(v) for v in row) for row in ROWS) + "\n"
    csv = read_table("t.csv", csv_text.encode("gb18030"))
    assert (
        xlsx
        == csv
        == Table(
            header=["名称", "电话", "金额", "日期"],
            rows=[
                ["甲公司", "13800000000", "1200", "2024-03-01"],
                ["乙公司", "", "0.1", "2024-03-01T09:30:00"],
            ],
        )
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "TRUE"),
        (3, "3"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e20, "1e+20"),
        (dt.date(2024, 1, 2), "2024-01-02"),
        (dt.datetime(2024, 1, 2), "2024-01-02"),
        (dt.time(9, 5), "09:05:00"),
        ("文本", "文本"),
    ],
)
def test_cell_text_follows_the_receipt_rules(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_short_rows_are_padded_and_empty_rows_dropped() -> None:
    table = read_table("t.csv", b"a;b;c\n1;2\n;;\n3;4;5\n")
    assert table.rows == [["1", "2", ""], ["3", "4", "5"]]


def test_it_reads_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("名称\t电话\n甲公司\t1\n", encoding="utf-16")
    assert read_table(path) == Table(header=["名称", "电话"], rows=[["甲公司", "1"]])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("t.csv", b"", "empty table"),
        ("t.csv", b",,\n,,\n", "empty table"),
        ("t.csv", b"a,b\n1,2,3\n", "more cells than the header"),
        ("t.csv", b"\x00\x01\x02\x03" * 500, "binary"),
        ("t.xlsx", b"PK\x03\x04" + b"\x00" * 100, "XLSX"),
        ("t.xlsx", "名称,电话\n".encode(), "XLSX"),
        ("t.pdf", b"%PDF-1.4", "unsupported table format .pdf"),
        ("t", b"a,b", "unsupported table format (none)"),
    ],
)
def test_bad_tables_raise_a_readable_table_error(name: str, data: bytes, message: str) -> None:
    with pytest.raises(TableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_table(name, data)


def test_truncated_and_random_xlsx_raise_table_error(build) -> None:
    data = build.xlsx({"S": ROWS * 20})
    with pytest.raises(TableError):
        read_table("t.xlsx", data[: len(data) // 2])
    with pytest.raises(TableError):
        read_table("t.xlsx", os.urandom(2000))


def test_an_xlsx_zip_bomb_is_refused(build) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build.xlsx({"S": ROWS}))) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/media/padding.bin"] = b"\0" * (8 << 20)
    with pytest.raises(TableError, match="zip bomb"):
        read_table("t.xlsx", build.zip(parts))


def test_too_many_rows_raise(build) -> None:
    with pytest.raises(TableError, match="more than 1 data rows"):
        read_table("t.xlsx", build.xlsx({"S": ROWS}), max_rows=1)


def test_missing_file_raises_table_error(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="cannot read"):
        read_table(tmp_path / "missing.csv")


def test_data_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes"):
        read_table("t.csv", "a,b\n1,2\n")  # type: ignore[arg-type]


def test_decode_text_raises_table_error_on_binary() -> None:
    with pytest.raises(TableError):
        decode_text(os.urandom(1000))


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3", ","),
        ("a;b;c\n1;2", ";"),
        ("a\tb\n1\t2", "\t"),
        ('"x,y";b;c\n1;2;3', ";"),
        ("single\nvalue", ","),
    ],
)
def test_csv_delimiter_is_counted_in_the_header(text: str, delimiter: str) -> None:
    from baomi.extract.tables import csv_delimiter

    assert csv_delimiter(text) == delimiter
