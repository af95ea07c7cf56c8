"""``/api/people``: the people an API user may see, and their agreements with findings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import Query, Router, Schema

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation
from baomi.apps.people import services
from baomi.apps.people.models import Person
from baomi.apps.people.selectors import (
    PersonFilters,
    agreement_findings,
    agreement_list,
    person_get,
    person_list,
)
from baomi.http import AuthenticatedRequest

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    employee_number: str
    name: str
    email: str | None
    department: str
    position: str
    role_category: str
    hire_date: dt.date | None
    resignation_date: dt.date | None
    last_working_day: dt.date | None
    watch_start: dt.date | None
    watch_end: dt.date | None
    departing: bool


class FindingOut(Schema):
    code: str
    severity: str
    message: str


class PaymentOut(Schema):
    month: str
    amount: Decimal
    paid_on: dt.date


class AgreementOut(Schema):
    id: int
    kind: str
    signed_on: dt.date | None
    term_start: dt.date | None
    term_end: dt.date | None
    restricted_months: int | None
    monthly_compensation: Decimal | None
    has_file: bool
    payments: list[PaymentOut]
    findings: list[FindingOut]


class PersonQuery(Schema):
    q: str = ""
    department: str = ""
    departing: bool = False
    missing: str = ""


def _org(request: AuthenticatedRequest) -> Organisation:
    # BearerAuth sets the organisation; None when the user acts for no enterprise.
    org = request.organisation
    if org is None:
        raise Http404
    return org


def _out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "employee_number": person.employee_number,
        "name": person.name,
        "email": person.user.email if person.user else None,
        "department": person.department,
        "position": person.position,
        "role_category": person.role_category,
        "hire_date": person.hire_date,
        "resignation_date": person.resignation_date,
        "last_working_day": person.last_working_day,
        "watch_start": person.watch_start,
        "watch_end": person.watch_end,
        "departing": person.is_departing,
    }


@router.get("", response=list[PersonOut])
def people_list(request: AuthenticatedRequest, query: Query[PersonQuery]) -> list[dict[str, Any]]:
    org = _org(request)
    qs = person_list(
        user=request.user,
        organisation=org,
        filters=PersonFilters(
            query=query.q,
            department=query.department,
            departing=query.departing,
            missing=query.missing,
        ),
    )
    rows = [_out(p) for p in qs]
    audit_record(
        actor=request.user,
        organisation=org,
        action=Action.LIST,
        object_type="person",
        changes={"count": len(rows)},
    )
    return rows


@router.get("/{person_id}", response=PersonOut)
def people_read(request: AuthenticatedRequest, person_id: int) -> dict[str, Any]:
    person = person_get(user=request.user, organisation=_org(request), pk=person_id)
    services.person_viewed(actor=request.user, person=person)
    return _out(person)


@router.get("/{person_id}/agreements", response=list[AgreementOut])
def people_agreements(request: AuthenticatedRequest, person_id: int) -> list[dict[str, Any]]:
    person = person_get(user=request.user, organisation=_org(request), pk=person_id)
    services.person_viewed(actor=request.user, person=person)
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "signed_on": a.signed_on,
            "term_start": a.term_start,
            "term_end": a.term_end,
            "restricted_months": a.restricted_months,
            "monthly_compensation": a.monthly_compensation,
            "has_file": bool(a.file),
            "payments": [
                {"month": f"{p.month:%Y-%m}", "amount": p.amount, "paid_on": p.paid_on}
                for p in a.payments.all()
            ],
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message}
                for f in agreement_findings(a)
            ],
        }
        for a in agreement_list(person=person)
    ]
