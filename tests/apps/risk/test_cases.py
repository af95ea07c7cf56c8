"""RiskCases: an administrator opens one on a ranked user, annotates, closes or escalates."""

from __future__ import annotations

from baomi.apps.audit.models import AuditEvent
from baomi.apps.risk.models import CaseStatus, RiskCase
from baomi.apps.risk.testing import RiskTestCase, truth


def planted(scenario: str) -> str:
    return next(i["user"] for i in truth()["insiders"] if i["scenario"] == scenario)


class CaseTestCase(RiskTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)
        cls.subject = planted("netdisk_upload")

    def open_case(self, subject: str | None = None) -> RiskCase:
        r = self.login(self.alice).post("/risk/cases/new/", {"subject": subject or self.subject})
        case = RiskCase.objects.get(subject=subject or self.subject, status=CaseStatus.OPEN)
        self.assertRedirects(r, f"/risk/cases/{case.pk}/")
        return case


class CaseOpenTestCase(CaseTestCase):
    def test_it_opens_a_case_with_the_reasons_of_now(self) -> None:
        case = self.open_case()
        self.assertEqual(case.organisation, self.org_a)
        self.assertEqual(case.opened_by, self.alice)
        self.assertIn("netdisk_upload", case.scenarios)
        self.assertTrue(any(r.startswith("netdisk_upload:") for r in case.reasons))
        self.assertGreater(case.score, 0.5)
        self.assertTrue(AuditEvent.objects.filter(action="create", object_type="riskcase").exists())
        r = self.client.get(f"/risk/users/{self.subject}/")
        self.assertContains(r, f"/risk/cases/{case.pk}/")

    def test_a_second_open_case_for_the_same_user_is_refused(self) -> None:
        self.open_case()
        r = self.client.post("/risk/cases/new/", {"subject": self.subject}, follow=True)
        self.assertContains(r, "已有未结的风险案件")
        self.assertEqual(RiskCase.objects.count(), 1)

    def test_an_unranked_user_is_404(self) -> None:
        r = self.login(self.alice).post("/risk/cases/new/", {"subject": "NOBODY1"})
        self.assertEqual(r.status_code, 404)

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post("/risk/cases/new/", {"subject": self.subject})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(RiskCase.objects.exists())

    def test_other_roles_get_404(self) -> None:
        for user in (self.bob, self.dave, self.erin):
            r = self.login(user).post("/risk/cases/new/", {"subject": self.subject})
            self.assertEqual(r.status_code, 404, user)
        self.assertFalse(RiskCase.objects.exists())


class CaseFlowTestCase(CaseTestCase):
    def test_annotate_then_close(self) -> None:
        case = self.open_case()
        url = f"/risk/cases/{case.pk}/"
        r = self.client.post(url + "annotate/", {"text": "已约谈，本人称上传的是市场资料"})
        self.assertRedirects(r, url)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.ANNOTATED)
        self.assertEqual(case.notes.get().author, self.alice)
        r = self.client.post(url + "close/", {"text": "核实为误报"})
        self.assertRedirects(r, url)
        case.refresh_from_db()
        self.assertEqual((case.status, case.closed_by), (CaseStatus.CLOSED, self.alice))
        self.assertIsNotNone(case.closed_at)
        self.assertEqual(case.notes.count(), 2)
        r = self.client.get(url)
        self.assertContains(r, "核实为误报")
        self.assertNotContains(r, url + "annotate/")
        # A closed case takes no more notes, and a new case may be opened on the user.
        r = self.client.post(url + "annotate/", {"text": "再补一句"})
        self.assertContains(r, "不再处于未结状态")
        self.assertEqual(case.notes.count(), 2)
        self.open_case()
        records = AuditEvent.objects.filter(object_type="riskcase", object_id=str(case.pk))
        self.assertEqual(records.exclude(action="view").count(), 3)
        self.assertTrue(records.filter(action="view", actor=self.alice).exists())

    def test_escalate(self) -> None:
        case = self.open_case()
        url = f"/risk/cases/{case.pk}/"
        r = self.client.post(url + "escalate/", {"target": "", "text": ""})
        self.assertEqual(r.status_code, 200)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.OPEN)
        r = self.client.post(url + "escalate/", {"target": "法务部 / 佛山基地", "text": "涉嫌泄露"})
        self.assertRedirects(r, url)
        case.refresh_from_db()
        self.assertEqual(
            (case.status, case.escalated_to), (CaseStatus.ESCALATED, "法务部 / 佛山基地")
        )
        self.assertIsNotNone(case.escalated_at)
        r = self.client.get("/risk/cases/?status=escalated")
        self.assertContains(r, f"#{case.pk}")
        r = self.client.get("/risk/cases/?status=open")
        self.assertNotContains(r, f"#{case.pk}<")

    def test_an_empty_note_is_refused(self) -> None:
        case = self.open_case()
        r = self.client.post(f"/risk/cases/{case.pk}/annotate/", {"text": "  "})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(case.notes.exists())

    def test_an_unknown_action_is_404(self) -> None:
        case = self.open_case()
        r = self.client.post(f"/risk/cases/{case.pk}/delete/", {})
        self.assertEqual(r.status_code, 404)

    def test_it_checks_ownership(self) -> None:
        case = self.open_case()
        c = self.login(self.charlie)
        self.assertEqual(c.get(f"/risk/cases/{case.pk}/").status_code, 404)
        self.assertNotContains(c.get("/risk/cases/"), self.subject)
        for action in ("annotate", "close", "escalate"):
            r = c.post(f"/risk/cases/{case.pk}/{action}/", {"text": "x", "target": "y"})
            self.assertEqual(r.status_code, 404, action)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.OPEN)

    def test_other_roles_get_404(self) -> None:
        case = self.open_case()
        for user in (self.bob, self.dave, self.erin, self.frank):
            c = self.login(user)
            self.assertEqual(c.get("/risk/cases/").status_code, 404, user)
            self.assertEqual(c.get(f"/risk/cases/{case.pk}/").status_code, 404, user)
            r = c.post(f"/risk/cases/{case.pk}/close/", {"text": "x"})
            self.assertEqual(r.status_code, 404, user)
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.OPEN)
