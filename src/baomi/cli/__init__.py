"""The ``baomi`` command line: one Typer app, with a sub-app per domain."""

from __future__ import annotations

import importlib
import importlib.util

import typer

from baomi.cli import instance, secrets

app = typer.Typer(
    name="baomi",
    help="Baomi (保密): trade-secret protection — registry, evidence, leak and insider-risk tools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
instance.register(app)
app.add_typer(secrets.app, name="secrets")

# Domain command groups live in their own modules, each exposing ``app`` and ``NAME``
# (or, without ``NAME``, ``register(app)`` adding several groups); plugged in when present.
for _module in ("evidence", "index", "risk", "assess", "loss"):
    if importlib.util.find_spec(f"baomi.cli.{_module}") is not None:
        _mod = importlib.import_module(f"baomi.cli.{_module}")
        if hasattr(_mod, "NAME"):
            app.add_typer(_mod.app, name=_mod.NAME)
        else:
            _mod.register(app)


def main() -> None:
    """Entry point of the ``baomi`` console script.

    Usage errors become one line on stderr with exit code 2 (specs/cli.md), instead of
    Click's multi-line usage block."""
    import sys

    # Typer vendors Click; its usage errors are only importable from there.
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "")
        code = 0
    except UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "baomi"
        print(f"{where}: {exc.format_message()} (see '{where} --help')", file=sys.stderr)
        code = 2
    except (typer.Abort, KeyboardInterrupt):
        print("baomi: aborted", file=sys.stderr)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
