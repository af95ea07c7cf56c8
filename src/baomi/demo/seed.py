"""Seed the demo region from ``baomi.demo.data``; running it again adds nothing twice."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from baomi.apps.orgs.models import Membership, Organisation, ServiceBase, User
from baomi.apps.orgs.services import membership_add, organisation_create, user_create
from baomi.apps.registry import services as registry
from baomi.apps.registry.selectors import secret_list
from baomi.demo import data
from baomi.demo.evidence import seed_evidence_for
from baomi.demo.leaks import seed_leaks
from baomi.demo.people import seed_people
from baomi.demo.risk import seed_risk


@functools.cache
def _demo_password_hash() -> str:
    # Every demo account has the same published password: hash it once (PBKDF2 is slow
    # by design), not once per account.
    return make_password(data.DEMO_PASSWORD)


def _user(spec: dict[str, Any]) -> User:
    user = User.objects.filter(email=spec["email"]).first()
    if user is None:
        user = user_create(email=spec["email"], password=None, name=spec["name"])
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _base() -> ServiceBase:
    base, created = ServiceBase.objects.get_or_create(
        name=data.BASE["name"],
        defaults={k: data.BASE[k] for k in ("region", "authority", "contact")},
    )
    if created:
        for point in data.BASE["liaison_points"]:
            base.liaison_points.create(**point)
    return base


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _secret(org: Organisation, admin: User, users: dict[str, User], spec: dict[str, Any]) -> bool:
    if secret_list(user=admin, organisation=org).filter(code=spec["code"]).exists():
        return False
    review = timezone.localdate() + dt.timedelta(days=spec["review_in_days"])
    value = spec.get("value_estimate")
    secret = registry.secret_create(
        actor=admin,
        organisation=org,
        code=spec["code"],
        title=spec["title"],
        secret_type=spec["secret_type"],
        level=spec["level"],
        status=spec.get("status", "active"),
        description=spec.get("description", ""),
        owner=users.get(spec.get("owner", "")),
        date_identified=_date(spec["date_identified"]),
        review_date=review,
        value_estimate=Decimal(value) if value is not None else None,
        points=spec.get("points", []),
    )
    for c in spec.get("carriers", []):
        registry.carrier_add(
            actor=admin,
            secret=secret,
            kind=c["kind"],
            name=c["name"],
            location=c.get("location", ""),
            custodian=users.get(c.get("custodian") or ""),
            marking=c.get("marking", ""),
        )
    for m in spec.get("measures", []):
        registry.measure_add(
            actor=admin,
            secret=secret,
            kind=m["kind"],
            description=m["description"],
            implemented_on=_date(m.get("implemented_on")),
            evidence=m.get("evidence", ""),
        )
    for g in spec.get("grants", []):
        registry.grant_add(
            actor=admin,
            secret=secret,
            user=users[g["user"]],
            reason=g["reason"],
            valid_until=_date(g.get("valid_until")),
        )
    return True


def seed_demo(*, progress: bool = False) -> dict[str, Any]:
    """Create the demo base, enterprises, people and secrets where missing.

    Returns ``{"base": name, "users": [{"email", "password", "role", "org"}...],
    "created_secrets": n}``."""
    # Audit records and labels are written in the product's default language.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        summary = _seed(progress)
    # These hold the database for a while (index build, activity ingest): outside the
    # transaction above, and each is idempotent on its own.
    with translation.override(settings.LANGUAGE_CODE):
        seed_leaks(progress=progress)
        seed_risk()
    return summary


def _seed(progress: bool) -> dict[str, Any]:
    base = _base()
    logins: list[dict[str, str]] = []
    for spec in data.BASE_USERS:
        user = _user(spec)
        if not Membership.objects.filter(user=user, service_base=base).exists():
            membership_add(user=user, role=spec["role"], service_base=base)
        logins.append(
            {
                "email": user.email,
                "password": data.DEMO_PASSWORD,
                "role": spec["role"],
                "org": base.name,
            }
        )
    created = 0
    for org_spec in data.ENTERPRISES:
        org = Organisation.objects.filter(credit_code=org_spec["credit_code"]).first()
        if org is None:
            org = organisation_create(
                name=org_spec["name"],
                slug=org_spec["slug"],
                credit_code=org_spec["credit_code"],
                industry=org_spec["industry"],
                region=org_spec["region"],
                address=org_spec.get("address", ""),
                service_base=base if org_spec.get("in_base", True) else None,
            )
        users: dict[str, User] = {}
        for u in org_spec["users"]:
            user = _user(u)
            users[user.email] = user
            if not Membership.objects.filter(user=user, organisation=org).exists():
                membership_add(
                    user=user, role=u["role"], organisation=org, department=u.get("department", "")
                )
            logins.append(
                {
                    "email": user.email,
                    "password": data.DEMO_PASSWORD,
                    "role": u["role"],
                    "org": org.slug,
                }
            )
        admin = next(users[u["email"]] for u in org_spec["users"] if u["role"] == "owner_admin")
        for s in org_spec["secrets"]:
            created += _secret(org, admin, users, s)
        seed_people(org, users)
        seed_evidence_for(org, admin)
        if progress:
            print(f"  {org.name}: {len(org_spec['secrets'])} trade secrets", flush=True)
    return {"base": base.name, "users": logins, "created_secrets": created}
