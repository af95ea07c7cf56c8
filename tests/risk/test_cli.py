"""`baomi risk` contract (specs/cli.md, Insider risk): JSON fields and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baomi.cli import app

from .conftest import LOGON, write_cert

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BAOMI_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args: str):
    return runner.invoke(app, ["risk", *args])


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_generate_ingest_rank(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("generate", str(data), "--users", "40", "--days", "60", "--seed", "3", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["events"] > 0 and (data / "truth.json").is_file()

    result = run("ingest", str(data), "--org", "acme", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["events"] == summary["events"]

    result = run("rank", "--json")
    assert result.exit_code == 0, result.output
    ranked = json_lines(result.stdout)
    assert len(ranked) == 40
    for row in ranked:
        assert set(row) >= {"user", "score", "window", "reasons"}
        assert isinstance(row["score"], float) and isinstance(row["reasons"], list)
        assert len(row["window"]) == 2 and row["window"][0] <= row["window"][1]
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    insiders = {i["user"] for i in truth["insiders"]}
    assert {r["user"] for r in ranked[: len(insiders)]} == insiders

    top = json_lines(run("rank", "--top", "2", "--json").stdout)
    assert [r["user"] for r in top] == [r["user"] for r in ranked[:2]]
    human = run("rank", "--top", "3")
    assert human.exit_code == 0 and ranked[0]["user"] in human.stdout


def test_organisations_do_not_mix(tmp_path: Path) -> None:
    assert (
        run("ingest", str(write_cert(tmp_path / "a")), "--format", "cert", "--org", "a").exit_code
        == 0
    )
    other = write_cert(tmp_path / "b", **{"logon.csv": LOGON.replace("LRR0148", "ZZZ0001")})
    assert run("ingest", str(other), "--format", "cert", "--org", "b").exit_code == 0
    users_a = {r["user"] for r in json_lines(run("rank", "--json", "--org", "a").stdout)}
    users_b = {r["user"] for r in json_lines(run("rank", "--json", "--org", "b").stdout)}
    assert "ZZZ0001" in users_b and "ZZZ0001" not in users_a
    # Without --org, rank reads the last ingested organisation.
    assert {r["user"] for r in json_lines(run("rank", "--json").stdout)} == users_b


def test_malformed_rows_are_reported_not_fatal(tmp_path: Path) -> None:
    data = write_cert(tmp_path / "d", **{"logon.csv": LOGON + "{X},yesterday,LRR0148,PC-1,Logon\n"})
    result = run("ingest", str(data), "--format", "cert", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["malformed"] == 1
    assert "logon.csv: 1 malformed rows skipped" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ingest", "{missing}"], "no such directory"),
        (["ingest", "{wrongdate}", "--format", "cert"], "logon.csv: no readable rows: date"),
        (["ingest", "{cert}", "--format", "xml"], "unknown layout"),
        (["ingest", "{cert}", "--format", "cert", "--org", "../x"], "invalid organisation id"),
        (["ingest", "{cert}", "--format", "baomi"], "no events*.jsonl"),
        (["rank", "--json"], "no risk data"),
        (["timeline", "X", "--start", "03/01/2025"], "not a date"),
        (["generate", "{out}", "--format", "xls"], "unknown layout"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    paths = {
        "missing": tmp_path / "nowhere",
        "cert": write_cert(tmp_path / "cert"),
        "wrongdate": write_cert(
            tmp_path / "wd",
            **{
                "logon.csv": LOGON.replace("01/04/2010", "2010-01-04")
                .replace("01/09/2010", "2010-01-09")
                .replace("02/01/2010", "2010-02-01")
            },
        ),
        "out": tmp_path / "out",
    }
    result = run(*[a.format(**{k: str(v) for k, v in paths.items()}) for a in args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baomi: ") and needle in lines[0]
    assert "Traceback" not in result.output


def test_the_console_script_exit_codes(tmp_path: Path, home: Path) -> None:
    command = [sys.executable, "-c", "from baomi.cli import main; main()", "risk"]
    env = {"BAOMI_HOME": str(home), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [*command, "ingest", str(write_cert(tmp_path / "c")), "--format", "cert"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [*command, "ingest", str(tmp_path / "nowhere")], env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_a_damaged_store_is_a_one_line_error(tmp_path: Path, home: Path) -> None:
    assert run("ingest", str(write_cert(tmp_path / "c")), "--format", "cert").exit_code == 0
    for part in (home / "risk" / "default" / "events").rglob("*.parquet"):
        part.write_bytes(b"not parquet")
    result = run("rank", "--json")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "unreadable risk store" in lines[0]


def test_timeline_lists_a_users_events_in_local_time(tmp_path: Path) -> None:
    assert run("ingest", str(write_cert(tmp_path / "c")), "--format", "cert").exit_code == 0
    result = run("timeline", "NGF0157", "--json", "--start", "2010-01-04", "--end", "2010-01-04")
    assert result.exit_code == 0, result.output
    events = json_lines(result.stdout)
    assert events[0]["time"] == "2010-01-04T06:49:00+08:00" and events[0]["kind"] == "logon"
    assert {e["kind"] for e in events} >= {"device_connect", "file_copy", "http_upload"}
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)
