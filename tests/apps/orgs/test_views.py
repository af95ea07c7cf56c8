from django.core.exceptions import ValidationError

from baomi.apps.orgs.models import Organisation
from baomi.apps.orgs.services import membership_add
from baomi.testing import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_logs_in_by_email_case_insensitively(self) -> None:
        r = self.client.post("/login/", {"username": "Alice@A.example.cn", "password": PASSWORD})
        self.assertRedirects(r, "/")
        r = self.client.get("/")
        self.assertContains(r, "华锐精密机械有限公司")

    def test_it_rejects_a_wrong_password(self) -> None:
        r = self.client.post("/login/", {"username": "alice@a.example.cn", "password": "nope"})
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_pages_require_login(self) -> None:
        for url in ("/", "/secrets/", f"/secrets/{self.secret_a.pk}/", "/audit/"):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 302, url)
            self.assertIn("/login/", r["Location"])

    def test_login_page_renders_in_chinese_by_default(self) -> None:
        r = self.client.get("/login/")
        self.assertContains(r, "登录")


class HomeTestCase(BaseTestCase):
    def test_enterprise_dashboard_counts_visible_secrets(self) -> None:
        r = self.login(self.alice).get("/")
        self.assertEqual(r.context["stats"].total, 1)

    def test_base_operator_sees_aggregates_not_content(self) -> None:
        r = self.login(self.erin).get("/")
        self.assertContains(r, "华锐精密机械有限公司")
        self.assertContains(r, "湘禾种业科技有限公司")
        self.assertNotContains(r, "热误差补偿算法")
        self.assertNotContains(r, "不育系亲本")

    def test_base_operator_gets_404_on_registry_pages(self) -> None:
        c = self.login(self.erin)
        self.assertEqual(c.get("/secrets/").status_code, 404)
        self.assertEqual(c.get(f"/secrets/{self.secret_a.pk}/").status_code, 404)


class SwitchTestCase(BaseTestCase):
    def test_it_switches_between_own_memberships(self) -> None:
        membership_add(user=self.alice, role="employee", organisation=self.org_b)
        c = self.login(self.alice)
        r = c.post("/switch/", {"membership": str(self.org_b.pk), "next": "/secrets/"})
        self.assertRedirects(r, "/secrets/")
        r = c.get("/")
        self.assertEqual(r.context["organisation"], self.org_b)

    def test_it_checks_ownership(self) -> None:
        c = self.login(self.charlie)
        r = c.post("/switch/", {"membership": str(self.org_a.pk)})
        self.assertEqual(r.status_code, 404)

    def test_it_refuses_an_offsite_redirect(self) -> None:
        c = self.login(self.alice)
        r = c.post("/switch/", {"membership": str(self.org_a.pk), "next": "https://evil.example/"})
        self.assertRedirects(r, "/", fetch_redirect_response=False)

    def test_organisation_requires_a_valid_credit_code(self) -> None:
        org = Organisation(name="x", slug="x", credit_code="91440606MA4W3K7P2X")
        with self.assertRaises(ValidationError):
            org.full_clean()
