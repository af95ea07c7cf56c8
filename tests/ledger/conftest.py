"""Fixtures for the ledger tests: a fresh instance home and a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from baomi.ledger.instance import Ledger, init_instance

RUN_CLI = Path(__file__).with_name("run_cli.py")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("BAOMI_HOME", str(path))
    monkeypatch.delenv("BAOMI_TSA_URL", raising=False)
    init_instance(path)
    return path


@pytest.fixture
def ledger(home: Path) -> Iterator[Ledger]:
    opened = Ledger(home)
    yield opened
    opened.close()


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)

    def lines(self) -> list[object]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run_cli(home: Path, *args: str, cwd: Path | None = None) -> Result:
    """Run ``baomi evidence ARGS`` in a subprocess with ``BAOMI_HOME=home``."""
    env = {**os.environ, "BAOMI_HOME": str(home)}
    env.pop("BAOMI_TSA_URL", None)
    proc = subprocess.run(
        [sys.executable, str(RUN_CLI), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def in_process_cli(home: Path):
    """``baomi evidence ARGS`` run in this process (Typer's runner, stdout and stderr apart)."""
    from typer.testing import CliRunner

    from baomi.cli.evidence import app

    runner = CliRunner()

    def run(*args: str) -> Result:
        result = runner.invoke(app, list(args), env={"BAOMI_HOME": str(home), "BAOMI_TSA_URL": ""})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def cli(home: Path):
    return in_process_cli(home)
