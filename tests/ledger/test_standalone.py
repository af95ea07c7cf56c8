"""The bundled standalone verifier: only Python + cryptography, run as a separate process."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import baomi.ledger

from .conftest import in_process_cli, run_cli

SCRIPT = Path(baomi.ledger.__file__).with_name("standalone_verify.py")
STDLIB = set(sys.stdlib_module_names)


def test_it_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(SCRIPT.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots.add((node.module or "").split(".")[0])
    assert roots - STDLIB == {"cryptography"}


@pytest.fixture
def script(tmp_path: Path) -> Path:
    # A copy outside the package, as a court expert would receive it.
    copy = tmp_path / "verify_receipt.py"
    shutil.copy(SCRIPT, copy)
    return copy


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", str(script), *args], capture_output=True, text=True, timeout=60
    )


def test_it_accepts_cli_receipts_and_rejects_bad_ones(
    home: Path, tmp_path: Path, script: Path
) -> None:
    m = tmp_path / "m"
    (m / "folder" / "d").mkdir(parents=True)
    (m / "folder" / "d" / "x.txt").write_text("x")
    (m / "folder" / "y.txt").write_text("y")
    (m / "file.bin").write_bytes(b"\x00secret\xff")
    (m / "t.csv").write_text("a,b\n1,2\n3,\n", encoding="utf-8")
    cli = in_process_cli(home)
    assert cli("register", str(m / "file.bin"), str(m / "folder")).code == 0
    assert cli("register", str(m / "t.csv"), "--kind", "table").code == 0
    vkey = run_cli(home, "vkey").out.strip()  # through the real `baomi` entry point
    assert vkey == cli("vkey").out.strip()
    from baomi.ledger.instance import Ledger

    ledger = Ledger(home)
    witness = ledger.witness_vkey() or ""
    ledger.close()
    for name in ("file.bin", "folder", "t.csv"):
        receipt = str(m / f"{name}.receipt.json")
        ok = _run(script, receipt, str(m / name), "--vkey", vkey, "--witness-vkey", witness)
        assert ok.returncode == 0, ok.stderr
        assert "VALID" in ok.stdout and "cosigned at" in ok.stdout
    bare = _run(script, str(m / "file.bin.receipt.json"))
    assert bare.returncode == 0 and "taken from the receipt" in bare.stdout
    # Other material, another log's key, a tampered receipt, a truncated one.
    (m / "other.bin").write_bytes(b"\x00secreT\xff")
    assert (
        _run(
            script, str(m / "file.bin.receipt.json"), str(m / "other.bin"), "--vkey", vkey
        ).returncode
        == 1
    )
    other_key = in_process_cli(tmp_path / "other")("vkey").out.strip()
    assert _run(script, str(m / "file.bin.receipt.json"), "--vkey", other_key).returncode == 1
    receipt = json.loads((m / "folder.receipt.json").read_text())
    receipt["index"] = 0
    (m / "tampered.json").write_text(json.dumps(receipt))
    assert _run(script, str(m / "tampered.json"), "--vkey", vkey).returncode == 1
    (m / "cut.json").write_text((m / "t.csv.receipt.json").read_text()[:100])
    assert _run(script, str(m / "cut.json"), "--vkey", vkey).returncode == 2
    # A partial disclosure with the disclosed part's file.
    partial = tmp_path / "partial.json"
    made = cli("disclose", str(m / "folder.receipt.json"), "--parts", "0", "--out", str(partial))
    assert made.code == 0
    assert (
        _run(script, str(partial), str(m / "folder" / "d" / "x.txt"), "--vkey", vkey).returncode
        == 0
    )
    assert _run(script, str(partial), str(m / "folder" / "y.txt"), "--vkey", vkey).returncode == 1
