"""Who may see and change people data. Enterprise administrators manage everything; secret
owners read; an employee sees only their own record and can acknowledge on it. Base
operators and members of other enterprises see nothing (404)."""

from __future__ import annotations

import rules
from django.db.models import Q

from baomi.apps.orgs.models import Organisation, Role, User
from baomi.apps.orgs.rules import is_org_admin, role_in
from baomi.apps.people.models import Person


def visible_people_q(user: User, organisation: Organisation | None) -> Q | None:
    """A filter for the people ``user`` may see in ``organisation``; None means none at all."""
    role = role_in(user, organisation)
    if role is None:
        return None
    base = Q(organisation=organisation)
    if role in (Role.OWNER_ADMIN, Role.SECRET_OWNER):
        return base
    return base & Q(user=user)


@rules.predicate
def can_see_person(user: User, person: Person) -> bool:
    role = role_in(user, person.organisation)
    if role in (Role.OWNER_ADMIN, Role.SECRET_OWNER):
        return True
    return role is not None and person.user_id == user.pk


@rules.predicate
def is_admin_of_person(user: User, person: Person) -> bool:
    return bool(is_org_admin(user, person.organisation))


@rules.predicate
def is_reader_of_person(user: User, person: Person) -> bool:
    return role_in(user, person.organisation) in (Role.OWNER_ADMIN, Role.SECRET_OWNER)


@rules.predicate
def is_the_person(user: User, person: Person) -> bool:
    return person.user_id == user.pk and role_in(user, person.organisation) is not None


@rules.predicate
def reads_all_people(user: User, organisation: Organisation | None) -> bool:
    return role_in(user, organisation) in (Role.OWNER_ADMIN, Role.SECRET_OWNER)


rules.add_perm("people.view_person", can_see_person)
rules.add_perm("people.change_person", is_admin_of_person)
rules.add_perm("people.acknowledge_person", is_admin_of_person | is_the_person)
rules.add_perm("people.view_offboarding", is_reader_of_person)
rules.add_perm("people.change_offboarding", is_admin_of_person)
# These take the organisation as object.
rules.add_perm("people.add_person", is_org_admin)
rules.add_perm("people.import_person", is_org_admin)
rules.add_perm("people.list_person", reads_all_people)
