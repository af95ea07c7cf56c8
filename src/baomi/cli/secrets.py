"""``baomi secrets list|add|import|export`` — the registry from the command line.

Every command acts as a user (``--as EMAIL`` or ``$BAOMI_USER``) and sees exactly what that
user sees on the web: the same selectors, the same permissions, the same audit log."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer

from baomi.cli.common import EXIT_CHECK_FAILED, emit_json, fail, setup_django

app = typer.Typer(help="The trade-secret registry (商业秘密台账).", no_args_is_help=True)
T = TypeVar("T")

AsUser = typer.Option(
    None, "--as", envvar="BAOMI_USER", help="E-mail of the acting user (or $BAOMI_USER)."
)
OrgOption = typer.Option(None, "--org", help="Enterprise (short name, credit code or id).")


@contextmanager
def acting(email: str | None, org: str | None) -> Iterator[tuple[Any, Any]]:
    """Set up Django and yield (user, organisation) for the acting user, or exit 2."""
    if not email:
        fail("say who is acting: --as EMAIL or BAOMI_USER")
    setup_django()
    from baomi.apps.audit.context import Origin, use_origin
    from baomi.apps.orgs.models import User
    from baomi.apps.orgs.selectors import active_membership

    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        fail(f"no active user {email}")
    membership = active_membership(user=user, hint=org)
    if membership is None or membership.organisation is None:
        fail(f"{email} is not a member of {org or 'any enterprise'}")
    from django.conf import settings
    from django.utils import translation

    origin = Origin(channel="cli", user_agent=f"baomi-cli pid {os.getpid()}")
    with use_origin(origin), translation.override(settings.LANGUAGE_CODE):
        yield user, membership.organisation


def _guard(call: Callable[[], T]) -> T:
    """Turn permission, lookup and validation failures into one-line errors (exit 2)."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    try:
        return call()
    except PermissionDenied:
        fail("permission denied for this user")
    except Http404:
        fail("no such trade secret")
    except ValidationError as exc:
        detail = (
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
        fail(f"invalid: {detail}")


def _secret_json(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "code": s.code,
        "title": s.title,
        "secret_type": s.secret_type,
        "level": s.level,
        "status": s.status,
        "owner": s.owner.email if s.owner else None,
        "date_identified": s.date_identified.isoformat(),
        "review_date": s.review_date.isoformat() if s.review_date else None,
        "points": [p.statement for p in s.points.all()],
    }


@app.command("list")
def list_command(
    as_user: str = AsUser,
    org: str = OrgOption,
    query: str = typer.Option("", "--query", "-q", help="Search text."),
    secret_type: str = typer.Option("", "--type", help="technical or business."),
    level: str = typer.Option("", "--level", help="core, important or general."),
    due: bool = typer.Option(False, "--due", help="Only secrets whose review is due."),
    json_out: bool = typer.Option(
        False, "--json", help='One JSON object {"org", "secrets": [...]}.'
    ),
) -> None:
    """List the trade secrets the acting user may see."""
    with acting(as_user, org) as (user, organisation):
        from baomi.apps.audit.models import Action
        from baomi.apps.audit.services import audit_record
        from baomi.apps.registry.selectors import SecretFilters, secret_list

        filters = SecretFilters(query=query, secret_type=secret_type, level=level, review_due=due)
        secrets = list(
            secret_list(user=user, organisation=organisation, filters=filters).prefetch_related(
                "points"
            )
        )
        audit_record(
            actor=user,
            organisation=organisation,
            action=Action.LIST,
            object_type="tradesecret",
            changes={"count": len(secrets)},
        )
        if json_out:
            emit_json({"org": organisation.slug, "secrets": [_secret_json(s) for s in secrets]})
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{organisation.name} — {len(secrets)}")
        for col in ("id", "number", "title", "type", "level", "owner", "review"):
            table.add_column(col)
        for s in secrets:
            table.add_row(
                str(s.pk),
                s.code,
                s.title,
                s.get_secret_type_display(),
                s.get_level_display(),
                str(s.owner or "—"),
                s.review_date.isoformat() if s.review_date else "—",
            )
        Console().print(table)


@app.command("add")
def add_command(
    code: str = typer.Option(..., "--code", help="Number, unique in the enterprise."),
    title: str = typer.Option(..., "--title"),
    secret_type: str = typer.Option(..., "--type", help="technical or business."),
    level: str = typer.Option(..., "--level", help="core, important or general."),
    point: list[str] = typer.Option([], "--point", help="A secret point (repeatable)."),
    description: str = typer.Option("", "--description"),
    owner: str = typer.Option("", "--owner", help="E-mail of the responsible member."),
    as_user: str = AsUser,
    org: str = OrgOption,
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Register a trade secret."""
    with acting(as_user, org) as (user, organisation):
        from baomi.apps.orgs.selectors import member_by_email
        from baomi.apps.registry.services import secret_create

        owner_user = None
        if owner:
            owner_user = member_by_email(organisation=organisation, email=owner)
            if owner_user is None:
                fail(f"{owner} is not a member of {organisation.slug}")
        secret = _guard(
            lambda: secret_create(
                actor=user,
                organisation=organisation,
                code=code,
                title=title,
                secret_type=secret_type,
                level=level,
                description=description,
                owner=owner_user,
                points=point,
            )
        )
        if json_out:
            emit_json(_secret_json(secret))
        else:
            typer.echo(f"registered {secret.code} (id {secret.pk})")


@app.command("import")
def import_command(
    path: Path = typer.Argument(..., help="CSV or XLSX file, as written by export."),
    as_user: str = AsUser,
    org: str = OrgOption,
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Import secrets; the file is applied only if every row is valid (exit 1 otherwise)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    with acting(as_user, org) as (user, organisation):
        from baomi.apps.registry.transfer import secrets_import
        from baomi.tabular_import import ImportRejected

        try:
            result = _guard(
                lambda: secrets_import(
                    actor=user, organisation=organisation, filename=path.name, data=data
                )
            )
        except ImportRejected as exc:
            fail(f"{path}: {exc}")
        errors = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
        if json_out:
            emit_json({"created": result.created, "updated": result.updated, "errors": errors})
        else:
            for e in errors:
                typer.echo(f"{path}: row {e['row']}, {e['column']}: {e['message']}", err=True)
            typer.echo(
                f"created {result.created}, updated {result.updated}"
                if result.ok
                else "nothing imported"
            )
        if not result.ok:
            raise typer.Exit(EXIT_CHECK_FAILED)


@app.command("export")
def export_command(
    out: Path = typer.Argument(..., help="Output file: .csv or .xlsx; '-' for CSV on stdout."),
    as_user: str = AsUser,
    org: str = OrgOption,
) -> None:
    """Export the secrets the acting user may see."""
    fmt = "csv" if str(out) == "-" else out.suffix.lower().lstrip(".")
    if fmt not in {"csv", "xlsx"}:
        fail(f"{out}: use a .csv or .xlsx file name")
    with acting(as_user, org) as (user, organisation):
        from baomi.apps.registry.transfer import secrets_export

        data = _guard(lambda: secrets_export(actor=user, organisation=organisation, fmt=fmt))
        if str(out) == "-":
            typer.echo(data.decode("utf-8-sig"), nl=False)
            return
        try:
            out.write_bytes(data)
        except OSError as exc:
            fail(f"{out}: {exc.strerror or exc}")
        typer.echo(f"wrote {out}", err=True)


@app.command("remind")
def remind_command(json_out: bool = typer.Option(False, "--json")) -> None:
    """Mail each owner the secrets whose review is due (run daily, e.g. from cron)."""
    setup_django()
    from baomi.apps.registry.reminders import review_reminders_send

    result = review_reminders_send()
    if json_out:
        emit_json({"mails": result.mails, "secrets": result.secrets})
    else:
        typer.echo(f"sent {result.mails} reminders covering {result.secrets} secrets")
