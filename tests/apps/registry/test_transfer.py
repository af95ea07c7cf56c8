import io

from openpyxl import Workbook, load_workbook

from baomi.apps.audit.models import AuditEvent
from baomi.apps.registry.models import TradeSecret
from baomi.apps.registry.transfer import secrets_export
from baomi.testing import BaseTestCase

HEADER = "编号,名称,类型,密级,状态,描述,责任人邮箱,识别日期,复审日期,估值（元）,密点\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode("utf-8")


class ImportTestCase(BaseTestCase):
    def post(self, name: str, data: bytes, user=None):  # type: ignore[no-untyped-def]
        c = self.login(user or self.alice)
        return c.post("/secrets/import/", {"file": _upload(name, data)})

    def test_it_imports_csv(self) -> None:
        data = csv_bytes(
            'A-010,客户名单,经营秘密,重要,保护中,,dave@a.example.cn,2024-01-05,2026/12/31,"300,000",客户A；客户B',
            "A-011,模具图纸,技术秘密,核心,,,,2024年3月1日,,,",
        )
        r = self.post("secrets.csv", data)
        self.assertRedirects(r, "/secrets/")
        s = TradeSecret.objects.get(organisation=self.org_a, code="A-010")
        self.assertEqual(s.secret_type, "business")
        self.assertEqual(s.owner, self.dave)
        self.assertEqual(list(s.points.values_list("statement", flat=True)), ["客户A", "客户B"])
        self.assertEqual(str(s.value_estimate), "300000.00")
        self.assertTrue(AuditEvent.objects.filter(action="import").exists())

    def test_existing_number_updates(self) -> None:
        r = self.post(
            "s.csv", csv_bytes("A-001,热误差补偿算法（修订）,技术秘密,核心,,,,2024-01-05,,,")
        )
        self.assertRedirects(r, "/secrets/")
        self.secret_a.refresh_from_db()
        self.assertEqual(self.secret_a.title, "热误差补偿算法（修订）")

    def test_row_errors_are_reported_and_nothing_changes(self) -> None:
        data = csv_bytes(
            "A-020,好行,技术秘密,核心,,,,2024-01-05,,,",
            "A-021,坏行,不知道,最高,,,nobody@x.cn,2024-13-45,,abc,",
            "A-020,重复,技术秘密,核心,,,,,,,",
        )
        r = self.post("s.csv", data)
        self.assertEqual(r.status_code, 200)
        errors = r.context["result"].errors
        columns = {(e.row, e.column) for e in errors}
        self.assertIn((3, "类型"), columns)
        self.assertIn((3, "密级"), columns)
        self.assertIn((3, "责任人邮箱"), columns)
        self.assertIn((3, "识别日期"), columns)
        self.assertIn((3, "估值（元）"), columns)
        self.assertIn((4, "编号"), columns)
        self.assertFalse(TradeSecret.objects.filter(code__in=["A-020", "A-021"]).exists())

    def test_malformed_files_give_a_clear_message(self) -> None:
        cases = {
            "bad.xlsx": b"PK\x03\x04 this is not a workbook",
            "bin.csv": b"\x00\x01\x02\xff\xfe\x00binary",
            "notes.docx": b"whatever",
            "empty.csv": b"",
            "cols.csv": "名称,类型\n x,技术秘密\n".encode(),
            "header-only.csv": HEADER.encode(),
        }
        before = TradeSecret.objects.count()
        for name, data in cases.items():
            r = self.post(name, data)
            self.assertEqual(r.status_code, 200, name)
            self.assertTrue(r.context["form"].errors, name)
        self.assertEqual(TradeSecret.objects.count(), before)

    def test_oversize_upload_is_refused(self) -> None:
        with self.settings(BAOMI_IMPORT_MAX_BYTES=1000):
            r = self.post("big.csv", csv_bytes(*["A-1,x,技术秘密,核心,,,,,,," for _ in range(200)]))
        self.assertIn("file", r.context["form"].errors)
        self.assertFalse(TradeSecret.objects.filter(code="A-1").exists())

    def test_it_imports_xlsx(self) -> None:
        wb = Workbook()
        ws = wb.active
        ws.append(["Number", "Title", "Type", "Level", "Secret points"])
        ws.append(["A-030", "Formula", "technical", "core", "ratio 3:2"])
        buf = io.BytesIO()
        wb.save(buf)
        self.post("s.xlsx", buf.getvalue())
        self.assertTrue(TradeSecret.objects.filter(code="A-030", organisation=self.org_a).exists())

    def test_it_requires_admin(self) -> None:
        r = self.post("s.csv", csv_bytes("A-040,x,技术秘密,核心,,,,,,,"), user=self.dave)
        self.assertEqual(r.status_code, 403)

    def test_it_checks_ownership(self) -> None:
        # Charlie imports into his own organisation: never into Alice's.
        self.post("s.csv", csv_bytes("A-001,覆盖,技术秘密,核心,,,,,,,"), user=self.charlie)
        self.secret_a.refresh_from_db()
        self.assertEqual(self.secret_a.title, "热误差补偿算法")
        self.assertTrue(TradeSecret.objects.filter(organisation=self.org_b, code="A-001").exists())


class ExportTestCase(BaseTestCase):
    def test_xlsx_round_trips_through_import(self) -> None:
        data = secrets_export(actor=self.alice, organisation=self.org_a, fmt="xlsx")
        ws = load_workbook(io.BytesIO(data)).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "编号")
        self.assertEqual(rows[1][0], "A-001")
        r = self.login(self.alice).post("/secrets/import/", {"file": _upload("e.xlsx", data)})
        self.assertRedirects(r, "/secrets/")
        self.assertEqual(TradeSecret.objects.filter(organisation=self.org_a).count(), 1)

    def test_csv_export_download(self) -> None:
        r = self.login(self.alice).get("/secrets/export/", {"format": "csv"})
        self.assertEqual(r.status_code, 200)
        body = r.content.decode("utf-8-sig")
        self.assertIn("热误差补偿算法", body)
        self.assertNotIn("不育系亲本", body)

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get("/secrets/export/", {"format": "csv"})
        self.assertNotIn("热误差补偿算法", r.content.decode("utf-8-sig"))

    def test_employee_cannot_export(self) -> None:
        self.assertEqual(self.login(self.bob).get("/secrets/export/").status_code, 403)

    def test_unknown_format_is_404(self) -> None:
        self.assertEqual(self.login(self.alice).get("/secrets/export/?format=pdf").status_code, 404)


def _upload(name: str, data: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
