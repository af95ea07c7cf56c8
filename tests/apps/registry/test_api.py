import json

from baomi.apps.audit.models import AuditEvent
from baomi.apps.registry.models import TradeSecret
from baomi.testing import PASSWORD, BaseTestCase

NEW = {
    "code": "A-200",
    "title": "导轨刮研工艺",
    "secret_type": "technical",
    "level": "core",
    "points": ["刮研点数 每 25 mm² 不少于 20 点"],
}


class TokenTestCase(BaseTestCase):
    def test_it_issues_a_token(self) -> None:
        r = self.client.post(
            "/api/auth/token",
            json.dumps({"email": "alice@a.example.cn", "password": PASSWORD}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.json()["token"].startswith("bm_"))

    def test_it_rejects_bad_credentials(self) -> None:
        r = self.client.post(
            "/api/auth/token",
            json.dumps({"email": "alice@a.example.cn", "password": "x"}),
            content_type="application/json",
        )
        self.assertEqual(r.status_code, 401)

    def test_endpoints_require_a_token(self) -> None:
        self.assertEqual(self.client.get("/api/secrets").status_code, 401)
        r = self.client.get("/api/secrets", HTTP_AUTHORIZATION="Bearer bm_forged")
        self.assertEqual(r.status_code, 401)

    def test_openapi_docs_are_served(self) -> None:
        self.assertEqual(self.client.get("/api/docs").status_code, 200)
        schema = self.client.get("/api/openapi.json").json()
        self.assertIn("/api/secrets/{secret_id}", schema["paths"])


class SecretsApiTestCase(BaseTestCase):
    def test_list(self) -> None:
        r = self.client.get("/api/secrets", **self.bearer(self.alice))
        self.assertEqual([s["code"] for s in r.json()], ["A-001"])
        self.assertEqual(r.json()[0]["points"], ["第一个密点", "第二个密点"])

    def test_list_checks_ownership(self) -> None:
        r = self.client.get("/api/secrets", **self.bearer(self.charlie))
        self.assertEqual([s["code"] for s in r.json()], ["B-001"])

    def test_org_header_cannot_reach_a_foreign_org(self) -> None:
        r = self.client.get("/api/secrets", HTTP_X_BAOMI_ORG="org-a", **self.bearer(self.charlie))
        self.assertEqual(r.status_code, 404)

    def test_read(self) -> None:
        r = self.client.get(f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.alice))
        self.assertEqual(r.json()["title"], "热误差补偿算法")
        event = AuditEvent.objects.get(action="view", object_id=str(self.secret_a.pk))
        self.assertEqual(event.channel, "api")

    def test_read_checks_ownership(self) -> None:
        r = self.client.get(f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.charlie))
        self.assertEqual(r.status_code, 404)

    def test_create(self) -> None:
        r = self.client.post(
            "/api/secrets",
            json.dumps(NEW),
            content_type="application/json",
            **self.bearer(self.alice),
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(r.json()["points"], NEW["points"])
        self.assertTrue(TradeSecret.objects.filter(organisation=self.org_a, code="A-200").exists())

    def test_create_requires_rw_access(self) -> None:
        r = self.client.post(
            "/api/secrets",
            json.dumps(NEW),
            content_type="application/json",
            **self.bearer(self.bob),
        )
        self.assertEqual(r.status_code, 403)

    def test_create_rejects_bad_input(self) -> None:
        auth = self.bearer(self.alice)
        bad = [
            {**NEW, "level": "top"},
            {**NEW, "code": "A-001"},
            {**NEW, "owner": "charlie@b.example.cn"},
            {"title": "no code"},
        ]
        for payload in bad:
            r = self.client.post(
                "/api/secrets", json.dumps(payload), content_type="application/json", **auth
            )
            self.assertEqual(r.status_code, 422, payload)
        self.assertFalse(TradeSecret.objects.filter(code="A-200").exists())

    def test_patch(self) -> None:
        r = self.client.patch(
            f"/api/secrets/{self.secret_a.pk}",
            json.dumps({"level": "general", "points": ["只剩一个"]}),
            content_type="application/json",
            **self.bearer(self.alice),
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["level"], "general")
        self.assertEqual(r.json()["points"], ["只剩一个"])

    def test_patch_checks_ownership_and_rw(self) -> None:
        for user, status in ((self.charlie, 404), (self.bob, 403)):
            r = self.client.patch(
                f"/api/secrets/{self.secret_a.pk}",
                json.dumps({"title": "x"}),
                content_type="application/json",
                **self.bearer(user),
            )
            self.assertEqual(r.status_code, status)
        self.secret_a.refresh_from_db()
        self.assertEqual(self.secret_a.title, "热误差补偿算法")

    def test_delete(self) -> None:
        r = self.client.delete(f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.alice))
        self.assertEqual(r.status_code, 204)
        self.assertFalse(TradeSecret.objects.filter(pk=self.secret_a.pk).exists())

    def test_delete_checks_ownership_and_rw(self) -> None:
        self.assertEqual(
            self.client.delete(
                f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.charlie)
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.delete(
                f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.dave)
            ).status_code,
            404,  # dave neither owns nor holds a grant: he cannot even see it
        )
        self.assertEqual(
            self.client.delete(
                f"/api/secrets/{self.secret_a.pk}", **self.bearer(self.bob)
            ).status_code,
            403,
        )
        self.assertTrue(TradeSecret.objects.filter(pk=self.secret_a.pk).exists())

    def test_base_operator_gets_404(self) -> None:
        r = self.client.get("/api/secrets", **self.bearer(self.erin))
        self.assertEqual(r.status_code, 404)
