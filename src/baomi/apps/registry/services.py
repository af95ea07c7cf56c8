"""Writes to the registry. Every service checks the actor's permission, validates, saves in a
transaction and leaves an audit record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.rules import is_org_member
from baomi.apps.registry.models import (
    AccessGrant,
    Carrier,
    Measure,
    SecretPoint,
    TradeSecret,
)

SECRET_FIELDS = (
    "code",
    "title",
    "secret_type",
    "level",
    "description",
    "owner",
    "date_identified",
    "status",
    "value_estimate",
    "review_date",
)


def _require(actor: User, perm: str, obj: Model) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _check_member(organisation: Organisation, user: User | None, field: str) -> None:
    if user is not None and not is_org_member(user, organisation):
        raise ValidationError({field: _("This person is not a member of the enterprise.")})


def _clean_points(points: list[str] | None) -> list[str] | None:
    if points is None:
        return None
    return [p.strip() for p in points if p and p.strip()]


def _set_points(secret: TradeSecret, points: list[str]) -> None:
    secret.points.all().delete()
    SecretPoint.objects.bulk_create(
        [SecretPoint(secret=secret, position=i, statement=p) for i, p in enumerate(points)]
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    if isinstance(value, User):
        return value.email
    return value


@transaction.atomic
def secret_create(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    title: str,
    secret_type: str,
    level: str,
    description: str = "",
    owner: User | None = None,
    date_identified: dt.date | None = None,
    status: str = "active",
    value_estimate: Decimal | None = None,
    review_date: dt.date | None = None,
    points: list[str] | None = None,
    audit: bool = True,
) -> TradeSecret:
    """Register a new trade secret with its secret points."""
    _require(actor, "registry.add_tradesecret", organisation)
    _check_member(organisation, owner, "owner")
    secret = TradeSecret(
        organisation=organisation,
        code=code.strip(),
        title=title.strip(),
        secret_type=secret_type,
        level=level,
        description=description,
        owner=owner,
        date_identified=date_identified or timezone.localdate(),
        status=status,
        value_estimate=value_estimate,
        review_date=review_date,
    )
    secret.full_clean()
    secret.save()
    _set_points(secret, _clean_points(points) or [])
    if audit:
        audit_record(actor=actor, organisation=organisation, action=Action.CREATE, obj=secret)
    return secret


@transaction.atomic
def secret_update(
    *, actor: User, secret: TradeSecret, points: list[str] | None = None, **fields: Any
) -> TradeSecret:
    """Change a secret's fields (and, if given, replace its secret points)."""
    _require(actor, "registry.change_tradesecret", secret)
    unknown = set(fields) - set(SECRET_FIELDS)
    if unknown:
        raise ValueError(f"not secret fields: {sorted(unknown)}")
    if "owner" in fields:
        _check_member(secret.organisation, fields["owner"], "owner")
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        old = getattr(secret, name)
        if isinstance(value, str) and name in {"code", "title"}:
            value = value.strip()
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(secret, name, value)
    new_points = _clean_points(points)
    if new_points is not None:
        old_points = list(secret.points.values_list("statement", flat=True))
        if old_points != new_points:
            changes["points"] = [old_points, new_points]
            _set_points(secret, new_points)
    if changes:
        secret.full_clean()
        update_fields = [n for n in changes if n != "points"]
        if update_fields:
            secret.save(update_fields=[*update_fields, "updated_at"])
        audit_record(
            actor=actor,
            organisation=secret.organisation,
            action=Action.UPDATE,
            obj=secret,
            changes=changes,
        )
    return secret


@transaction.atomic
def secret_delete(*, actor: User, secret: TradeSecret) -> None:
    """Delete a secret and everything recorded under it (administrators only)."""
    _require(actor, "registry.delete_tradesecret", secret)
    audit_record(actor=actor, organisation=secret.organisation, action=Action.DELETE, obj=secret)
    secret.delete()


def secret_viewed(*, actor: User, secret: TradeSecret) -> None:
    """Record that the actor read the secret's details."""
    audit_record(actor=actor, organisation=secret.organisation, action=Action.VIEW, obj=secret)


def _child_added(actor: User, secret: TradeSecret, child: Any, what: str) -> None:
    audit_record(
        actor=actor,
        organisation=secret.organisation,
        action=Action.UPDATE,
        obj=secret,
        changes={f"{what}_added": str(child)},
    )


def _child_removed(actor: User, secret: TradeSecret, child: Any, what: str) -> None:
    audit_record(
        actor=actor,
        organisation=secret.organisation,
        action=Action.UPDATE,
        obj=secret,
        changes={f"{what}_removed": str(child)},
    )


@transaction.atomic
def carrier_add(
    *,
    actor: User,
    secret: TradeSecret,
    kind: str,
    name: str,
    location: str = "",
    custodian: User | None = None,
    marking: str = "",
) -> Carrier:
    """Record a carrier of the secret (file, code, drawing, sample, material, mould…)."""
    _require(actor, "registry.change_tradesecret", secret)
    _check_member(secret.organisation, custodian, "custodian")
    carrier = Carrier(
        secret=secret, kind=kind, name=name, location=location, custodian=custodian, marking=marking
    )
    carrier.full_clean()
    carrier.save()
    _child_added(actor, secret, carrier, "carrier")
    return carrier


@transaction.atomic
def grant_add(
    *,
    actor: User,
    secret: TradeSecret,
    user: User,
    reason: str,
    valid_until: dt.date | None = None,
) -> AccessGrant:
    """Allow a member of the enterprise to access the secret."""
    _require(actor, "registry.change_tradesecret", secret)
    _check_member(secret.organisation, user, "user")
    grant = AccessGrant(
        secret=secret, user=user, reason=reason, valid_until=valid_until, granted_by=actor
    )
    grant.full_clean()
    grant.save()
    _child_added(actor, secret, grant, "grant")
    return grant


@transaction.atomic
def measure_add(
    *,
    actor: User,
    secret: TradeSecret,
    kind: str,
    description: str,
    implemented_on: dt.date | None = None,
    evidence: str = "",
) -> Measure:
    """Record a confidentiality measure taken for the secret."""
    _require(actor, "registry.change_tradesecret", secret)
    measure = Measure(
        secret=secret,
        kind=kind,
        description=description,
        implemented_on=implemented_on,
        evidence=evidence,
    )
    measure.full_clean()
    measure.save()
    _child_added(actor, secret, measure, "measure")
    return measure


CHILD_MODELS: dict[str, type[Carrier] | type[AccessGrant] | type[Measure]] = {
    "carrier": Carrier,
    "grant": AccessGrant,
    "measure": Measure,
}


@transaction.atomic
def secret_child_remove(*, actor: User, secret: TradeSecret, what: str, pk: object) -> None:
    """Remove a carrier, access grant or measure of the secret (404 if not the secret's)."""
    from django.http import Http404

    _require(actor, "registry.change_tradesecret", secret)
    model = CHILD_MODELS[what]
    try:
        child = model.objects.get(secret=secret, pk=int(str(pk)))
    except (model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    _child_removed(actor, secret, child, what)
    child.delete()
