from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from baomi.apps.audit.models import AuditEvent
from baomi.apps.leaks import services
from baomi.apps.leaks.models import Hit, IndexKind, JobStatus, SecretDocument
from baomi.apps.leaks.testing import (
    COPIED,
    SECRET_TEXT,
    SUSPECT_TEXT,
    LeaksTestCase,
    chinese,
    upload,
    zip_bytes,
)
from baomi.fingerprint import IndexReader


class IndexBuildTestCase(LeaksTestCase):
    def test_it_builds_an_index_from_uploaded_material(self) -> None:
        index = self.built_index()
        self.assertEqual(index.status, JobStatus.DONE)
        self.assertEqual(index.documents, 2)
        self.assertEqual((index.progress_done, index.progress_total), (2, 2))
        self.assertEqual(index.errors, [])
        self.assertTrue(str(index.directory).startswith(self.home))
        self.assertIn(f"indexes/{self.org_a.pk}/{index.pk}", str(index.directory))
        reader = IndexReader(index.directory)
        origins = sorted(d.origin for d in reader.docs.values())
        reader.close()
        self.assertEqual(origins, ["工艺规程.txt", "质量手册.txt"])
        self.assertTrue(all(d.indexed_at for d in index.material.all()))

    def test_material_is_stored_per_organisation_with_its_digest(self) -> None:
        index = self.built_index()
        document = index.material.get(name="工艺规程.txt")
        self.assertIn(f"leaks/{self.org_a.pk}/material/", document.file.name)
        import hashlib

        self.assertEqual(document.sha256, hashlib.sha256(SECRET_TEXT.encode()).hexdigest())
        self.assertEqual(document.secret, self.secret_a)

    def test_an_uploaded_zip_indexes_its_members(self) -> None:
        index = self.built_index({"资料.zip": zip_bytes({"a/规程.txt": SECRET_TEXT.encode()})})
        self.assertEqual(index.documents, 1)
        reader = IndexReader(index.directory)
        self.assertEqual([d.origin for d in reader.docs.values()], ["资料.zip!a/规程.txt"])
        reader.close()

    def test_a_new_version_replaces_the_old_one(self) -> None:
        index = self.built_index()
        with self.captureOnCommitCallbacks(execute=True):
            services.material_add(
                actor=self.alice, index=index, files=[upload("工艺规程.txt", chinese(500, 9))]
            )
        index.refresh_from_db()
        self.assertEqual(index.documents, 2)
        self.assertEqual(index.material.filter(name="工艺规程.txt").count(), 1)

    def test_a_new_version_of_an_archive_drops_the_members_it_no_longer_holds(self) -> None:
        kept, dropped = chinese(600, 21), chinese(600, 22)
        index = self.built_index(
            {"资料.zip": zip_bytes({"a/规程.txt": kept.encode(), "b/手册.txt": dropped.encode()})}
        )
        self.assertEqual(index.documents, 2)
        with self.captureOnCommitCallbacks(execute=True):
            services.material_add(
                actor=self.alice,
                index=index,
                files=[upload("资料.zip", zip_bytes({"a/规程.txt": kept.encode()}))],
            )
        index.refresh_from_db()
        self.assertEqual(index.documents, 1)
        scan = self.run_scan(index, {"拷贝.txt": chinese(300, 5) + dropped[100:400]})
        self.assertEqual(scan.hits.count(), 0)
        scan = self.run_scan(index, {"拷贝.txt": chinese(300, 5) + kept[100:400]})
        self.assertEqual([h.secret for h in scan.hits.all()], ["资料.zip!a/规程.txt"])

    def test_the_same_file_again_is_skipped(self) -> None:
        index = self.built_index()
        added = services.material_add(
            actor=self.alice, index=index, files=[upload("工艺规程.txt", SECRET_TEXT)]
        )
        self.assertEqual(added, [])

    def test_unreadable_material_is_listed_and_the_rest_indexed(self) -> None:
        index = self.built_index({"规程.txt": SECRET_TEXT, "图片.txt": bytes(range(256)) * 40})
        self.assertEqual(index.status, JobStatus.DONE)
        self.assertEqual(index.documents, 1)
        self.assertEqual([e["origin"] for e in index.errors], ["图片.txt"])
        self.assertEqual(index.errors[0]["code"], "binary")

    def test_building_is_audited(self) -> None:
        index = self.built_index()
        actions = set(
            AuditEvent.objects.filter(object_id=str(index.pk), object_type="index").values_list(
                "action", flat=True
            )
        )
        self.assertEqual(actions, {"create", "import"})

    def test_employees_cannot_create_indexes(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.index_create(actor=self.bob, organisation=self.org_a, name="x")

    def test_secret_owner_may_create_an_index(self) -> None:
        index = services.index_create(actor=self.dave, organisation=self.org_a, name="x")
        self.assertEqual(index.created_by, self.dave)

    def test_secrets_of_another_enterprise_are_refused(self) -> None:
        with self.assertRaises(ValidationError):
            services.index_create(
                actor=self.alice, organisation=self.org_a, name="x", secrets=[self.secret_b]
            )

    def test_index_names_are_unique_per_enterprise(self) -> None:
        self.make_index(name="同名")
        with self.assertRaises(ValidationError):
            self.make_index(name="同名")
        services.index_create(actor=self.charlie, organisation=self.org_b, name="同名")


class UploadLimitTestCase(LeaksTestCase):
    @override_settings(BAOMI_LEAKS_MAX_FILE_BYTES=1000)
    def test_an_oversize_file_is_refused_with_its_name(self) -> None:
        index = self.make_index()
        with self.assertRaises(ValidationError) as ctx:
            services.material_add(
                actor=self.alice, index=index, files=[upload("大.txt", "字" * 600)]
            )
        self.assertIn("大.txt", str(ctx.exception))
        self.assertFalse(SecretDocument.objects.exists())

    @override_settings(BAOMI_LEAKS_MAX_UPLOAD_BYTES=1000)
    def test_too_much_together_is_refused(self) -> None:
        index = self.make_index()
        files = [upload(f"{i}.txt", "字" * 200) for i in range(3)]
        with self.assertRaises(ValidationError):
            services.material_add(actor=self.alice, index=index, files=files)

    @override_settings(BAOMI_LEAKS_MAX_FILES=2)
    def test_too_many_files_are_refused(self) -> None:
        index = self.make_index()
        files = [upload(f"{i}.txt", "字") for i in range(3)]
        with self.assertRaises(ValidationError):
            services.material_add(actor=self.alice, index=index, files=files)

    def test_an_empty_file_is_refused(self) -> None:
        index = self.make_index()
        with self.assertRaises(ValidationError):
            services.material_add(actor=self.alice, index=index, files=[upload("空.txt", b"")])


class ScanTestCase(LeaksTestCase):
    def test_it_finds_the_planted_copy_with_exact_spans(self) -> None:
        index = self.built_index()
        scan = self.run_scan(index, {"离职邮件.txt": SUSPECT_TEXT, "无关.txt": chinese(800, 7)})
        self.assertEqual(scan.status, JobStatus.DONE)
        self.assertEqual((scan.progress_done, scan.progress_total), (2, 2))
        hit = scan.hits.get()
        self.assertEqual(scan.hit_count, 1)
        self.assertEqual(hit.suspect, "离职邮件.txt")
        self.assertEqual(hit.secret, "工艺规程.txt")
        self.assertEqual(hit.secret_document.name, "工艺规程.txt")
        self.assertEqual(hit.suspect_file.name, "离职邮件.txt")
        self.assertGreater(hit.secret_coverage, 0.2)
        self.assertGreater(hit.suspect_coverage, 0.2)
        self.assertEqual(hit.score, max(hit.secret_coverage, hit.suspect_coverage))
        passage = max(hit.passages, key=lambda p: p["matched"])
        a0, a1 = passage["suspect_span"]
        b0, b1 = passage["secret_span"]
        self.assertEqual(SUSPECT_TEXT[a0:a1], passage["suspect_text"])
        self.assertEqual(SECRET_TEXT[b0:b1], passage["secret_text"])
        self.assertIn(passage["suspect_text"], COPIED)
        self.assertGreater(len(passage["suspect_text"]), 250)
        self.assertIn("k（噪声阈值 noise threshold，字符）", scan.parameters)

    def test_a_bad_file_among_suspects_is_listed_and_the_scan_finishes(self) -> None:
        index = self.built_index()
        bomb = zip_bytes({"zeros.txt": b"0" * (3 * 1024 * 1024)})
        scan = self.run_scan(
            index,
            {
                "炸弹.zip": bomb,
                "程序.exe": b"MZ\x90\x00" + bytes(range(256)) * 8,
                "邮件.txt": SUSPECT_TEXT,
            },
        )
        self.assertEqual(scan.status, JobStatus.DONE)
        codes = {e["origin"]: e["code"] for e in scan.errors}
        self.assertEqual(codes.get("炸弹.zip!zeros.txt"), "archive_ratio")
        self.assertIn("程序.exe", codes)
        self.assertEqual([h.suspect for h in scan.hits.all()], ["邮件.txt"])

    def test_a_copy_inside_a_zip_names_the_member(self) -> None:
        index = self.built_index()
        scan = self.run_scan(index, {"拷贝.zip": zip_bytes({"d/笔记.txt": SUSPECT_TEXT.encode()})})
        self.assertEqual([h.suspect for h in scan.hits.all()], ["拷贝.zip!d/笔记.txt"])

    def test_min_score_filters_hits(self) -> None:
        index = self.built_index()
        scan = self.run_scan(index, {"邮件.txt": SUSPECT_TEXT}, min_score=0.99)
        self.assertEqual(scan.hit_count, 0)

    def test_scanning_an_empty_index_is_refused(self) -> None:
        index = self.make_index()
        with self.assertRaises(ValidationError):
            services.scan_create(actor=self.alice, index=index, files=[upload("a.txt", "字")])

    def test_scan_is_audited(self) -> None:
        index = self.built_index()
        scan = self.run_scan(index, {"邮件.txt": SUSPECT_TEXT})
        event = AuditEvent.objects.get(object_type="scan", object_id=str(scan.pk))
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.action, "create")

    def test_a_missing_index_directory_fails_the_scan_with_a_message(self) -> None:
        import shutil

        index = self.built_index()
        shutil.rmtree(index.directory)
        scan = self.run_scan(index, {"邮件.txt": SUSPECT_TEXT})
        self.assertEqual(scan.status, JobStatus.FAILED)
        self.assertIn("index", scan.message)

    def test_charlie_cannot_scan_alices_index(self) -> None:
        index = self.built_index()
        with self.assertRaises(PermissionDenied):
            services.scan_create(actor=self.charlie, index=index, files=[upload("a.txt", "字")])

    def test_a_hit_can_be_attached_to_a_case(self) -> None:
        index = self.built_index()
        hit = self.run_scan(index, {"邮件.txt": SUSPECT_TEXT}).hits.get()
        services.hit_attach_case(actor=self.alice, hit=hit, case_reference="（2026）粤06民初1号")
        hit.refresh_from_db()
        self.assertEqual(hit.case_reference, "（2026）粤06民初1号")
        self.assertTrue(AuditEvent.objects.filter(object_type="hit", action="update").exists())


CUSTOMERS = (
    "客户名称,联系人,联系电话,邮箱,年采购额\n"
    "佛山市顺德区远航机电设备有限公司,张伟,13812345678,zhangwei@yuanhang.example.cn,1280000\n"
    "东莞市精工模具科技有限公司,李娜,13923456789,lina@jinggong.example.cn,860000\n"
    "中山市明辉五金制品有限公司,王强,13734567890,wq@minghui.example.cn,450000\n"
)


class EdmTestCase(LeaksTestCase):
    def test_customer_rows_are_found_in_a_mail_body(self) -> None:
        index = self.built_index({"客户名单.csv": CUSTOMERS}, kind=IndexKind.EDM)
        self.assertEqual((index.status, index.rows, index.documents), (JobStatus.DONE, 3, 1))
        mail = (
            "老王：你要的客户给你整理好了\n"
            "远航机电 张伟 138-1234-5678 zhangwei@yuanhang.example.cn\n"
            "明辉五金 王强 +86 137 3456 7890\n"
        )
        scan = self.run_scan(index, {"邮件.txt": mail, "别家.txt": "某某公司 赵六 13000000000"})
        hit = scan.hits.get()
        self.assertEqual(hit.rows, [1, 3])
        self.assertEqual(hit.secret, "客户名单.csv")
        self.assertAlmostEqual(hit.score, 2 / 3)
        self.assertIn("联系电话", hit.columns_matched)

    def test_an_exact_data_index_takes_tables_only(self) -> None:
        index = self.make_index(kind=IndexKind.EDM)
        with self.assertRaises(ValidationError):
            services.material_add(actor=self.alice, index=index, files=[upload("a.txt", "字")])

    def test_an_unknown_key_column_is_listed_as_an_error(self) -> None:
        index = self.built_index(
            {"客户名单.csv": CUSTOMERS}, kind=IndexKind.EDM, key_columns=["不存在"]
        )
        self.assertEqual(index.rows, 0)
        self.assertEqual(index.errors[0]["origin"], "客户名单.csv")


class CoverageAcrossTestCase(LeaksTestCase):
    def test_a_secret_split_over_three_files_is_covered_as_a_whole(self) -> None:
        from baomi.apps.leaks.selectors import hit_list, scan_coverage

        index = self.built_index()
        thirds = [SECRET_TEXT[i * 400 : (i + 1) * 400] for i in range(3)]
        files = {f"part{i}.txt": chinese(300, 20 + i) + t for i, t in enumerate(thirds)}
        scan = self.run_scan(index, files)
        hits = hit_list(user=self.alice, organisation=self.org_a, scan=scan)
        self.assertEqual(len(hits), 3)
        self.assertTrue(all(h.secret_coverage < 0.4 for h in hits))
        (coverage,) = scan_coverage(hits=hits)
        self.assertEqual(coverage.secret, "工艺规程.txt")
        self.assertGreater(coverage.coverage, 0.9)
        self.assertEqual(coverage.suspects, ["part0.txt", "part1.txt", "part2.txt"])
        r = self.login(self.alice).get(f"/leaks/scans/{scan.pk}/")
        self.assertContains(r, f"{round(coverage.coverage * 100)}%")


class HitModelTestCase(LeaksTestCase):
    def test_hits_are_ranked_by_score(self) -> None:
        index = self.built_index()
        half = SECRET_TEXT[:600]
        scan = self.run_scan(index, {"a.txt": SUSPECT_TEXT, "b.txt": half})
        scores = list(Hit.objects.filter(scan=scan).values_list("score", flat=True))
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertEqual(len(scores), 2)
