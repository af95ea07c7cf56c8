import io
import os

from django.test import override_settings
from pypdf import PdfReader

from baomi.apps.audit.models import AuditEvent
from baomi.apps.leaks.models import Index, JobStatus, Scan
from baomi.apps.leaks.testing import (
    COPIED,
    SECRET_TEXT,
    SUSPECT_TEXT,
    LeaksTestCase,
    upload,
    zip_bytes,
)


class IndexListTestCase(LeaksTestCase):
    url = "/leaks/"

    def test_it_lists_indexes_and_scans(self) -> None:
        index = self.built_index()
        self.run_scan(index, {"邮件.txt": SUSPECT_TEXT}, label="离职审计")
        r = self.login(self.alice).get(self.url)
        self.assertContains(r, "工艺文件")
        self.assertContains(r, "离职审计")
        self.assertContains(r, "/leaks/indexes/new/")

    def test_it_checks_ownership(self) -> None:
        self.built_index()
        r = self.login(self.charlie).get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "工艺文件")

    def test_employees_get_404(self) -> None:
        self.assertEqual(self.login(self.bob).get(self.url).status_code, 404)

    def test_base_operators_get_404(self) -> None:
        self.assertEqual(self.login(self.erin).get(self.url).status_code, 404)
        self.assertEqual(self.login(self.frank).get(self.url).status_code, 404)

    def test_secret_owner_sees_only_own_or_their_secrets_indexes(self) -> None:
        self.make_index(name="管理员的索引", secrets=[])
        r = self.login(self.dave).get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "管理员的索引")
        self.make_secret(self.alice, self.org_a, code="A-010", title="配方", owner=self.dave)
        self.make_index(name="戴夫秘密的索引", secrets=[self.org_a.secrets.get(code="A-010")])
        self.assertContains(self.client.get(self.url), "戴夫秘密的索引")

    def test_the_navigation_shows_the_module(self) -> None:
        r = self.login(self.alice).get("/")
        self.assertContains(r, 'href="/leaks/"')


class IndexCreateTestCase(LeaksTestCase):
    url = "/leaks/indexes/new/"

    def test_it_creates_an_index(self) -> None:
        c = self.login(self.alice)
        self.assertEqual(c.get(self.url).status_code, 200)
        r = c.post(self.url, {"name": "图纸", "kind": "text", "secrets": [self.secret_a.pk]})
        index = Index.objects.get(name="图纸")
        self.assertRedirects(r, f"/leaks/indexes/{index.pk}/")
        self.assertEqual(list(index.secrets.all()), [self.secret_a])

    def test_it_creates_an_exact_data_index_with_key_columns(self) -> None:
        self.login(self.alice).post(
            self.url, {"name": "客户", "kind": "edm", "key_columns": "客户名称，联系电话"}
        )
        self.assertEqual(Index.objects.get(name="客户").key_columns, ["客户名称", "联系电话"])

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post(
            self.url, {"name": "x", "kind": "text", "secrets": [self.secret_a.pk]}
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Index.objects.filter(name="x").exists())

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).post(self.url, {"name": "x", "kind": "text"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Index.objects.exists())


class IndexDetailTestCase(LeaksTestCase):
    def test_it_shows_material_and_errors(self) -> None:
        index = self.built_index({"规程.txt": SECRET_TEXT, "坏.docx": b"PK\x03\x04broken"})
        r = self.login(self.alice).get(f"/leaks/indexes/{index.pk}/")
        self.assertContains(r, "规程.txt")
        self.assertContains(r, "坏.docx")
        self.assertContains(r, "error-rows")

    def test_it_checks_ownership(self) -> None:
        index = self.built_index()
        c = self.login(self.charlie)
        for path in ("", "progress/"):
            self.assertEqual(c.get(f"/leaks/indexes/{index.pk}/{path}").status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        index = self.built_index()
        c = self.login(self.bob)
        self.assertEqual(c.get(f"/leaks/indexes/{index.pk}/").status_code, 404)

    def test_progress_polls_while_the_build_runs(self) -> None:
        index = self.make_index()
        Index.objects.filter(pk=index.pk).update(
            status=JobStatus.RUNNING, progress_done=3, progress_total=10
        )
        c = self.login(self.alice)
        r = c.get(f"/leaks/indexes/{index.pk}/progress/", HTTP_HX_REQUEST="true")
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertContains(r, 'value="3" max="10"')
        self.assertNotIn("HX-Refresh", r)
        Index.objects.filter(pk=index.pk).update(status=JobStatus.DONE)
        r = c.get(f"/leaks/indexes/{index.pk}/progress/", HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "every 2s")
        self.assertEqual(r["HX-Refresh"], "true")


class MaterialUploadTestCase(LeaksTestCase):
    def url(self, index: Index) -> str:
        return f"/leaks/indexes/{index.pk}/material/"

    def test_it_uploads_and_builds(self) -> None:
        index = self.make_index()
        c = self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post(
                self.url(index),
                {"material-files": [upload("规程.txt", SECRET_TEXT)], "material-secret": ""},
            )
        self.assertRedirects(r, f"/leaks/indexes/{index.pk}/")
        index.refresh_from_db()
        self.assertEqual((index.status, index.documents), (JobStatus.DONE, 1))

    @override_settings(BAOMI_LEAKS_MAX_FILE_BYTES=100)
    def test_an_oversize_upload_is_refused_with_a_clear_message(self) -> None:
        index = self.make_index()
        r = self.login(self.alice).post(
            self.url(index), {"material-files": [upload("超大.txt", "字" * 100)]}
        )
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "超大.txt", status_code=400)
        self.assertContains(r, "限制", status_code=400)
        self.assertFalse(index.material.exists())

    def test_it_checks_ownership(self) -> None:
        index = self.make_index()
        r = self.login(self.charlie).post(
            self.url(index), {"material-files": [upload("a.txt", "字")]}
        )
        self.assertEqual(r.status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        index = self.make_index()
        r = self.login(self.bob).post(self.url(index), {"material-files": [upload("a.txt", "字")]})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(index.material.exists())


class IndexRebuildTestCase(LeaksTestCase):
    def test_it_retries_a_failed_build(self) -> None:
        index = self.built_index()
        Index.objects.filter(pk=index.pk).update(status=JobStatus.FAILED)
        with self.captureOnCommitCallbacks(execute=True):
            r = self.login(self.alice).post(f"/leaks/indexes/{index.pk}/rebuild/")
        self.assertRedirects(r, f"/leaks/indexes/{index.pk}/")
        index.refresh_from_db()
        self.assertEqual(index.status, JobStatus.DONE)

    def test_it_checks_ownership(self) -> None:
        index = self.built_index()
        r = self.login(self.charlie).post(f"/leaks/indexes/{index.pk}/rebuild/")
        self.assertEqual(r.status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        index = self.built_index()
        r = self.login(self.bob).post(f"/leaks/indexes/{index.pk}/rebuild/")
        self.assertEqual(r.status_code, 404)


class ScanCreateTestCase(LeaksTestCase):
    def url(self, index: Index) -> str:
        return f"/leaks/indexes/{index.pk}/scan/"

    def test_it_scans_uploaded_suspects_and_lists_bad_files(self) -> None:
        index = self.built_index()
        bomb = zip_bytes({"zeros.txt": b"0" * (3 * 1024 * 1024)})
        c = self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post(
                self.url(index),
                {
                    "scan-files": [upload("邮件.txt", SUSPECT_TEXT), upload("炸弹.zip", bomb)],
                    "scan-label": "张三离职",
                    "scan-min_score": "0",
                },
            )
        scan = Scan.objects.get()
        self.assertRedirects(r, f"/leaks/scans/{scan.pk}/")
        r = c.get(f"/leaks/scans/{scan.pk}/")
        self.assertContains(r, "邮件.txt")
        self.assertContains(r, "炸弹.zip!zeros.txt")
        self.assertContains(r, "可疑的压缩比")
        self.assertEqual(scan.suspects.count(), 2)
        self.assertIn(f"leaks/{self.org_a.pk}/suspects/", scan.suspects.first().file.name)

    def test_it_checks_ownership(self) -> None:
        index = self.built_index()
        r = self.login(self.charlie).post(self.url(index), {"scan-files": [upload("a.txt", "字")]})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Scan.objects.exists())

    def test_it_requires_rw_access(self) -> None:
        index = self.built_index()
        r = self.login(self.bob).post(self.url(index), {"scan-files": [upload("a.txt", "字")]})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Scan.objects.exists())


class ScanDetailTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.scan = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT})

    def test_it_lists_hits_with_coverage(self) -> None:
        hit = self.scan.hits.get()
        r = self.login(self.alice).get(f"/leaks/scans/{self.scan.pk}/")
        self.assertContains(r, f"/leaks/hits/{hit.pk}/")
        self.assertContains(r, f"{round(hit.secret_coverage * 100)}%")
        self.assertContains(r, "A-001")

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        for path in ("", "progress/"):
            self.assertEqual(c.get(f"/leaks/scans/{self.scan.pk}/{path}").status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).get(f"/leaks/scans/{self.scan.pk}/")
        self.assertEqual(r.status_code, 404)


class HitTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.hit = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT}).hits.get()

    def test_the_hit_page_frames_the_report(self) -> None:
        r = self.login(self.alice).get(f"/leaks/hits/{self.hit.pk}/")
        self.assertContains(r, f'src="/leaks/hits/{self.hit.pk}/report/"')
        self.assertContains(r, f"/leaks/hits/{self.hit.pk}/report.pdf")

    def test_the_report_shows_both_texts_and_is_audited(self) -> None:
        r = self.login(self.alice).get(f"/leaks/hits/{self.hit.pk}/report/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["X-Frame-Options"], "SAMEORIGIN")
        body = r.content.decode()
        self.assertIn("取证比对报告", body)
        self.assertIn(self.hit.passages[0]["secret_text"][:50], body)
        self.assertIn(self.hit.suspect_sha256, body)
        self.assertIn("比对时间", body)
        event = AuditEvent.objects.get(object_type="leak_report")
        self.assertEqual((event.actor, event.action), (self.alice, "view"))
        r = self.client.get(f"/leaks/hits/{self.hit.pk}/report/?download=1")
        self.assertIn("attachment", r["Content-Disposition"])
        self.assertTrue(
            AuditEvent.objects.filter(object_type="leak_report", action="download").exists()
        )

    def test_the_pdf_report_holds_the_chinese_passage(self) -> None:
        r = self.login(self.alice).get(f"/leaks/hits/{self.hit.pk}/report.pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        compact = "".join(text.split())
        self.assertIn("取证比对报告", compact)
        self.assertIn("".join(COPIED[40:80].split()), compact)
        self.assertTrue(
            AuditEvent.objects.filter(object_type="leak_report", action="download").exists()
        )

    def test_a_changed_suspect_file_gives_no_report(self) -> None:
        stored = self.hit.suspect_file.file
        with open(stored.path, "w", encoding="utf-8") as handle:
            handle.write("改过的内容" * 20)
        r = self.login(self.alice).get(f"/leaks/hits/{self.hit.pk}/report/")
        self.assertContains(r, "不再一致")
        self.assertFalse(AuditEvent.objects.filter(object_type="leak_report").exists())

    def test_a_hit_is_attached_to_a_case(self) -> None:
        r = self.login(self.alice).post(
            f"/leaks/hits/{self.hit.pk}/case/", {"case_reference": "诉求-2026-007", "note": "x"}
        )
        self.assertRedirects(r, f"/leaks/hits/{self.hit.pk}/")
        self.hit.refresh_from_db()
        self.assertEqual(self.hit.case_reference, "诉求-2026-007")

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        for path in ("", "report/", "report.pdf"):
            self.assertEqual(c.get(f"/leaks/hits/{self.hit.pk}/{path}").status_code, 404)
        r = c.post(f"/leaks/hits/{self.hit.pk}/case/", {"case_reference": "x"})
        self.assertEqual(r.status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        c = self.login(self.bob)
        for path in ("", "report/", "report.pdf"):
            self.assertEqual(c.get(f"/leaks/hits/{self.hit.pk}/{path}").status_code, 404)
        r = c.post(f"/leaks/hits/{self.hit.pk}/case/", {"case_reference": "x"})
        self.assertEqual(r.status_code, 404)
        self.hit.refresh_from_db()
        self.assertEqual(self.hit.case_reference, "")

    def test_base_operators_get_404(self) -> None:
        r = self.login(self.erin).get(f"/leaks/hits/{self.hit.pk}/")
        self.assertEqual(r.status_code, 404)


class SecretOwnerTestCase(LeaksTestCase):
    def test_a_secret_owner_builds_and_scans_their_own_index(self) -> None:
        c = self.login(self.dave)
        c.post("/leaks/indexes/new/", {"name": "戴夫的材料", "kind": "text"})
        index = Index.objects.get(name="戴夫的材料")
        with self.captureOnCommitCallbacks(execute=True):
            c.post(
                f"/leaks/indexes/{index.pk}/material/",
                {"material-files": [upload("规程.txt", SECRET_TEXT)]},
            )
        with self.captureOnCommitCallbacks(execute=True):
            c.post(
                f"/leaks/indexes/{index.pk}/scan/",
                {"scan-files": [upload("邮件.txt", SUSPECT_TEXT)]},
            )
        scan = Scan.objects.get(index=index)
        hit = scan.hits.get()
        self.assertEqual(c.get(f"/leaks/hits/{hit.pk}/report/").status_code, 200)
        # Alice, the administrator, sees it too; another secret owner's index stays hidden.
        self.assertEqual(self.login(self.alice).get(f"/leaks/hits/{hit.pk}/").status_code, 200)

    def test_a_secret_owner_does_not_see_the_administrators_index(self) -> None:
        index = self.built_index(secrets=[])
        c = self.login(self.dave)
        self.assertEqual(c.get(f"/leaks/indexes/{index.pk}/").status_code, 404)
        scan = self.run_scan(index, {"邮件.txt": SUSPECT_TEXT})
        self.assertEqual(c.get(f"/leaks/scans/{scan.pk}/").status_code, 404)


class ExactDataPagesTestCase(LeaksTestCase):
    def test_a_customer_list_is_indexed_and_found_through_the_pages(self) -> None:
        c = self.login(self.alice)
        c.post(
            "/leaks/indexes/new/",
            {"name": "客户名单", "kind": "edm", "key_columns": "客户名称,联系电话,邮箱"},
        )
        index = Index.objects.get(name="客户名单")
        table = (
            "客户名称,联系电话,邮箱\n"
            "佛山市远航机电设备有限公司,13812345678,zw@yuanhang.example.cn\n"
            "东莞市精工模具科技有限公司,13923456789,lina@jinggong.example.cn\n"
        )
        with self.captureOnCommitCallbacks(execute=True):
            c.post(
                f"/leaks/indexes/{index.pk}/material/",
                {"material-files": [upload("客户.csv", table)]},
            )
        r = c.post(
            f"/leaks/indexes/{index.pk}/material/",
            {"material-files": [upload("客户.txt", "不是表格")]},
        )
        self.assertContains(r, "CSV", status_code=400)
        with self.captureOnCommitCallbacks(execute=True):
            c.post(
                f"/leaks/indexes/{index.pk}/scan/",
                {
                    "scan-files": [
                        upload("邮件.txt", "远航机电 138 1234 5678 zw@yuanhang.example.cn")
                    ]
                },
            )
        hit = Scan.objects.get(index=index).hits.get()
        self.assertEqual(hit.rows, [1])
        r = c.get(f"/leaks/hits/{hit.pk}/")
        self.assertContains(r, "被发现的客户名单记录")
        self.assertNotContains(r, "report.pdf")
        self.assertContains(c.get(f"/leaks/hits/{hit.pk}/report/"), "没有逐段对照报告")


class DeleteTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.scan = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT})

    def test_deleting_a_scan_removes_its_files_and_is_audited(self) -> None:
        stored = self.scan.suspects.get().file.path
        with self.captureOnCommitCallbacks(execute=True):
            r = self.login(self.alice).post(f"/leaks/scans/{self.scan.pk}/delete/")
        self.assertRedirects(r, f"/leaks/indexes/{self.index.pk}/")
        self.assertFalse(Scan.objects.exists())
        self.assertFalse(os.path.exists(stored))
        self.assertTrue(AuditEvent.objects.filter(object_type="scan", action="delete").exists())

    def test_deleting_an_index_removes_its_directory_and_material(self) -> None:
        material = self.index.material.first().file.path
        directory = self.index.directory
        with self.captureOnCommitCallbacks(execute=True):
            r = self.login(self.alice).post(f"/leaks/indexes/{self.index.pk}/delete/")
        self.assertRedirects(r, "/leaks/")
        self.assertFalse(Index.objects.exists())
        self.assertFalse(Scan.objects.exists())
        self.assertFalse(directory.exists())
        self.assertFalse(os.path.exists(material))

    def test_a_running_scan_is_not_deleted(self) -> None:
        Scan.objects.filter(pk=self.scan.pk).update(status=JobStatus.RUNNING)
        self.login(self.alice).post(f"/leaks/scans/{self.scan.pk}/delete/")
        self.assertTrue(Scan.objects.exists())

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        self.assertEqual(c.post(f"/leaks/scans/{self.scan.pk}/delete/").status_code, 404)
        self.assertEqual(c.post(f"/leaks/indexes/{self.index.pk}/delete/").status_code, 404)
        self.assertTrue(Scan.objects.exists())
        self.assertTrue(self.index.directory.exists())

    def test_it_requires_rw_access(self) -> None:
        c = self.login(self.bob)
        self.assertEqual(c.post(f"/leaks/scans/{self.scan.pk}/delete/").status_code, 404)
        self.assertEqual(c.post(f"/leaks/indexes/{self.index.pk}/delete/").status_code, 404)
        self.assertTrue(Index.objects.exists())
