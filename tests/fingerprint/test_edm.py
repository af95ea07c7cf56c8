"""Exact-data matching: planted rows are counted exactly; other companies' tables match nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from baomi.extract.tables import TableError
from baomi.fingerprint.edm import (
    EdmIndex,
    EdmIndexUnreadable,
    build_edm,
    canonical_amount,
    canonical_company,
    canonical_phone,
    scan_file,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
PLACES = ["深圳市", "杭州市", "苏州市", "成都市", "宁波市", "东莞市"]
TRADES = ["华创", "恒泰", "瑞丰", "嘉诚", "博远", "鼎盛", "汇通", "宏达", "新锐", "天成"]
LINES = ["电子", "精密机械", "新材料", "智能科技", "光电", "化工"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "(集团)有限公司"]


def customers(seed: int, n: int) -> list[list[str]]:
    """Rows of a synthetic customer list: company, contact, mobile, e-mail, yearly amount."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        company = rng.choice(PLACES) + rng.choice(TRADES) + rng.choice(TRADES) + rng.choice(LINES)
        contact = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10**7, 10**8 - 1)}"
        rows.append(
            [
                company + rng.choice(SUFFIXES),
                contact,
                phone,
                f"c{seed}x{i}@{rng.choice(['qq.com', '163.com', 'corp.cn'])}",
                str(rng.randint(10, 900) * 1000),
            ]
        )
    return rows


HEADER = ["客户名称", "联系人", "手机", "邮箱", "年采购额"]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def secret_index(tmp_path: Path) -> tuple[str, list[list[str]]]:
    rows = customers(1, 60)
    table = write_csv(tmp_path / "客户名单.csv", HEADER, rows)
    index = str(tmp_path / "edm")
    result = build_edm(index, str(table))
    assert result.rows == 60 and set(result.key_columns) >= {"客户名称", "联系人", "手机", "邮箱"}
    return index, rows


def _rows(index: str, path: Path) -> list[int]:
    return [r for m in scan_file(index, str(path), path.name) for r in getattr(m, "rows", [])]


def test_canonical_values() -> None:
    assert canonical_phone("+86 138-1234-5678") == canonical_phone("13812345678")
    assert canonical_phone("(010) 6552 1234") == canonical_phone("+86 10 65521234")
    assert canonical_company("深圳市华强电子有限公司") == canonical_company("华强电子股份有限公司")
    assert canonical_company("恒泰(集团)有限公司") == canonical_company("恒泰集团")
    assert canonical_company("Acme Trading Co., Ltd.") == canonical_company("ACME TRADING LIMITED")
    assert canonical_company("华强电子") is None  # no legal form: not recognisably a company
    assert canonical_amount("¥12,800.00") == canonical_amount("12800") == "12800"


def test_planted_rows_in_a_reordered_renamed_xlsx_are_counted_exactly(
    secret_index: tuple[str, list[list[str]]], tmp_path: Path
) -> None:
    index, rows = secret_index
    planted = [3, 17, 18, 42, 59]
    other = customers(99, 30)
    # Columns renamed and reordered, one column dropped, rows mixed with others.
    mixed = [[rows[i - 1][2], rows[i - 1][0], rows[i - 1][4]] for i in planted] + [
        [r[2], r[0], r[4]] for r in other
    ]
    suspect = write_xlsx(tmp_path / "new_employer.xlsx", ["Tel", "Customer", "Volume"], mixed)
    assert _rows(index, suspect) == planted


def test_rows_in_a_mail_body_are_found(
    secret_index: tuple[str, list[list[str]]], tmp_path: Path
) -> None:
    index, rows = secret_index
    r7, r8, r30 = rows[6], rows[7], rows[29]
    body = (
        "王总：\n以下是答应给您的几个大客户。\n"
        f"1. {r7[0].replace('有限公司', '股份有限公司')}，联系人{r7[1]}，"
        f"电话 +86 {r7[2][:3]}-{r7[2][3:7]}-{r7[2][7:]}\n"
        f"2. {r8[1]} {r8[3]}（采购量大）\n"
        f"另外 {r30[0]} 也是客户，这是公开信息。\n"
    )
    suspect = tmp_path / "mail.txt"
    suspect.write_text(body, encoding="utf-8")
    assert _rows(index, suspect) == [7, 8]


def test_same_shaped_tables_of_other_companies_match_no_row(
    secret_index: tuple[str, list[list[str]]], tmp_path: Path
) -> None:
    index, _ = secret_index
    for seed in (2, 3, 4):
        suspect = write_csv(tmp_path / f"other{seed}.csv", HEADER, customers(seed, 60))
        assert _rows(index, suspect) == []


def test_one_public_fact_alone_is_not_a_leak(
    secret_index: tuple[str, list[list[str]]], tmp_path: Path
) -> None:
    index, rows = secret_index
    suspect = tmp_path / "news.txt"
    suspect.write_text("\n".join(f"{r[0]} 参加了展会。" for r in rows), encoding="utf-8")
    assert _rows(index, suspect) == []


def test_the_index_holds_no_plaintext(secret_index: tuple[str, list[list[str]]]) -> None:
    index, rows = secret_index
    blob = b"".join(p.read_bytes() for p in Path(index).iterdir())
    for row in rows[:10]:
        for value in (row[0], row[1], row[2], row[3]):
            assert value.encode() not in blob
            assert value.encode("utf-16-le") not in blob


def test_key_columns_can_be_chosen_and_must_exist(tmp_path: Path) -> None:
    table = write_csv(tmp_path / "t.csv", HEADER, customers(5, 5))
    result = build_edm(str(tmp_path / "edm"), str(table), key_columns=["手机", "2"])
    assert result.key_columns == ["手机", "联系人"]
    with pytest.raises(ValueError, match="no column"):
        build_edm(str(tmp_path / "edm2"), str(table), key_columns=["传真"])


def test_bad_tables_and_indexes_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(TableError):
        build_edm(str(tmp_path / "edm"), str(bad))
    with pytest.raises(EdmIndexUnreadable):
        EdmIndex(tmp_path)
