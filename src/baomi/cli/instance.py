"""Instance commands: ``init``, ``demo``, ``serve`` and ``manage``."""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer

from baomi.cli.common import baomi_home, emit_json, fail, setup_django, stderr

# Command modules whose engines keep state in the instance directory (keys, logs, stores)
# may define ``init_instance(home)``; ``baomi init`` calls each of them.
INIT_HOOK_MODULES = ("evidence", "index", "risk")


def init_instance(*, quiet: bool = False) -> Path:
    """Create or migrate the instance in ``$BAOMI_HOME`` (idempotent)."""
    home = baomi_home()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    for name in INIT_HOOK_MODULES:
        if importlib.util.find_spec(f"baomi.cli.{name}") is None:
            continue
        module = importlib.import_module(f"baomi.cli.{name}")
        hook = getattr(module, "init_instance", None)
        if hook is not None:
            hook(home)
    if not quiet:
        stderr.print(f"[green]✓[/] instance ready in {home}")
    return home


def serve(host: str, port: int, *, worker: bool = True) -> None:
    """Serve the web application with waitress (static files through WhiteNoise), with a
    background-task worker (index builds, scans, imports, PDF rendering) beside it."""
    setup_django()
    from waitress import serve as waitress_serve

    from baomi.wsgi import application

    process = _start_worker() if worker else None
    stderr.print(f"Baomi is serving on [bold]http://{host}:{port}/[/]  (Ctrl+C to stop)")
    try:
        waitress_serve(application, host=host, port=port, threads=8, ident="baomi")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)


def _start_worker() -> subprocess.Popen[bytes]:
    """The django-tasks database worker, as a child process of the server."""
    return subprocess.Popen([sys.executable, "-m", "baomi.cli", "worker"], env=os.environ.copy())


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init_command(
        json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Create or migrate the instance in $BAOMI_HOME (default ./var); idempotent."""
        home = init_instance(quiet=json_out)
        if json_out:
            emit_json({"home": str(home), "ok": True})

    @app.command("demo")
    def demo_command(
        no_serve: bool = typer.Option(False, "--no-serve", help="Seed the demo and exit."),
        json_out: bool = typer.Option(False, "--json", help="Print base and logins as JSON."),
        host: str = typer.Option("127.0.0.1", help="Address to serve on."),
        port: int = typer.Option(8000, help="Port to serve on."),
    ) -> None:
        """Seed a demo region (a service base, enterprises, people, trade secrets) and serve it."""
        init_instance(quiet=json_out)
        from baomi.demo import seed_demo

        summary = seed_demo(progress=not json_out)
        if json_out:
            emit_json(summary)
        else:
            _print_logins(summary)
        if not no_serve:
            serve(host, port)

    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", help="Address to serve on."),
        port: int = typer.Option(8000, help="Port to serve on."),
        worker: bool = typer.Option(True, help="Also run the background-task worker."),
    ) -> None:
        """Serve the web application."""
        init_instance(quiet=True)
        serve(host, port, worker=worker)

    @app.command("worker")
    def worker_command() -> None:
        """Run background tasks (started by `baomi serve`; run more for more throughput)."""
        setup_django()
        from django.core.management import call_command

        from baomi.jobs import stale_jobs_recover_all

        # Jobs a dead worker left running show as failed (interrupted) and can be restarted.
        recovered = stale_jobs_recover_all()
        if recovered:
            stderr.print(f"{recovered} interrupted background job(s) marked as failed")
        call_command("db_worker", interval=1.0)

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )
    def manage_command(ctx: typer.Context) -> None:
        """Run a Django management command against the instance (e.g. createsuperuser)."""
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["baomi manage", *ctx.args])


def _print_logins(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Demo logins — {summary['base']}", show_lines=False)
    for col in ("e-mail", "password", "role", "organisation"):
        table.add_column(col)
    for user in summary["users"]:
        table.add_row(user["email"], user["password"], user["role"], user["org"])
    console = Console() if sys.stdout.isatty() else Console(width=150)
    console.print(table)
    console.print("Open http://127.0.0.1:8000/ and log in with one of the accounts above.")


__all__ = ["fail", "init_instance", "register", "serve"]
