from baomi.apps.audit.models import AuditEvent
from baomi.apps.orgs.models import Membership, User
from baomi.testing import BaseTestCase


class OrganisationPageTestCase(BaseTestCase):
    def test_members_are_listed(self) -> None:
        r = self.login(self.bob).get("/org/")
        self.assertContains(r, "alice@a.example.cn")
        self.assertNotContains(r, "charlie@b.example.cn")

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.login(self.erin).get("/org/").status_code, 404)

    def test_admin_updates_the_profile(self) -> None:
        r = self.login(self.alice).post(
            "/org/",
            {"name": "华锐精密", "industry": "machinery", "region": "佛山", "address": "狮山"},
        )
        self.assertRedirects(r, "/org/")
        self.org_a.refresh_from_db()
        self.assertEqual(self.org_a.address, "狮山")

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.bob).post(
            "/org/", {"name": "x", "industry": "machinery", "region": "", "address": ""}
        )
        self.assertEqual(r.status_code, 403)


class MemberInviteTestCase(BaseTestCase):
    def test_admin_adds_a_new_person(self) -> None:
        r = self.login(self.alice).post(
            "/org/members/add/",
            {
                "email": "New@a.example.cn",
                "name": "新人",
                "role": "employee",
                "password": "long-enough-1",
            },
        )
        self.assertRedirects(r, "/org/")
        user = User.objects.get(email="new@a.example.cn")
        self.assertTrue(user.check_password("long-enough-1"))
        self.assertTrue(Membership.objects.filter(user=user, organisation=self.org_a).exists())
        self.assertTrue(
            AuditEvent.objects.filter(object_type="membership", action="create").exists()
        )

    def test_existing_member_twice_is_an_error(self) -> None:
        r = self.login(self.alice).post(
            "/org/members/add/", {"email": "bob@a.example.cn", "name": "Bob", "role": "employee"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "errorlist")

    def test_base_roles_are_not_offered(self) -> None:
        r = self.login(self.alice).post(
            "/org/members/add/", {"email": "x@a.example.cn", "name": "X", "role": "base_operator"}
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(User.objects.filter(email="x@a.example.cn").exists())

    def test_it_requires_rw_access(self) -> None:
        r = self.login(self.dave).post(
            "/org/members/add/", {"email": "y@a.example.cn", "name": "Y", "role": "employee"}
        )
        self.assertEqual(r.status_code, 403)


class MemberUpdateTestCase(BaseTestCase):
    def membership(self, user: User) -> Membership:
        return Membership.objects.get(user=user, organisation__isnull=False)

    def test_admin_changes_a_role(self) -> None:
        m = self.membership(self.bob)
        self.login(self.alice).post(
            f"/org/members/{m.pk}/", {"role": "secret_owner", "department": "研发"}
        )
        m.refresh_from_db()
        self.assertEqual((m.role, m.department), ("secret_owner", "研发"))

    def test_last_admin_keeps_the_role(self) -> None:
        m = self.membership(self.alice)
        self.login(self.alice).post(f"/org/members/{m.pk}/", {"role": "employee", "department": ""})
        m.refresh_from_db()
        self.assertEqual(m.role, "owner_admin")
        self.login(self.alice).post(f"/org/members/{m.pk}/remove/")
        self.assertTrue(Membership.objects.filter(pk=m.pk).exists())

    def test_it_checks_ownership(self) -> None:
        m = self.membership(self.bob)
        c = self.login(self.charlie)
        self.assertEqual(c.post(f"/org/members/{m.pk}/", {"role": "owner_admin"}).status_code, 404)
        self.assertEqual(c.post(f"/org/members/{m.pk}/remove/").status_code, 404)
        m.refresh_from_db()
        self.assertEqual(m.role, "employee")

    def test_it_requires_rw_access(self) -> None:
        m = self.membership(self.bob)
        r = self.login(self.bob).post(
            f"/org/members/{m.pk}/", {"role": "owner_admin", "department": ""}
        )
        self.assertEqual(r.status_code, 403)

    def test_admin_removes_a_member(self) -> None:
        m = self.membership(self.bob)
        self.login(self.alice).post(f"/org/members/{m.pk}/remove/")
        self.assertFalse(Membership.objects.filter(pk=m.pk).exists())
