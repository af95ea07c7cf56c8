"""Background jobs users watch (index builds, scans, activity imports): their heartbeat, and
the recovery of jobs whose worker process stopped.

A job's ``heartbeat_at`` is its last sign of life. It is set when the job is queued and when
it starts, with every progress save, and by :func:`heartbeat` — a thread that refreshes it
every :data:`HEARTBEAT_SECONDS` while the worker process lives, so that a long step without a
progress callback (one huge file, the ranking of an enterprise's users) still beats. When the
process dies (killed, machine restarted) the beats stop. :func:`stale_jobs_recover` then marks
a job failed ("interrupted") once its last beat is older than ``BAOMI_STALE_JOB_MINUTES``, so
the page shows the failure and the user can start again instead of watching a spinner
forever. It runs when a worker starts and whenever a page or the API reads an organisation's
jobs.

A queued job whose task still waits in the task queue is left alone: a worker that starts
later runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar, cast

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How often a running job beats; the stale limit must be well above it.
HEARTBEAT_SECONDS = 20.0

M = TypeVar("M", bound=models.Model)


class _JobState(Protocol):
    """The fields every job model has (leak index builds and scans, risk imports)."""

    status: str
    heartbeat_at: dt.datetime | None


def _state(job: models.Model) -> _JobState:
    # A type variable cannot be bound to "a model with these fields"; the callers' models
    # all have them.
    return cast(_JobState, job)


def stale_after() -> dt.timedelta:
    """How long a job may stay silent before it counts as interrupted."""
    minutes = int(settings.BAOMI_STALE_JOB_MINUTES)
    return dt.timedelta(minutes=max(1, minutes))


def interrupted_message() -> str:
    """The message an interrupted job shows (in the active language)."""
    return _("Interrupted: the background worker stopped. Start it again.")


@contextmanager
def heartbeat(
    jobs: models.QuerySet[Any], *, every: float = HEARTBEAT_SECONDS
) -> Iterator[threading.Thread]:
    """Refresh ``heartbeat_at`` of ``jobs`` (one job, as a queryset restricted to its active
    statuses) every ``every`` seconds until the block ends.

    The beats come from a thread of the worker process, so they stop when the process dies —
    which is what the stale limit detects — but not while one step of the work is slow.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    jobs.update(heartbeat_at=timezone.now())
                except Exception:  # a locked database must not end the work; beat again
                    logger.warning("job heartbeat failed", exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="baomi-job-heartbeat", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join()


def _waiting_task_args(task: Any) -> set[int]:
    """The first arguments (job ids) of ``task``'s entries still waiting in the database
    queue; none with another task backend (tests run tasks inline)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    ).values_list("args_kwargs", flat=True)
    waiting: set[int] = set()
    for args_kwargs in rows:
        args = (args_kwargs or {}).get("args") or []
        if args and isinstance(args[0], int):
            waiting.add(args[0])
    return waiting


def stale_jobs_recover(
    jobs: models.QuerySet[M],
    *,
    running: str,
    queued: str,
    task: Any,
    changes: dict[str, Any],
) -> list[M]:
    """Apply ``changes`` (the failed status and the interrupted message, in the model's own
    field names) to the jobs of ``jobs`` that lost their worker, and return them.

    A running job is stale when its last beat (``heartbeat_at``, else ``started_at`` or
    ``created_at`` for rows older than the heartbeat) is older than the limit; a queued one
    also needs its ``task`` to be no longer waiting in the queue. Each update is conditional
    on the status and beat read, so a job whose worker beats or finishes meanwhile keeps
    its state. The caller scopes ``jobs`` (to one organisation) and records any audit.
    """
    cutoff = timezone.now() - stale_after()
    candidates = list(
        jobs.annotate(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))
        .filter(status__in=(running, queued), last_sign__lt=cutoff)
        .order_by("pk")
    )
    if not candidates:
        return []
    waiting = (
        _waiting_task_args(task) if any(_state(j).status == queued for j in candidates) else set()
    )
    recovered: list[M] = []
    for job in candidates:
        state = _state(job)
        if state.status == queued and job.pk in waiting:
            continue
        updated = (
            type(job)
            ._default_manager.filter(
                pk=job.pk,
                status=state.status,
                heartbeat_at=state.heartbeat_at,
            )
            .update(**changes)
        )
        if updated:
            for field, value in changes.items():
                setattr(job, field, value)
            recovered.append(job)
            logger.warning("background job %s #%s interrupted", type(job).__name__, job.pk)
    return recovered


def stale_jobs_recover_all() -> int:
    """Recover the interrupted jobs of every organisation and app (when a worker starts, as
    no user's request will) and return how many were marked failed."""
    from baomi.apps.leaks.services import index_recover_stale, scan_recover_stale
    from baomi.apps.risk.services import import_recover_stale

    return sum(
        len(recover(organisation=None))
        for recover in (index_recover_stale, scan_recover_stale, import_recover_stale)
    )
