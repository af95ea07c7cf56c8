"""``/api/risk``: the ranking, and RiskCases (list, read, open). Administrators only; anyone
else gets 404, as for another enterprise's data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Query, Router, Schema
from ninja import Status as Reply

from baomi.apps.orgs.models import Organisation
from baomi.apps.risk import services
from baomi.apps.risk.models import CaseStatus, RiskCase
from baomi.apps.risk.selectors import case_get, case_list, ranking_get
from baomi.http import AuthenticatedRequest

router = Router(tags=["risk"])


class RankedUserOut(Schema):
    rank: int
    user: str
    score: float
    window: list[dt.date]
    reasons: list[str]
    scenarios: list[str]
    labels: list[str]
    person: str | None
    employee_number: str | None
    open_case: int | None


class NoteOut(Schema):
    author: str | None
    text: str
    created_at: dt.datetime


class CaseOut(Schema):
    id: int
    user: str
    person: str | None
    score: float
    window: list[dt.date]
    reasons: list[str]
    scenarios: list[str]
    status: CaseStatus
    opened_by: str | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    escalated_to: str
    escalated_at: dt.datetime | None
    notes: list[NoteOut]


class CaseIn(Schema):
    user: str


class RankingQuery(Schema):
    top: int | None = None


class CaseQuery(Schema):
    status: str = ""


def _org(request: AuthenticatedRequest) -> Organisation:
    # BearerAuth sets the organisation; None when the user acts for no enterprise.
    org = request.organisation
    if org is None:
        raise Http404
    return org


def _case_out(case: RiskCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "user": case.subject,
        "person": case.person.name if case.person else None,
        "score": case.score,
        "window": [case.window_start, case.window_end],
        "reasons": case.reasons,
        "scenarios": case.scenarios,
        "status": case.status,
        "opened_by": case.opened_by.email if case.opened_by else None,
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "escalated_to": case.escalated_to,
        "escalated_at": case.escalated_at,
        "notes": [
            {
                "author": n.author.email if n.author else None,
                "text": n.text,
                "created_at": n.created_at,
            }
            for n in case.notes.all()
        ],
    }


@router.get("/ranking", response=list[RankedUserOut])
def ranking_read(
    request: AuthenticatedRequest, query: Query[RankingQuery]
) -> list[dict[str, object]]:
    view = ranking_get(user=request.user, organisation=_org(request), top=query.top)
    return [e.as_json() for e in view.entries]


@router.get("/cases", response=list[CaseOut])
def cases_list(request: AuthenticatedRequest, query: Query[CaseQuery]) -> list[dict[str, Any]]:
    qs = case_list(user=request.user, organisation=_org(request), status=query.status)
    return [_case_out(c) for c in qs.prefetch_related("notes__author")]


@router.post("/cases", response={201: CaseOut})
def cases_open(request: AuthenticatedRequest, payload: CaseIn) -> Reply[dict[str, Any]]:
    case = services.case_open(actor=request.user, organisation=_org(request), subject=payload.user)
    return Reply(201, _case_out(case))


@router.get("/cases/{case_id}", response=CaseOut)
def cases_read(request: AuthenticatedRequest, case_id: int) -> dict[str, Any]:
    case = case_get(user=request.user, organisation=_org(request), pk=case_id)
    return _case_out(case)
