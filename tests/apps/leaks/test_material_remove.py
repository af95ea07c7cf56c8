"""Taking one file of secret material out of an index (the 移除 action on the index page)."""

import os
import sqlite3

from django.core.exceptions import PermissionDenied, ValidationError

from baomi.apps.audit.models import AuditEvent
from baomi.apps.leaks import services
from baomi.apps.leaks.models import Hit, Index, IndexKind, JobStatus, SecretDocument
from baomi.apps.leaks.testing import (
    OTHER_SECRET_TEXT,
    SECRET_TEXT,
    SUSPECT_TEXT,
    LeaksTestCase,
    chinese,
    upload,
    zip_bytes,
)

#: Copies passages of both secrets of the default index.
BOTH = SUSPECT_TEXT + "\n" + OTHER_SECRET_TEXT[100:400] + "\n" + chinese(200, seed=9)

CUSTOMERS = (
    "客户名称,联系电话,邮箱\n"
    "佛山市远航机电设备有限公司,13812345678,zw@yuanhang.example.cn\n"
    "东莞市精工模具科技有限公司,13923456789,lina@jinggong.example.cn\n"
)
SUPPLIERS = (
    "供应商名称,联系电话,邮箱\n"
    "中山市明辉五金制品有限公司,13734567890,wq@minghui.example.cn\n"
    "江门市恒通铸造有限公司,13645678901,ht@hengtong.example.cn\n"
)


def _secrets(scan_hits: object) -> set[str]:
    return {h.secret for h in scan_hits.all()}  # type: ignore[attr-defined]


class MaterialRemoveServiceTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.process = self.index.material.get(name="工艺规程.txt")

    def remove(self, material: SecretDocument, actor: object = None) -> Index:
        with self.captureOnCommitCallbacks(execute=True):
            return services.material_remove(actor=actor or self.alice, material=material)

    def test_a_removed_file_is_no_longer_matched_while_the_others_are(self) -> None:
        before = self.run_scan(self.index, {"邮件.txt": BOTH})
        self.assertEqual(_secrets(before.hits), {"工艺规程.txt", "质量手册.txt"})
        index = self.remove(self.process)
        self.assertEqual(index.documents, 1)
        after = self.run_scan(index, {"邮件.txt": BOTH})
        self.assertEqual(_secrets(after.hits), {"质量手册.txt"})

    def test_scans_already_run_keep_their_hits(self) -> None:
        before = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT})
        hit = before.hits.get()
        self.remove(self.process)
        hit.refresh_from_db()
        self.assertEqual((hit.secret, hit.secret_document), ("工艺规程.txt", None))
        self.assertTrue(hit.passages)
        self.assertEqual(Hit.objects.filter(scan=before).count(), 1)

    def test_the_file_and_its_text_are_gone(self) -> None:
        stored, pk = self.process.file.path, self.process.pk
        self.remove(self.process)
        self.assertFalse(os.path.exists(stored))
        self.assertFalse(SecretDocument.objects.filter(pk=pk).exists())
        with sqlite3.connect(self.index.directory / "docs.sqlite") as db:
            texts = db.execute(
                "SELECT count(*) FROM texts JOIN docs ON docs.id = texts.doc"
                " WHERE docs.origin = '工艺规程.txt'"
            ).fetchone()[0]
        self.assertEqual(texts, 0)

    def test_it_is_audited(self) -> None:
        pk = self.process.pk
        self.remove(self.process)
        event = AuditEvent.objects.get(object_type="secretdocument", action="delete")
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.object_id, str(pk))
        self.assertEqual(event.changes["material"], ["工艺规程.txt", None])

    def test_uploading_the_file_again_matches_again(self) -> None:
        self.remove(self.process)
        with self.captureOnCommitCallbacks(execute=True):
            services.material_add(
                actor=self.alice, index=self.index, files=[upload("工艺规程.txt", SECRET_TEXT)]
            )
        self.index.refresh_from_db()
        self.assertEqual(self.index.documents, 2)
        scan = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT})
        self.assertEqual(_secrets(scan.hits), {"工艺规程.txt"})

    def test_the_members_of_an_archive_go_with_it(self) -> None:
        index = self.built_index(
            {
                "资料.zip": zip_bytes({"规程.txt": SECRET_TEXT.encode()}),
                "手册.txt": OTHER_SECRET_TEXT,
            },
            name="压缩包索引",
        )
        self.assertEqual(index.documents, 2)
        index = self.remove(index.material.get(name="资料.zip"))
        self.assertEqual(index.documents, 1)
        self.assertFalse(self.run_scan(index, {"邮件.txt": SUSPECT_TEXT}).hits.exists())

    def test_removing_the_last_file_empties_the_index(self) -> None:
        self.remove(self.process)
        index = self.remove(self.index.material.get())
        self.assertEqual((index.status, index.documents), (JobStatus.EMPTY, 0))
        with self.assertRaises(ValidationError):
            self.run_scan(index, {"邮件.txt": SUSPECT_TEXT})

    def test_the_errors_of_a_removed_file_go_with_it(self) -> None:
        index = self.built_index(
            {"规程.txt": SECRET_TEXT, "坏.docx": b"PK\x03\x04broken"}, name="坏"
        )
        self.assertEqual([e["origin"] for e in index.errors], ["坏.docx"])
        index = self.remove(index.material.get(name="坏.docx"))
        self.assertEqual(index.errors, [])
        self.assertEqual(index.documents, 1)

    def test_pending_material_never_indexed_is_just_deleted(self) -> None:
        index = self.make_index(name="未构建")
        with self.captureOnCommitCallbacks(execute=False):
            services.material_add(
                actor=self.alice, index=index, files=[upload("a.txt", SECRET_TEXT)], queue=False
            )
        Index.objects.filter(pk=index.pk).update(status=JobStatus.FAILED)
        index = self.remove(index.material.get())
        self.assertFalse(index.directory.exists())
        self.assertEqual(index.status, JobStatus.EMPTY)

    def test_it_refuses_while_the_index_is_being_built(self) -> None:
        for status in (JobStatus.QUEUED, JobStatus.RUNNING):
            Index.objects.filter(pk=self.index.pk).update(status=status)
            with self.assertRaisesMessage(ValidationError, "索引正在构建"):
                self.remove(self.process)
        self.assertTrue(SecretDocument.objects.filter(pk=self.process.pk).exists())
        self.assertTrue(os.path.exists(self.process.file.path))

    def test_it_requires_permission(self) -> None:
        for actor in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                self.remove(self.process, actor=actor)
        self.assertTrue(SecretDocument.objects.filter(pk=self.process.pk).exists())


class ExactDataRemoveTestCase(LeaksTestCase):
    def test_an_exact_data_index_is_rebuilt_without_the_table(self) -> None:
        index = self.built_index(
            {"客户.csv": CUSTOMERS, "供应商.csv": SUPPLIERS}, kind=IndexKind.EDM
        )
        self.assertEqual((index.documents, index.rows), (2, 4))
        mail = (
            "远航机电 138 1234 5678 zw@yuanhang.example.cn\n"
            "明辉五金 13734567890 wq@minghui.example.cn"
        )
        self.assertEqual(len(self.run_scan(index, {"邮件.txt": mail}).hits.all()), 2)
        with self.captureOnCommitCallbacks(execute=True):
            services.material_remove(actor=self.alice, material=index.material.get(name="客户.csv"))
        index.refresh_from_db()
        self.assertEqual((index.status, index.documents, index.rows), (JobStatus.DONE, 1, 2))
        self.assertEqual(_secrets(self.run_scan(index, {"邮件.txt": mail}).hits), {"供应商.csv"})

    def test_it_refuses_while_a_scan_runs(self) -> None:
        index = self.built_index({"客户.csv": CUSTOMERS}, kind=IndexKind.EDM)
        scan = self.run_scan(index, {"邮件.txt": "13812345678 zw@yuanhang.example.cn"})
        type(scan).objects.filter(pk=scan.pk).update(status=JobStatus.RUNNING)
        with self.assertRaisesMessage(ValidationError, "比对正在进行"):
            services.material_remove(actor=self.alice, material=index.material.get())
        self.assertTrue(index.directory.exists())


class MaterialRemoveViewTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index()
        self.material = self.index.material.get(name="工艺规程.txt")

    def url(self, index_pk: int | None = None, pk: int | None = None) -> str:
        index_pk = self.index.pk if index_pk is None else index_pk
        pk = self.material.pk if pk is None else pk
        return f"/leaks/indexes/{index_pk}/material/{pk}/remove/"

    def test_the_index_page_offers_removal_with_confirmation(self) -> None:
        r = self.login(self.alice).get(f"/leaks/indexes/{self.index.pk}/")
        self.assertContains(r, f'action="{self.url()}"')
        self.assertContains(r, "从索引中移除此文件？此后的比对不再使用它。")
        self.assertContains(r, ">移除</button>")

    def test_it_removes_and_the_page_shows_the_new_counts(self) -> None:
        c = self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            r = c.post(self.url(), follow=True)
        self.assertRedirects(r, f"/leaks/indexes/{self.index.pk}/")
        self.assertContains(r, "已从索引中移除 工艺规程.txt")
        self.assertNotContains(r, "<td>工艺规程.txt</td>")
        self.assertEqual(r.context["material"].count(), 1)
        self.assertEqual(r.context["index"].documents, 1)

    def test_it_requires_post(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertEqual(r.status_code, 405)
        self.assertTrue(SecretDocument.objects.filter(pk=self.material.pk).exists())

    def test_a_running_build_is_refused_with_a_message(self) -> None:
        Index.objects.filter(pk=self.index.pk).update(status=JobStatus.RUNNING)
        r = self.login(self.alice).post(self.url(), follow=True)
        self.assertContains(r, "索引正在构建，请在构建完成后再移除文件。")
        self.assertTrue(SecretDocument.objects.filter(pk=self.material.pk).exists())

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        self.assertEqual(c.post(self.url()).status_code, 404)
        # Charlie's own index does not open a path to Alice's material either.
        own = services.index_create(actor=self.charlie, organisation=self.org_b, name="B 索引")
        self.assertEqual(c.post(self.url(index_pk=own.pk)).status_code, 404)
        self.assertTrue(SecretDocument.objects.filter(pk=self.material.pk).exists())

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.bob).post(self.url()).status_code, 404)
        self.assertTrue(SecretDocument.objects.filter(pk=self.material.pk).exists())

    def test_material_of_another_index_is_404(self) -> None:
        other = self.built_index({"别的.txt": OTHER_SECRET_TEXT}, name="另一个索引")
        foreign = other.material.get()
        c = self.login(self.alice)
        self.assertEqual(c.post(self.url(pk=foreign.pk)).status_code, 404)
        self.assertTrue(SecretDocument.objects.filter(pk=foreign.pk).exists())

    def test_an_unknown_id_is_404(self) -> None:
        c = self.login(self.alice)
        self.assertEqual(c.post(self.url(pk=999999)).status_code, 404)
        self.assertEqual(c.post(self.url(index_pk=999999)).status_code, 404)
