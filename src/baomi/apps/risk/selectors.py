"""Reads of insider-risk data, always for one acting user in one organisation.

Only enterprise administrators see any of it; everyone else — and everything of another
enterprise — gets Http404, so nothing can be probed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.people.models import Person
from baomi.apps.risk import analysis
from baomi.apps.risk.labels import Reason, reasons_of, scenario_label
from baomi.apps.risk.models import OPEN_STATUSES, ActivityImport, CaseStatus, RiskCase


def require_risk_admin(user: User, organisation: Organisation | None) -> Organisation:
    """The organisation if ``user`` may see its risk data, else Http404."""
    if organisation is None or not user.has_perm("risk.view_risk", organisation):
        raise Http404
    return organisation


# -- imports --------------------------------------------------------------------------------
def import_list(*, user: User, organisation: Organisation | None) -> QuerySet[ActivityImport]:
    from baomi.apps.risk.services import import_recover_stale

    org = require_risk_admin(user, organisation)
    # Before the state is read: an import whose worker stopped shows as failed (baomi.jobs).
    import_recover_stale(organisation=org)
    return ActivityImport.objects.filter(organisation=org).select_related("created_by")


def import_get(*, user: User, organisation: Organisation | None, pk: object) -> ActivityImport:
    try:
        return import_list(user=user, organisation=organisation).get(pk=int(str(pk)))
    except (ActivityImport.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def import_for_task(*, pk: int) -> ActivityImport | None:
    """The import a background task works on (the task acts for the uploading admin)."""
    return ActivityImport.objects.select_related("organisation", "created_by").filter(pk=pk).first()


# -- the ranking ----------------------------------------------------------------------------
@dataclass
class RankedEntry:
    rank: int
    user: str
    score: float
    window_start: dt.date
    window_end: dt.date
    reasons: list[Reason]
    scenarios: list[str]
    person: Person | None = None
    open_case: RiskCase | None = None
    labels: list[str] = field(default_factory=list)

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)

    def as_json(self) -> dict[str, object]:
        return {
            "rank": self.rank,
            "user": self.user,
            "score": self.score,
            "window": [self.window_start.isoformat(), self.window_end.isoformat()],
            "reasons": [r.detail if not r.code else f"{r.code}: {r.detail}" for r in self.reasons],
            "scenarios": self.scenarios,
            "labels": [str(r.label) for r in self.reasons],
            "person": self.person.name if self.person else None,
            "employee_number": self.person.employee_number if self.person else None,
            "open_case": self.open_case.pk if self.open_case else None,
        }


@dataclass
class RankingView:
    computed_at: dt.datetime | None
    entries: list[RankedEntry]
    error: str = ""


def _entries(organisation: Organisation, users: list[dict[str, object]]) -> list[RankedEntry]:
    people = analysis.match_people(
        organisation, analysis.activity_directory(analysis.store_for(organisation))
    )
    cases = {
        c.subject: c
        for c in RiskCase.objects.filter(organisation=organisation, status__in=OPEN_STATUSES)
    }
    entries = []
    for index, item in enumerate(users, start=1):
        window = item["window"]
        assert isinstance(window, list)
        reasons = reasons_of(list(item.get("reasons", []) or []), item.get("explanations"))  # type: ignore[call-overload]
        user = str(item["user"])
        entries.append(
            RankedEntry(
                rank=index,
                user=user,
                score=float(item["score"]),  # type: ignore[arg-type]
                window_start=dt.date.fromisoformat(window[0]),
                window_end=dt.date.fromisoformat(window[1]),
                reasons=reasons,
                scenarios=list(item.get("scenarios", []) or []),  # type: ignore[call-overload]
                person=people.get(user),
                open_case=cases.get(user),
                labels=[str(scenario_label(s)) for s in item.get("scenarios", []) or []],  # type: ignore[attr-defined]
            )
        )
    return entries


def ranking_get(
    *, user: User, organisation: Organisation | None, top: int | None = None
) -> RankingView:
    """The enterprise's users ranked by insider risk, highest first."""
    org = require_risk_admin(user, organisation)
    result = analysis.ranking(org)
    users = result.users[:top] if top is not None else result.users
    computed_at = dt.datetime.fromisoformat(result.computed_at) if result.computed_at else None
    return RankingView(computed_at=computed_at, entries=_entries(org, users), error=result.error)


def ranked_user_get(*, user: User, organisation: Organisation | None, subject: str) -> RankedEntry:
    """One ranked user of the enterprise's own activity logs, or Http404."""
    org = require_risk_admin(user, organisation)
    for index, item in enumerate(analysis.ranking(org).users, start=1):
        if item["user"] == subject:
            entry = _entries(org, [item])[0]
            entry.rank = index
            return entry
    raise Http404


# -- cases ----------------------------------------------------------------------------------
def case_list(
    *, user: User, organisation: Organisation | None, status: str = ""
) -> QuerySet[RiskCase]:
    org = require_risk_admin(user, organisation)
    qs = RiskCase.objects.filter(organisation=org).select_related("person", "opened_by")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    return qs


def case_get(*, user: User, organisation: Organisation | None, pk: object) -> RiskCase:
    try:
        return (
            case_list(user=user, organisation=organisation)
            .select_related("closed_by")
            .get(pk=int(str(pk)))
        )
    except (RiskCase.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def case_notes(*, case: RiskCase) -> QuerySet:
    return case.notes.select_related("author")
