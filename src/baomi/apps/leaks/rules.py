"""Who may use leak comparison. Enterprise administrators see and run everything of their
enterprise; a secret owner sees the indexes they created or that hold one of their
secrets, with those indexes' scans and hits. Employees, base operators and members of other
enterprises see nothing (404): an index holds the secrets' text."""

from __future__ import annotations

import rules
from django.db.models import Q

from baomi.apps.leaks.models import Index
from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.rules import is_org_admin, is_org_secret_owner, role_in


def visible_indexes_q(user: User, organisation: Organisation | None) -> Q | None:
    """A filter for the indexes ``user`` may see in ``organisation``; None means none."""
    role = role_in(user, organisation)
    if role == Role.OWNER_ADMIN:
        return Q(organisation=organisation)
    if role == Role.SECRET_OWNER:
        return Q(organisation=organisation) & (Q(created_by=user) | Q(secrets__owner=user))
    return None


@rules.predicate
def can_see_index(user: User, index: Index) -> bool:
    q = visible_indexes_q(user, index.organisation)
    return q is not None and Index.objects.filter(q, pk=index.pk).exists()


rules.add_perm("leaks.view_index", can_see_index)
# Whoever sees an index may add material to it, scan against it and download reports.
rules.add_perm("leaks.change_index", can_see_index)
# These take the organisation as object.
rules.add_perm("leaks.use_leaks", is_org_admin | is_org_secret_owner)
rules.add_perm("leaks.add_index", is_org_admin | is_org_secret_owner)
