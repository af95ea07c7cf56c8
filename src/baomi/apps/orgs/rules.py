"""Permission predicates about roles, shared by the apps' own rules modules."""

from __future__ import annotations

import rules

from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.selectors import membership_for


def role_in(user: User, organisation: Organisation | None) -> str | None:
    m = membership_for(user=user, organisation=organisation)
    return m.role if m else None


@rules.predicate
def is_org_member(user: User, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) is not None


@rules.predicate
def is_org_admin(user: User, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) == Role.OWNER_ADMIN


@rules.predicate
def is_org_secret_owner(user: User, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) == Role.SECRET_OWNER


rules.add_perm("orgs.view_organisation", is_org_member)
rules.add_perm("orgs.change_organisation", is_org_admin)
