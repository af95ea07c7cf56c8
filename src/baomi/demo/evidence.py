"""Demo evidence registrations: a few of each demo enterprise's trade secrets registered in
the instance's evidence log, as an administrator would from the browser. Running it again
adds nothing twice.

Call after the enterprises and their secrets exist (e.g. at the end of ``seed._seed``)::

    from baomi.demo.evidence import seed_evidence
    seed_evidence()                    # every demo enterprise, 3 secrets each

or per enterprise, inside the loop over ``data.ENTERPRISES``::

    from baomi.demo.evidence import seed_evidence_for
    seed_evidence_for(org, admin)

The "material" is generated Chinese text (the secret's title and points written out as a
technical note); only its SHA-256 reaches the server, exactly as with browser hashing.
"""

from __future__ import annotations

import hashlib

from baomi.apps.evidence import services
from baomi.apps.evidence.models import Kind, Registration
from baomi.apps.orgs.models import Membership, Organisation, Role, User
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.selectors import secret_list

PER_ENTERPRISE = 3


def material_of(secret: TradeSecret) -> list[tuple[str, bytes]]:
    """Generated documents standing for a secret's carriers: a note and one file per point."""
    points = [p.statement for p in secret.points.all()]
    note = (
        f"{secret.organisation.name}\n技术文件：{secret.code} {secret.title}\n\n"
        f"{secret.description}\n\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(points, 1))
    )
    files = [(f"{secret.code}/说明.txt", note.encode())]
    for i, point in enumerate(points, 1):
        body = f"密点 {i}：{point}\n记录人：{secret.owner or '—'}\n版本：2026 年第 1 版\n"
        files.append((f"{secret.code}/密点-{i:02d}.txt", body.encode()))
    return sorted(files, key=lambda item: item[0])


def seed_evidence_for(
    organisation: Organisation, admin: User, *, limit: int = PER_ENTERPRISE
) -> int:
    """Register up to ``limit`` of the enterprise's core/important secrets not yet
    registered; returns how many registrations were made."""
    made = 0
    registered = set(
        Registration.objects.filter(organisation=organisation, secret__isnull=False).values_list(
            "secret_id", flat=True
        )
    )
    secrets = secret_list(user=admin, organisation=organisation).order_by("level", "code")
    for secret in secrets:
        if made + len(registered) >= limit:
            break
        if secret.pk in registered:
            continue
        files = material_of(secret)
        parts = services.parts_clean(
            [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                for name, data in files
            ],
            kind=Kind.FOLDER,
        )
        services.registration_create(
            actor=admin,
            organisation=organisation,
            title=f"{secret.title}（技术资料包）",
            kind=Kind.FOLDER,
            parts=parts,
            secret=secret,
            description="演示数据：材料为生成的中文技术文件，仅其摘要登记。",
        )
        made += 1
    return made


def seed_evidence(*, limit: int = PER_ENTERPRISE) -> int:
    """Register a few secrets of every enterprise that has an administrator."""
    made = 0
    admins = Membership.objects.filter(
        role=Role.OWNER_ADMIN, organisation__isnull=False
    ).select_related("user", "organisation")
    seen: set[int] = set()
    for m in admins.order_by("organisation_id", "id"):
        organisation = m.organisation
        if organisation is None or organisation.pk in seen:  # None: excluded by the filter
            continue
        seen.add(organisation.pk)
        made += seed_evidence_for(organisation, m.user, limit=limit)
    return made
