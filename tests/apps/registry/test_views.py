from baomi.apps.audit.models import AuditEvent
from baomi.apps.registry.models import TradeSecret
from baomi.testing import BaseTestCase

NEW = {
    "code": "A-100",
    "title": "主轴轴承预紧工艺",
    "secret_type": "technical",
    "level": "important",
    "status": "active",
    "date_identified": "2025-03-01",
    "review_date": "2027-03-01",
    "value_estimate": "1200000",
    "description": "预紧力与温升的对应关系",
    "points": "预紧力 1.8 kN ± 0.05\n温升控制在 12 ℃ 以内",
}


class SecretListTestCase(BaseTestCase):
    def test_it_lists_own_secrets(self) -> None:
        r = self.login(self.alice).get("/secrets/")
        self.assertContains(r, "热误差补偿算法")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get("/secrets/")
        self.assertNotContains(r, "热误差补偿算法")
        self.assertContains(r, "不育系亲本")

    def test_it_filters_and_searches(self) -> None:
        self.make_secret(
            self.alice, self.org_a, code="A-002", title="客户名单", secret_type="business"
        )
        c = self.login(self.alice)
        r = c.get("/secrets/", {"secret_type": "business"})
        self.assertContains(r, "客户名单")
        self.assertNotContains(r, "热误差补偿算法")
        r = c.get("/secrets/", {"q": "第一个密点"})
        self.assertContains(r, "热误差补偿算法")

    def test_htmx_gets_only_the_table(self) -> None:
        r = self.login(self.alice).get("/secrets/", {"q": "热"}, HTTP_HX_REQUEST="true")
        self.assertContains(r, "热误差补偿算法")
        self.assertNotContains(r, "<html")

    def test_employee_sees_only_granted_secrets(self) -> None:
        self.make_secret(self.alice, self.org_a, code="A-003", title="模具图纸")
        r = self.login(self.bob).get("/secrets/")
        self.assertContains(r, "热误差补偿算法")
        self.assertNotContains(r, "模具图纸")


class SecretDetailTestCase(BaseTestCase):
    def url(self) -> str:
        return f"/secrets/{self.secret_a.pk}/"

    def test_it_shows_points_and_records_the_read(self) -> None:
        r = self.login(self.alice).get(self.url())
        self.assertContains(r, "第一个密点")
        event = AuditEvent.objects.filter(action="view", object_id=str(self.secret_a.pk)).get()
        self.assertEqual(event.actor, self.alice)
        self.assertEqual(event.channel, "web")
        self.assertEqual(event.ip_address, "127.0.0.1")

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).get(self.url())
        self.assertEqual(r.status_code, 404)

    def test_unknown_id_is_404(self) -> None:
        r = self.login(self.alice).get("/secrets/999999/")
        self.assertEqual(r.status_code, 404)

    def test_employee_without_grant_gets_404(self) -> None:
        other = self.make_secret(self.alice, self.org_a, code="A-004", title="报价体系")
        r = self.login(self.bob).get(f"/secrets/{other.pk}/")
        self.assertEqual(r.status_code, 404)

    def test_read_only_member_sees_no_edit_controls(self) -> None:
        r = self.login(self.bob).get(self.url())
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, f"/secrets/{self.secret_a.pk}/edit/")


class SecretCreateTestCase(BaseTestCase):
    def test_it_creates_a_secret_with_points(self) -> None:
        r = self.login(self.alice).post("/secrets/new/", {**NEW, "owner": self.dave.pk})
        secret = TradeSecret.objects.get(organisation=self.org_a, code="A-100")
        self.assertRedirects(r, f"/secrets/{secret.pk}/")
        self.assertEqual(secret.points.count(), 2)
        self.assertEqual(secret.owner, self.dave)
        self.assertTrue(
            AuditEvent.objects.filter(action="create", object_id=str(secret.pk)).exists()
        )

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).post("/secrets/new/", NEW)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(TradeSecret.objects.filter(code="A-100").exists())

    def test_duplicate_number_is_a_form_error(self) -> None:
        r = self.login(self.alice).post("/secrets/new/", {**NEW, "code": "A-001"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")
        self.assertEqual(TradeSecret.objects.filter(code="A-001").count(), 1)

    def test_owner_from_another_org_is_refused(self) -> None:
        r = self.login(self.alice).post("/secrets/new/", {**NEW, "owner": self.charlie.pk})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(TradeSecret.objects.filter(code="A-100").exists())

    def test_base_operator_gets_404(self) -> None:
        r = self.login(self.erin).post("/secrets/new/", NEW)
        self.assertEqual(r.status_code, 404)


class SecretEditTestCase(BaseTestCase):
    def url(self) -> str:
        return f"/secrets/{self.secret_a.pk}/edit/"

    def test_it_updates_and_audits_changes(self) -> None:
        data = {**NEW, "code": "A-001", "title": "热误差补偿算法 v2"}
        r = self.login(self.alice).post(self.url(), data)
        self.assertRedirects(r, f"/secrets/{self.secret_a.pk}/")
        self.secret_a.refresh_from_db()
        self.assertEqual(self.secret_a.title, "热误差补偿算法 v2")
        event = AuditEvent.objects.filter(action="update", object_id=str(self.secret_a.pk)).first()
        assert event is not None
        self.assertIn("title", event.changes)
        self.assertIn("points", event.changes)

    def test_it_checks_ownership(self) -> None:
        r = self.login(self.charlie).post(self.url(), NEW)
        self.assertEqual(r.status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).post(self.url(), NEW)
        self.assertEqual(r.status_code, 403)
        self.secret_a.refresh_from_db()
        self.assertEqual(self.secret_a.title, "热误差补偿算法")


class SecretDeleteTestCase(BaseTestCase):
    def url(self) -> str:
        return f"/secrets/{self.secret_a.pk}/delete/"

    def test_admin_deletes(self) -> None:
        r = self.login(self.alice).post(self.url())
        self.assertRedirects(r, "/secrets/")
        self.assertFalse(TradeSecret.objects.filter(pk=self.secret_a.pk).exists())

    def test_it_checks_ownership(self) -> None:
        self.assertEqual(self.login(self.charlie).post(self.url()).status_code, 404)
        self.assertTrue(TradeSecret.objects.filter(pk=self.secret_a.pk).exists())

    def test_it_requires_rw_access(self) -> None:
        self.assertEqual(self.login(self.bob).post(self.url()).status_code, 403)

    def test_it_requires_post(self) -> None:
        self.assertEqual(self.login(self.alice).get(self.url()).status_code, 405)


class SecretChildrenTestCase(BaseTestCase):
    def test_it_adds_a_carrier_with_htmx(self) -> None:
        r = self.login(self.alice).post(
            f"/secrets/{self.secret_a.pk}/carrier/add/",
            {
                "carrier-kind": "drawing",
                "carrier-name": "主轴装配图",
                "carrier-location": "档案室 A3",
            },
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "主轴装配图")
        self.assertEqual(self.secret_a.carriers.count(), 1)

    def test_it_adds_a_measure_and_a_grant(self) -> None:
        c = self.login(self.alice)
        c.post(
            f"/secrets/{self.secret_a.pk}/measure/add/",
            {"measure-kind": "agreement", "measure-description": "研发人员签署保密协议"},
        )
        c.post(
            f"/secrets/{self.secret_a.pk}/grant/add/",
            {"grant-user": self.dave.pk, "grant-reason": "工艺评审"},
        )
        self.assertEqual(self.secret_a.measures.count(), 1)
        self.assertTrue(self.secret_a.grants.filter(user=self.dave).exists())

    def test_invalid_child_form_shows_errors(self) -> None:
        r = self.login(self.alice).post(
            f"/secrets/{self.secret_a.pk}/measure/add/",
            {"measure-kind": "nonsense", "measure-description": ""},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "errorlist")
        self.assertEqual(self.secret_a.measures.count(), 0)

    def test_it_removes_a_grant(self) -> None:
        grant = self.secret_a.grants.get(user=self.bob)
        self.login(self.alice).post(f"/secrets/{self.secret_a.pk}/grant/{grant.pk}/remove/")
        self.assertFalse(self.secret_a.grants.exists())

    def test_it_checks_ownership(self) -> None:
        grant = self.secret_a.grants.get(user=self.bob)
        c = self.login(self.charlie)
        r = c.post(f"/secrets/{self.secret_a.pk}/grant/{grant.pk}/remove/")
        self.assertEqual(r.status_code, 404)
        r = c.post(
            f"/secrets/{self.secret_a.pk}/carrier/add/",
            {"carrier-kind": "file", "carrier-name": "x"},
        )
        self.assertEqual(r.status_code, 404)
        self.assertTrue(self.secret_a.grants.exists())

    def test_it_does_not_remove_another_secrets_child(self) -> None:
        other = self.make_secret(self.alice, self.org_a, code="A-009", title="其他")
        grant = self.secret_a.grants.get(user=self.bob)
        r = self.login(self.alice).post(f"/secrets/{other.pk}/grant/{grant.pk}/remove/")
        self.assertEqual(r.status_code, 404)

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).post(
            f"/secrets/{self.secret_a.pk}/carrier/add/",
            {"carrier-kind": "file", "carrier-name": "x"},
        )
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.secret_a.carriers.count(), 0)
