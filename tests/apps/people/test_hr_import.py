"""HR import: CSV/XLSX rosters, all-or-nothing, row-level errors, the departing watch window."""

import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from baomi.apps.audit.models import AuditEvent
from baomi.apps.people.hr_import import people_import
from baomi.apps.people.models import Person
from baomi.apps.people.testing import PeopleTestCase
from baomi.tabular_import import ImportRejected, parse_date

HEADER = "工号,姓名,部门,岗位,入职日期,提出离职日期,最后工作日,月均工资,邮箱,人员类别\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class HrImportTestCase(PeopleTestCase):
    def run_import(self, name: str, data: bytes, actor=None):  # type: ignore[no-untyped-def]
        return people_import(
            actor=actor or self.alice, organisation=self.org_a, filename=name, data=data
        )

    def test_it_imports_csv_and_opens_watch_windows(self) -> None:
        today = timezone.localdate()
        last = today + dt.timedelta(days=25)
        result = self.run_import(
            "hr.csv",
            csv_bytes(
                f"HR0300,孙立,质检部,质检员,2020/5/6,{today.isoformat()},{last.isoformat()},"
                '"8,600",,普通员工',
                "HR0301,周敏,技术研发部,工艺工程师,2021年3月1日,,,12000,,高级技术人员",
            ),
        )
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.updated, result.departing), (2, 0, 1))
        sun = Person.objects.get(organisation=self.org_a, employee_number="HR0300")
        self.assertEqual(sun.hire_date, dt.date(2020, 5, 6))
        self.assertEqual(sun.watch_start, last - dt.timedelta(days=90))
        self.assertEqual(sun.watch_end, last + dt.timedelta(days=30))
        self.assertTrue(sun.is_departing)
        self.assertEqual(str(sun.average_monthly_wage), "8600.00")
        zhou = Person.objects.get(organisation=self.org_a, employee_number="HR0301")
        self.assertEqual(zhou.role_category, "senior_technical")
        self.assertIsNone(zhou.watch_start)
        self.assertTrue(AuditEvent.objects.filter(action="import", object_type="person").exists())

    def test_resignation_date_alone_opens_the_window(self) -> None:
        resigned = timezone.localdate() - dt.timedelta(days=5)
        result = self.run_import(
            "hr.csv", f"工号,姓名,离职日期\nHR0302,吴军,{resigned.isoformat()}\n".encode()
        )
        self.assertTrue(result.ok)
        person = Person.objects.get(employee_number="HR0302")
        self.assertEqual(person.watch_end, resigned + dt.timedelta(days=30))

    def test_existing_number_updates_and_links_the_account(self) -> None:
        last = timezone.localdate() + dt.timedelta(days=60)
        result = self.run_import(
            "hr.csv",
            f"工号,姓名,最后工作日,邮箱\nHR0002,戴卫国,{last.isoformat()},dave@a.example.cn\n".encode(),
        )
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.updated), (0, 1))
        self.person_dave.refresh_from_db()
        self.assertEqual(self.person_dave.last_working_day, last)
        self.assertEqual(self.person_dave.watch_start, last - dt.timedelta(days=90))

    def test_it_imports_xlsx_with_real_dates(self) -> None:
        data = xlsx_bytes(
            [
                ["工号", "姓名", "入职日期", "最后工作日", "月均工资"],
                ["HR0310", "郑强", dt.datetime(2018, 1, 2), dt.date(2026, 1, 30), 15000.5],
            ]
        )
        result = self.run_import("hr.xlsx", data)
        self.assertTrue(result.ok, result.errors)
        person = Person.objects.get(employee_number="HR0310")
        self.assertEqual(person.hire_date, dt.date(2018, 1, 2))
        self.assertEqual(person.last_working_day, dt.date(2026, 1, 30))
        self.assertEqual(str(person.average_monthly_wage), "15000.50")

    def test_row_errors_are_reported_and_nothing_changes(self) -> None:
        before = Person.objects.count()
        result = self.run_import(
            "hr.csv",
            csv_bytes(
                "HR0400,好行,,,2020-01-01,,,,,",
                "HR0401,,,,2020-13-45,,,abc,nobody@x.cn,老板",
                "HR0402,日期颠倒,,,2024-05-01,2024-04-20,2024-03-01,,,",
                "HR0400,重复,,,,,,,,",
                "HR0403,外企账号,,,,,,,charlie@b.example.cn,",
            ),
        )
        self.assertFalse(result.ok)
        cells = {(e.row, e.column) for e in result.errors}
        self.assertIn((3, "姓名"), cells)
        self.assertIn((3, "入职日期"), cells)
        self.assertIn((3, "月均工资"), cells)
        self.assertIn((3, "邮箱"), cells)
        self.assertIn((3, "人员类别"), cells)
        self.assertIn((4, "最后工作日"), cells)
        self.assertIn((4, "提出离职日期"), cells)  # as the file names it
        self.assertIn((5, "工号"), cells)
        self.assertIn((6, "邮箱"), cells)
        self.assertNotIn(2, {e.row for e in result.errors})
        self.assertEqual(Person.objects.count(), before)
        self.assertEqual(result.created, 0)

    def test_a_database_error_rolls_back_every_row(self) -> None:
        # Bob's account is already linked to HR0007: the second row fails at save time.
        before = Person.objects.count()
        result = self.run_import(
            "hr.csv", "工号,姓名,邮箱\nHR0500,甲,\nHR0501,乙,bob@a.example.cn\n".encode()
        )
        self.assertFalse(result.ok)
        self.assertEqual(result.errors[0].row, 3)
        self.assertEqual(result.errors[0].column, "")  # a whole-row problem, not a cell's
        self.assertIn("已关联", result.errors[0].message)
        self.assertEqual(Person.objects.count(), before)

    def test_malformed_files_are_rejected(self) -> None:
        cases = {
            "bad.xlsx": b"PK\x03\x04 not really a workbook",
            "bin.csv": b"\x00\x01\x02\xff\xfe\x00binary",
            "roster.docx": b"whatever",
            "empty.csv": b"",
            "cols.csv": "部门,岗位\n质检部,质检员\n".encode(),
            "header-only.csv": HEADER.encode(),
            "ragged.csv": "工号,姓名\nHR1,甲,多余,多余\n".encode(),
        }
        for name, data in cases.items():
            with self.assertRaises(ImportRejected, msg=name):
                self.run_import(name, data)

    def test_oversize_file_is_rejected(self) -> None:
        with (
            self.settings(BAOMI_IMPORT_MAX_BYTES=1000),
            self.assertRaises(ImportRejected) as ctx,
        ):
            self.run_import("big.csv", csv_bytes(*[f"HR{i:04d},某人" for i in range(200)]))
        self.assertIn("KB", str(ctx.exception))

    def test_too_many_rows_is_rejected(self) -> None:
        with self.settings(BAOMI_IMPORT_MAX_ROWS=3), self.assertRaises(ImportRejected):
            self.run_import("many.csv", csv_bytes(*[f"HR{i:04d},某人" for i in range(5)]))

    def test_it_requires_rw_access(self) -> None:
        for user in (self.bob, self.dave, self.charlie):
            with self.assertRaises(PermissionDenied):
                self.run_import("hr.csv", csv_bytes("HR0600,某人"), actor=user)

    def test_dates(self) -> None:
        self.assertEqual(parse_date("2026-1-5"), dt.date(2026, 1, 5))
        self.assertEqual(parse_date("2026/01/05 00:00:00"), dt.date(2026, 1, 5))
        self.assertEqual(parse_date("2026年1月5日"), dt.date(2026, 1, 5))
        for bad in ("05/01/2026", "2026-02-30", "明天"):
            with self.assertRaises(ValueError):
                parse_date(bad)


class ImportPageTestCase(PeopleTestCase):
    def test_the_page_shows_row_errors(self) -> None:
        upload = SimpleUploadedFile("hr.csv", csv_bytes("HR0700,,,,2020-99-01,,,,,"))
        r = self.login(self.alice).post("/people/import/", {"file": upload})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "error-rows")
        self.assertContains(r, "2020-99-01")

    def test_the_page_shows_a_rejected_file(self) -> None:
        upload = SimpleUploadedFile("hr.csv", "部门\n质检部\n".encode())
        r = self.login(self.alice).post("/people/import/", {"file": upload})
        self.assertTrue(r.context["form"].errors)

    def test_oversize_upload_is_refused_on_the_page(self) -> None:
        with self.settings(BAOMI_IMPORT_MAX_BYTES=1000):
            upload = SimpleUploadedFile(
                "hr.csv", csv_bytes(*[f"HR{i:04d},某人" for i in range(200)])
            )
            r = self.login(self.alice).post("/people/import/", {"file": upload})
        self.assertTrue(r.context["form"].errors)
        self.assertFalse(Person.objects.filter(employee_number="HR0001").exists())


class ImportTemplateTestCase(PeopleTestCase):
    URL = "/people/import/template.csv"

    def test_the_template_imports_as_it_is(self) -> None:
        r = self.login(self.alice).get(self.URL)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(r.content.startswith("\ufeff工号,姓名".encode()))
        # The example row refers to an account that is not a member: the import says so.
        result = people_import(
            actor=self.alice, organisation=self.org_a, filename="t.csv", data=r.content
        )
        self.assertEqual([(e.row, e.column) for e in result.errors], [(2, "邮箱")])

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.dave).get(self.URL).status_code, 403)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.erin).get(self.URL).status_code, 404)
