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
