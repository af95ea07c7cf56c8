"""The dashboard and a user's page: ranked users with reasons in Chinese, a timeline chart,
and nothing for anyone but the enterprise's administrators."""

from __future__ import annotations

from baomi.apps.audit.models import AuditEvent
from baomi.apps.risk.testing import RiskTestCase, truth


def insider(scenario: str) -> dict:  # type: ignore[type-arg]
    return next(i for i in truth()["insiders"] if i["scenario"] == scenario)


class DashboardTestCase(RiskTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)

    def test_it_ranks_every_planted_insider_with_its_scenario(self) -> None:
        r = self.login(self.alice).get("/risk/")
        entries = {e.user: e for e in r.context["page"].paginator.object_list}
        top = [e.user for e in r.context["page"].paginator.object_list][:10]
        for planted in truth()["insiders"]:
            self.assertIn(planted["user"], top)
            self.assertIn(planted["scenario"], entries[planted["user"]].scenarios)
        self.assertContains(r, "离职人员窃取数据")
        self.assertContains(r, "上传至网盘")

    def test_an_empty_store_shows_how_to_start(self) -> None:
        r = self.login(self.charlie).get("/risk/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "导入活动日志")
        self.assertEqual(r.context["users"], 0)

    def test_it_checks_ownership(self) -> None:
        crawler = insider("internal_crawler")["user"]
        r = self.login(self.charlie).get("/risk/")
        self.assertNotContains(r, crawler)

    def test_other_roles_get_404(self) -> None:
        for user in (self.bob, self.dave, self.erin, self.frank):
            self.assertEqual(self.login(user).get("/risk/").status_code, 404, user)

    def test_the_navigation_shows_it_to_admins_only(self) -> None:
        r = self.login(self.alice).get("/secrets/")
        self.assertContains(r, 'href="/risk/"')
        r = self.login(self.dave).get("/secrets/")
        self.assertNotContains(r, 'href="/risk/"')


class UserDetailTestCase(RiskTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)
        cls.subject = insider("departing_user_exfiltration")["user"]

    def url(self, subject: str | None = None) -> str:
        return f"/risk/users/{subject or self.subject}/"

    def test_it_shows_reasons_chart_and_events(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "离职人员窃取数据")
        self.assertContains(r, "<svg")
        self.assertContains(r, "拷贝至U盘的文件")
        self.assertContains(r, "可移动存储")  # a file copied to removable media is listed
        self.assertContains(r, "发起风险案件")

    def test_it_records_the_read(self) -> None:
        self.login(self.alice).get(self.url())
        event = AuditEvent.objects.get(object_type="risk_user")
        self.assertEqual((event.actor, event.changes["user"]), (self.alice, self.subject))

    def test_an_unknown_user_is_404(self) -> None:
        self.assertEqual(self.login(self.alice).get(self.url("NOBODY1")).status_code, 404)

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).get(self.url()).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(object_type="risk_user").exists())

    def test_other_roles_get_404(self) -> None:
        for user in (self.bob, self.dave, self.erin, self.frank):
            self.assertEqual(self.login(user).get(self.url()).status_code, 404, user)


class BrokenStoreTestCase(RiskTestCase):
    def test_an_unreadable_store_is_reported_not_a_500(self) -> None:
        store = self.install_store(self.org_a)
        (store.events_dir / "broken").mkdir()
        (store.events_dir / "broken" / "part-00000.parquet").write_bytes(b"not parquet")
        r = self.login(self.alice).get("/risk/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "无法计算风险排名")
