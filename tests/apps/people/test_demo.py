"""The demo people: realistic records, one open and one completed exit audit, idempotent."""

from django.test import TestCase

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.people.models import Offboarding, Person
from baomi.apps.people.selectors import agreement_findings, people_stats
from baomi.demo import seed_demo
from baomi.demo.people import PEOPLE, seed_people


class DemoPeopleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        seed_demo()  # calls seed_people for every enterprise

    def test_seed_people(self) -> None:
        org = Organisation.objects.get(slug="huarui")
        users = {u.email: u for u in User.objects.filter(memberships__organisation=org)}
        total = len(PEOPLE["huarui"])
        self.assertEqual(Person.objects.filter(organisation=org).count(), total)
        self.assertEqual(seed_people(org, users), 0)
        statuses = sorted(
            Offboarding.objects.filter(person__organisation=org).values_list("status", flat=True)
        )
        self.assertEqual(statuses, ["completed", "completed", "open", "open"])
        completed = Offboarding.objects.get(
            person__organisation=org, status="completed", person__employee_number="HR-2018-045"
        )
        self.assertEqual(len(completed.record_sha256), 64)
        self.assertTrue(completed.secrets_known)
        admin = users["chen.zhiqiang@huarui.example.cn"]
        stats = people_stats(user=admin, organisation=org)
        self.assertEqual((stats.total, stats.without_confidentiality), (total, 2))
        self.assertGreaterEqual(stats.departing, 1)
        # The departed engineer's unpaid compensation is flagged.
        luo = Person.objects.get(organisation=org, employee_number="HR-2017-033")
        codes = [f.code for a in luo.agreements.all() for f in agreement_findings(a)]
        self.assertIn("unpaid_3_months", codes)

    def test_other_enterprises_get_nobody(self) -> None:
        org = Organisation.objects.get(slug="xianghe")
        users = {u.email: u for u in User.objects.filter(memberships__organisation=org)}
        self.assertEqual(seed_people(org, users), 0)
        self.assertFalse(Person.objects.filter(organisation=org).exists())
