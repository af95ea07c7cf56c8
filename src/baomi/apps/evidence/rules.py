"""Who may register material and see which registrations.

Enterprise administrators and secret owners register. Administrators see all of their
enterprise's registrations; other members see those of the trade secrets they may see, and
their own. The full receipt (with the master salt, which proves the content) is for the
administrators, the registrant and the owner of the linked secret only.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from baomi.apps.evidence.models import Registration
from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.rules import is_org_admin, is_org_secret_owner, role_in
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.rules import visible_secrets_q


def visible_registrations_q(user: User, organisation: Organisation) -> Q | None:
    """A filter for the registrations ``user`` may see in ``organisation``; None means none."""
    role = role_in(user, organisation)
    if role is None:
        return None
    base = Q(organisation=organisation)
    if role == Role.OWNER_ADMIN:
        return base
    secrets_q = visible_secrets_q(user, organisation)
    secret_ids = TradeSecret.objects.filter(secrets_q).values("pk") if secrets_q else []
    return base & (Q(secret__in=secret_ids) | Q(registered_by=user))


@rules.predicate
def can_see_registration(user: User, registration: Registration) -> bool:
    q = visible_registrations_q(user, registration.organisation)
    return q is not None and Registration.objects.filter(q, pk=registration.pk).exists()


@rules.predicate
def is_admin_of_registration(user: User, registration: Registration) -> bool:
    return bool(is_org_admin(user, registration.organisation))


@rules.predicate
def registered_it(user: User, registration: Registration) -> bool:
    return (
        registration.registered_by_id == user.pk
        and role_in(user, registration.organisation) is not None
    )


@rules.predicate
def owns_linked_secret(user: User, registration: Registration) -> bool:
    secret = registration.secret
    return (
        secret is not None
        and secret.owner_id == user.pk
        and role_in(user, registration.organisation) == Role.SECRET_OWNER
    )


rules.add_perm("evidence.view_registration", can_see_registration)
rules.add_perm(
    "evidence.disclose_registration",
    can_see_registration & (is_admin_of_registration | registered_it | owns_linked_secret),
)
# Takes the organisation as object; linking a secret also needs registry.change_tradesecret.
rules.add_perm("evidence.add_registration", is_org_admin | is_org_secret_owner)
