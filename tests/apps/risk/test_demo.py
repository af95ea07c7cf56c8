"""The demo: synthetic activity for the machine-tool maker, ranked, with a case on the top."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile

from django.test import TestCase, override_settings

from baomi.apps.orgs.models import Organisation, User
from baomi.apps.people.models import Offboarding, Person
from baomi.apps.risk.models import ActivityImport, CaseStatus, ImportStatus, RiskCase
from baomi.apps.risk.selectors import ranking_get
from baomi.demo import seed_demo
from baomi.demo.activity import activity_start, cast
from baomi.demo.people import PEOPLE
from baomi.demo.risk import seed_risk


class DemoTestCase(TestCase):
    def setUp(self) -> None:
        home = tempfile.mkdtemp(prefix="baomi-risk-demo-")
        overrides = override_settings(BAOMI_HOME=home, MEDIA_ROOT=f"{home}/files")
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)

    def test_the_demo_imports_ranks_and_opens_a_case(self) -> None:
        seed_demo()
        with self.captureOnCommitCallbacks(execute=True):
            summary = seed_risk()
        assert summary is not None
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.DONE)
        self.assertGreater(item.events, 10_000)
        case = RiskCase.objects.get()
        self.assertEqual((case.subject, case.status), (summary["top_user"], CaseStatus.ANNOTATED))
        self.assertTrue(case.scenarios)
        self.assertEqual(case.organisation.slug, "huarui")
        self.assertEqual(seed_risk(), summary)  # idempotent
        self.assertEqual((ActivityImport.objects.count(), RiskCase.objects.count()), (1, 1))

    def test_the_ranked_users_are_the_people_demo_employees(self) -> None:
        seed_demo()
        with self.captureOnCommitCallbacks(execute=True):
            seed_risk()
        org = Organisation.objects.get(slug="huarui")
        admin = User.objects.get(email="chen.zhiqiang@huarui.example.cn")
        entries = ranking_get(user=admin, organisation=org).entries
        self.assertEqual(len(entries), len(cast(PEOPLE["huarui"], activity_start())))
        # Every ranked user is matched (by employee number) to a People record of 华锐.
        unmatched = [e.user for e in entries if e.person is None]
        self.assertEqual(unmatched, [])
        self.assertEqual({e.person.organisation_id for e in entries if e.person}, {org.pk})
        self.assertEqual(
            {e.user for e in entries}, {e.person.employee_number for e in entries if e.person}
        )
        # The top is the departing 大客户经理: left inside the activity, exit audit still open.
        top = entries[0]
        assert top.person is not None
        self.assertEqual((top.person.name, top.person.department), ("卢晓婷", "营销中心"))
        self.assertIn("departing_user_exfiltration", top.scenarios)
        last_day = top.person.last_working_day
        assert last_day is not None and top.person.resignation_date is not None
        self.assertTrue(activity_start() <= last_day < dt.date.today() + dt.timedelta(days=1))
        self.assertLessEqual(top.window_end, last_day + dt.timedelta(days=1))
        self.assertEqual(Offboarding.objects.get(person=top.person).status, "open")
        case = RiskCase.objects.get()
        self.assertEqual(case.person, top.person)
        self.assertIn("卢晓婷", case.notes.get().text)
        # Every other planted scenario is carried by a named employee too.
        carried = {s for e in entries for s in e.scenarios if e.person}
        for scenario in (
            "netdisk_upload",
            "personal_mail_exfiltration",
            "internal_crawler",
            "after_hours_mass_access",
        ):
            self.assertIn(scenario, carried)
        self.assertTrue(Person.objects.filter(organisation=org, employee_number="HR-2017-033"))

    def test_without_the_demo_enterprise_it_does_nothing(self) -> None:
        self.assertIsNone(seed_risk())
