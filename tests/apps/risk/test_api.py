"""/api/risk: the ranking and RiskCases, for enterprise administrators only."""

from __future__ import annotations

import json

from baomi.apps.risk.models import RiskCase
from baomi.apps.risk.testing import RiskTestCase, truth


class RiskApiTestCase(RiskTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)
        cls.subject = next(
            i["user"] for i in truth()["insiders"] if i["scenario"] == "personal_mail_exfiltration"
        )

    def post_case(self, user, subject: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/api/risk/cases",
            json.dumps({"user": subject}),
            content_type="application/json",
            **self.bearer(user),
        )

    def test_ranking(self) -> None:
        r = self.client.get("/api/risk/ranking?top=10", **self.bearer(self.alice))
        self.assertEqual(r.status_code, 200)
        rows = r.json()
        self.assertEqual(len(rows), 10)
        self.assertEqual([row["rank"] for row in rows], list(range(1, 11)))
        mine = next(row for row in rows if row["user"] == self.subject)
        self.assertIn("personal_mail_exfiltration", mine["scenarios"])
        self.assertIn("发送至私人邮箱的附件", mine["labels"])
        self.assertEqual(len(mine["window"]), 2)

    def test_ranking_checks_ownership(self) -> None:
        r = self.client.get("/api/risk/ranking", **self.bearer(self.charlie))
        self.assertEqual(r.json(), [])
        r = self.client.get(
            "/api/risk/ranking", HTTP_X_BAOMI_ORG="org-a", **self.bearer(self.charlie)
        )
        self.assertEqual(r.status_code, 404)

    def test_other_roles_get_404(self) -> None:
        for user in (self.bob, self.dave, self.erin, self.frank):
            self.assertEqual(
                self.client.get("/api/risk/ranking", **self.bearer(user)).status_code, 404, user
            )
            self.assertEqual(
                self.client.get("/api/risk/cases", **self.bearer(user)).status_code, 404, user
            )
            self.assertEqual(self.post_case(user, self.subject).status_code, 404, user)
        self.assertFalse(RiskCase.objects.exists())

    def test_open_list_and_read_a_case(self) -> None:
        r = self.post_case(self.alice, self.subject)
        self.assertEqual(r.status_code, 201, r.content)
        case = r.json()
        self.assertEqual((case["user"], case["status"]), (self.subject, "open"))
        self.assertEqual(case["opened_by"], "alice@a.example.cn")
        r = self.client.get("/api/risk/cases", **self.bearer(self.alice))
        self.assertEqual([c["id"] for c in r.json()], [case["id"]])
        r = self.client.get(f"/api/risk/cases/{case['id']}", **self.bearer(self.alice))
        self.assertEqual(r.json()["reasons"], case["reasons"])
        r = self.post_case(self.alice, self.subject)
        self.assertEqual(r.status_code, 422)
        r = self.post_case(self.alice, "NOBODY1")
        self.assertEqual(r.status_code, 404)

    def test_cases_check_ownership(self) -> None:
        case = self.post_case(self.alice, self.subject).json()
        r = self.client.get(f"/api/risk/cases/{case['id']}", **self.bearer(self.charlie))
        self.assertEqual(r.status_code, 404)
        r = self.client.get("/api/risk/cases", **self.bearer(self.charlie))
        self.assertEqual(r.json(), [])
        r = self.post_case(self.charlie, self.subject)
        self.assertEqual(r.status_code, 404)
