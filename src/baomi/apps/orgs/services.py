"""Writes of tenancy: enterprises, bases, users and memberships."""

from __future__ import annotations

from django.db import transaction

from baomi.apps.orgs.credit_code import normalise_credit_code
from baomi.apps.orgs.models import Membership, Organisation, ServiceBase, User


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    credit_code: str,
    industry: str = "other",
    region: str = "",
    address: str = "",
    service_base: ServiceBase | None = None,
) -> Organisation:
    """Register an enterprise (the credit code's check character is verified)."""
    org = Organisation(
        name=name,
        slug=slug,
        credit_code=normalise_credit_code(credit_code),
        industry=industry,
        region=region,
        address=address,
        service_base=service_base,
    )
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def user_create(*, email: str, password: str | None, name: str = "", phone: str = "") -> User:
    user = User(email=email.strip().lower(), name=name, phone=phone)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_add(
    *,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    service_base: ServiceBase | None = None,
    department: str = "",
) -> Membership:
    """Give ``user`` a role in an enterprise or at a base."""
    membership = Membership(
        user=user,
        role=role,
        organisation=organisation,
        service_base=service_base,
        department=department,
    )
    membership.full_clean()
    membership.save()
    if hasattr(user, "_baomi_memberships"):
        del user._baomi_memberships
    return membership


def api_token_issue(*, email: str, password: str) -> str | None:
    """A new bearer token for valid credentials (None otherwise); only its hash is kept."""
    import hashlib
    import secrets

    from django.contrib.auth import authenticate

    from baomi.apps.orgs.models import ApiToken

    user = authenticate(username=email.strip().lower(), password=password)
    if user is None or not user.is_active:
        return None
    token = "bm_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=hashlib.sha256(token.encode()).hexdigest())
    return token


def api_token_user(*, token: str) -> User | None:
    """The active user holding ``token``, or None."""
    import hashlib

    from django.utils import timezone

    from baomi.apps.orgs.models import ApiToken

    digest = hashlib.sha256(token.encode()).hexdigest()
    found = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    if found is None or not found.user.is_active:
        return None
    found.last_used_at = timezone.now()
    found.save(update_fields=["last_used_at"])
    return found.user


class LastAdministrator(ValueError):
    """An enterprise must keep at least one administrator."""


def _require_admin(actor: User, organisation: Organisation) -> None:
    from django.core.exceptions import PermissionDenied

    if not actor.has_perm("orgs.change_organisation", organisation):
        raise PermissionDenied


def _audit_membership(actor: User, membership: Membership, action: str, **changes: object) -> None:
    from baomi.apps.audit.services import audit_record

    assert membership.organisation is not None
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action=action,
        obj=membership,
        changes={"user": membership.user.email, **changes},
    )


@transaction.atomic
def member_invite(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    name: str,
    role: str,
    department: str = "",
    password: str | None = None,
) -> Membership:
    """Add a person to the enterprise (creating their account if needed) in an enterprise role."""
    _require_admin(actor, organisation)
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        user = user_create(email=email, password=password, name=name)
    membership = membership_add(
        user=user, role=role, organisation=organisation, department=department
    )
    _audit_membership(actor, membership, "create", role=role)
    return membership


@transaction.atomic
def member_update(*, actor: User, membership: Membership, role: str, department: str) -> Membership:
    """Change a member's role or department; the last administrator keeps the role."""
    assert membership.organisation is not None
    _require_admin(actor, membership.organisation)
    if membership.role == "owner_admin" and role != "owner_admin":
        _check_not_last_admin(membership)
    changes = {}
    if membership.role != role:
        changes["role"] = [membership.role, role]
    if membership.department != department:
        changes["department"] = [membership.department, department]
    membership.role = role
    membership.department = department
    membership.full_clean()
    membership.save(update_fields=["role", "department"])
    if changes:
        _audit_membership(actor, membership, "update", **changes)
    return membership


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member from the enterprise (their account and other memberships stay)."""
    assert membership.organisation is not None
    _require_admin(actor, membership.organisation)
    if membership.role == "owner_admin":
        _check_not_last_admin(membership)
    _audit_membership(actor, membership, "delete")
    membership.delete()


def _check_not_last_admin(membership: Membership) -> None:
    admins = Membership.objects.filter(
        organisation=membership.organisation, role="owner_admin"
    ).exclude(pk=membership.pk)
    if not admins.exists():
        raise LastAdministrator("an enterprise must keep at least one administrator")


ORGANISATION_EDITABLE = ("name", "industry", "region", "address")


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, **fields: object
) -> Organisation:
    """Change the enterprise's profile (the credit code is fixed once registered)."""
    _require_admin(actor, organisation)
    unknown = set(fields) - set(ORGANISATION_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changes = {
        k: [getattr(organisation, k), v] for k, v in fields.items() if getattr(organisation, k) != v
    }
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=list(fields))
    if changes:
        from baomi.apps.audit.services import audit_record

        audit_record(
            actor=actor,
            organisation=organisation,
            action="update",
            obj=organisation,
            changes=changes,
        )
    return organisation
