"""The import page: upload a zip, a background task ingests it with progress, bad input is
reported, and only the enterprise's administrators see any of it."""

from __future__ import annotations

import os

from django.test import Client, override_settings

from baomi.apps.audit.models import AuditEvent
from baomi.apps.risk import analysis
from baomi.apps.risk.models import ActivityImport, ImportStatus
from baomi.apps.risk.testing import RiskTestCase, dataset_files, dataset_zip, truth, upload, zip_of


class ImportTaskTestCase(RiskTestCase):
    """Alice uploads the generated organisation's CERT logs; the task ingests and ranks them."""

    item: ActivityImport

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        client = Client()
        client.force_login(cls.alice)
        with cls.captureOnCommitCallbacks(execute=True):
            r = client.post(
                "/risk/imports/", {"archive": upload(dataset_zip("cert")), "format": "auto"}
            )
        assert r.status_code == 302, r.content
        cls.item = ActivityImport.objects.get(organisation=cls.org_a)

    def test_the_task_ingests_the_archive(self) -> None:
        item = self.item
        self.assertEqual(item.status, ImportStatus.DONE, item.error)
        self.assertEqual(item.progress, 100)
        self.assertEqual(item.format, "cert")
        self.assertGreater(item.events, 10_000)
        self.assertEqual(item.bad_rows, 0)
        self.assertEqual({f["name"] for f in item.files} >= {"logon.csv", "http.csv"}, True)
        self.assertTrue(analysis.store_for(self.org_a).has_events())
        self.assertFalse(analysis.store_for(self.org_b).has_events())

    def test_the_same_archive_again_replaces_its_events(self) -> None:
        store = analysis.store_for(self.org_a)

        def stored() -> int:
            with store.connection() as con:
                return con.execute(f"SELECT count(*) FROM {store.events_sql()}").fetchone()[0]  # noqa: S608

        before = stored()
        self.assertEqual(before, self.item.events)
        with self.captureOnCommitCallbacks(execute=True):
            self.login(self.alice).post(
                "/risk/imports/", {"archive": upload(dataset_zip("cert")), "format": "cert"}
            )
        again = ActivityImport.objects.exclude(pk=self.item.pk).get()
        self.assertEqual((again.status, again.events), (ImportStatus.DONE, self.item.events))
        self.assertEqual(stored(), before)

    def test_a_layout_that_does_not_match_fails_with_a_reason(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.login(self.alice).post(
                "/risk/imports/", {"archive": upload(dataset_zip("cert")), "format": "baomi"}
            )
        failed = ActivityImport.objects.exclude(pk=self.item.pk).get()
        self.assertEqual(failed.status, ImportStatus.FAILED)
        self.assertIn("events", failed.error)
        self.assertEqual(self.login(self.alice).get("/risk/").context["users"], 40)

    def test_it_records_the_import_in_the_audit_log(self) -> None:
        events = AuditEvent.objects.filter(
            object_type="activityimport", object_id=str(self.item.pk)
        )
        self.assertEqual(events.count(), 2)
        self.assertEqual(set(events.values_list("actor", flat=True)), {self.alice.pk})
        self.assertEqual(events.first().changes["status"], "done")

    def test_the_ranking_shows_the_planted_insiders(self) -> None:
        r = self.login(self.alice).get("/risk/")
        self.assertEqual(r.status_code, 200)
        ranked = [e.user for e in r.context["page"].object_list]
        insiders = truth()["insiders"]
        for insider in insiders:
            self.assertIn(insider["user"], ranked[: len(insiders) + 3], insider)
        self.assertContains(r, "离职人员窃取数据")

    def test_the_progress_page_stops_polling_when_done(self) -> None:
        url = f"/risk/imports/{self.item.pk}/"
        r = self.login(self.alice).get(url, HTTP_HX_REQUEST="true")
        self.assertContains(r, "logon.csv")
        self.assertNotContains(r, "every 2s")
        self.assertNotContains(r, "<html")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get(f"/risk/imports/{self.item.pk}/")
        self.assertEqual(r.status_code, 404)
        r = self.client.get("/risk/imports/")
        self.assertNotContains(r, "activity.zip")
        r = self.client.get("/risk/")
        self.assertEqual(r.context["users"], 0)

    def test_other_roles_get_404(self) -> None:
        for user in (self.bob, self.dave, self.erin, self.frank):
            c = self.login(user)
            for url in ("/risk/", "/risk/imports/", f"/risk/imports/{self.item.pk}/"):
                self.assertEqual(c.get(url).status_code, 404, (user, url))

    def test_other_roles_cannot_upload(self) -> None:
        r = self.login(self.dave).post(
            "/risk/imports/", {"archive": upload(b"PK"), "format": "auto"}
        )
        self.assertEqual(r.status_code, 404)
        self.assertEqual(ActivityImport.objects.count(), 1)


class ImportProgressTestCase(RiskTestCase):
    def test_a_waiting_import_is_polled_every_two_seconds(self) -> None:
        item = ActivityImport.objects.create(
            organisation=self.org_a,
            original_name="logs.zip",
            sha256="0" * 64,
            created_by=self.alice,
            progress=40,
            step="loading http.csv",
            status=ImportStatus.RUNNING,
        )
        r = self.login(self.alice).get(f"/risk/imports/{item.pk}/")
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertContains(r, "loading http.csv")
        r = self.login(self.charlie).get(f"/risk/imports/{item.pk}/", HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 404)


class BadInputTestCase(RiskTestCase):
    def post(self, data: bytes, name: str = "activity.zip", fmt: str = "auto"):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return self.login(self.alice).post(
                "/risk/imports/", {"archive": upload(data, name), "format": fmt}
            )

    def test_a_file_that_is_not_a_zip_is_refused(self) -> None:
        r = self.post(b"user,date\nx,y\n", "logon.csv")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "不是 zip 压缩包")
        self.assertFalse(ActivityImport.objects.exists())

    @override_settings(BAOMI_RISK_UPLOAD_MAX_BYTES=1000)
    def test_an_oversize_upload_is_refused(self) -> None:
        r = self.post(zip_of({"logon.csv": os.urandom(5000)}))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "文件大于")
        self.assertFalse(ActivityImport.objects.exists())

    @override_settings(BAOMI_RISK_UNPACKED_MAX_BYTES=10_000)
    def test_an_archive_that_unpacks_too_large_fails(self) -> None:
        self.post(zip_of({"logon.csv": b"0" * 50_000}))
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.FAILED)
        self.assertIn("超过允许的大小", item.error)
        self.assertFalse(analysis.store_for(self.org_a).has_events())

    def test_malformed_rows_are_counted_and_reported(self) -> None:
        files = dataset_files("cert", without=("device.csv",))
        files["device.csv"] = (
            b"id,date,user,pc,activity\n"
            b"{A1},01/04/2024 07:21:06,ABC0001,PC-1,Connect\n"
            b"{A2},2024-13-45 25:61,ABC0001,PC-1,Connect\n"
            b"{A3},not a date,ABC0001,PC-1,Disconnect\n"
        )
        r = self.post(zip_of(files))
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.DONE, item.error)
        self.assertEqual(item.bad_rows, 2)
        device = next(f for f in item.files if f["name"] == "device.csv")
        self.assertEqual((device["rows"], device["malformed"]), (1, 2))
        r = self.client.get(f"/risk/imports/{item.pk}/")
        self.assertContains(r, 'class="error-rows"')

    def test_a_zip_without_activity_logs_fails_with_a_reason(self) -> None:
        self.post(zip_of({"readme.txt": b"hello", "notes.csv": b"a,b\n1,2\n"}))
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.FAILED)
        self.assertIn("logon.csv", item.error)
        r = self.login(self.alice).get(f"/risk/imports/{item.pk}/")
        self.assertContains(r, item.error)

    def test_a_zip_with_an_unsafe_path_fails(self) -> None:
        self.post(zip_of({"../../logon.csv": b"id,date,user,pc,activity\n"}))
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.FAILED)
        self.assertIn("不安全", item.error)
        self.assertFalse((self.home.parent / "logon.csv").exists())

    def test_an_unreadable_cert_file_fails_with_the_file_name(self) -> None:
        self.post(zip_of({"logon.csv": b"id,date,user,pc,activity\n{A},garbage,,,\n"}), fmt="cert")
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.FAILED)
        self.assertIn("logon.csv", item.error)
