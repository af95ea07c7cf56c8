"""Material, parts and the salted commitment (spec §1), and selective disclosure."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.ledger import commitment as cm
from baomi.ledger import merkle

SALT = bytes(range(32))


def test_part_salts_follow_the_spec_formula() -> None:
    for i in (0, 1, 10, 123):
        expected = hmac.new(SALT, f"baomi-part/1:{i}".encode(), hashlib.sha256).digest()
        assert cm.part_salt(SALT, i) == expected


def test_one_part_commitment_is_the_leaf_hash_of_salt_and_digest() -> None:
    digest = hashlib.sha256(b"secret formula").digest()
    leaf = cm.part_salt(SALT, 0) + digest
    assert len(leaf) == 64
    assert cm.commitment(SALT, [digest]) == hashlib.sha256(b"\x00" + leaf).digest()


def test_two_parts_commitment_is_a_node_hash() -> None:
    d = [hashlib.sha256(b"a").digest(), hashlib.sha256(b"b").digest()]
    leaves = [hashlib.sha256(b"\x00" + cm.part_salt(SALT, i) + d[i]).digest() for i in range(2)]
    assert cm.commitment(SALT, d) == hashlib.sha256(b"\x01" + leaves[0] + leaves[1]).digest()


def test_the_salt_hides_low_entropy_material() -> None:
    digest = [hashlib.sha256(b"13800138000").digest()]
    assert cm.commitment(cm.new_master_salt(), digest) != cm.commitment(
        cm.new_master_salt(), digest
    )


def test_every_part_can_be_disclosed_alone() -> None:
    digests = [hashlib.sha256(str(i).encode()).digest() for i in range(7)]
    root = cm.commitment(SALT, digests)
    for i in range(7):
        proof = cm.part_proof(SALT, digests, i)
        cm.verify_part(root, 7, i, cm.part_salt(SALT, i), digests[i], proof)
        with pytest.raises(merkle.ProofError):
            cm.verify_part(root, 7, i, cm.part_salt(SALT, i), digests[(i + 1) % 7], proof)
        with pytest.raises(merkle.ProofError):
            cm.verify_part(root, 7, i, cm.part_salt(SALT, i + 1), digests[i], proof)


def test_folder_parts_are_sorted_by_code_point_with_hidden_and_empty_files(tmp_path: Path) -> None:
    root = tmp_path / "secret"
    (root / "B").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "B" / "z.txt").write_bytes(b"z")
    (root / "a" / "x.txt").write_bytes(b"x")
    (root / ".hidden").write_bytes(b"h")
    (root / "empty").write_bytes(b"")
    (root / "中文.txt").write_bytes("内容".encode())
    os.symlink(root / "a" / "x.txt", root / "link")
    os.symlink(root / "a", root / "linkdir")
    parts = cm.parts_of_folder(root)
    assert [p.name for p in parts] == [".hidden", "B/z.txt", "a/x.txt", "empty", "中文.txt"]
    assert parts[3].sha256 == hashlib.sha256(b"").digest()


def test_table_rows_are_json_arrays_and_csv_equals_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    csv_path = tmp_path / "customers.csv"
    csv_path.write_text("name,phone,price\n张三,13800138000,1.5\nACME,,2\n", encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in [["name", "phone", "price"], ["张三", 13800138000, 1.5], ["ACME", None, 2]]:
        ws.append(row)
    xlsx_path = tmp_path / "customers.xlsx"
    wb.save(xlsx_path)
    csv_parts = cm.parts_of_table(csv_path)
    assert [p.sha256 for p in csv_parts] == [p.sha256 for p in cm.parts_of_table(xlsx_path)]
    row0 = json.dumps(["张三", "13800138000", "1.5"], ensure_ascii=False, separators=(",", ":"))
    assert csv_parts[0].sha256 == hashlib.sha256(row0.encode()).digest()
    assert csv_parts[1].sha256 == hashlib.sha256(b'["ACME","","2"]').digest()


@pytest.mark.parametrize(
    ("kind", "make", "message"),
    [
        ("file", lambda p: p.write_bytes(b""), "empty file"),
        ("folder", lambda p: p.mkdir(), "no files"),
        ("table", lambda p: p.write_text("a,b\n"), "no data rows"),
        ("file", lambda p: None, "cannot read"),
    ],
)
def test_unusable_material_is_refused(tmp_path: Path, kind, make, message) -> None:
    path = tmp_path / ("t.csv" if kind == "table" else "m")
    make(path)
    with pytest.raises(cm.MaterialError, match=message):
        cm.parts_of_path(path, kind)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.binary(min_size=0, max_size=40), min_size=1, max_size=40), st.data())
def test_any_part_of_any_registration_discloses_alone(contents: list[bytes], data) -> None:
    salt = data.draw(st.binary(min_size=32, max_size=32))
    digests = [hashlib.sha256(c).digest() for c in contents]
    root = cm.commitment(salt, digests)
    i = data.draw(st.integers(0, len(digests) - 1))
    proof = cm.part_proof(salt, digests, i)
    cm.verify_part(root, len(digests), i, cm.part_salt(salt, i), digests[i], proof)
    wrong = hashlib.sha256(contents[i] + b"!").digest()
    with pytest.raises(merkle.ProofError):
        cm.verify_part(root, len(digests), i, cm.part_salt(salt, i), wrong, proof)
