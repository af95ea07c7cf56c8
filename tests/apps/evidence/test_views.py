import hashlib
import json

from tests.apps.evidence.helpers import MATERIAL, part, register

from baomi.apps.audit.models import AuditEvent
from baomi.apps.evidence.models import Registration
from baomi.testing import BaseTestCase


def form_data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "file",
        "title": "主轴预紧工艺文件",
        "parts": json.dumps([part("预紧工艺.docx", MATERIAL)]),
    }
    data.update(extra)
    return data


class RegistrationListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg_a = register(cls.alice, cls.org_a, secret=cls.secret_a, title="甲方存证")
        cls.reg_b = register(cls.charlie, cls.org_b, secret=cls.secret_b, title="乙方存证")

    def test_it_lists_own_registrations(self) -> None:
        r = self.login(self.alice).get("/evidence/")
        self.assertContains(r, "甲方存证")
        self.assertContains(r, "/evidence/new/")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get("/evidence/")
        self.assertNotContains(r, "甲方存证")
        self.assertContains(r, "乙方存证")

    def test_read_only_member_sees_no_register_button(self) -> None:
        r = self.login(self.bob).get("/evidence/")
        self.assertContains(r, "甲方存证")
        self.assertNotContains(r, "/evidence/new/")

    def test_base_operator_gets_404(self) -> None:
        r = self.login(self.erin).get("/evidence/")
        self.assertEqual(r.status_code, 404)

    def test_it_searches(self) -> None:
        register(self.alice, self.org_a, title="另一项")
        r = self.login(self.alice).get("/evidence/", {"q": "甲方"})
        self.assertContains(r, "甲方存证")
        self.assertNotContains(r, "另一项")


class RegistrationCreateTestCase(BaseTestCase):
    url = "/evidence/new/"

    def test_page_has_no_named_file_input(self) -> None:
        r = self.login(self.alice).get(self.url)
        self.assertContains(r, "webkitdirectory")
        self.assertContains(r, "evidence/evidence.js")
        self.assertNotContains(r, 'enctype="multipart/form-data"')
        self.assertNotRegex(r.content.decode(), r'<input type="file"[^>]*name=')

    def test_it_registers_digests(self) -> None:
        r = self.login(self.alice).post(self.url, form_data(secret=self.secret_a.pk))
        reg = Registration.objects.get(title="主轴预紧工艺文件")
        self.assertRedirects(r, f"/evidence/{reg.pk}/")
        self.assertEqual(reg.secret, self.secret_a)
        self.assertEqual(reg.parts[0]["sha256"], hashlib.sha256(MATERIAL).hexdigest())
        self.assertEqual(reg.registered_by, self.alice)
        self.assertTrue(AuditEvent.objects.filter(action="create", object_id=str(reg.pk)).exists())

    def test_it_prefills_the_secret(self) -> None:
        r = self.login(self.alice).get(self.url, {"secret": self.secret_a.pk})
        self.assertContains(r, f'<option value="{self.secret_a.pk}" selected>')

    def test_it_requires_rw_access(self) -> None:
        c = self.login(self.bob)
        self.assertEqual(c.get(self.url).status_code, 403)
        self.assertEqual(c.post(self.url, form_data()).status_code, 403)
        self.assertFalse(Registration.objects.exists())

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        r = c.get(self.url, {"secret": self.secret_a.pk})
        self.assertEqual(r.status_code, 404)
        r = c.post(self.url, form_data(secret=self.secret_a.pk))
        self.assertEqual(r.status_code, 200)  # not a choice for charlie: a form error
        self.assertFalse(Registration.objects.exists())

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get(self.url).status_code, 404)

    def test_bad_input_is_a_form_error(self) -> None:
        c = self.login(self.alice)
        bad = [
            form_data(parts=""),
            form_data(parts="not json"),
            form_data(parts=json.dumps({"name": "x"})),
            form_data(parts=json.dumps([{"name": "a", "sha256": "zz" * 32}])),
            form_data(parts=json.dumps([{"name": "a", "sha256": "ab" * 20}])),
            form_data(parts=json.dumps([part("a", b"1"), part("b", b"2")])),
            form_data(title="", secret=""),
            form_data(kind="table"),
        ]
        for data in bad:
            r = c.post(self.url, data)
            self.assertEqual(r.status_code, 200, data)
            self.assertContains(r, "errorlist")
        with self.settings(BAOMI_EVIDENCE_MAX_PARTS=2):
            parts = [part(f"f{i}", bytes([i])) for i in range(3)]
            r = c.post(self.url, form_data(kind="folder", parts=json.dumps(parts)))
            self.assertContains(r, "errorlist")
        self.assertFalse(Registration.objects.exists())

    def test_folder_of_parts(self) -> None:
        parts = [part("a/1.txt", b"one"), part("b.txt", b"two")]
        self.login(self.alice).post(self.url, form_data(kind="folder", parts=json.dumps(parts)))
        reg = Registration.objects.get()
        self.assertEqual(reg.parts_count, 2)
        self.assertEqual(reg.kind, "folder")


class RegistrationDetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg = register(cls.alice, cls.org_a, secret=cls.secret_a)

    def url(self, suffix: str = "") -> str:
        return f"/evidence/{self.reg.pk}/{suffix}"

    def test_it_shows_the_registration_and_records_the_read(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertContains(r, self.reg.commitment)
        self.assertContains(r, "model.txt")
        self.assertContains(r, self.url("receipt.json"))
        self.assertTrue(
            AuditEvent.objects.filter(action="view", object_type="registration").exists()
        )

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        for suffix in ("", "receipt.json", "receipt-redacted.json", "certificate.pdf"):
            self.assertEqual(c.get(self.url(suffix)).status_code, 404, suffix)

    def test_employee_without_access_gets_404(self) -> None:
        other = self.make_secret(self.alice, self.org_a, code="A-030", title="配方")
        reg = register(self.alice, self.org_a, secret=other)
        c = self.login(self.bob)
        for suffix in ("", "receipt-redacted.json", "certificate.pdf"):
            self.assertEqual(c.get(f"/evidence/{reg.pk}/{suffix}").status_code, 404, suffix)

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get(self.url()).status_code, 404)

    def test_read_only_member_sees_it_but_not_the_full_receipt(self) -> None:
        c = self.login(self.bob)
        r = c.get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, self.url("receipt.json"))
        self.assertEqual(c.get(self.url("receipt.json")).status_code, 403)
        r = c.get(self.url("receipt-redacted.json"))
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("disclosure", json.loads(r.content))

    def test_full_receipt_download_is_audited(self) -> None:
        r = self.login(self.alice).get(self.url("receipt.json"))
        self.assertEqual(r.status_code, 200)
        self.assertIn("attachment", r["Content-Disposition"])
        body = json.loads(r.content)
        self.assertEqual(body, self.reg.receipt)
        event = AuditEvent.objects.get(action="download")
        self.assertEqual(event.changes["file"], "receipt (full disclosure)")

    def test_certificate_download(self) -> None:
        r = self.login(self.bob).get(self.url("certificate.pdf"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        self.assertEqual(
            AuditEvent.objects.get(action="download").changes["file"], "certificate (PDF)"
        )


class SecretRegistrationsIncludeTestCase(BaseTestCase):
    def test_the_include_lists_visible_registrations(self) -> None:
        from django.template import Context, Template
        from django.test import RequestFactory

        reg = register(self.alice, self.org_a, secret=self.secret_a, title="可见的存证")
        request = RequestFactory().get("/")
        template = Template("{% load evidence_tags %}{% secret_registrations secret %}")
        for user, seen, can in (
            (self.alice, True, True),
            (self.bob, True, False),
            (self.charlie, False, False),
        ):
            request.user = user
            html = template.render(Context({"request": request, "secret": self.secret_a}))
            self.assertEqual("可见的存证" in html, seen, user)
            self.assertEqual(f"/evidence/{reg.pk}/" in html, seen, user)
            self.assertEqual("/evidence/new/?secret=" in html, can, user)


class AnonymousTestCase(BaseTestCase):
    def test_enterprise_pages_need_a_login(self) -> None:
        reg = register(self.alice, self.org_a)
        base = f"/evidence/{reg.pk}/"
        for url in (
            "/evidence/",
            "/evidence/new/",
            base,
            base + "receipt.json",
            base + "certificate.pdf",
        ):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 302, url)
            self.assertTrue(r["Location"].startswith("/login/"), url)


class LedgerUnavailableTestCase(BaseTestCase):
    def test_a_broken_ledger_is_a_clear_error_not_a_500(self) -> None:
        from unittest import mock

        from baomi.ledger.log import LedgerError

        with mock.patch(
            "baomi.apps.evidence.log_access.Ledger.register", side_effect=LedgerError("disk full")
        ):
            r = self.login(self.alice).post("/evidence/new/", form_data())
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "disk full")
        self.assertFalse(Registration.objects.exists())
