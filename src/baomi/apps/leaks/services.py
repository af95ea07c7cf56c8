"""Writes of leak comparison. Every service checks the actor's permission, validates, saves
in a transaction, leaves an audit record, and queues the background work (index builds,
scans) once the transaction has committed."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.leaks.models import (
    Hit,
    Index,
    IndexKind,
    JobStatus,
    Scan,
    SecretDocument,
    SuspectFile,
)
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.registry.models import TradeSecret
from baomi.jobs import interrupted_message, stale_jobs_recover

MB = 1024 * 1024
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")


def max_file_bytes() -> int:
    return int(settings.BAOMI_LEAKS_MAX_FILE_BYTES)


def max_upload_bytes() -> int:
    return int(settings.BAOMI_LEAKS_MAX_UPLOAD_BYTES)


def max_upload_files() -> int:
    # Django refuses a request with more files than DATA_UPLOAD_MAX_NUMBER_FILES outright.
    django_limit = getattr(settings, "DATA_UPLOAD_MAX_NUMBER_FILES", None) or 10**6
    return min(int(settings.BAOMI_LEAKS_MAX_FILES), int(django_limit))


def _require(actor: User, perm: str, obj: Model) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _size_text(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, size // 1024)} KB"


def check_uploads(files: Sequence[UploadedFile], *, field: str = "files") -> None:
    """Refuse empty, too many or too large uploads with a message naming the file."""
    if not files:
        raise ValidationError({field: _("Choose at least one file.")})
    if len(files) > max_upload_files():
        raise ValidationError(
            {
                field: _("Too many files (%(n)d; at most %(limit)d at a time).")
                % {"n": len(files), "limit": max_upload_files()}
            }
        )
    total = 0
    for upload in files:
        size = upload.size or 0
        total += size
        if size > max_file_bytes():
            raise ValidationError(
                {
                    field: _("%(name)s is too large (%(size)s; the limit is %(limit)s per file).")
                    % {
                        "name": upload.name,
                        "size": _size_text(size),
                        "limit": _size_text(max_file_bytes()),
                    }
                }
            )
        if size == 0:
            raise ValidationError({field: _("%(name)s is empty.") % {"name": upload.name}})
    if total > max_upload_bytes():
        raise ValidationError(
            {
                field: _("The files are too large together (%(size)s; the limit is %(limit)s).")
                % {"size": _size_text(total), "limit": _size_text(max_upload_bytes())}
            }
        )


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _display_name(upload: UploadedFile) -> str:
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "file"


def _check_secrets(organisation: Organisation, actor: User, secrets: Sequence[TradeSecret]) -> None:
    from baomi.apps.registry.selectors import secret_list

    visible = set(secret_list(user=actor, organisation=organisation).values_list("pk", flat=True))
    if any(s.pk not in visible for s in secrets):
        raise ValidationError({"secrets": _("Choose trade secrets of this enterprise.")})


@transaction.atomic
def index_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str = IndexKind.TEXT,
    description: str = "",
    secrets: Sequence[TradeSecret] = (),
    key_columns: Sequence[str] = (),
) -> Index:
    """Create an (empty) index of secret material; material is added with
    :func:`material_add`."""
    _require(actor, "leaks.add_index", organisation)
    _check_secrets(organisation, actor, secrets)
    index = Index(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        description=description,
        key_columns=[c.strip() for c in key_columns if c and c.strip()],
        created_by=actor,
    )
    index.full_clean()
    index.save()
    index.secrets.set(secrets)
    audit_record(actor=actor, organisation=organisation, action=Action.CREATE, obj=index)
    return index


@transaction.atomic
def material_add(
    *,
    actor: User,
    index: Index,
    files: Sequence[UploadedFile],
    secret: TradeSecret | None = None,
    queue: bool = True,
) -> list[SecretDocument]:
    """Store uploaded secret material and queue the index build.

    A file named like one already in a text index is a new version and replaces it; an EDM
    index takes CSV/XLSX tables only. With ``queue=False`` the caller runs the build itself
    (:func:`baomi.apps.leaks.jobs.index_build_run`), as the demo does.
    """
    _require(actor, "leaks.change_index", index)
    check_uploads(files)
    if secret is not None:
        _check_secrets(index.organisation, actor, [secret])
    added: list[SecretDocument] = []
    for upload in files:
        name = _display_name(upload)
        if index.kind == IndexKind.EDM and not name.lower().endswith(TABLE_SUFFIXES):
            raise ValidationError(
                {
                    "files": _("%(name)s: an exact-data index takes CSV or XLSX tables.")
                    % {"name": name}
                }
            )
        digest = _digest(upload)
        old = index.material.filter(name=name).first()
        if old is not None:
            if old.sha256 == digest or index.kind == IndexKind.EDM:
                if old.sha256 == digest:
                    continue
                raise ValidationError(
                    {
                        "files": _("%(name)s: the index already holds a table of this name.")
                        % {"name": name}
                    }
                )
            old.file.delete(save=False)
            old.delete()
        document = SecretDocument(
            organisation=index.organisation,
            index=index,
            secret=secret,
            name=name,
            size=upload.size or 0,
            sha256=digest,
            uploaded_by=actor,
        )
        document.file.save(name, upload, save=False)
        document.save()
        added.append(document)
    if added:
        audit_record(
            actor=actor,
            organisation=index.organisation,
            action=Action.IMPORT,
            obj=index,
            changes={"material": [[], [d.name for d in added]]},
        )
        _queue_build(index, queue=queue)
    return added


def _queue_build(index: Index, *, queue: bool = True) -> None:
    from baomi.apps.leaks.tasks import index_build_task

    index.status = JobStatus.QUEUED
    index.message = ""
    index.heartbeat_at = timezone.now()
    index.save(update_fields=["status", "message", "heartbeat_at"])
    if queue:
        transaction.on_commit(lambda: index_build_task.enqueue(index.pk))


@transaction.atomic
def material_remove(*, actor: User, material: SecretDocument) -> Index:
    """Take one file of secret material out of its index: later scans no longer match it.

    A text index marks the file's documents (an archive's members too) inactive and deletes
    their stored text, inline (a few SQLite updates under the index lock); an exact-data
    index is rebuilt from the remaining tables in the background. The uploaded file is
    deleted once the transaction has committed. Scans already run keep their hits, as the
    historical records they are. Refused while the index is being built (the build holds
    the lock and its counts would overwrite these), and for an exact-data index while one
    of its scans runs (its directory is rebuilt).
    """
    index = material.index
    _require(actor, "leaks.change_index", index)
    index.refresh_from_db()
    if index.is_active:
        raise ValidationError(
            _("The index is being built; remove the file when the build has finished.")
        )
    edm = index.kind == IndexKind.EDM
    if edm and any(s.is_active for s in index.scans.all()):
        raise ValidationError(_("A scan is running on this index; wait until it has finished."))
    name = material.name
    stored = [material.file.name] if material.file.name else []
    audit_record(
        actor=actor,
        organisation=index.organisation,
        action=Action.DELETE,
        obj=material,
        changes={"index": [index.name, None], "material": [name, None]},
    )
    material.delete()
    from baomi.apps.leaks.jobs import top_name

    rest = list(index.material.values_list("name", flat=True))
    index.errors = [e for e in index.errors if top_name(e.get("origin", ""), [*rest, name]) != name]
    if not rest:
        index.status = JobStatus.EMPTY
        index.progress_done = index.progress_total = 0
        index.message = ""
    if edm:
        _edm_restart(index, stored)
    else:
        index.documents = _text_remove(index, name, rest)
        transaction.on_commit(lambda: _remove_stored(stored))
    index.save(
        update_fields=[
            "errors",
            "status",
            "progress_done",
            "progress_total",
            "message",
            "documents",
            "rows",
        ]
    )
    if edm and rest:
        _queue_build(index)
    return index


def _text_remove(index: Index, name: str, rest: list[str]) -> int:
    """Remove the origins of file ``name`` from the engine's index; the secrets left."""
    from baomi.apps.leaks.jobs import top_name
    from baomi.fingerprint.pipeline import remove_from_index

    if not (index.directory / "meta.json").exists():
        return 0  # nothing was ever indexed
    names = [*rest, name]
    result = remove_from_index(index.directory, lambda o: top_name(o, names) == name)
    return result.documents_total


def _edm_restart(index: Index, stored: list[str]) -> None:
    """An exact-data index is rebuilt from its remaining tables (the directory goes after
    the commit, before the build is queued)."""
    directory = str(index.directory)
    index.material.update(indexed_at=None, rows=0)
    index.documents = index.rows = 0
    transaction.on_commit(lambda: _remove_stored(stored, directory))


@transaction.atomic
def index_rebuild(*, actor: User, index: Index) -> Index:
    """Queue the build of material not yet indexed (after a failure, for instance)."""
    _require(actor, "leaks.change_index", index)
    if index.is_active:
        raise ValidationError(_("The index is being built; wait until it has finished."))
    audit_record(actor=actor, organisation=index.organisation, action=Action.UPDATE, obj=index)
    _queue_build(index)
    return index


def _interrupted() -> dict[str, object]:
    return {
        "status": JobStatus.FAILED,
        "message": interrupted_message(),
        "finished_at": timezone.now(),
    }


def index_recover_stale(*, organisation: Organisation | None) -> list[Index]:
    """Mark the index builds of ``organisation`` whose worker stopped as failed, so they can
    be built again (``None``: of every organisation, when a worker starts).

    Material the interrupted build marked as indexed is marked pending again: the engine
    skips what it already holds, and the counts are only saved at the end of a build.
    """
    from baomi.apps.leaks.tasks import index_build_task

    indexes = Index.objects.all() if organisation is None else organisation.leak_indexes.all()
    recovered = stale_jobs_recover(
        indexes,
        running=JobStatus.RUNNING,
        queued=JobStatus.QUEUED,
        task=index_build_task,
        changes=_interrupted(),
    )
    for index in recovered:
        if index.started_at is not None:
            index.material.filter(indexed_at__gte=index.started_at).update(indexed_at=None)
    return recovered


def scan_recover_stale(*, organisation: Organisation | None) -> list[Scan]:
    """Mark the scans of ``organisation`` whose worker stopped as failed (``None``: of every
    organisation, when a worker starts)."""
    from baomi.apps.leaks.tasks import scan_run_task

    scans = Scan.objects.all() if organisation is None else organisation.leak_scans.all()
    return stale_jobs_recover(
        scans,
        running=JobStatus.RUNNING,
        queued=JobStatus.QUEUED,
        task=scan_run_task,
        changes=_interrupted(),
    )


@transaction.atomic
def scan_create(
    *,
    actor: User,
    index: Index,
    files: Sequence[UploadedFile],
    label: str = "",
    min_score: float = 0.0,
    queue: bool = True,
) -> Scan:
    """Store uploaded suspect files and queue their scan against ``index`` (with
    ``queue=False`` the caller runs :func:`baomi.apps.leaks.jobs.scan_run` itself)."""
    _require(actor, "leaks.change_index", index)
    if index.documents == 0 and index.rows == 0:
        raise ValidationError(_("The index holds no material yet: build it first."))
    check_uploads(files)
    if not 0 <= min_score <= 1:
        raise ValidationError({"min_score": _("The minimum score is between 0 and 1.")})
    scan = Scan(
        organisation=index.organisation,
        index=index,
        label=label.strip()[:200],
        min_score=min_score,
        status=JobStatus.QUEUED,
        progress_total=len(files),
        heartbeat_at=timezone.now(),
        created_by=actor,
    )
    scan.full_clean()
    scan.save()
    for upload in files:
        suspect = SuspectFile(
            organisation=index.organisation,
            scan=scan,
            name=_display_name(upload),
            size=upload.size or 0,
            sha256=_digest(upload),
        )
        suspect.file.save(suspect.name, upload, save=False)
        suspect.save()
    audit_record(
        actor=actor,
        organisation=index.organisation,
        action=Action.CREATE,
        obj=scan,
        changes={"index": [None, index.name], "files": [[], [f.name for f in files]]},
    )
    from baomi.apps.leaks.tasks import scan_run_task

    if queue:
        transaction.on_commit(lambda: scan_run_task.enqueue(scan.pk))
    return scan


@transaction.atomic
def hit_attach_case(*, actor: User, hit: Hit, case_reference: str, note: str = "") -> Hit:
    """Attach a hit to a case by its reference (the cases module will link it properly)."""
    _require(actor, "leaks.change_index", hit.scan.index)
    old = [hit.case_reference, hit.case_note]
    hit.case_reference = case_reference.strip()
    hit.case_note = note.strip()
    hit.full_clean()
    hit.save(update_fields=["case_reference", "case_note"])
    audit_record(
        actor=actor,
        organisation=hit.organisation,
        action=Action.UPDATE,
        obj=hit,
        changes={"case": [old, [hit.case_reference, hit.case_note]]},
    )
    return hit


def report_downloaded(*, actor: User, hit: Hit, fmt: str, download: bool = True) -> None:
    """Record that ``actor`` read (in the page) or downloaded the report of ``hit``: it
    quotes the secret."""
    _require(actor, "leaks.change_index", hit.scan.index)
    audit_record(
        actor=actor,
        organisation=hit.organisation,
        action=Action.DOWNLOAD if download else Action.VIEW,
        obj=hit,
        object_type="leak_report",
        changes={"format": [None, fmt]},
    )


def _remove_stored(names: list[str], directory: str | None = None) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)


@transaction.atomic
def scan_delete(*, actor: User, scan: Scan) -> None:
    """Delete a scan with its hits and the uploaded suspect files."""
    _require(actor, "leaks.change_index", scan.index)
    if scan.is_active:
        raise ValidationError(_("The scan is running; wait until it has finished."))
    names = [s.file.name for s in scan.suspects.all() if s.file.name]
    audit_record(actor=actor, organisation=scan.organisation, action=Action.DELETE, obj=scan)
    scan.delete()
    transaction.on_commit(lambda: _remove_stored(names))


@transaction.atomic
def index_delete(*, actor: User, index: Index) -> None:
    """Delete an index: its directory (fingerprints and texts), the uploaded material, and
    its scans with their suspect files."""
    _require(actor, "leaks.change_index", index)
    if index.is_active or any(s.is_active for s in index.scans.all()):
        raise ValidationError(_("The index is in use; wait until its work has finished."))
    names = [d.file.name for d in index.material.all() if d.file.name]
    names += [s.file.name for s in SuspectFile.objects.filter(scan__index=index) if s.file.name]
    directory = str(index.directory)
    audit_record(actor=actor, organisation=index.organisation, action=Action.DELETE, obj=index)
    index.delete()
    transaction.on_commit(lambda: _remove_stored(names, directory))
