"""The shared job health of baomi.jobs: the heartbeat thread beats while work runs and stops
with it, and `baomi worker` recovers interrupted jobs before it runs the queue."""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

from django.test import TransactionTestCase
from django.utils import timezone
from typer.testing import CliRunner

from baomi.apps.orgs.services import organisation_create
from baomi.apps.risk.models import ActivityImport, ImportStatus
from baomi.jobs import heartbeat, stale_after


class HeartbeatTestCase(TransactionTestCase):
    """The beats come from another thread (with its own connection), so the rows must be
    committed: a TransactionTestCase."""

    def setUp(self) -> None:
        organisation = organisation_create(
            name="华锐精密机械有限公司", slug="org-a", credit_code="91440606MA4W3K7P2Y"
        )
        self.old = timezone.now() - dt.timedelta(hours=1)
        self.item = ActivityImport.objects.create(
            organisation=organisation,
            original_name="logs.zip",
            sha256="0" * 64,
            status=ImportStatus.RUNNING,
            heartbeat_at=self.old,
        )

    def beat(self) -> dt.datetime | None:
        return ActivityImport.objects.get(pk=self.item.pk).heartbeat_at

    def test_it_beats_while_the_block_runs_and_stops_after(self) -> None:
        jobs = ActivityImport.objects.filter(pk=self.item.pk, status=ImportStatus.RUNNING)
        with heartbeat(jobs, every=0.02) as thread:
            for _ in range(500):  # a slow step of the work, polled (at most ~5 s)
                beat = self.beat()
                if beat is not None and beat > self.old:
                    break
                threading.Event().wait(0.01)
        self.assertFalse(thread.is_alive())
        beat = self.beat()
        assert beat is not None
        self.assertGreater(beat, self.old)
        self.assertLess(timezone.now() - beat, stale_after())

    def test_it_does_not_revive_a_finished_job(self) -> None:
        ActivityImport.objects.filter(pk=self.item.pk).update(status=ImportStatus.DONE)
        jobs = ActivityImport.objects.filter(pk=self.item.pk, status=ImportStatus.RUNNING)
        with heartbeat(jobs, every=0.01):
            threading.Event().wait(0.1)
        self.assertEqual(self.beat(), self.old)


def test_the_worker_recovers_interrupted_jobs_before_it_runs_the_queue() -> None:
    from baomi.cli import app

    calls: list[str] = []
    with (
        mock.patch("baomi.jobs.stale_jobs_recover_all", side_effect=lambda: calls.append("r") or 2),
        mock.patch(
            "django.core.management.call_command", side_effect=lambda *a, **k: calls.append(a[0])
        ),
    ):
        result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 0, result.output
    assert calls == ["r", "db_worker"]
    assert "2 interrupted" in result.output
