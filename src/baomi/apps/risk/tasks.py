"""Background tasks of the risk app (run by ``baomi worker``; inline in tests)."""

from __future__ import annotations

from django_tasks import task

from baomi.apps.risk import services


@task()
def run_activity_import(import_id: int) -> str:
    """Ingest one uploaded archive of activity logs and rank the enterprise's users again."""
    item = services.import_run(pk=import_id)
    return item.status if item is not None else "missing"
