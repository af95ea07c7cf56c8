"""``/api/secrets``: list, create, read, change and delete trade secrets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.selectors import member_by_email
from baomi.apps.registry import services
from baomi.apps.registry.models import Level, SecretType, Status, TradeSecret
from baomi.apps.registry.selectors import SecretFilters, secret_get, secret_list
from baomi.http import AuthenticatedRequest

router = Router(tags=["secrets"])


class CarrierOut(Schema):
    kind: str
    name: str
    location: str
    custodian: str | None


class MeasureOut(Schema):
    kind: str
    description: str
    implemented_on: dt.date | None


class SecretOut(Schema):
    id: int
    code: str
    title: str
    secret_type: SecretType
    level: Level
    status: Status
    description: str
    owner: str | None = Field(None, description="e-mail of the responsible person")
    date_identified: dt.date
    review_date: dt.date | None
    value_estimate: Decimal | None
    points: list[str]
    carriers: list[CarrierOut]
    measures: list[MeasureOut]


class SecretIn(Schema):
    code: str
    title: str
    secret_type: SecretType
    level: Level
    status: Status = Status.ACTIVE
    description: str = ""
    owner: str | None = None
    date_identified: dt.date | None = None
    review_date: dt.date | None = None
    value_estimate: Decimal | None = None
    points: list[str] = []


class SecretPatch(Schema):
    code: str | None = None
    title: str | None = None
    secret_type: SecretType | None = None
    level: Level | None = None
    status: Status | None = None
    description: str | None = None
    owner: str | None = None
    date_identified: dt.date | None = None
    review_date: dt.date | None = None
    value_estimate: Decimal | None = None
    points: list[str] | None = None


class SecretQuery(Schema):
    q: str = ""
    secret_type: str = ""
    level: str = ""
    status: str = ""
    review_due: bool = False


def _out(secret: TradeSecret) -> dict[str, Any]:
    return {
        "id": secret.pk,
        "code": secret.code,
        "title": secret.title,
        "secret_type": secret.secret_type,
        "level": secret.level,
        "status": secret.status,
        "description": secret.description,
        "owner": secret.owner.email if secret.owner else None,
        "date_identified": secret.date_identified,
        "review_date": secret.review_date,
        "value_estimate": secret.value_estimate,
        "points": [p.statement for p in secret.points.all()],
        "carriers": [
            {
                "kind": c.kind,
                "name": c.name,
                "location": c.location,
                "custodian": c.custodian.email if c.custodian else None,
            }
            for c in secret.carriers.all()
        ],
        "measures": [
            {"kind": m.kind, "description": m.description, "implemented_on": m.implemented_on}
            for m in secret.measures.all()
        ],
    }


def _org(request: AuthenticatedRequest) -> Organisation:
    # BearerAuth sets the organisation; None when the user acts for no enterprise.
    org = request.organisation
    if org is None:
        raise Http404
    return org


def _member(organisation: Organisation, email: str | None) -> User | None:
    from django.core.exceptions import ValidationError

    if not email:
        return None
    user = member_by_email(organisation=organisation, email=email)
    if user is None:
        raise ValidationError({"owner": ["not a member of the enterprise"]})
    return user


@router.get("", response=list[SecretOut])
def secrets_list(request: AuthenticatedRequest, query: Query[SecretQuery]) -> list[dict[str, Any]]:
    qs = secret_list(
        user=request.user,
        organisation=_org(request),
        filters=SecretFilters(
            query=query.q,
            secret_type=query.secret_type,
            level=query.level,
            status=query.status,
            review_due=query.review_due,
        ),
    ).prefetch_related("points", "carriers__custodian", "measures")
    return [_out(s) for s in qs]


@router.post("", response={201: SecretOut})
def secrets_create(request: AuthenticatedRequest, payload: SecretIn) -> Reply[dict[str, Any]]:
    org = _org(request)
    data = payload.dict()
    data["owner"] = _member(org, data.get("owner"))
    secret = services.secret_create(actor=request.user, organisation=org, **data)
    return Reply(201, _out(secret))


@router.get("/{secret_id}", response=SecretOut)
def secrets_read(request: AuthenticatedRequest, secret_id: int) -> dict[str, Any]:
    secret = secret_get(user=request.user, organisation=_org(request), pk=secret_id)
    services.secret_viewed(actor=request.user, secret=secret)
    return _out(secret)


@router.patch("/{secret_id}", response=SecretOut)
def secrets_update(
    request: AuthenticatedRequest, secret_id: int, payload: SecretPatch
) -> dict[str, Any]:
    org = _org(request)
    secret = secret_get(user=request.user, organisation=org, pk=secret_id)
    data = payload.dict(exclude_unset=True)
    if "owner" in data:
        data["owner"] = _member(org, data["owner"])
    secret = services.secret_update(actor=request.user, secret=secret, **data)
    return _out(secret)


@router.delete("/{secret_id}", response={204: None})
def secrets_delete(request: AuthenticatedRequest, secret_id: int) -> Reply[None]:
    secret = secret_get(user=request.user, organisation=_org(request), pk=secret_id)
    services.secret_delete(actor=request.user, secret=secret)
    return Reply(204, None)
