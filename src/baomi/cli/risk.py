"""``baomi risk``: synthetic activity, ingest of activity logs, ranked insider risk.

Contract: specs/cli.md, "Insider risk". The store lives under
``$BAOMI_HOME/risk/<org>/``; nothing here needs Django.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from baomi.cli.common import baomi_home, emit_json, fail, stderr

if TYPE_CHECKING:
    from baomi.risk.store import RiskStore

NAME = "risk"
DEFAULT_ORG = "default"

app = typer.Typer(
    name=NAME,
    help="Insider risk: generate synthetic activity, ingest activity logs, rank users.",
    no_args_is_help=True,
)


def _risk_home() -> Path:
    return baomi_home() / "risk"


def _progress(message: str) -> None:
    """Progress on stderr, for people at a terminal only (scripts get one-line errors)."""
    if stderr.is_terminal:
        stderr.print(f"[dim]{message}[/dim]", highlight=False)


def _store(org: str) -> RiskStore:
    from baomi.risk.store import RiskStore, StoreError

    try:
        return RiskStore.for_org(_risk_home(), org)
    except StoreError as exc:
        fail(str(exc))


def _resolve_org(org: str | None) -> str:
    """The organisation to read: ``--org``, else the last ingested, else the only one."""
    if org:
        return org
    home = _risk_home()
    last = home / "last_org"
    if last.is_file():
        name = last.read_text(encoding="utf-8").strip()
        if name and (home / name / "meta.json").is_file():
            return name
    orgs = sorted(p.name for p in home.glob("*") if (p / "meta.json").is_file())
    if len(orgs) == 1:
        return orgs[0]
    if not orgs:
        fail(f"{home}: no risk data; run `baomi risk ingest DIR` first")
    fail(f"{home}: several organisations ({', '.join(orgs)}); choose one with --org")


@app.command()
def generate(
    outdir: Annotated[
        Path, typer.Argument(metavar="OUTDIR", help="Directory to write the activity into.")
    ],
    users: Annotated[int, typer.Option("--users", min=10, help="Number of people.")] = 200,
    days: Annotated[int, typer.Option("--days", min=30, help="Number of days.")] = 120,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 0,
    fmt: Annotated[
        str,
        typer.Option("--format", help="Layout: baomi (JSON Lines), cert (CERT r4.2 CSV) or both."),
    ] = "baomi",
    start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")] = "2024-01-01",
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Synthetic organisation activity with planted insiders and truth.json."""
    from baomi.risk.generate import GenerateParams
    from baomi.risk.generate import generate as run_generate

    formats = {"baomi": ("baomi",), "cert": ("cert",), "both": ("baomi", "cert")}.get(fmt)
    if formats is None:
        fail(f"--format: unknown layout {fmt!r} (use baomi, cert or both)")
    try:
        first = dt.date.fromisoformat(start)
    except ValueError:
        fail(f"--start: {start!r} is not a date YYYY-MM-DD")
    if outdir.exists() and not outdir.is_dir():
        fail(f"{outdir}: exists and is not a directory")
    params = GenerateParams(users=users, days=days, seed=seed, start=first, formats=formats)
    try:
        result = run_generate(outdir, params, progress=_progress)
    except OSError as exc:
        fail(f"{outdir}: cannot write: {exc.strerror or exc}")
    insiders = result.truth.get("insiders", [])
    summary = {
        "outdir": str(outdir),
        "events": result.events,
        "users": users,
        "days": days,
        "formats": list(formats),
        "insiders": len(insiders) if isinstance(insiders, list) else 0,
    }
    if as_json:
        emit_json(summary)
    else:
        typer.echo(
            f"{result.events:,} events for {users} people over {days} days in {outdir} "
            f"({summary['insiders']} planted insiders in truth.json)"
        )


@app.command()
def ingest(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Directory of activity logs.")],
    fmt: Annotated[
        str, typer.Option("--format", help="Layout: baomi (JSON Lines) or cert (CERT r4.2 CSV).")
    ] = "baomi",
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id (default: default).")
    ] = None,
    hr: Annotated[
        Path | None,
        typer.Option("--hr", help="HR table (CSV/XLSX) with resignation and last working dates."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option("--timezone", help="Time zone of local times (default Asia/Shanghai)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Load activity logs and HR events into the organisation's risk store."""
    import duckdb

    from baomi.risk.loaders import FORMATS, LoadError
    from baomi.risk.loaders import ingest as run_ingest

    if fmt not in FORMATS:
        fail(f"--format: unknown layout {fmt!r} (use baomi or cert)")
    if not directory.exists():
        fail(f"{directory}: no such directory")
    if hr is not None and not hr.is_file():
        fail(f"{hr}: no such file")
    if timezone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            fail(f"--timezone: unknown time zone {timezone!r}")
    org_id = org or DEFAULT_ORG
    store = _store(org_id)
    try:
        report = run_ingest(
            directory,
            store,
            fmt=fmt,
            org=org_id,
            timezone=timezone,
            hr_table=hr,
            progress=_progress,
        )
    except LoadError as exc:
        fail(f"{exc.path}: {exc.reason}")
    except OSError as exc:
        fail(f"{directory}: cannot read: {exc.strerror or exc}")
    except duckdb.Error as exc:
        fail(f"{directory}: cannot load: {str(exc).splitlines()[0]}")
    (_risk_home() / "last_org").write_text(org_id, encoding="utf-8")
    for item in report.files:
        if item.malformed:
            print(
                f"baomi: warning: {item.path}: {item.malformed} malformed rows skipped",
                file=sys.stderr,
            )
    if as_json:
        emit_json(report.as_dict())
    else:
        typer.echo(
            f"{report.events:,} events, {report.users} people, {report.hr_events} HR facts "
            f"ingested for organisation {org_id} ({report.malformed} malformed rows skipped)"
        )


@app.command()
def rank(
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Show the K riskiest users.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines, highest risk first.")
    ] = False,
    org: Annotated[
        str | None, typer.Option("--org", help="Organisation id (default: the last ingested).")
    ] = None,
) -> None:
    """Users ranked by insider risk, with the reasons and the window."""
    import duckdb

    from baomi.risk.rank import rank_users
    from baomi.risk.store import StoreError

    store = _store(_resolve_org(org))
    if not store.has_events():
        fail(f"{store.root}: no risk data; run `baomi risk ingest DIR` first")
    _progress("computing features, baselines and scores")
    try:
        ranked = rank_users(store, top=top if (top or as_json) else 20)
    except StoreError as exc:
        fail(str(exc))
    except duckdb.Error as exc:
        fail(f"{store.root}: unreadable risk store: {str(exc).splitlines()[0]}")
    if as_json:
        for user in ranked:
            emit_json(user.as_json())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("#", "user", "score", "window", "reasons", show_lines=False)
    for position, user in enumerate(ranked, start=1):
        table.add_row(
            str(position),
            user.user,
            f"{user.score:.3f}",
            f"{user.window[0]} – {user.window[1]}",
            "\n".join(user.reasons) or "-",
        )
    Console().print(table)


@app.command()
def timeline(
    user: Annotated[str, typer.Argument(metavar="USER", help="User id.")],
    start: Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day, YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many events.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, oldest first.")] = False,
    org: Annotated[str | None, typer.Option("--org", help="Organisation id.")] = None,
) -> None:
    """A user's events (local time), e.g. to read a reason's window."""
    from baomi.risk.rank import user_timeline

    days: list[dt.date | None] = []
    for label, text in (("--start", start), ("--end", end)):
        try:
            days.append(dt.date.fromisoformat(text) if text else None)
        except ValueError:
            fail(f"{label}: {text!r} is not a date YYYY-MM-DD")
    store = _store(_resolve_org(org))
    if not store.has_events():
        fail(f"{store.root}: no risk data; run `baomi risk ingest DIR` first")
    events = user_timeline(store, user, start=days[0], end=days[1], limit=limit)
    for event in events:
        row = {
            "time": event.time.isoformat(),
            "kind": event.kind,
            "category": event.category,
            "target": event.target,
            "pc": event.pc,
            "n": event.n,
            "size": event.size,
            "sender": event.sender,
        }
        if as_json:
            emit_json(row)
        else:
            typer.echo(json.dumps(row, ensure_ascii=False))
