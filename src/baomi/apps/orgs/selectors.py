"""Reads of tenancy: memberships, the active organisation, and the one 404-ing access helper."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from baomi.apps.orgs.models import Membership, Organisation, ServiceBase, User

M = TypeVar("M", bound=Model)


def membership_list(*, user: User) -> list[Membership]:
    """The user's memberships, enterprises first, cached on the user object for the request."""
    cached: list[Membership] | None = getattr(user, "_baomi_memberships", None)
    if cached is None:
        if not user.is_authenticated:
            return []
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("organisation", "service_base")
            .order_by("service_base_id", "organisation__name", "id")
        )
        user._baomi_memberships = cached  # type: ignore[attr-defined]
    return cached


def membership_for(*, user: User, organisation: Organisation | None) -> Membership | None:
    """The user's membership in ``organisation``, or None."""
    if organisation is None:
        return None
    for m in membership_list(user=user):
        if m.organisation_id == organisation.pk:
            return m
    return None


def base_membership_for(*, user: User, service_base: ServiceBase | None) -> Membership | None:
    """The user's membership at ``service_base``, or None."""
    if service_base is None:
        return None
    for m in membership_list(user=user):
        if m.service_base_id == service_base.pk:
            return m
    return None


def active_membership(*, user: User, hint: str | int | None = None) -> Membership | None:
    """The membership a request acts in: the one named by ``hint`` (organisation id, slug or
    credit code, or ``base:<id>``) if the user holds it, else the user's first membership."""
    memberships = membership_list(user=user)
    if hint not in (None, ""):
        text = str(hint)
        for m in memberships:
            if m.organisation is not None and text in {
                str(m.organisation.pk),
                m.organisation.slug,
                m.organisation.credit_code,
            }:
                return m
            if m.service_base is not None and text == f"base:{m.service_base.pk}":
                return m
        return None
    return memberships[0] if memberships else None


def get_for_member(queryset: QuerySet[M], *, organisation: Organisation | None, pk: object) -> M:
    """The object ``pk`` of ``organisation``, or Http404 — for strangers the same answer as
    for an object that does not exist, so ids cannot be probed across tenants."""
    if organisation is None:
        raise Http404
    try:
        return queryset.filter(organisation=organisation).get(pk=pk)
    # .get() raises the model's own DoesNotExist, a subclass (the stubs know the subclass
    # only for concrete models, not for the model type variable).
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    """Users with a membership in the organisation (for owner / custodian pickers)."""
    return User.objects.filter(memberships__organisation=organisation).order_by("name", "email")


def member_list(*, user: User, organisation: Organisation | None) -> QuerySet[Membership]:
    """The enterprise's memberships; only its own members may list them."""
    from baomi.apps.orgs.rules import is_org_member

    if organisation is None or not is_org_member(user, organisation):
        raise Http404
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


def member_get(*, user: User, organisation: Organisation | None, pk: object) -> Membership:
    return get_for_member(
        member_list(user=user, organisation=organisation), organisation=organisation, pk=pk
    )


def member_by_email(*, organisation: Organisation, email: str) -> User | None:
    """The member of ``organisation`` with this e-mail (case-insensitive), or None."""
    return (
        organisation_members(organisation=organisation).filter(email=email.strip().lower()).first()
    )
