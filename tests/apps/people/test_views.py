"""People pages: one TestCase per view; Charlie gets 404 everywhere, Bob may not write."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from baomi.apps.audit.models import AuditEvent
from baomi.apps.people import services
from baomi.apps.people.models import Acknowledgment, Agreement, CompensationPayment, Person
from baomi.apps.people.testing import PeopleTestCase

NEW = {
    "employee_number": "HR0100",
    "name": "李明",
    "department": "模具车间",
    "position": "模具钳工",
    "role_category": "confidential",
    "hire_date": "2022-05-09",
    "resignation_date": "",
    "last_working_day": "",
    "average_monthly_wage": "9800",
    "wage_region": "gd-foshan",
    "minimum_wage_override": "",
}


class PersonListTestCase(PeopleTestCase):
    def test_it_lists_people_with_badges(self) -> None:
        r = self.login(self.alice).get("/people/")
        self.assertContains(r, "王博文")
        self.assertContains(r, "戴卫国")
        self.assertContains(r, 'class="badge departing"')
        self.assertNotContains(r, "湘禾育种员")

    def test_a_person_who_left_recently_is_not_shown_as_about_to_leave(self) -> None:
        today = timezone.localdate()
        r = self.login(self.alice).get("/people/")
        self.assertContains(r, "即将离职</span>")  # 王博文 leaves in 20 days
        self.assertNotContains(r, "已离职·关注期")
        Person.objects.filter(pk=self.person_bob.pk).update(
            last_working_day=today - dt.timedelta(days=10)
        )
        for url in ("/people/", f"/people/{self.person_bob.pk}/"):
            r = self.login(self.alice).get(url)
            self.assertContains(r, "已离职·关注期")
            self.assertNotContains(r, "即将离职</span>")

    def test_it_filters(self) -> None:
        c = self.login(self.alice)
        r = c.get("/people/", {"department": "营销中心"})
        self.assertContains(r, "戴卫国")
        self.assertNotContains(r, "王博文")
        r = c.get("/people/", {"departing": "on"})
        self.assertContains(r, "王博文")
        self.assertNotContains(r, "戴卫国")
        r = c.get("/people/", {"missing": "confidentiality"})
        self.assertContains(r, "戴卫国")
        self.assertNotContains(r, "王博文")

    def test_pages_keep_the_filters(self) -> None:
        for i in range(30):
            services.person_create(
                actor=self.alice,
                organisation=self.org_a,
                name=f"质检员{i}",
                employee_number=f"QC{i:03d}",
                department="质检部",
            )
        r = self.login(self.alice).get("/people/", {"department": "质检部"})
        self.assertContains(r, "department=%E8%B4%A8%E6%A3%80%E9%83%A8&amp;page=2")
        r = self.login(self.alice).get("/people/", {"department": "质检部", "page": "2"})
        self.assertContains(r, "质检员")
        self.assertNotContains(r, "王博文")

    def test_htmx_gets_only_the_table(self) -> None:
        r = self.login(self.alice).get("/people/", {"q": "王"}, HTTP_HX_REQUEST="true")
        self.assertContains(r, "王博文")
        self.assertNotContains(r, "<html")

    def test_secret_owner_reads_the_list(self) -> None:
        r = self.login(self.dave).get("/people/")
        self.assertContains(r, "王博文")
        self.assertNotContains(r, "/people/new/")

    def test_employee_is_sent_to_their_own_record(self) -> None:
        r = self.login(self.bob).get("/people/")
        self.assertRedirects(r, f"/people/{self.person_bob.pk}/")

    def test_employee_without_a_record_gets_an_explanation(self) -> None:
        from baomi.apps.orgs.models import Role

        newcomer = self._member("new@a.example.cn", "New", Role.EMPLOYEE, self.org_a)
        r = self.login(newcomer).get("/people/")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "王博文")
        self.assertTemplateUsed(r, "people/no_record.html")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get("/people/")
        self.assertContains(r, "湘禾育种员")
        self.assertNotContains(r, "王博文")

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get("/people/").status_code, 404)


class PersonDetailTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/"

    def test_it_shows_agreements_findings_and_access(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertContains(r, "王博文")
        self.assertContains(r, "热误差补偿算法")  # Bob's access grant in the registry
        self.assertContains(r, 'class="findings"')
        event = AuditEvent.objects.filter(action="view", object_type="person").get()
        self.assertEqual(event.object_id, str(self.person_bob.pk))

    def test_employee_sees_own_record_without_edit_controls(self) -> None:
        r = self.login(self.bob).get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, f"/people/{self.person_bob.pk}/edit/")
        self.assertContains(r, f"/people/{self.person_bob.pk}/acknowledgments/add/")

    def test_employee_cannot_see_a_colleague(self) -> None:
        r = self.login(self.bob).get(f"/people/{self.person_dave.pk}/")
        self.assertEqual(r.status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get(self.url()).status_code, 404)


class PersonCreateTestCase(PeopleTestCase):
    def test_it_creates_a_person(self) -> None:
        r = self.login(self.alice).post("/people/new/", NEW)
        person = Person.objects.get(organisation=self.org_a, employee_number="HR0100")
        self.assertRedirects(r, f"/people/{person.pk}/")
        self.assertEqual(person.role_category, "confidential")
        self.assertTrue(AuditEvent.objects.filter(action="create", object_type="person").exists())

    def test_duplicate_number_is_a_form_error(self) -> None:
        r = self.login(self.alice).post("/people/new/", {**NEW, "employee_number": "HR0007"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")

    def test_it_requires_rw_access(self) -> None:
        for user in (self.bob, self.dave):
            r = self.login(user).post("/people/new/", NEW)
            self.assertEqual(r.status_code, 403)
        self.assertFalse(Person.objects.filter(employee_number="HR0100").exists())

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post("/people/new/", {**NEW, "user": self.bob.pk})
        self.assertEqual(r.status_code, 200)  # Bob is not a choice in Charlie's enterprise
        self.assertFalse(Person.objects.filter(employee_number="HR0100").exists())

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).post("/people/new/", NEW).status_code, 404)


class PersonEditTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_dave.pk}/edit/"

    def test_a_last_working_day_opens_the_watch_window(self) -> None:
        data = {**NEW, "employee_number": "HR0002", "name": "戴卫国"}
        data["last_working_day"] = "2026-12-31"
        r = self.login(self.alice).post(self.url(), data)
        self.assertRedirects(r, f"/people/{self.person_dave.pk}/")
        self.person_dave.refresh_from_db()
        self.assertEqual(self.person_dave.watch_start, dt.date(2026, 10, 2))
        self.assertEqual(self.person_dave.watch_end, dt.date(2027, 1, 30))

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.dave).post(self.url(), {**NEW, "employee_number": "HR0002"})
        self.assertEqual(r.status_code, 403)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)


class AgreementAddTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_dave.pk}/agreements/add/"

    def data(self, **extra: object) -> dict[str, object]:
        return {
            "agreement-kind": "non_compete",
            "agreement-signed_on": "2024-01-02",
            "agreement-restricted_months": "30",
            "agreement-monthly_compensation": "6000",
            **extra,
        }

    def test_it_adds_an_agreement_with_a_file_and_shows_findings(self) -> None:
        upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 scanned", "application/pdf")
        r = self.login(self.alice).post(
            self.url(), self.data(**{"agreement-file": upload}), HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "30")
        agreement = Agreement.objects.get(person=self.person_dave)
        self.assertTrue(agreement.file.name.endswith(".pdf"))
        self.assertContains(r, 'class="error"')  # 30 months exceeds the legal maximum

    def test_oversize_file_is_refused(self) -> None:
        from baomi.apps.people import services as people_services

        upload = SimpleUploadedFile("big.pdf", b"x" * 2048, "application/pdf")
        old = people_services.AGREEMENT_MAX_BYTES
        people_services.AGREEMENT_MAX_BYTES = 1024
        try:
            r = self.login(self.alice).post(
                self.url(), self.data(**{"agreement-file": upload}), HTTP_HX_REQUEST="true"
            )
        finally:
            people_services.AGREEMENT_MAX_BYTES = old
        self.assertContains(r, "errorlist")
        self.assertFalse(Agreement.objects.filter(person=self.person_dave).exists())

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.dave).post(self.url(), self.data())
        self.assertEqual(r.status_code, 403)

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post(self.url(), self.data())
        self.assertEqual(r.status_code, 404)


class AgreementRemoveTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/agreements/{self.confidentiality.pk}/remove/"

    def test_it_removes(self) -> None:
        r = self.login(self.alice).post(self.url())
        self.assertRedirects(r, f"/people/{self.person_bob.pk}/")
        self.assertFalse(Agreement.objects.filter(pk=self.confidentiality.pk).exists())

    def test_another_persons_agreement_is_404(self) -> None:
        url = f"/people/{self.person_dave.pk}/agreements/{self.confidentiality.pk}/remove/"
        self.assertEqual(self.login(self.alice).post(url).status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.dave).post(self.url()).status_code, 403)
        self.assertTrue(Agreement.objects.filter(pk=self.confidentiality.pk).exists())

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).post(self.url()).status_code, 404)


class PaymentAddTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/agreements/{self.non_compete.pk}/payments/add/"

    DATA = {"payment-month": "2026-02", "payment-amount": "5400", "payment-paid_on": "2026-03-10"}

    def test_it_records_a_payment(self) -> None:
        r = self.login(self.alice).post(self.url(), self.DATA, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        payment = CompensationPayment.objects.get(agreement=self.non_compete)
        self.assertEqual(payment.month, dt.date(2026, 2, 1))

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.dave).post(self.url(), self.DATA).status_code, 403)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).post(self.url(), self.DATA).status_code, 404)


class AgreementFileTestCase(PeopleTestCase):
    def setUp(self) -> None:
        self.agreement = services.agreement_add(
            actor=self.alice,
            person=self.person_bob,
            kind="invention_assignment",
            file=SimpleUploadedFile("inv.pdf", b"%PDF-1.4 invention", "application/pdf"),
        )

    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/agreements/{self.agreement.pk}/file/"

    def test_it_downloads_and_audits(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.4 invention")
        self.assertTrue(AuditEvent.objects.filter(action="download").exists())

    def test_the_employee_may_download_their_own(self) -> None:
        self.assertEqual(self.login(self.bob).get(self.url()).status_code, 200)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)


class DocumentTestCase(PeopleTestCase):
    def url(self, kind: str = "confidentiality") -> str:
        return f"/people/{self.person_bob.pk}/documents/{kind}/"

    def test_html_agreement_is_filled_from_the_records(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertContains(r, "保 密 协 议")
        self.assertContains(r, "华锐精密机械有限公司")
        self.assertContains(r, "王博文")
        self.assertContains(r, "A-001")  # annex: the secrets Bob has access to

    def test_non_compete_pdf_names_the_person_and_the_compensation(self) -> None:
        r = self.login(self.alice).get(self.url("non_compete"), {"format": "pdf"})
        self.assertEqual(r["Content-Type"], "application/pdf")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
        self.assertIn("王博文", text)
        self.assertIn("5,400.00", text)
        self.assertTrue(AuditEvent.objects.filter(action="download", object_type="person").exists())

    def test_confidentiality_pdf_has_the_annex_of_secrets(self) -> None:
        r = self.login(self.alice).get(self.url(), {"format": "pdf"})
        reader = PdfReader(io.BytesIO(r.content))
        self.assertGreaterEqual(len(reader.pages), 2)
        text = "".join(p.extract_text() for p in reader.pages)
        self.assertIn("王博文", text)
        self.assertIn("A-001", text)
        self.assertIn("热误差补偿算法", text)

    def test_unknown_kind_is_404(self) -> None:
        self.assertEqual(self.login(self.alice).get(self.url("other")).status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.bob).get(self.url()).status_code, 403)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)


class AcknowledgmentAddTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/acknowledgments/add/"

    def test_the_employee_acknowledges_the_secrets_they_touch(self) -> None:
        r = self.login(self.bob).post(self.url(), {"ack-kind": "secrets"}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        ack = Acknowledgment.objects.get(person=self.person_bob)
        self.assertEqual([s["code"] for s in ack.secrets], ["A-001"])
        self.assertEqual(ack.method, "online")
        self.assertEqual(ack.recorded_by, self.bob)

    def test_admin_records_a_policy_read_on_paper(self) -> None:
        data = {
            "ack-kind": "policy",
            "ack-policy_title": "保密管理制度（2026版）",
            "ack-method": "paper",
            "ack-acknowledged_on": "2026-01-05",
        }
        self.login(self.alice).post(self.url(), data)
        ack = Acknowledgment.objects.get(person=self.person_bob)
        self.assertEqual(ack.policy_title, "保密管理制度（2026版）")
        self.assertEqual(ack.secrets, [])

    def test_it_requires_rw_access(self) -> None:
        # A secret owner reads but cannot acknowledge for someone else.
        r = self.login(self.dave).post(self.url(), {"ack-kind": "secrets"})
        self.assertEqual(r.status_code, 403)

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post(self.url(), {"ack-kind": "secrets"})
        self.assertEqual(r.status_code, 404)


class OffboardingViewTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/offboarding/"

    CHECKED = {
        "carriers_returned": "on",
        "accounts_revoked": "on",
        "duties_reminded": "on",
        "exit_interview": "on",
        "risk_reviewed": "on",
        "grants_reviewed": "on",
        "returned_items": "笔记本电脑一台、U盘一个",
        "interview_notes": "去向：某同行企业",
        "risk_notes": "",
    }

    def test_the_whole_flow_produces_an_exit_record(self) -> None:
        c = self.login(self.alice)
        self.assertContains(c.get(self.url()), '<form method="post">')
        c.post(self.url())
        offboarding = self.person_bob.offboarding
        self.assertEqual(offboarding.secrets_known[0]["code"], "A-001")
        r = c.post(self.url(), {**self.CHECKED, "action": "complete"})
        self.assertRedirects(r, self.url())
        offboarding.refresh_from_db()
        self.assertEqual(offboarding.status, "completed")
        self.assertEqual(len(offboarding.record_sha256), 64)
        r = c.get(self.url())
        self.assertContains(r, offboarding.record_sha256)
        r = c.get(f"/people/{self.person_bob.pk}/offboarding/record.pdf")
        pdf = b"".join(r.streaming_content)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        self.assertIn("王博文", text)
        self.assertIn("离职审计记录", text)
        self.assertTrue(
            AuditEvent.objects.filter(action="download", object_type="offboarding").exists()
        )

    def test_it_cannot_complete_with_open_items(self) -> None:
        c = self.login(self.alice)
        c.post(self.url())
        data = {**self.CHECKED, "action": "complete"}
        del data["exit_interview"]
        c.post(self.url(), data)
        self.person_bob.offboarding.refresh_from_db()
        self.assertEqual(self.person_bob.offboarding.status, "open")

    def test_secret_owner_reads_but_cannot_change(self) -> None:
        services.offboarding_open(actor=self.alice, person=self.person_bob)
        c = self.login(self.dave)
        self.assertEqual(c.get(self.url()).status_code, 200)
        self.assertEqual(c.post(self.url(), self.CHECKED).status_code, 403)

    def test_it_requires_rw_access(self) -> None:
        c = self.login(self.bob)
        self.assertEqual(c.get(self.url()).status_code, 403)
        self.assertEqual(c.post(self.url()).status_code, 403)

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        self.assertEqual(c.get(self.url()).status_code, 404)
        self.assertEqual(c.post(self.url()).status_code, 404)


class RevokeGrantTestCase(PeopleTestCase):
    def setUp(self) -> None:
        self.offboarding = services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.grant = self.secret_a.grants.get(user=self.bob)

    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/offboarding/grants/{self.grant.pk}/revoke/"

    def test_it_revokes_through_the_registry(self) -> None:
        r = self.login(self.alice).post(self.url(), HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertFalse(self.secret_a.grants.filter(user=self.bob).exists())
        self.offboarding.refresh_from_db()
        self.assertEqual(self.offboarding.grants_revoked[0]["code"], "A-001")
        self.assertTrue(
            AuditEvent.objects.filter(
                object_type="tradesecret", changes__has_key="grant_removed"
            ).exists()
        )

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.dave).post(self.url()).status_code, 403)
        self.assertTrue(self.secret_a.grants.filter(user=self.bob).exists())

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).post(self.url()).status_code, 404)


class ExitRecordTestCase(PeopleTestCase):
    def url(self) -> str:
        return f"/people/{self.person_bob.pk}/offboarding/record.pdf"

    def test_no_record_before_completion(self) -> None:
        services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.assertEqual(self.login(self.alice).get(self.url()).status_code, 404)

    def test_the_employee_cannot_download_it(self) -> None:
        services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.assertEqual(self.login(self.bob).get(self.url()).status_code, 403)

    def test_it_checks_ownership(self) -> None:
        services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)


@override_settings(BAOMI_IMPORT_MAX_BYTES=5 * 1024 * 1024)
class ImportViewTestCase(PeopleTestCase):
    def post(self, user, name: str, data: bytes):  # type: ignore[no-untyped-def]
        return self.login(user).post("/people/import/", {"file": _upload(name, data)})

    def test_it_imports_and_opens_watch_windows(self) -> None:
        last = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
        data = f"工号,姓名,部门,最后工作日\nHR0200,赵磊,质检部,{last}\n".encode()
        r = self.post(self.alice, "hr.csv", data)
        self.assertRedirects(r, "/people/")
        person = Person.objects.get(organisation=self.org_a, employee_number="HR0200")
        self.assertTrue(person.is_departing)
        self.assertContains(self.login(self.alice).get("/people/?departing=on"), "赵磊")

    def test_it_requires_rw_access(self) -> None:
        r = self.post(self.dave, "hr.csv", "工号,姓名\nHR0201,钱多\n".encode())
        self.assertEqual(r.status_code, 403)

    def test_it_checks_ownership(self) -> None:
        r = self.post(self.erin, "hr.csv", "工号,姓名\nHR0201,钱多\n".encode())
        self.assertEqual(r.status_code, 404)
        # Charlie's import lands in his own enterprise and cannot touch Alice's people.
        r = self.post(self.charlie, "hr.csv", "工号,姓名\nHR0007,冒名\n".encode())
        self.assertRedirects(r, "/people/")
        self.person_bob.refresh_from_db()
        self.assertEqual(self.person_bob.name, "王博文")
        self.assertTrue(Person.objects.filter(organisation=self.org_b, name="冒名").exists())


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")
