"""Departure dates from the People app open the departing-user watch window in the ranking,
matched to the activity logs by employee number or e-mail — within one enterprise only."""

from __future__ import annotations

import datetime as dt

from baomi.apps.people import services as people
from baomi.apps.people.models import Person
from baomi.apps.risk import analysis
from baomi.apps.risk.selectors import ranked_user_get
from baomi.apps.risk.testing import RiskTestCase, truth

DEPARTING = "departing_user_exfiltration"


class PeopleWatchWindowTestCase(RiskTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a, fmt="baomi-nohr")
        cls.install_store(cls.org_b, fmt="baomi-nohr")
        planted = next(i for i in truth()["insiders"] if i["scenario"] == DEPARTING)
        cls.subject = planted["user"]
        cls.last_day = dt.date.fromisoformat(planted["last_working_day"])

    def entry(self, organisation=None, user=None):  # type: ignore[no-untyped-def]
        return ranked_user_get(
            user=user or self.alice, organisation=organisation or self.org_a, subject=self.subject
        )

    def add_person(self, **fields: object) -> Person:
        return people.person_create(
            actor=self.alice,
            organisation=self.org_a,
            name="唐某",
            employee_number=self.subject,
            last_working_day=self.last_day,
            **fields,
        )

    def test_without_a_departure_date_the_scenario_is_not_named(self) -> None:
        self.assertNotIn(DEPARTING, self.entry().scenarios)

    def test_a_last_working_day_in_people_opens_the_watch_window(self) -> None:
        person = self.add_person()
        entry = self.entry()
        self.assertIn(DEPARTING, entry.scenarios)
        departing = next(r for r in entry.reasons if r.code == DEPARTING)
        self.assertIn(self.last_day.isoformat(), departing.detail)
        self.assertEqual(entry.person, person)
        r = self.login(self.alice).get(f"/risk/users/{self.subject}/")
        self.assertContains(r, "唐某")
        # Clearing the date takes the watch window away again.
        people.person_update(actor=self.alice, person=person, last_working_day=None)
        self.assertNotIn(DEPARTING, self.entry().scenarios)

    def test_people_are_matched_by_e_mail_too(self) -> None:
        directory = analysis.activity_directory(analysis.store_for(self.org_a))
        email = directory[self.subject]
        self.assertTrue(email)
        from baomi.apps.orgs.services import membership_add, user_create

        account = user_create(email=email, password="x" * 12, name="唐某")
        membership_add(user=account, role="employee", organisation=self.org_a)
        person = people.person_create(
            actor=self.alice,
            organisation=self.org_a,
            name="唐某",
            employee_number="HR-9001",
            user=account,
        )
        self.assertEqual(analysis.match_people(self.org_a, directory)[self.subject], person)

    def test_another_enterprises_people_do_not_count(self) -> None:
        people.person_create(
            actor=self.charlie,
            organisation=self.org_b,
            name="唐某",
            employee_number=self.subject,
            last_working_day=self.last_day,
        )
        self.assertNotIn(DEPARTING, self.entry().scenarios)
        self.assertIsNone(self.entry().person)
        self.assertIn(DEPARTING, self.entry(self.org_b, self.charlie).scenarios)
