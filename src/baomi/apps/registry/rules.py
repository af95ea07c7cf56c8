"""Who may see and change which secret. Administrators see all of their enterprise's
secrets; everyone else only those they own, hold a live access grant to, or keep a carrier of."""

from __future__ import annotations

import rules
from django.db.models import Q
from django.utils import timezone

from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.rules import is_org_admin, is_org_secret_owner, role_in
from baomi.apps.registry.models import TradeSecret


def visible_secrets_q(user: User, organisation: Organisation) -> Q | None:
    """A filter for the secrets ``user`` may see in ``organisation``; None means none at all."""
    role = role_in(user, organisation)
    if role is None:
        return None
    base = Q(organisation=organisation)
    if role == Role.OWNER_ADMIN:
        return base
    today = timezone.localdate()
    personal = (
        Q(owner=user)
        | Q(grants__user=user, grants__valid_until__isnull=True)
        | Q(grants__user=user, grants__valid_until__gte=today)
        | Q(carriers__custodian=user)
    )
    return base & personal


@rules.predicate
def can_see_secret(user: User, secret: TradeSecret) -> bool:
    q = visible_secrets_q(user, secret.organisation)
    return q is not None and TradeSecret.objects.filter(q, pk=secret.pk).exists()


@rules.predicate
def is_admin_of_secret(user: User, secret: TradeSecret) -> bool:
    return bool(is_org_admin(user, secret.organisation))


@rules.predicate
def owns_secret(user: User, secret: TradeSecret) -> bool:
    return secret.owner_id == user.pk and role_in(user, secret.organisation) == Role.SECRET_OWNER


rules.add_perm("registry.view_tradesecret", can_see_secret)
rules.add_perm("registry.change_tradesecret", is_admin_of_secret | owns_secret)
rules.add_perm("registry.delete_tradesecret", is_admin_of_secret)
# These take the organisation as object.
rules.add_perm("registry.add_tradesecret", is_org_admin | is_org_secret_owner)
rules.add_perm("registry.import_tradesecret", is_org_admin)
rules.add_perm("registry.export_tradesecret", is_org_admin | is_org_secret_owner)
