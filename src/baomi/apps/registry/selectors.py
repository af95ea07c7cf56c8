"""Reads of the registry, always for one acting user in one organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.registry.models import Level, SecretType, Status, TradeSecret
from baomi.apps.registry.rules import visible_secrets_q


@dataclass(frozen=True)
class SecretFilters:
    query: str = ""
    secret_type: str = ""
    level: str = ""
    status: str = ""
    owner_id: int | None = None
    review_due: bool = False


def _visible(user: User, organisation: Organisation | None) -> QuerySet[TradeSecret]:
    if organisation is None:
        return TradeSecret.objects.none()
    q = visible_secrets_q(user, organisation)
    if q is None:
        return TradeSecret.objects.none()
    ids = TradeSecret.objects.filter(q).values("pk")
    return TradeSecret.objects.filter(pk__in=ids)


def secret_list(
    *,
    user: User,
    organisation: Organisation | None,
    filters: SecretFilters | None = None,
) -> QuerySet[TradeSecret]:
    """The secrets ``user`` may see in ``organisation``, filtered, ordered by number."""
    f = filters or SecretFilters()
    qs = _visible(user, organisation).select_related("owner")
    if f.query:
        qs = qs.filter(
            Q(title__icontains=f.query)
            | Q(code__icontains=f.query)
            | Q(description__icontains=f.query)
            | Q(points__statement__icontains=f.query)
        ).distinct()
    if f.secret_type in SecretType.values:
        qs = qs.filter(secret_type=f.secret_type)
    if f.level in Level.values:
        qs = qs.filter(level=f.level)
    if f.status in Status.values:
        qs = qs.filter(status=f.status)
    if f.owner_id:
        qs = qs.filter(owner_id=f.owner_id)
    if f.review_due:
        qs = qs.filter(review_date__lte=review_horizon())
    return qs.annotate(
        point_count=Count("points", distinct=True),
        carrier_count=Count("carriers", distinct=True),
        measure_count=Count("measures", distinct=True),
    ).order_by("code")


def secret_get(*, user: User, organisation: Organisation | None, pk: object) -> TradeSecret:
    """One secret the user may see, or Http404 (also for other tenants' secrets)."""
    try:
        return (
            _visible(user, organisation)
            .select_related("owner", "organisation")
            .get(pk=int(str(pk)))
        )
    except (TradeSecret.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def secret_get_by_code(*, user: User, organisation: Organisation | None, code: str) -> TradeSecret:
    try:
        return _visible(user, organisation).select_related("owner").get(code=code)
    except TradeSecret.DoesNotExist as exc:
        raise Http404 from exc


def review_horizon(days: int | None = None) -> dt.date:
    from django.conf import settings

    return timezone.localdate() + dt.timedelta(
        days=settings.BAOMI_REVIEW_WARNING_DAYS if days is None else days
    )


def secret_reviews_due(*, user: User, organisation: Organisation | None) -> QuerySet[TradeSecret]:
    """Visible active secrets whose review is overdue or due within the warning period."""
    return (
        _visible(user, organisation)
        .filter(status=Status.ACTIVE, review_date__lte=review_horizon())
        .select_related("owner")
        .order_by("review_date")
    )


@dataclass(frozen=True)
class RegistryStats:
    total: int
    core: int
    technical: int
    business: int
    reviews_due: int
    without_measures: int


def registry_stats(*, user: User, organisation: Organisation | None) -> RegistryStats:
    qs = _visible(user, organisation)
    agg = qs.aggregate(
        total=Count("pk"),
        core=Count("pk", filter=Q(level=Level.CORE)),
        technical=Count("pk", filter=Q(secret_type=SecretType.TECHNICAL)),
        business=Count("pk", filter=Q(secret_type=SecretType.BUSINESS)),
    )
    return RegistryStats(
        total=agg["total"],
        core=agg["core"],
        technical=agg["technical"],
        business=agg["business"],
        reviews_due=secret_reviews_due(user=user, organisation=organisation).count(),
        without_measures=qs.filter(measures__isnull=True).count(),
    )


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: Organisation
    secrets: int
    core: int
    reviews_overdue: int


def base_registry_summary(*, user: User, service_base: object) -> list[OrganisationSummary]:
    """Aggregate counts per enterprise served by a base — numbers only, never secret content.
    Only the base's own members get an answer."""
    from baomi.apps.orgs.models import ServiceBase
    from baomi.apps.orgs.selectors import base_membership_for

    if (
        not isinstance(service_base, ServiceBase)
        or base_membership_for(user=user, service_base=service_base) is None
    ):
        raise Http404
    today = timezone.localdate()
    rows = Organisation.objects.filter(service_base=service_base).annotate(
        n=Count("secrets"),
        n_core=Count("secrets", filter=Q(secrets__level=Level.CORE)),
        n_overdue=Count(
            "secrets",
            filter=Q(secrets__status=Status.ACTIVE, secrets__review_date__lt=today),
        ),
    )
    return [OrganisationSummary(o, o.n, o.n_core, o.n_overdue) for o in rows.order_by("name")]
