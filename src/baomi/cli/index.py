"""``baomi index`` and ``baomi edm``: leak and copy detection (specs/cli.md).

Thin commands: parse the arguments, call one engine entry point of
:mod:`baomi.fingerprint`, print. Per-file problems (unreadable, hostile or
unsupported files) are reported on stderr, one line each, and the run goes on;
the exit code is 2 only when nothing at all could be read, or for bad usage or
an unreadable index.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from baomi.cli.common import EXIT_USAGE, emit_json, fail, stderr

_SCHEDULER = typer.Option(
    "--scheduler", help="Dask scheduler address (tcp://host:8786); default: local cluster."
)
_WORKERS = typer.Option("--workers", help="Worker processes of the local Dask cluster.")


def register(app: typer.Typer) -> None:
    """Add the ``index`` and ``edm`` command groups to the ``baomi`` app."""
    index_app = typer.Typer(
        help="Fingerprint index of secret material: build it, scan suspects against it.",
        no_args_is_help=True,
    )
    edm_app = typer.Typer(
        help="Exact-data matching of customer/price tables (salted keyed hashes).",
        no_args_is_help=True,
    )
    index_app.command("build")(index_build)
    index_app.command("scan")(index_scan)
    edm_app.command("build")(edm_build)
    edm_app.command("scan")(edm_scan)
    app.add_typer(index_app, name="index")
    app.add_typer(edm_app, name="edm")


def _check_paths(paths: list[str]) -> None:
    for path in paths:
        if not Path(path).exists():
            fail(f"{path}: no such file or directory")


def _report_error(origin: str, reason: str) -> None:
    print(f"baomi: {origin}: {reason}", file=sys.stderr)


@contextlib.contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[str, int], None]]:
    """A Rich progress bar on stderr (only on a terminal); yields the advance callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _origin, _size: progress.advance(task)


def _count_files(paths: list[str]) -> int:
    from baomi.fingerprint.units import walk

    return sum(1 for _ in walk(paths))


def index_build(
    index: Annotated[str, typer.Argument(help="Index directory (created if missing).")],
    paths: Annotated[list[str], typer.Argument(help="Secret files or folders, any format.")],
    template: Annotated[
        list[str] | None,
        typer.Option(
            "--template",
            help="Template / base-corpus file or folder whose text never counts as a copy.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    scheduler: Annotated[str | None, _SCHEDULER] = None,
    workers: Annotated[int | None, _WORKERS] = None,
) -> None:
    """Index secret material into INDEX; building again with more PATHs adds to it."""
    from baomi.fingerprint.index import IndexUnreadable
    from baomi.fingerprint.pipeline import build_index

    templates = template or []
    _check_paths(paths + templates)
    try:
        with _progress("索引 indexing", _count_files(paths + templates)) as advance:
            result = build_index(
                index,
                paths,
                templates=templates,
                scheduler=scheduler,
                workers=workers,
                on_file=advance,
            )
    except IndexUnreadable as exc:
        fail(str(exc))
    except (sqlite3.Error, zlib.error) as exc:
        fail(f"{index}: damaged index ({exc})")
    except OSError as exc:
        fail(f"{exc.filename or index}: {exc.strerror or exc}")
    for error in result.errors:
        _report_error(error.origin, error.reason)
    if as_json:
        emit_json(
            {
                "index": index,
                "documents_added": result.documents_added,
                "documents_unchanged": result.documents_unchanged,
                "documents_total": result.documents_total,
                "templates": result.templates,
                "errors": [
                    {"origin": e.origin, "code": e.code, "reason": e.reason} for e in result.errors
                ],
            }
        )
    else:
        print(
            f"{index}: {result.documents_added} documents added, "
            f"{result.documents_unchanged} unchanged, {result.documents_total} in the index"
            + (f", {result.templates} template documents" if result.templates else "")
            + (f"; {len(result.errors)} files could not be read" if result.errors else "")
        )
    if result.errors and not (result.documents_added or result.documents_unchanged):
        raise typer.Exit(EXIT_USAGE)


def index_scan(
    index: Annotated[str, typer.Argument(help="Index directory built by `baomi index build`.")],
    paths: Annotated[list[str], typer.Argument(help="Suspect files or folders, any format.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines, one per (suspect, secret) match.")
    ] = False,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Report matches scoring at least S (0..1).")
    ] = 0.0,
    report: Annotated[
        str | None,
        typer.Option("--report", help="Write a side-by-side HTML report per match into DIR."),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write PDF reports (with --report).")
    ] = False,
    scheduler: Annotated[str | None, _SCHEDULER] = None,
    workers: Annotated[int | None, _WORKERS] = None,
) -> None:
    """Scan suspect files against INDEX: copied passages with spans into the extracted text."""
    from baomi.extract import ExtractError
    from baomi.fingerprint.index import IndexUnreadable
    from baomi.fingerprint.pipeline import scan_paths
    from baomi.fingerprint.scan import Match, ScanParams, coverage_across

    if not 0.0 <= min_score <= 1.0:
        fail(f"--min-score: {min_score} is not between 0 and 1")
    _check_paths(paths)
    matches: list[Match] = []
    errors = 0
    try:
        with _progress("扫描 scanning", _count_files(paths)) as advance:
            for item in scan_paths(
                index,
                paths,
                params=ScanParams(min_score=min_score),
                scheduler=scheduler,
                workers=workers,
                on_file=advance,
                report_dir=report,
                report_pdf=pdf,
            ):
                if isinstance(item, ExtractError):
                    errors += 1
                    _report_error(item.origin, item.reason)
                    continue
                matches.append(item)
                if as_json:
                    emit_json(item.to_json())
                else:
                    print(
                        f"{item.score:6.1%}  {item.suspect}  ←  {item.secret}  "
                        f"({item.matched_chars} chars, {len(item.passages)} passages, "
                        f"longest {item.longest_passage})"
                    )
    except IndexUnreadable as exc:
        fail(str(exc))
    except (sqlite3.Error, zlib.error) as exc:
        fail(f"{index}: damaged index ({exc})")
    coverage = coverage_across(matches)
    if not as_json:
        for entry in coverage:
            print(
                f"secret {entry.secret}: {entry.coverage:.1%} found across "
                f"{len(entry.suspects)} suspect(s)"
            )
        if not matches:
            print("no copied passages found")
    if report and matches:
        stderr.print(f"reports written to {report}")
    if errors and not matches and errors >= _count_files(paths):
        raise typer.Exit(EXIT_USAGE)


def edm_build(
    index: Annotated[str, typer.Argument(help="EDM index directory (created if missing).")],
    table: Annotated[str, typer.Argument(help="Customer or price table (CSV or XLSX).")],
    key_columns: Annotated[
        str | None,
        typer.Option("--key-columns", help="Comma-separated column names (or 1-based numbers)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Index a structured secret as salted keyed hashes of its cells (no plaintext)."""
    from baomi.extract.tables import TableError
    from baomi.fingerprint.edm import EdmIndexUnreadable, build_edm

    _check_paths([table])
    columns = [c.strip() for c in key_columns.split(",") if c.strip()] if key_columns else None
    try:
        result = build_edm(index, table, key_columns=columns)
    except TableError as exc:
        fail(f"{table}: {exc}")
    except ValueError as exc:
        fail(f"--key-columns: {exc}")
    except EdmIndexUnreadable as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or index}: {exc.strerror or exc}")
    if as_json:
        emit_json(
            {
                "index": result.index,
                "table": result.table,
                "rows": result.rows,
                "key_columns": result.key_columns,
                "cells": result.cells,
            }
        )
    else:
        print(
            f"{index}: {result.rows} rows of {table} indexed "
            f"(key columns: {', '.join(result.key_columns)}; {result.cells} cell hashes)"
        )


def edm_scan(
    index: Annotated[str, typer.Argument(help="EDM index directory built by `baomi edm build`.")],
    paths: Annotated[list[str], typer.Argument(help="Suspect files or folders, any format.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines, one per suspect with any hit.")
    ] = False,
    scheduler: Annotated[str | None, _SCHEDULER] = None,
    workers: Annotated[int | None, _WORKERS] = None,
) -> None:
    """Find rows of the indexed table in suspects (renamed/reordered columns, mail, lists)."""
    from baomi.extract import ExtractError
    from baomi.fingerprint.edm import EdmIndex, EdmIndexUnreadable, scan_file
    from baomi.fingerprint.parallel import fan_out, should_distribute
    from baomi.fingerprint.units import walk

    _check_paths(paths)
    try:
        EdmIndex(index).db.close()
    except EdmIndexUnreadable as exc:
        fail(str(exc))
    files = list(walk(paths))
    sizes = [Path(f).stat().st_size if Path(f).is_file() else 0 for f, _ in files]
    directory = str(Path(index).resolve())
    tasks = [(directory, f, d) for f, d in files]
    found = errors = 0
    with _progress("扫描 scanning", len(files)) as advance:
        for number, items in fan_out(
            scan_file,
            tasks,
            distribute=should_distribute(sizes, scheduler, workers),
            scheduler=scheduler,
            workers=workers,
        ):
            advance(files[number][1], sizes[number])
            for item in items:
                if isinstance(item, ExtractError):
                    errors += 1
                    _report_error(item.origin, item.reason)
                elif as_json:
                    found += 1
                    emit_json(item.to_json())
                else:
                    found += 1
                    print(
                        f"{item.suspect}: {len(item.rows)} rows of {item.table} "
                        f"(rows {', '.join(map(str, item.rows[:20]))}"
                        f"{' …' if len(item.rows) > 20 else ''}; "
                        f"columns {', '.join(item.columns_matched)})"
                    )
    if not as_json and not found:
        print("no rows of the indexed tables found")
    if errors and not found and errors >= len(files):
        raise typer.Exit(EXIT_USAGE)
