"""Insider risk in the demo: a small synthetic activity set for the machine-tool maker,
imported through the same path as an upload, ranked, and one RiskCase on the top user, so the
demo opens on ranked users with reasons, a timeline and a case.

Call :func:`seed_risk` after :func:`baomi.demo.seed_demo` (Django set up, the demo enterprise
``huarui`` seeded). It runs the import in-process (no worker needed) and is idempotent: an
enterprise that already has a finished import is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from baomi.apps.orgs.models import Membership, Organisation, Role
from baomi.apps.risk import services
from baomi.apps.risk.models import ImportStatus
from baomi.apps.risk.selectors import case_list, import_list, ranking_get
from baomi.risk.generate import GenerateParams, generate

ORG_SLUG = "huarui"
# Small: generated, ingested and ranked in seconds; every scenario is planted once.
USERS, DAYS, SEED = 50, 90, 1
ARCHIVE_NAME = "华锐-终端与网关日志-演示.zip"
NOTE = "演示：排名第一的用户。已调取其时间窗内的文件流转记录，待与部门负责人约谈核实。"


def _zip_of(directory: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.name != "truth.json":
                zf.write(path, f"logs/{path.relative_to(directory)}")
    return buffer.getvalue()


def _generated_archive() -> bytes:
    # The activity ends yesterday, so the timelines look current in the demo.
    start = timezone.localdate() - dt.timedelta(days=DAYS)
    with tempfile.TemporaryDirectory(prefix="baomi-demo-risk-") as tmp:
        out = Path(tmp) / "logs"
        params = GenerateParams(users=USERS, days=DAYS, seed=SEED, start=start, formats=("cert",))
        generate(out, params)
        return _zip_of(out)


def seed_risk() -> dict[str, Any] | None:
    """Import synthetic activity for the demo enterprise and open a case on the top user.

    Returns ``{"import": pk, "events": n, "top_user": id, "case": pk}``, or ``None`` when the
    demo enterprise or its administrator does not exist.
    """
    org = Organisation.objects.filter(slug=ORG_SLUG).first()
    admin_membership = (
        Membership.objects.filter(organisation=org, role=Role.OWNER_ADMIN)
        .select_related("user")
        .order_by("id")
        .first()
        if org is not None
        else None
    )
    if org is None or admin_membership is None:
        return None
    admin = admin_membership.user
    done = import_list(user=admin, organisation=org).filter(status=ImportStatus.DONE).first()
    if done is None:
        upload = SimpleUploadedFile(ARCHIVE_NAME, _generated_archive(), "application/zip")
        with transaction.atomic():
            item = services.import_create(actor=admin, organisation=org, upload=upload)
        # In-process, so the demo is ready at once; a worker that picks up the queued task
        # later finds the import no longer waiting and leaves it alone.
        done = services.import_run(pk=item.pk)
        if done is None or done.status != ImportStatus.DONE:
            raise RuntimeError(f"demo risk import failed: {done.error if done else 'missing'}")
    entries = ranking_get(user=admin, organisation=org, top=1).entries
    if not entries:
        return None
    top = entries[0]
    case = case_list(user=admin, organisation=org).filter(subject=top.user).first()
    if case is None:
        case = services.case_open(actor=admin, organisation=org, subject=top.user)
        services.case_annotate(actor=admin, case=case, text=NOTE)
    return {"import": done.pk, "events": done.events, "top_user": top.user, "case": case.pk}
