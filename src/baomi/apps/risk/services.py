"""Writes of insider-risk data. Every service checks the actor's permission, validates, saves
in a transaction and leaves an audit record; an import's heavy work runs in a background task.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.risk import analysis, archive
from baomi.apps.risk.models import (
    ActivityImport,
    CaseStatus,
    ImportFormat,
    ImportStatus,
    RiskCase,
    RiskNote,
)
from baomi.apps.risk.selectors import import_for_task, ranked_user_get, require_risk_admin
from baomi.jobs import heartbeat, interrupted_message, stale_jobs_recover
from baomi.risk.loaders import LoadError, ingest

logger = logging.getLogger(__name__)

NOTE_MAX_CHARS = 4000
_STEP_RE = re.compile(r"\((\d+)/(\d+)\)")
# Share of the progress bar: unpacking, loading the logs, then ranking.
UNPACKED_AT, LOADED_AT = 10, 85


def _archive_refused_message(exc: archive.ArchiveRefused) -> str:
    messages = {
        archive.ArchiveRefused.NOT_ZIP: _("The file is not a readable zip archive."),
        archive.ArchiveRefused.TOO_MANY: _("The archive holds too many files."),
        archive.ArchiveRefused.TOO_LARGE: _("The archive unpacks to more than the allowed size."),
        archive.ArchiveRefused.UNSAFE_PATH: _("The archive contains an unsafe file path."),
        archive.ArchiveRefused.NO_LOGS: _(
            "No activity logs found: expected logon.csv (CERT layout) or events*.jsonl."
        ),
    }
    return str(messages.get(exc.reason, _("The archive cannot be read.")))


# -- imports --------------------------------------------------------------------------------
def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def import_create(
    *, actor: User, organisation: Organisation, upload: UploadedFile, fmt: str = ImportFormat.AUTO
) -> ActivityImport:
    """Keep an uploaded zip of activity logs and queue its ingest (after the commit)."""
    require_risk_admin(actor, organisation)
    if fmt not in ImportFormat.values:
        raise ValidationError({"format": [_("Unknown format.")]})
    if upload.size is not None and upload.size > archive.max_upload_bytes():
        raise ValidationError({"archive": [_("The file is larger than the upload limit.")]})
    name = (upload.name or "activity.zip").rsplit("/", 1)[-1][:255]
    item = ActivityImport(
        organisation=organisation,
        original_name=name,
        size=upload.size or 0,
        sha256=_sha256(upload),
        format=fmt,
        created_by=actor,
        heartbeat_at=timezone.now(),
    )
    item.archive.save(f"{item.sha256[:16]}.zip", upload, save=False)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        organisation=organisation,
        action=Action.IMPORT,
        obj=item,
        changes={"file": name, "size": item.size, "format": fmt, "sha256": item.sha256},
    )
    from baomi.apps.risk.tasks import run_activity_import

    transaction.on_commit(lambda: run_activity_import.enqueue(item.pk))
    return item


def _progress_saver(item: ActivityImport, expected: int) -> Callable[[str], None]:
    calls = [0]

    def report(message: str) -> None:
        calls[0] += 1
        match = _STEP_RE.search(message)
        done = int(match.group(1)) / int(match.group(2)) if match else calls[0] / expected
        share = UNPACKED_AT + (LOADED_AT - UNPACKED_AT) * min(1.0, done)
        item.progress = max(item.progress, min(LOADED_AT, int(share)))
        item.step = message[:200]
        item.heartbeat_at = timezone.now()
        item.save(update_fields=["progress", "step", "heartbeat_at"])

    return report


def _fail(item: ActivityImport, message: str) -> None:
    item.status = ImportStatus.FAILED
    item.error = message
    item.step = ""
    item.finished_at = timezone.now()
    item.save(update_fields=["status", "error", "step", "finished_at"])
    audit_record(
        actor=item.created_by,
        organisation=item.organisation,
        action=Action.IMPORT,
        obj=item,
        changes={"status": "failed", "error": message[:500]},
    )


def import_run(*, pk: int) -> ActivityImport | None:
    """Ingest an uploaded archive into the enterprise's store and rank it again.

    Runs in the background worker; progress, counts and any error are saved on the import.
    """
    item = import_for_task(pk=pk)
    if item is None or item.status != ImportStatus.PENDING:
        return item
    item.status = ImportStatus.RUNNING
    item.started_at = item.heartbeat_at = timezone.now()
    item.step = _("Unpacking the archive")
    item.save(update_fields=["status", "started_at", "heartbeat_at", "step"])
    # Beats while the import runs: loading one large log file or ranking many users takes
    # minutes without a progress callback.
    with heartbeat(ActivityImport.objects.filter(pk=item.pk, status=ImportStatus.RUNNING)):
        return _import_work(item)


def _import_work(item: ActivityImport) -> ActivityImport:
    """Unpack, load and rank for a running import; every failure ends as a failed import."""
    organisation = item.organisation
    # The engine names a batch by its source directory. The same archive in the same layout
    # always lands in the same directory, so importing it again replaces its earlier batch
    # instead of counting its events twice; a try with another layout gets a batch of its
    # own, so its failure cannot wipe the good one (the engine clears a batch before loading).
    unpacked = analysis.uploads_dir(organisation) / f"{item.sha256[:16]}.unpacking"
    workdir = unpacked
    try:
        try:
            archive.unpack(Path(item.archive.path), unpacked)
            source, detected = archive.detect(unpacked)
        except archive.ArchiveRefused as exc:
            _fail(item, _archive_refused_message(exc))
            return item
        fmt = detected if item.format == ImportFormat.AUTO else item.format
        workdir = unpacked.with_name(f"{item.sha256[:16]}-{fmt}")
        shutil.rmtree(workdir, ignore_errors=True)
        unpacked.rename(workdir)
        source = workdir / source.relative_to(unpacked)
        item.progress, item.step = UNPACKED_AT, _("Loading the activity logs")
        item.heartbeat_at = timezone.now()
        item.save(update_fields=["progress", "step", "heartbeat_at"])
        expected = 2 * sum(1 for p in source.iterdir() if p.suffix.lower() == ".csv") or 1
        store = analysis.store_for(organisation)
        try:
            report = ingest(
                source,
                store,
                fmt=fmt,
                org=analysis.org_key(organisation),
                progress=_progress_saver(item, expected),
            )
        except LoadError as exc:
            name = exc.path.rsplit("/", 1)[-1]
            _fail(item, _("%(file)s: %(reason)s") % {"file": name, "reason": exc.reason})
            return item
        item.events = report.events
        item.users = report.users
        item.hr_events = report.hr_events
        item.bad_rows = report.malformed
        item.files = [
            {"name": f.path.rsplit("/", 1)[-1], "rows": f.rows, "malformed": f.malformed}
            for f in report.files
        ]
        if item.format == ImportFormat.AUTO:
            item.format = fmt
        item.progress, item.step = LOADED_AT, _("Ranking the users")
        item.heartbeat_at = timezone.now()
        item.save(
            update_fields=[
                "heartbeat_at",
                "events",
                "users",
                "hr_events",
                "bad_rows",
                "files",
                "format",
                "progress",
                "step",
            ]
        )
        ranked = analysis.ranking(organisation, refresh=True)
        if ranked.error:
            _fail(item, _("The ranking failed: %(error)s") % {"error": ranked.error})
            return item
    except Exception as exc:  # a task must leave its import finished, never "running"
        logger.exception("activity import %s failed", item.pk)
        _fail(item, _("The import failed: %(error)s") % {"error": str(exc)[:300]})
        return item
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)
    item.status = ImportStatus.DONE
    item.progress = 100
    item.step = ""
    item.error = ""  # clears a stale-job note if the worker was only slow, not gone
    item.finished_at = timezone.now()
    item.save(update_fields=["status", "progress", "step", "error", "finished_at"])
    audit_record(
        actor=item.created_by,
        organisation=organisation,
        action=Action.IMPORT,
        obj=item,
        changes={"status": "done", "events": item.events, "malformed": item.bad_rows},
    )
    return item


def import_recover_stale(*, organisation: Organisation | None) -> list[ActivityImport]:
    """Mark the imports of ``organisation`` whose worker stopped as failed, with an audit
    record like any failed import (``None``: of every organisation, when a worker starts).
    The archive is kept; the administrator uploads it again to retry."""
    from baomi.apps.risk.tasks import run_activity_import

    imports = (
        ActivityImport.objects.all()
        if organisation is None
        else ActivityImport.objects.filter(organisation=organisation)
    )
    message = interrupted_message()
    recovered = stale_jobs_recover(
        imports.select_related("organisation", "created_by"),
        running=ImportStatus.RUNNING,
        queued=ImportStatus.PENDING,
        task=run_activity_import,
        changes={
            "status": ImportStatus.FAILED,
            "error": message,
            "step": "",
            "finished_at": timezone.now(),
        },
    )
    for item in recovered:
        audit_record(
            actor=item.created_by,
            organisation=item.organisation,
            action=Action.IMPORT,
            obj=item,
            changes={"status": "failed", "error": message[:500], "interrupted": True},
        )
    return recovered


# -- cases ----------------------------------------------------------------------------------
def ranked_user_viewed(*, actor: User, organisation: Organisation, subject: str) -> None:
    """Record that ``actor`` looked at one person's activity (their timeline and reasons)."""
    audit_record(
        actor=actor,
        organisation=organisation,
        action=Action.VIEW,
        object_type="risk_user",
        changes={"user": subject},
    )


def _case_audit(actor: User, case: RiskCase, action: str, **changes: Any) -> None:
    audit_record(
        actor=actor, organisation=case.organisation, action=action, obj=case, changes=changes
    )


def case_viewed(*, actor: User, case: RiskCase) -> None:
    """Record that ``actor`` read a RiskCase."""
    _case_audit(actor, case, Action.VIEW)


@transaction.atomic
def case_open(*, actor: User, organisation: Organisation, subject: str) -> RiskCase:
    """Open a RiskCase on a ranked user, keeping the score, window and reasons of now."""
    entry = ranked_user_get(user=actor, organisation=organisation, subject=subject)
    case = RiskCase(
        organisation=organisation,
        subject=entry.user,
        person=entry.person,
        score=entry.score,
        window_start=entry.window_start,
        window_end=entry.window_end,
        reasons=[r.detail if not r.code else f"{r.code}: {r.detail}" for r in entry.reasons],
        explanations=[dict(r.explanation) for r in entry.reasons if r.explanation is not None],
        scenarios=entry.scenarios,
        opened_by=actor,
    )
    case.full_clean()
    case.save()
    _case_audit(actor, case, Action.CREATE, subject=case.subject, score=case.score)
    return case


def _require_open(case: RiskCase) -> None:
    if not case.is_open:
        raise ValidationError(_("This risk case is no longer open."))


def _note(actor: User, case: RiskCase, text: str) -> RiskNote | None:
    text = text.strip()
    if not text:
        return None
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError({"text": [_("The note is too long.")]})
    return RiskNote.objects.create(case=case, author=actor, text=text)


@transaction.atomic
def case_annotate(*, actor: User, case: RiskCase, text: str) -> RiskNote:
    require_risk_admin(actor, case.organisation)
    _require_open(case)
    note = _note(actor, case, text)
    if note is None:
        raise ValidationError({"text": [_("Write a note.")]})
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.ANNOTATED
        case.save(update_fields=["status"])
    _case_audit(actor, case, Action.UPDATE, note=note.text[:200], status=case.status)
    return note


@transaction.atomic
def case_close(*, actor: User, case: RiskCase, text: str = "") -> RiskCase:
    require_risk_admin(actor, case.organisation)
    _require_open(case)
    _note(actor, case, text)
    case.status = CaseStatus.CLOSED
    case.closed_by = actor
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "closed_by", "closed_at"])
    _case_audit(actor, case, Action.UPDATE, status=case.status, note=text.strip()[:200])
    return case


@transaction.atomic
def case_escalate(*, actor: User, case: RiskCase, target: str, text: str = "") -> RiskCase:
    """Hand the case on; until the cases module exists the target is a reference in words."""
    require_risk_admin(actor, case.organisation)
    _require_open(case)
    target = target.strip()
    if not target:
        raise ValidationError({"target": [_("Say to whom or to which case it is escalated.")]})
    _note(actor, case, text)
    case.status = CaseStatus.ESCALATED
    case.escalated_to = target[:300]
    case.escalated_at = timezone.now()
    case.save(update_fields=["status", "escalated_to", "escalated_at"])
    _case_audit(actor, case, Action.UPDATE, status=case.status, escalated_to=case.escalated_to)
    return case
