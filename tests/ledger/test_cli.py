"""``baomi evidence``: the contract of specs/cli.md, checked from outside the process.

The independent verifier (tests/ledger/independent_verifier.py, written from
the spec without importing baomi.ledger) must accept every receipt and
consistency proof the CLI produces and reject tampered ones.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path

import pytest

from . import independent_verifier as iv


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.fixture
def material(tmp_path: Path) -> Path:
    m = tmp_path / "material"
    (m / "design" / "sub").mkdir(parents=True)
    (m / "design" / "sub" / "b.bin").write_bytes(bytes(range(256)))
    (m / "design" / "A.txt").write_text("配方：水 70%，糖 30%\n", encoding="utf-8")
    (m / "design" / ".hidden").write_text("h")
    (m / "design" / "empty").write_bytes(b"")
    (m / "formula.txt").write_text("secret formula\n")
    (m / "customers.csv").write_text("名称,电话\n甲公司,13800138000\n乙公司,\n", encoding="utf-8")
    (m / "empty.txt").write_bytes(b"")
    (m / "binary.dat").write_bytes(b"\xff\xfe\x00")
    return m


def _one_line_error(result, code: int = 2) -> None:
    assert result.code == code, (result.code, result.out, result.err)
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "Traceback" not in result.err and result.err.startswith("baomi: ")


def test_register_writes_receipts_beside_each_path_and_json_lines(cli, material: Path) -> None:
    r = cli(
        "register",
        str(material / "formula.txt"),
        str(material / "design"),
        "--org",
        "org-42",
        "--json",
    )
    assert r.code == 0, r.err
    lines = r.lines()
    assert [set(x) for x in lines] == [{"path", "index", "commitment", "receipt"}] * 2
    assert lines[0]["receipt"] == str(material / "formula.txt.receipt.json")
    assert lines[1]["receipt"] == str(material / "design.receipt.json")
    receipt = json.loads((material / "design.receipt.json").read_text())
    entry = json.loads(base64.b64decode(receipt["entry"]))
    assert entry["org"] == "org-42" and entry["kind"] == "folder" and entry["parts"] == 4
    assert [p["name"] for p in receipt["disclosure"]["parts"]] == [
        ".hidden",
        "A.txt",
        "empty",
        "sub/b.bin",
    ]
    assert entry["commitment"] == lines[1]["commitment"]
    assert [lines[0]["index"], lines[1]["index"]] == [0, 1]


def test_verify_with_and_without_the_material(cli, material: Path) -> None:
    assert cli("register", str(material / "customers.csv"), "--kind", "table").code == 0
    receipt = material / "customers.csv.receipt.json"
    ok = cli("verify", str(receipt), str(material / "customers.csv"), "--json")
    assert ok.code == 0, ok.err
    assert ok.json()["valid"] is True and ok.json()["material"] == "checked"
    assert cli("verify", str(receipt)).code == 0
    (material / "customers.csv").write_text(
        "名称,电话\n甲公司,13900139000\n乙公司,\n", encoding="utf-8"
    )
    bad = cli("verify", str(receipt), str(material / "customers.csv"), "--json")
    assert bad.code == 1 and bad.json()["valid"] is False and "part 0" in bad.json()["reason"]


def test_verify_a_partial_disclosure_with_the_disclosed_part(
    cli, material: Path, tmp_path: Path
) -> None:
    assert cli("register", str(material / "design")).code == 0
    partial = tmp_path / "partial.json"
    assert (
        cli(
            "disclose", str(material / "design.receipt.json"), "--parts", "1", "--out", str(partial)
        ).code
        == 0
    )
    assert cli("verify", str(partial), str(material / "design" / "A.txt")).code == 0
    r = cli("verify", str(partial), str(material / "formula.txt"))
    assert r.code == 1 and "none of the disclosed" in r.err


def test_a_receipt_key_is_only_trusted_when_said_so(material: Path, tmp_path: Path, cli) -> None:
    from .conftest import in_process_cli

    assert cli("register", str(material / "formula.txt")).code == 0
    bare = tmp_path / "no-instance"
    bare_cli = in_process_cli(bare)
    r = bare_cli("verify", str(material / "formula.txt.receipt.json"), "--json")
    assert r.code == 0 and r.json()["key_source"] == "receipt"
    assert "internal consistency" in r.err
    assert not bare.exists(), "verify must not create an instance"
    vkey = cli("vkey").out.strip()
    r = bare_cli("verify", str(material / "formula.txt.receipt.json"), "--vkey", vkey, "--json")
    assert r.code == 0 and r.json()["key_source"] == "trusted"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["register", "{m}/missing.txt"], "no such file"),
        (["register", "{m}/empty.txt"], "empty file"),
        (["register", "{m}/formula.txt", "{m}/empty.txt"], "empty file"),
        (["register", "{m}/formula.txt", "--kind", "folder"], "not a folder"),
        (["register", "{m}/formula.txt", "--kind", "table"], "no data rows"),
        (["register", "{m}/formula.txt", "--kind", "video"], "--kind"),
        (["register", "{m}/binary.dat", "--kind", "text"], "not UTF-8"),
        (["register", "{m}/formula.txt", "--out", "{m}/formula.txt"], "not a folder"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    cli, material: Path, home: Path, args, message
) -> None:
    before_material = _files(material)
    before_size = json.loads(cli("consistency", "0", "--json").out)["new_size"]
    r = cli(*[a.format(m=material) for a in args])
    _one_line_error(r)
    assert message in r.err
    assert _files(material) == before_material
    assert json.loads(cli("consistency", "0", "--json").out)["new_size"] == before_size


@pytest.fixture
def registered(cli, material: Path) -> Path:
    assert cli("register", str(material / "formula.txt")).code == 0
    return material / "formula.txt.receipt.json"


def test_malformed_and_truncated_receipts_exit_2(cli, registered: Path, tmp_path: Path) -> None:
    text = registered.read_text()
    for name, content in [
        ("truncated", text[: len(text) // 2]),
        ("empty", ""),
        ("binary", "\x00\x01"),
    ]:
        path = tmp_path / f"{name}.json"
        path.write_text(content)
        _one_line_error(cli("verify", str(path)))
    _one_line_error(cli("verify", str(tmp_path / "absent.json")))
    structurally_wrong = tmp_path / "wrong.json"
    structurally_wrong.write_text(json.dumps({"format": "baomi-receipt/1"}))
    _one_line_error(cli("verify", str(structurally_wrong)), code=1)


def test_wrong_key_and_other_log_exit_1(cli, registered: Path, tmp_path: Path) -> None:
    from .conftest import in_process_cli

    other_cli = in_process_cli(tmp_path / "other-home")
    other = other_cli("vkey").out.strip()
    r = cli("verify", str(registered), "--vkey", other)
    _one_line_error(r, code=1)
    assert "another log" in r.err
    # Verified inside the other instance (whose own key is trusted by default).
    r = other_cli("verify", str(registered))
    _one_line_error(r, code=1)
    _one_line_error(cli("verify", str(registered), "--vkey", "not-a-key+1234+zz"), code=2)


def test_index_or_size_beyond_the_tree_exit_2(cli, registered: Path) -> None:
    _one_line_error(cli("prove", "5"))
    _one_line_error(cli("consistency", "1", "7"))
    _one_line_error(cli("consistency", "2", "1"))


def test_text_registers_its_utf8_bytes(cli, material: Path) -> None:
    r = cli("register", str(material / "formula.txt"), "--kind", "text", "--json")
    assert r.code == 0, r.err
    receipt = json.loads((material / "formula.txt.receipt.json").read_text())
    assert (
        receipt["disclosure"]["parts"][0]["sha256"]
        == hashlib.sha256(b"secret formula\n").hexdigest()
    )
    assert (
        cli(
            "verify", str(material / "formula.txt.receipt.json"), str(material / "formula.txt")
        ).code
        == 0
    )


def test_re_registering_keeps_the_earlier_receipt(cli, material: Path) -> None:
    assert cli("register", str(material / "formula.txt")).code == 0
    assert cli("register", str(material / "formula.txt")).code == 0
    assert (material / "formula.txt.0.receipt.json").exists()
    latest = json.loads((material / "formula.txt.receipt.json").read_text())
    assert latest["index"] == 1


def test_the_independent_verifier_accepts_everything_the_cli_makes(
    home: Path, cli, material: Path, tmp_path: Path
) -> None:
    vkey = cli("vkey").out.strip()
    from baomi.ledger.instance import Ledger

    ledger = Ledger(home)
    witness = ledger.witness_vkey()
    ledger.close()
    assert witness is not None
    checkpoints = [cli("checkpoint").out]
    receipts = []
    for args in (
        [str(material / "formula.txt")],
        [str(material / "design"), "--out", str(tmp_path / "r")],
        [str(material / "customers.csv"), "--kind", "table"],
        [str(material / "design" / "A.txt"), str(material / "design" / "sub" / "b.bin")],
    ):
        r = cli("register", *args, "--json")
        assert r.code == 0, r.err
        receipts += [Path(x["receipt"]) for x in r.lines()]
        checkpoints.append(cli("checkpoint").out)
    home_keys = json.loads(cli("verify", str(receipts[0]), "--json").out)
    assert home_keys["cosignatures"][0]["verified"] is True
    for path in receipts:
        receipt = json.loads(path.read_text())
        iv.verify(receipt, vkey, witness=witness)
        body = json.loads(cli("prove", str(receipt["index"]), "--json").out)
        iv.verify(body, vkey)
    formula = json.loads(receipts[0].read_text())
    iv.verify(formula, vkey, [hashlib.sha256(b"secret formula\n").digest()])
    with pytest.raises(iv.Rejected):
        iv.verify(formula, vkey, [hashlib.sha256(b"other formula\n").digest()])
    partial = tmp_path / "partial.json"
    assert cli("disclose", str(receipts[1]), "--parts", "0,3", "--out", str(partial)).code == 0
    iv.verify(json.loads(partial.read_text()), vkey)
    sizes = [int(cp.split("\n")[1]) for cp in checkpoints]
    for i, old in enumerate(checkpoints):
        for new in checkpoints[i:]:
            r = cli("consistency", old.split("\n")[1], new.split("\n")[1], "--json")
            doc = r.json()
            assert set(doc) == {"old_size", "new_size", "proof"}
            iv.verify_consistency(old, new, doc["proof"], vkey)
            if doc["proof"]:
                tampered = list(doc["proof"])
                raw = bytearray(base64.b64decode(tampered[0]))
                raw[5] ^= 0x20
                tampered[0] = base64.b64encode(bytes(raw)).decode()
                with pytest.raises(iv.Rejected):
                    iv.verify_consistency(old, new, tampered, vkey)
    assert sizes == sorted(sizes)


def _flip_b64(value: str, byte: int) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[byte % len(raw)] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def test_tampered_receipts_are_rejected_by_both_verifiers(
    cli, material: Path, tmp_path: Path
) -> None:
    for _ in range(3):
        assert cli("register", str(material / "formula.txt"), str(material / "design")).code == 0
    path = material / "design.receipt.json"
    receipt = json.loads(path.read_text())
    vkey = cli("vkey").out.strip()
    iv.verify(receipt, vkey)
    cp_lines = receipt["checkpoint"].split("\n")
    tamperings = {
        "index": lambda r: r.update(index=r["index"] - 1),
        "entry": lambda r: r.update(entry=_flip_b64(r["entry"], 20)),
        "inclusion": lambda r: r["inclusion"].__setitem__(1, _flip_b64(r["inclusion"][1], 3)),
        "root": lambda r: r.update(
            checkpoint="\n".join([*cp_lines[:2], _flip_b64(cp_lines[2], 0), *cp_lines[3:]])
        ),
        "signature": lambda r: r.update(
            checkpoint="\n".join(
                [
                    *cp_lines[:4],
                    cp_lines[4].rsplit(" ", 1)[0]
                    + " "
                    + _flip_b64(cp_lines[4].rsplit(" ", 1)[1], 30),
                    *cp_lines[5:],
                ]
            )
        ),
        "salt": lambda r: r["disclosure"].update(master_salt="ab" * 32),
        "digest": lambda r: r["disclosure"]["parts"][2].update(sha256="cd" * 32),
    }
    for name, tamper in tamperings.items():
        bad = copy.deepcopy(receipt)
        tamper(bad)
        with pytest.raises(iv.Rejected):
            iv.verify(bad, vkey)
        target = tmp_path / f"{name}.receipt.json"
        target.write_text(json.dumps(bad))
        r = cli("verify", str(target))
        assert r.code == 1, (name, r.out, r.err)
