"""Shared helpers for the ``baomi`` command line (see specs/cli.md).

Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input
(one line on stderr naming the file and the reason, never a traceback).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2

stderr = Console(stderr=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print ``baomi: <message>`` on stderr and exit with ``code``."""
    print(f"baomi: {message}", file=sys.stderr)
    raise typer.Exit(code)


def emit_json(obj: Any) -> None:
    """Print one JSON object (one line) on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def baomi_home() -> Path:
    """The instance directory, ``$BAOMI_HOME`` (default ``./var``), created if missing."""
    home = Path(os.environ.get("BAOMI_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home


_django_ready = False


def setup_django() -> None:
    """Configure Django for commands that use the database (idempotent)."""
    global _django_ready
    if _django_ready:
        return
    os.environ.setdefault("BAOMI_HOME", str(baomi_home()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baomi.settings")
    import django

    django.setup()
    _django_ready = True
