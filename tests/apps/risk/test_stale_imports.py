"""Activity imports whose worker died: once their heartbeat is older than the limit they show
as failed ("interrupted"), with an audit record, and the administrator can import again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from baomi.apps.audit.models import AuditEvent
from baomi.apps.risk.models import ActivityImport, ImportStatus
from baomi.apps.risk.testing import RiskTestCase, dataset_zip, upload
from baomi.jobs import stale_jobs_recover_all

INTERRUPTED_ZH = "后台任务中断（处理进程已停止），请重新开始。"


def minutes_ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


class StaleImportTestCase(RiskTestCase):
    """Alice's import was loading http.csv when the worker was killed."""

    def setUp(self) -> None:
        super().setUp()
        self.item = ActivityImport.objects.create(
            organisation=self.org_a,
            original_name="logs.zip",
            sha256="0" * 64,
            created_by=self.alice,
            progress=40,
            step="loading http.csv",
            status=ImportStatus.RUNNING,
            started_at=minutes_ago(40),
            heartbeat_at=minutes_ago(16),
        )

    def state(self) -> ActivityImport:
        return ActivityImport.objects.get(pk=self.item.pk)

    def test_the_progress_page_shows_it_interrupted(self) -> None:
        r = self.login(self.alice).get(f"/risk/imports/{self.item.pk}/", HTTP_HX_REQUEST="true")
        self.assertContains(r, INTERRUPTED_ZH)
        self.assertContains(r, 'href="/risk/imports/"')  # upload again
        self.assertNotContains(r, 'hx-trigger="every 2s"')
        item = self.state()
        self.assertEqual((item.status, item.step), (ImportStatus.FAILED, ""))
        self.assertIsNotNone(item.finished_at)

    def test_it_records_the_failure_in_the_audit_log(self) -> None:
        self.login(self.alice).get("/risk/imports/")
        event = AuditEvent.objects.get(object_type="activityimport", object_id=str(self.item.pk))
        self.assertEqual(event.organisation, self.org_a)
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.changes["status"], "failed")
        self.assertTrue(event.changes["interrupted"])

    def test_the_dashboard_shows_it_failed(self) -> None:
        self.login(self.alice).get("/risk/")
        self.assertEqual(self.state().status, ImportStatus.FAILED)

    def test_a_fresh_running_import_is_left_alone(self) -> None:
        ActivityImport.objects.filter(pk=self.item.pk).update(heartbeat_at=minutes_ago(3))
        r = self.login(self.alice).get(f"/risk/imports/{self.item.pk}/")
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertEqual(self.state().status, ImportStatus.RUNNING)
        self.assertFalse(AuditEvent.objects.filter(object_type="activityimport").exists())

    def test_a_worker_start_recovers_it(self) -> None:
        self.assertEqual(stale_jobs_recover_all(), 1)
        self.assertEqual(self.state().error, INTERRUPTED_ZH)
        self.assertEqual(stale_jobs_recover_all(), 0)

    def test_a_lost_pending_import_fails_too(self) -> None:
        ActivityImport.objects.filter(pk=self.item.pk).update(
            status=ImportStatus.PENDING, started_at=None, heartbeat_at=None
        )
        ActivityImport.objects.filter(pk=self.item.pk).update(created_at=minutes_ago(30))
        self.login(self.alice).get("/risk/imports/")
        self.assertEqual(self.state().status, ImportStatus.FAILED)

    def test_it_checks_ownership(self) -> None:
        """Charlie's pages recover org B's imports only and do not reveal Alice's."""
        c = self.login(self.charlie)
        r = c.get("/risk/imports/")
        self.assertNotContains(r, "logs.zip")
        self.assertEqual(c.get(f"/risk/imports/{self.item.pk}/").status_code, 404)
        self.assertEqual(self.state().status, ImportStatus.RUNNING)
        self.assertFalse(AuditEvent.objects.filter(object_type="activityimport").exists())

    def test_the_administrator_can_import_again(self) -> None:
        c = self.login(self.alice)
        c.get(f"/risk/imports/{self.item.pk}/")
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post("/risk/imports/", {"archive": upload(dataset_zip("cert")), "format": "auto"})
        again = ActivityImport.objects.exclude(pk=self.item.pk).get(organisation=self.org_a)
        self.assertRedirects(r, f"/risk/imports/{again.pk}/")
        self.assertEqual(again.status, ImportStatus.DONE, again.error)
        self.assertIsNotNone(again.heartbeat_at)
