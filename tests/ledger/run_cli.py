"""Run ``baomi evidence ARGS...`` through the real ``baomi`` Typer app (for subprocess tests)."""

from __future__ import annotations

import sys

from baomi.cli import app

app(args=["evidence", *sys.argv[1:]], prog_name="baomi")
