from baomi.apps.audit.models import AuditEvent
from baomi.apps.registry import services
from baomi.testing import BaseTestCase


class AuditLogTestCase(BaseTestCase):
    def test_admin_sees_reads_and_changes_with_origin(self) -> None:
        c = self.login(self.alice)
        c.get(f"/secrets/{self.secret_a.pk}/")
        r = c.get("/audit/")
        self.assertContains(r, "热误差补偿算法")
        self.assertContains(r, "127.0.0.1")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get("/audit/")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "热误差补偿算法")
        self.assertContains(r, "不育系亲本")

    def test_it_requires_admin(self) -> None:
        self.assertEqual(self.login(self.bob).get("/audit/").status_code, 403)
        self.assertEqual(self.login(self.dave).get("/audit/").status_code, 403)

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get("/audit/").status_code, 404)

    def test_changes_are_shown_readably(self) -> None:
        services.secret_update(actor=self.alice, secret=self.secret_a, level="general")
        r = self.login(self.alice).get("/audit/", {"action": "update"})
        self.assertContains(r, "密级: 核心 → 一般")

    def test_rows_record_actor_and_channel(self) -> None:
        event = AuditEvent.objects.filter(action="create", object_id=str(self.secret_a.pk)).get()
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.channel, "system")
