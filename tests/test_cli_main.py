"""The console script's usage errors follow specs/cli.md: one line on stderr, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "baomi.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "args",
    [
        ("evidence", "verify"),
        ("secrets", "list", "--bogus"),
        ("risk", "rank", "--top", "many"),
        ("no-such-command",),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert "--help" in result.stderr


def test_no_arguments_prints_help() -> None:
    result = run()
    assert result.returncode == 0
    assert "evidence" in result.stdout
