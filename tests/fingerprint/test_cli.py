"""The `baomi index` and `baomi edm` commands keep the contract of specs/cli.md."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import docx
from typer.testing import CliRunner

from baomi.cli import app
from baomi.extract import Unit, extract_path

from .helpers import filler

runner = CliRunner()


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def _extracted(path: Path) -> dict[str, str]:
    return {u.origin.rsplit("/", 1)[-1]: u.text for u in extract_path(path) if isinstance(u, Unit)}


def _corpus(tmp_path: Path) -> tuple[Path, Path, str]:
    rng = random.Random(21)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    secret = filler(rng, 2500)
    (secrets / "工艺.txt").write_text(secret, encoding="utf-8")
    (secrets / "other.txt").write_text(filler(rng, 2000), encoding="utf-8")
    suspects = tmp_path / "suspects"
    suspects.mkdir()
    copied = secret[500:900]
    document = docx.Document()
    document.add_paragraph(filler(rng, 300))
    document.add_paragraph(copied)
    document.add_paragraph(filler(rng, 300))
    document.save(suspects / "leak.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/notes.txt", filler(rng, 200) + "\n" + copied + "\n")
    (suspects / "bundle.zip").write_bytes(buffer.getvalue())
    (suspects / "clean.txt").write_text(filler(rng, 1500), encoding="utf-8")
    (suspects / "broken.docx").write_bytes(b"PK\x03\x04 this is not a real docx")
    return secrets, suspects, copied


def test_build_then_scan_reports_spans_into_the_extracted_text(tmp_path: Path) -> None:
    secrets, suspects, _ = _corpus(tmp_path)
    index = str(tmp_path / "idx")
    built = runner.invoke(app, ["index", "build", index, str(secrets), "--json"])
    assert built.exit_code == 0, built.stderr
    assert _lines(built.stdout)[0]["documents_added"] == 2

    scanned = runner.invoke(app, ["index", "scan", index, str(suspects), "--json"])
    assert scanned.exit_code == 0, scanned.stderr
    lines = _lines(scanned.stdout)
    suspects_found = sorted(line["suspect"] for line in lines)
    assert suspects_found == [f"{suspects}/bundle.zip!inner/notes.txt", f"{suspects}/leak.docx"]
    secret_text = (secrets / "工艺.txt").read_text(encoding="utf-8")
    for line in lines:
        assert set(line) >= {"suspect", "secret", "score", "matched_chars", "passages"}
        assert line["secret"] == f"{secrets}/工艺.txt"
        assert 0 < line["score"] <= 1 and line["matched_chars"] >= 300
        if "!" in line["suspect"]:
            member = next(
                u.text
                for u in extract_path(suspects / "bundle.zip")
                if isinstance(u, Unit) and u.origin.endswith("notes.txt")
            )
        else:
            member = _extracted(suspects / "leak.docx")["leak.docx"]
        for passage in line["passages"]:
            start, end = passage["suspect_span"]
            assert member[start:end] == passage["suspect_text"]
            start, end = passage["secret_span"]
            assert secret_text[start:end] == passage["secret_text"]
    # The bad file is named on stderr, one line, and the scan went on.
    assert "broken.docx" in scanned.stderr
    assert "Traceback" not in scanned.stderr


def test_min_score_filters_matches(tmp_path: Path) -> None:
    secrets, suspects, _ = _corpus(tmp_path)
    index = str(tmp_path / "idx")
    runner.invoke(app, ["index", "build", index, str(secrets)])
    result = runner.invoke(
        app, ["index", "scan", index, str(suspects / "leak.docx"), "--json", "--min-score", "0.99"]
    )
    assert result.exit_code == 0 and result.stdout.strip() == ""


def test_scan_writes_reports_on_request(tmp_path: Path) -> None:
    secrets, suspects, _ = _corpus(tmp_path)
    index = str(tmp_path / "idx")
    runner.invoke(app, ["index", "build", index, str(secrets)])
    reports = tmp_path / "reports"
    result = runner.invoke(
        app, ["index", "scan", index, str(suspects / "leak.docx"), "--report", str(reports)]
    )
    assert result.exit_code == 0, result.stderr
    [report] = list(reports.glob("*.html"))
    assert "取证比对报告" in report.read_text(encoding="utf-8")


def test_bad_usage_and_unreadable_indexes_exit_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("文本" * 50, encoding="utf-8")
    cases = [
        ["index", "scan", str(tmp_path / "missing"), str(tmp_path / "s.txt")],
        ["index", "scan", str(tmp_path), str(tmp_path / "s.txt")],
        ["index", "build", str(tmp_path / "idx"), str(tmp_path / "nope.txt")],
        ["edm", "scan", str(tmp_path / "missing"), str(tmp_path / "s.txt")],
        ["edm", "build", str(tmp_path / "edm"), str(tmp_path / "s.txt"), "--key-columns", "x"],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("baomi: ")
    built = runner.invoke(app, ["index", "build", str(tmp_path / "idx"), str(tmp_path / "s.txt")])
    assert built.exit_code == 0
    damaged = tmp_path / "damaged"
    runner.invoke(app, ["index", "build", str(damaged), str(tmp_path / "s.txt")])
    (damaged / "docs.sqlite").write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["index", "scan", str(damaged), str(tmp_path / "s.txt")])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    result = runner.invoke(
        app, ["index", "scan", str(tmp_path / "idx"), str(tmp_path / "s.txt"), "--min-score", "2"]
    )
    assert result.exit_code == 2


def test_edm_build_and_scan_json(tmp_path: Path) -> None:
    table = tmp_path / "customers.csv"
    table.write_text(
        "客户名称,联系人,电话,邮箱\n"
        "深圳市华强电子有限公司,张伟,138-1234-5678,zhangwei@huaqiang.cn\n"
        "杭州西湖精密机械股份有限公司,李娜,+86 139 8765 4321,lina@xihu-jm.com\n"
        '"Acme Trading Co., Ltd.",John Smith,+86 21 6234 5678,john@acme.com\n',
        encoding="utf-8",
    )
    mail = tmp_path / "mail.txt"
    mail.write_text(
        "客户：华强电子股份有限公司，联系人张伟 13812345678\n"
        "Acme Trading Co., Ltd. 的 john@acme.com 可以联系。\n",
        encoding="utf-8",
    )
    (tmp_path / "clean.txt").write_text(
        "杭州西湖精密机械股份有限公司 是知名企业。", encoding="utf-8"
    )
    index = str(tmp_path / "edm")
    built = runner.invoke(app, ["edm", "build", index, str(table), "--json"])
    assert built.exit_code == 0, built.stderr
    assert _lines(built.stdout)[0]["rows"] == 3
    scanned = runner.invoke(
        app, ["edm", "scan", index, str(mail), str(tmp_path / "clean.txt"), "--json"]
    )
    assert scanned.exit_code == 0, scanned.stderr
    [line] = _lines(scanned.stdout)
    assert line["suspect"] == str(mail)
    assert (line["rows_matched"], line["rows"]) == (2, [1, 3])
    assert set(line["columns_matched"]) == {"客户名称", "联系人", "电话", "邮箱"}
    assert b"13812345678" not in b"".join(p.read_bytes() for p in Path(index).iterdir())
