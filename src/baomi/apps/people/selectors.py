"""Reads of people data, always for one acting user in one organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.people import noncompete
from baomi.apps.people.models import (
    Agreement,
    AgreementKind,
    Offboarding,
    Person,
    RoleCategory,
)
from baomi.apps.people.rules import visible_people_q
from baomi.apps.people.wages import minimum_wage
from baomi.apps.registry.models import AccessGrant, TradeSecret
from baomi.apps.registry.rules import visible_secrets_q

MISSING_CHOICES = ("confidentiality", "non_compete")


@dataclass(frozen=True)
class PersonFilters:
    query: str = ""
    department: str = ""
    departing: bool = False
    missing: str = ""  # confidentiality | non_compete


def _visible(user: User, organisation: Organisation | None) -> QuerySet[Person]:
    if organisation is None:
        return Person.objects.none()
    q = visible_people_q(user, organisation)
    if q is None:
        return Person.objects.none()
    return Person.objects.filter(q)


def _has_agreement(kind: str) -> Exists:
    return Exists(Agreement.objects.filter(person=OuterRef("pk"), kind=kind))


class AgreementFlags(TypedDict):
    has_confidentiality: bool
    has_non_compete: bool


if TYPE_CHECKING:  # django-stubs is a dev dependency
    from django_stubs_ext import WithAnnotations

    # A Person from person_list, which annotates whether the agreements are on file.
    ListedPerson = WithAnnotations[Person, AgreementFlags]


def person_list(
    *,
    user: User,
    organisation: Organisation | None,
    filters: PersonFilters | None = None,
) -> QuerySet[ListedPerson]:
    """The people ``user`` may see in ``organisation``, filtered, ordered by employee number."""
    f = filters or PersonFilters()
    today = timezone.localdate()
    qs = _visible(user, organisation).select_related("user", "offboarding")
    qs = qs.annotate(
        has_confidentiality=_has_agreement(AgreementKind.CONFIDENTIALITY),
        has_non_compete=_has_agreement(AgreementKind.NON_COMPETE),
    )
    if f.query:
        qs = qs.filter(
            Q(name__icontains=f.query)
            | Q(employee_number__icontains=f.query)
            | Q(position__icontains=f.query)
        )
    if f.department:
        qs = qs.filter(department=f.department)
    if f.departing:
        qs = qs.filter(watch_start__lte=today, watch_end__gte=today)
    if f.missing == "confidentiality":
        qs = qs.filter(has_confidentiality=False)
    elif f.missing == "non_compete":
        qs = qs.filter(has_non_compete=False).exclude(role_category=RoleCategory.ORDINARY)
    return qs.order_by("employee_number")


def person_get(*, user: User, organisation: Organisation | None, pk: object) -> Person:
    """One person the user may see, or Http404 (also for other tenants' people)."""
    try:
        return (
            _visible(user, organisation).select_related("user", "organisation").get(pk=int(str(pk)))
        )
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def person_for_user(*, user: User, organisation: Organisation | None) -> Person | None:
    """The record of the acting user in the organisation, if there is one."""
    if organisation is None:
        return None
    return _visible(user, organisation).filter(user=user).first()


def department_list(*, user: User, organisation: Organisation | None) -> list[str]:
    return list(
        _visible(user, organisation)
        .exclude(department="")
        .values_list("department", flat=True)
        .distinct()
        .order_by("department")
    )


def agreement_get(*, person: Person, pk: object) -> Agreement:
    """An agreement of a person already fetched through :func:`person_get`."""
    try:
        return person.agreements.get(pk=int(str(pk)))
    except (Agreement.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def agreement_list(*, person: Person) -> QuerySet[Agreement]:
    return person.agreements.prefetch_related("payments").order_by("kind", "-signed_on", "id")


def latest_agreement(*, person: Person, kind: str) -> Agreement | None:
    return person.agreements.filter(kind=kind).order_by("-signed_on", "-id").first()


def offboarding_for(*, person: Person) -> Offboarding | None:
    try:
        return person.offboarding
    except Offboarding.DoesNotExist:
        return None


# --- Access of a person to trade secrets -------------------------------------------------


@dataclass(frozen=True)
class SecretAccess:
    secret: TradeSecret
    via: list[str]  # owner | grant | custodian
    grant: AccessGrant | None

    def snapshot(self) -> dict[str, object]:
        return {
            "code": self.secret.code,
            "title": self.secret.title,
            "level": self.secret.level,
            "via": self.via,
        }


def person_secret_access(*, user: User, person: Person) -> list[SecretAccess]:
    """The trade secrets ``person`` has access to (as owner, by a grant, or as custodian of a
    carrier), limited to those the acting ``user`` may see."""
    if person.user_id is None:
        return []
    q = visible_secrets_q(user, person.organisation)
    if q is None:
        return []
    visible = TradeSecret.objects.filter(q).values("pk")
    target = person.user_id
    today = timezone.localdate()
    secrets = (
        TradeSecret.objects.filter(organisation=person.organisation, pk__in=visible)
        .filter(Q(owner_id=target) | Q(grants__user_id=target) | Q(carriers__custodian_id=target))
        .distinct()
        .order_by("code")
    )
    grants = {
        g.secret_id: g
        for g in AccessGrant.objects.filter(
            user_id=target, secret__organisation=person.organisation
        ).select_related("granted_by")
    }
    custodied = set(
        TradeSecret.objects.filter(
            organisation=person.organisation, carriers__custodian_id=target
        ).values_list("pk", flat=True)
    )
    out = []
    for secret in secrets:
        via = []
        if secret.owner_id == target:
            via.append("owner")
        grant = grants.get(secret.pk)
        if grant is not None and (grant.valid_until is None or grant.valid_until >= today):
            via.append("grant")
        elif grant is not None:
            via.append("expired_grant")
        if secret.pk in custodied:
            via.append("custodian")
        out.append(SecretAccess(secret=secret, via=via, grant=grant))
    return out


# --- Non-compete findings ------------------------------------------------------------------


def non_compete_terms(agreement: Agreement) -> noncompete.NonCompeteTerms:
    person = agreement.person
    paid = frozenset(
        (p.month.year, p.month.month) for p in agreement.payments.all() if p.amount > 0
    )
    return noncompete.NonCompeteTerms(
        role_category=person.role_category,
        restricted_months=agreement.restricted_months,
        monthly_compensation=agreement.monthly_compensation,
        average_monthly_wage=person.average_monthly_wage,
        minimum_wage=minimum_wage(person.wage_region, person.minimum_wage_override),
        departure=person.departure_date,
        term_end=agreement.term_end,
        paid_months=paid,
    )


def agreement_findings(
    agreement: Agreement, today: dt.date | None = None
) -> list[noncompete.Finding]:
    """The non-compete findings of an agreement (none for other kinds)."""
    if not agreement.is_non_compete:
        return []
    return noncompete.check_non_compete(non_compete_terms(agreement), today or timezone.localdate())


# --- Dashboard figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleStats:
    total: int
    without_confidentiality: int
    departing: int
    open_offboardings: int


def people_stats(*, user: User, organisation: Organisation | None) -> PeopleStats:
    """Counts for the dashboard card: people without a confidentiality agreement and more."""
    qs = person_list(user=user, organisation=organisation)
    today = timezone.localdate()
    return PeopleStats(
        total=qs.count(),
        without_confidentiality=qs.filter(has_confidentiality=False).count(),
        departing=qs.filter(watch_start__lte=today, watch_end__gte=today).count(),
        open_offboardings=qs.filter(offboarding__status="open").count(),
    )


# --- For the insider-risk module -----------------------------------------------------------


@dataclass(frozen=True)
class WatchWindow:
    person_id: int
    employee_number: str
    email: str | None
    start: dt.date
    end: dt.date
    departure: dt.date | None


def departing_watch_windows(
    *, organisation: Organisation, on: dt.date | None = None
) -> list[WatchWindow]:
    """The departing-user watch windows of an enterprise (90 days before to 30 days after the
    last working day), for the risk module's departing-user scenario. With ``on``, only the
    windows that contain that day. A system-side read: callers check their own permission."""
    qs = Person.objects.filter(organisation=organisation, watch_start__isnull=False)
    if on is not None:
        qs = qs.filter(watch_start__lte=on, watch_end__gte=on)
    return [
        WatchWindow(
            person_id=p.pk,
            employee_number=p.employee_number,
            email=p.user.email if p.user else None,
            start=p.watch_start,
            end=p.watch_end,
            departure=p.departure_date,
        )
        for p in qs.select_related("user").order_by("watch_start", "employee_number")
        # Both are set together (models.watch_window), so this only narrows the types.
        if p.watch_start is not None and p.watch_end is not None
    ]
