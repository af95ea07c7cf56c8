"""Reads of evidence registrations, always for one acting user in one organisation."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from baomi.apps.evidence.models import Registration
from baomi.apps.evidence.rules import visible_registrations_q
from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.rules import role_in
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.selectors import secret_list


def _visible(user: User, organisation: Organisation | None) -> QuerySet[Registration]:
    if organisation is None:
        return Registration.objects.none()
    q = visible_registrations_q(user, organisation)
    if q is None:
        return Registration.objects.none()
    return Registration.objects.filter(q)


def registration_list(
    *, user: User, organisation: Organisation | None, query: str = ""
) -> QuerySet[Registration]:
    """The registrations ``user`` may see in ``organisation``, newest first."""
    qs = _visible(user, organisation).select_related("secret", "registered_by")
    if query:
        from django.db.models import Q

        qs = qs.filter(
            Q(title__icontains=query)
            | Q(secret__code__icontains=query)
            | Q(secret__title__icontains=query)
            | Q(commitment__startswith=query.lower())
        )
    return qs.order_by("-registered_at", "-log_index")


def registration_get(*, user: User, organisation: Organisation | None, pk: object) -> Registration:
    """One registration the user may see, or Http404 (also for other tenants' registrations)."""
    try:
        return (
            _visible(user, organisation)
            .select_related("secret", "registered_by", "organisation")
            .get(pk=int(str(pk)))
        )
    except (Registration.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def registrations_for_secret(*, user: User, secret: TradeSecret) -> QuerySet[Registration]:
    """The registrations of a trade secret that ``user`` may see (none if not a member)."""
    return (
        _visible(user, secret.organisation)
        .filter(secret=secret)
        .select_related("registered_by")
        .order_by("-registered_at", "-log_index")
    )


def registrable_secrets(*, user: User, organisation: Organisation | None) -> QuerySet[TradeSecret]:
    """The secrets ``user`` may link a registration to: all for administrators, own for
    secret owners, none for others."""
    role = role_in(user, organisation)
    qs = secret_list(user=user, organisation=organisation)
    if role == Role.OWNER_ADMIN:
        return qs
    if role == Role.SECRET_OWNER:
        return qs.filter(owner=user)
    return qs.none()
