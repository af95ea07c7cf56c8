"""Index builds and scans whose worker died: once their heartbeat is older than the limit they
show as failed ("interrupted") — when a page or the API reads them, or when a worker starts —
and the user can start again. Time is controlled by putting heartbeats in the past."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import override_settings
from django.utils import timezone

from baomi.apps.leaks.models import Index, JobStatus, Scan
from baomi.apps.leaks.tasks import index_build_task
from baomi.apps.leaks.testing import SECRET_TEXT, SUSPECT_TEXT, LeaksTestCase, upload
from baomi.jobs import stale_jobs_recover_all

INTERRUPTED_ZH = "后台任务中断（处理进程已停止），请重新开始。"


def minutes_ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def stall(job: Index | Scan, *, status: str = JobStatus.RUNNING, beat: float = 16) -> None:
    """Leave ``job`` as a worker that died ``beat`` minutes ago left it."""
    type(job).objects.filter(pk=job.pk).update(
        status=status,
        started_at=minutes_ago(beat + 1) if status == JobStatus.RUNNING else None,
        heartbeat_at=minutes_ago(beat),
        finished_at=None,
    )


class StaleIndexBuildTestCase(LeaksTestCase):
    """Alice's index build was running when the worker was killed."""

    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        stall(self.index)

    def state(self) -> Index:
        return Index.objects.get(pk=self.index.pk)

    def test_the_page_shows_it_interrupted_with_the_build_button(self) -> None:
        r = self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertContains(r, INTERRUPTED_ZH)
        self.assertContains(r, f"/leaks/indexes/{self.index.pk}/rebuild/")
        self.assertNotContains(r, 'hx-trigger="every 2s"')
        index = self.state()
        self.assertEqual(index.status, JobStatus.FAILED)
        self.assertIsNotNone(index.finished_at)

    def test_the_progress_poll_stops_and_reloads_the_page(self) -> None:
        r = self.login(self.alice).get(
            f"/leaks/indexes/{self.index.pk}/progress/", HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r["HX-Refresh"], "true")
        self.assertContains(r, INTERRUPTED_ZH)

    def test_the_list_and_the_api_show_it_failed(self) -> None:
        self.login(self.alice).get("/leaks/")
        self.assertEqual(self.state().status, JobStatus.FAILED)
        stall(self.index)
        data = self.client.get(f"/api/leaks/indexes/{self.index.pk}", **self.bearer(self.alice))
        self.assertEqual(data.json()["status"], "failed")
        self.assertEqual(data.json()["message"], INTERRUPTED_ZH)

    def test_a_fresh_running_build_is_left_alone(self) -> None:
        stall(self.index, beat=2)
        r = self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertEqual(self.state().status, JobStatus.RUNNING)

    @override_settings(BAOMI_STALE_JOB_MINUTES=60)
    def test_the_limit_is_a_setting(self) -> None:
        self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertEqual(self.state().status, JobStatus.RUNNING)

    def test_a_worker_start_recovers_it(self) -> None:
        self.assertEqual(stale_jobs_recover_all(), 1)
        index = self.state()
        self.assertEqual(index.status, JobStatus.FAILED)
        self.assertEqual(index.message, INTERRUPTED_ZH)  # the instance speaks zh-hans first
        self.assertEqual(stale_jobs_recover_all(), 0)

    def test_it_checks_ownership(self) -> None:
        """Charlie's pages recover org B's jobs only, and Alice's stays hidden from him."""
        c = self.login(self.charlie)
        self.assertNotContains(c.get("/leaks/"), "工艺文件")
        self.assertEqual(c.get(f"/leaks/indexes/{self.index.pk}/").status_code, 404)
        self.assertEqual(c.get(f"/leaks/indexes/{self.index.pk}/progress/").status_code, 404)
        auth = self.bearer(self.charlie)
        self.assertEqual(self.client.get("/api/leaks/indexes", **auth).json(), [])
        self.assertEqual(self.state().status, JobStatus.RUNNING)

    def test_the_user_can_build_again(self) -> None:
        c = self.login(self.alice)
        c.get(f"/leaks/indexes/{self.index.pk}/")
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post(f"/leaks/indexes/{self.index.pk}/rebuild/")
        self.assertRedirects(r, f"/leaks/indexes/{self.index.pk}/")
        index = self.state()
        self.assertEqual(index.status, JobStatus.DONE)
        self.assertEqual(index.message, "")
        self.assertEqual(index.documents, 2)

    def test_material_of_the_interrupted_build_is_indexed_again(self) -> None:
        # The build had marked one file as indexed when it died; its counts were never saved.
        index = self.state()
        Index.objects.filter(pk=index.pk).update(documents=0)
        self.index.material.update(indexed_at=None)
        first = self.index.material.order_by("id").first()
        assert first is not None
        self.index.material.filter(pk=first.pk).update(indexed_at=minutes_ago(16.5))
        self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertFalse(self.index.material.filter(indexed_at__isnull=False).exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/leaks/indexes/{self.index.pk}/rebuild/")
        index = self.state()
        self.assertEqual((index.status, index.documents), (JobStatus.DONE, 2))
        self.assertFalse(self.index.material.filter(indexed_at__isnull=True).exists())

    def test_the_index_can_be_deleted_after_recovery(self) -> None:
        c = self.login(self.alice)
        r = c.post(f"/leaks/indexes/{self.index.pk}/delete/")
        self.assertRedirects(r, "/leaks/")
        self.assertFalse(Index.objects.filter(pk=self.index.pk).exists())


class StaleQueuedBuildTestCase(LeaksTestCase):
    """A build queued 20 minutes ago that no worker ever started."""

    def setUp(self) -> None:
        super().setUp()
        self.index = self.make_index()
        self.material = services_material_add(self, self.index)
        stall(self.index, status=JobStatus.QUEUED, beat=20)

    def test_a_lost_queued_build_fails(self) -> None:
        self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertEqual(Index.objects.get(pk=self.index.pk).status, JobStatus.FAILED)

    def test_a_build_still_waiting_in_the_task_queue_is_left_alone(self) -> None:
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            index_build_task.enqueue(self.index.pk)
        self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertEqual(Index.objects.get(pk=self.index.pk).status, JobStatus.QUEUED)

    def test_a_legacy_row_without_heartbeat_counts_from_its_creation(self) -> None:
        Index.objects.filter(pk=self.index.pk).update(heartbeat_at=None, created_at=minutes_ago(30))
        self.assertEqual(stale_jobs_recover_all(), 1)
        self.assertEqual(Index.objects.get(pk=self.index.pk).status, JobStatus.FAILED)


def services_material_add(case: LeaksTestCase, index: Index) -> Any:
    from baomi.apps.leaks import services

    return services.material_add(
        actor=case.alice, index=index, files=[upload("规程.txt", SECRET_TEXT)], queue=False
    )


class StaleScanTestCase(LeaksTestCase):
    """Alice's scan was running when the machine restarted."""

    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.scan = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT}, label="离职审计")
        stall(self.scan)

    def state(self) -> Scan:
        return Scan.objects.get(pk=self.scan.pk)

    def test_the_page_shows_it_interrupted_with_a_way_to_compare_again(self) -> None:
        r = self.login(self.alice).get(f"/leaks/scans/{self.scan.pk}/")
        self.assertContains(r, INTERRUPTED_ZH)
        self.assertContains(r, "重新比对")
        self.assertEqual(self.state().status, JobStatus.FAILED)

    def test_the_api_shows_it_failed(self) -> None:
        r = self.client.get(f"/api/leaks/scans/{self.scan.pk}", **self.bearer(self.alice))
        self.assertEqual(r.json()["status"], "failed")

    def test_a_fresh_running_scan_is_left_alone(self) -> None:
        stall(self.scan, beat=1)
        self.login(self.alice).get(f"/leaks/scans/{self.scan.pk}/")
        self.assertEqual(self.state().status, JobStatus.RUNNING)

    def test_a_worker_start_recovers_it(self) -> None:
        self.assertEqual(stale_jobs_recover_all(), 1)
        self.assertEqual(self.state().status, JobStatus.FAILED)

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        self.assertEqual(c.get(f"/leaks/scans/{self.scan.pk}/").status_code, 404)
        self.assertEqual(c.get(f"/leaks/scans/{self.scan.pk}/progress/").status_code, 404)
        auth = self.bearer(self.charlie)
        self.assertEqual(
            self.client.get(f"/api/leaks/scans/{self.scan.pk}", **auth).status_code, 404
        )
        self.assertEqual(self.state().status, JobStatus.RUNNING)

    def test_the_user_can_scan_again_and_delete_the_interrupted_scan(self) -> None:
        c = self.login(self.alice)
        c.get(f"/leaks/scans/{self.scan.pk}/")
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post(
                f"/leaks/indexes/{self.index.pk}/scan/",
                {"scan-files": [upload("邮件.txt", SUSPECT_TEXT)], "scan-label": "再查"},
            )
        again = Scan.objects.get(label="再查")
        self.assertRedirects(r, f"/leaks/scans/{again.pk}/")
        self.assertEqual((again.status, again.hit_count), (JobStatus.DONE, 1))
        r = c.post(f"/leaks/scans/{self.scan.pk}/delete/")
        self.assertRedirects(r, f"/leaks/indexes/{self.index.pk}/")
        self.assertFalse(Scan.objects.filter(pk=self.scan.pk).exists())
