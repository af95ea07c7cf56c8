"""Background tasks (django-tasks; the database backend, run by ``baomi worker``)."""

from __future__ import annotations

from django_tasks import task

from baomi.apps.leaks import jobs


@task()
def index_build_task(index_id: int) -> None:
    """Index the material of an index that is not indexed yet."""
    jobs.index_build_run(index_id=index_id)


@task()
def scan_run_task(scan_id: int) -> None:
    """Scan a scan's suspect files against its index."""
    jobs.scan_run(scan_id=scan_id)
