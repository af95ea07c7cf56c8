"""The background work of leak comparison (run by :mod:`baomi.apps.leaks.tasks`): build an
index from uploaded material and scan uploaded suspects, by calling the engine's per-file
functions and writing progress to the model after each file.

The per-file functions are fanned out by the engine (in-process for small inputs, on a
local Dask cluster for large ones). Origins are the uploaded files' names (``name`` or
``name!member`` inside archives and mails), never server paths, so reports show what the
user uploaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from django.utils import timezone

from baomi.apps.leaks.models import (
    Hit,
    Index,
    IndexKind,
    JobStatus,
    Scan,
    SecretDocument,
    SuspectFile,
)
from baomi.apps.leaks.selectors import index_for_task, scan_for_task
from baomi.extract import ExtractError
from baomi.extract.tables import TableError
from baomi.fingerprint import (
    EdmMatch,
    IndexReader,
    Match,
    ScanParams,
    build_edm,
    edm_scan_file,
    scan_file,
    scan_parameters,
)
from baomi.fingerprint.index import open_writer
from baomi.fingerprint.parallel import fan_out, should_distribute
from baomi.fingerprint.pipeline import prepare_top_file
from baomi.jobs import heartbeat

logger = logging.getLogger(__name__)


def error_json(error: ExtractError) -> dict[str, str]:
    return {"origin": error.origin, "code": error.code, "reason": error.reason}


def top_name(origin: str, names: list[str]) -> str | None:
    """The uploaded file an origin (``name`` or ``name!member…``) comes from."""
    for name in sorted(names, key=len, reverse=True):
        if origin == name or origin.startswith(name + "!"):
            return name
    return None


def _start(job: Index | Scan, total: int) -> None:
    job.status = JobStatus.RUNNING
    job.progress_done = 0
    job.progress_total = total
    job.started_at = job.heartbeat_at = timezone.now()
    job.finished_at = None
    job.message = ""
    job.save(
        update_fields=[
            "status",
            "progress_done",
            "progress_total",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "message",
        ]
    )


def _beating(job: Index | Scan) -> AbstractContextManager[object]:
    """Beat for ``job`` while it runs (a slow file must not make it look interrupted)."""
    return heartbeat(type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING))


def _step(job: Index | Scan) -> None:
    job.progress_done += 1
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["progress_done", "heartbeat_at"])


def _fail(job: Index | Scan, exc: Exception) -> None:
    logger.exception("leak comparison job failed: %s #%s", type(job).__name__, job.pk)
    job.status = JobStatus.FAILED
    job.message = str(exc)[:2000] or type(exc).__name__
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])


def index_build_run(*, index_id: int) -> None:
    """Index the material of ``index`` that is not indexed yet."""
    index = index_for_task(pk=index_id)
    pending = list(index.material.filter(indexed_at__isnull=True).order_by("id"))
    _start(index, len(pending))
    try:
        with _beating(index):
            if index.kind == IndexKind.EDM:
                errors = _build_edm(index, pending)
            else:
                errors = _build_text(index, pending)
    except Exception as exc:
        _fail(index, exc)
        return
    names = [d.name for d in pending]
    kept = [e for e in index.errors if top_name(e.get("origin", ""), names) is None]
    index.errors = kept + errors
    index.status = JobStatus.DONE
    index.finished_at = timezone.now()
    # "message" too: it clears a stale-job note if the worker was only slow, not gone.
    index.save(update_fields=["errors", "status", "message", "finished_at", "documents", "rows"])


def _build_text(index: Index, pending: list[SecretDocument]) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    paths = [d.file.path for d in pending]
    sizes = [d.size for d in pending]
    with open_writer(index.directory) as writer:
        tasks = [
            (p, d.name, writer.key, writer.params, False)
            for p, d in zip(paths, pending, strict=True)
        ]
        results = fan_out(prepare_top_file, tasks, distribute=should_distribute(sizes, None))
        for number, (sha256, items) in results:
            produced = set()
            for item in items:
                if isinstance(item, ExtractError):
                    errors.append(error_json(item))
                else:
                    writer.add(item)
                    produced.add(item.origin)
            if sha256 is not None:  # a new version of a file: what it no longer holds goes
                writer.replace_file(pending[number].name, sha256=sha256, produced=produced)
            _mark_indexed(pending[number])
            _step(index)
    reader = IndexReader(index.directory)
    index.documents = reader.active_secrets
    reader.close()
    return errors


def _build_edm(index: Index, pending: list[SecretDocument]) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    for document in pending:
        try:
            result = build_edm(
                index.directory, document.file.path, key_columns=index.key_columns or None
            )
        except (TableError, ValueError) as exc:
            errors.append({"origin": document.name, "code": "table", "reason": str(exc)})
        else:
            index.rows += result.rows
            index.documents += 1
            document.rows = result.rows
        _mark_indexed(document)
        _step(index)
    return errors


def _mark_indexed(document: SecretDocument) -> None:
    document.indexed_at = timezone.now()
    document.save(update_fields=["indexed_at", "rows"])


def _stringify(parameters: dict[str, object]) -> dict[str, str]:
    return {str(k): str(v) for k, v in parameters.items()}


def scan_run(*, scan_id: int) -> None:
    """Scan the suspect files of ``scan`` against its index and store the hits."""
    scan = scan_for_task(pk=scan_id)
    suspects = list(scan.suspects.order_by("id"))
    _start(scan, len(suspects))
    scan.hits.all().delete()
    try:
        with _beating(scan):
            if scan.index.kind == IndexKind.EDM:
                errors = _scan_edm(scan, suspects)
            else:
                errors = _scan_text(scan, suspects)
    except Exception as exc:
        _fail(scan, exc)
        return
    scan.errors = errors
    scan.hit_count = scan.hits.count()
    scan.status = JobStatus.DONE
    scan.finished_at = timezone.now()
    scan.save(
        update_fields=["errors", "hit_count", "status", "message", "finished_at", "parameters"]
    )


def _run_files(
    scan: Scan,
    suspects: list[SuspectFile],
    func: Callable[..., list[Any]],
    args: Callable[[SuspectFile], tuple[Any, ...]],
    store: Callable[[Any, SuspectFile], None],
) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    tasks = [args(s) for s in suspects]
    distribute = should_distribute([s.size for s in suspects], None)
    for number, items in fan_out(func, tasks, distribute=distribute):
        for item in items:
            if isinstance(item, ExtractError):
                errors.append(error_json(item))
            else:
                store(item, suspects[number])
        _step(scan)
    return errors


def _scan_text(scan: Scan, suspects: list[SuspectFile]) -> list[dict[str, str]]:
    params = ScanParams(min_score=scan.min_score)
    directory = str(Path(scan.index.directory).resolve())
    reader = IndexReader(directory)
    scan.parameters = _stringify(scan_parameters(reader, params))
    reader.close()
    documents = {d.name: d for d in scan.index.material.all()}

    def store(match: Match, suspect: SuspectFile) -> None:
        name = top_name(match.secret, list(documents))
        Hit.objects.create(
            organisation=scan.organisation,
            scan=scan,
            suspect_file=suspect,
            suspect=match.suspect[:1000],
            secret_document=documents.get(name) if name else None,
            secret=match.secret[:1000],
            score=match.score,
            matched_chars=match.matched_chars,
            secret_coverage=match.secret_coverage,
            suspect_coverage=match.suspect_coverage,
            longest_passage=match.longest_passage,
            passages=[
                {
                    "suspect_span": list(p.suspect_span),
                    "secret_span": list(p.secret_span),
                    "suspect_text": p.suspect_text,
                    "secret_text": p.secret_text,
                    "matched": p.matched,
                }
                for p in match.passages
            ],
            secret_ranges=[list(r) for r in match.secret_norm_ranges],
            secret_chars=match.secret_norm_chars,
            suspect_sha256=match.suspect_sha256,
            secret_sha256=match.secret_sha256,
        )

    return _run_files(
        scan,
        suspects,
        scan_file,
        lambda s: (directory, s.file.path, s.name, params),
        store,
    )


def _scan_edm(scan: Scan, suspects: list[SuspectFile]) -> list[dict[str, str]]:
    directory = str(Path(scan.index.directory).resolve())
    material = list(scan.index.material.all())
    by_path = {str(Path(d.file.path).resolve()): d for d in material}
    scan.parameters = {
        "最少同行标识字段 min. identifying cells per row": "2",
        "邻近窗口 window（字符）": "200",
        "索引表格 indexed tables": str(len(material)),
    }

    def store(match: EdmMatch, suspect: SuspectFile) -> None:
        document = by_path.get(str(Path(match.table).resolve()))
        table_rows = document.rows if document is not None else 0
        Hit.objects.create(
            organisation=scan.organisation,
            scan=scan,
            suspect_file=suspect,
            suspect=match.suspect[:1000],
            secret_document=document,
            secret=(document.name if document else Path(match.table).name)[:1000],
            score=min(1.0, len(match.rows) / max(1, table_rows)),
            matched_chars=0,
            rows=match.rows,
            columns_matched=match.columns_matched,
        )

    return _run_files(
        scan,
        suspects,
        edm_scan_file,
        lambda s: (directory, s.file.path, s.name),
        store,
    )
