"""People selectors: who sees whom, filters, access to secrets, findings, dashboard figures."""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from baomi.apps.people import services
from baomi.apps.people.selectors import (
    PersonFilters,
    agreement_findings,
    people_stats,
    person_for_user,
    person_get,
    person_list,
    person_secret_access,
)
from baomi.apps.people.testing import PeopleTestCase
from baomi.apps.registry import services as registry


def numbers(qs) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.employee_number for p in qs]


class VisibilityTestCase(PeopleTestCase):
    def test_admins_and_secret_owners_see_everyone_of_their_enterprise(self) -> None:
        for user in (self.alice, self.dave):
            self.assertEqual(
                numbers(person_list(user=user, organisation=self.org_a)), ["HR0002", "HR0007"]
            )

    def test_an_employee_sees_only_their_own_record(self) -> None:
        self.assertEqual(numbers(person_list(user=self.bob, organisation=self.org_a)), ["HR0007"])
        self.assertEqual(person_for_user(user=self.bob, organisation=self.org_a), self.person_bob)
        with self.assertRaises(Http404):
            person_get(user=self.bob, organisation=self.org_a, pk=self.person_dave.pk)

    def test_other_enterprises_and_bases_see_nothing(self) -> None:
        self.assertEqual(numbers(person_list(user=self.charlie, organisation=self.org_a)), [])
        self.assertEqual(numbers(person_list(user=self.erin, organisation=self.org_a)), [])
        self.assertEqual(numbers(person_list(user=self.alice, organisation=None)), [])
        for user, org in (
            (self.charlie, self.org_b),
            (self.charlie, self.org_a),
            (self.erin, None),
        ):
            with self.assertRaises(Http404):
                person_get(user=user, organisation=org, pk=self.person_bob.pk)

    def test_garbage_ids_are_404(self) -> None:
        for pk in ("x", None, 10**9):
            with self.assertRaises(Http404):
                person_get(user=self.alice, organisation=self.org_a, pk=pk)


class FilterTestCase(PeopleTestCase):
    def test_filters(self) -> None:
        def f(**kw):  # type: ignore[no-untyped-def]
            return numbers(
                person_list(user=self.alice, organisation=self.org_a, filters=PersonFilters(**kw))
            )

        self.assertEqual(f(department="营销中心"), ["HR0002"])
        self.assertEqual(f(query="高级工程师"), ["HR0007"])
        self.assertEqual(f(departing=True), ["HR0007"])
        self.assertEqual(f(missing="confidentiality"), ["HR0002"])
        self.assertEqual(f(missing="non_compete"), ["HR0002"])
        services.person_update(actor=self.alice, person=self.person_dave, role_category="ordinary")
        self.assertEqual(f(missing="non_compete"), [])

    def test_the_departing_window_is_inclusive(self) -> None:
        today = timezone.localdate()
        services.person_update(
            actor=self.alice,
            person=self.person_dave,
            last_working_day=today - dt.timedelta(days=30),
        )
        self.assertTrue(self.person_dave.is_departing)
        services.person_update(
            actor=self.alice,
            person=self.person_dave,
            last_working_day=today - dt.timedelta(days=31),
        )
        self.assertFalse(self.person_dave.is_departing)
        services.person_update(
            actor=self.alice,
            person=self.person_dave,
            last_working_day=today + dt.timedelta(days=90),
        )
        self.assertTrue(self.person_dave.is_departing)


class SecretAccessTestCase(PeopleTestCase):
    def test_owner_grant_and_custodian_are_found(self) -> None:
        other = self.make_secret(
            self.alice, self.org_a, code="A-002", title="主轴装配工艺", owner=self.bob
        )
        registry.carrier_add(
            actor=self.alice, secret=other, kind="file", name="作业指导书", custodian=self.bob
        )
        access = person_secret_access(user=self.alice, person=self.person_bob)
        self.assertEqual(
            [(a.secret.code, a.via) for a in access],
            [("A-001", ["grant"]), ("A-002", ["owner", "custodian"])],
        )

    def test_expired_grants_are_marked(self) -> None:
        grant = self.secret_a.grants.get(user=self.bob)
        grant.valid_until = timezone.localdate() - dt.timedelta(days=1)
        grant.save()
        access = person_secret_access(user=self.alice, person=self.person_bob)
        self.assertEqual(access[0].via, ["expired_grant"])

    def test_the_reader_sees_only_secrets_they_may_see(self) -> None:
        # Dave (secret owner) may not: he neither owns it nor holds a grant.
        self.assertEqual(person_secret_access(user=self.dave, person=self.person_bob), [])

    def test_no_account_no_access(self) -> None:
        self.assertEqual(person_secret_access(user=self.charlie, person=self.person_b), [])


class FindingsAndStatsTestCase(PeopleTestCase):
    def test_findings_use_the_persons_wage_and_region(self) -> None:
        self.assertEqual(agreement_findings(self.non_compete), [])  # 5400 = 30% of 18000
        services.person_update(
            actor=self.alice, person=self.person_bob, average_monthly_wage=Decimal("18001")
        )
        self.non_compete.person.refresh_from_db()
        codes = [f.code for f in agreement_findings(self.non_compete)]
        self.assertEqual(codes, ["compensation_below_wage_share"])

    def test_the_override_replaces_the_regional_minimum_wage(self) -> None:
        services.person_update(
            actor=self.alice, person=self.person_bob, minimum_wage_override=Decimal("6000")
        )
        self.non_compete.person.refresh_from_db()
        codes = [f.code for f in agreement_findings(self.non_compete)]
        self.assertEqual(codes, ["compensation_below_minimum"])

    def test_unpaid_months_after_leaving(self) -> None:
        left = timezone.localdate().replace(day=1) - dt.timedelta(days=100)
        services.person_update(
            actor=self.alice,
            person=self.person_bob,
            resignation_date=left - dt.timedelta(days=30),
            last_working_day=left,
        )
        self.non_compete.person.refresh_from_db()
        self.assertIn("unpaid_3_months", [f.code for f in agreement_findings(self.non_compete)])

    def test_other_kinds_have_no_findings(self) -> None:
        self.assertEqual(agreement_findings(self.confidentiality), [])

    def test_stats(self) -> None:
        stats = people_stats(user=self.alice, organisation=self.org_a)
        self.assertEqual(
            (stats.total, stats.without_confidentiality, stats.departing, stats.open_offboardings),
            (2, 1, 1, 0),
        )
        services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.assertEqual(
            people_stats(user=self.alice, organisation=self.org_a).open_offboardings, 1
        )
        self.assertEqual(people_stats(user=self.charlie, organisation=self.org_a).total, 0)


class WatchWindowTestCase(PeopleTestCase):
    def test_windows_for_the_risk_module(self) -> None:
        from baomi.apps.people.selectors import departing_watch_windows

        windows = departing_watch_windows(organisation=self.org_a)
        self.assertEqual(
            [(w.employee_number, w.email) for w in windows], [("HR0007", "bob@a.example.cn")]
        )
        w = windows[0]
        self.assertEqual(w.end - w.start, dt.timedelta(days=120))
        self.assertEqual(
            departing_watch_windows(organisation=self.org_a, on=w.end + dt.timedelta(days=1)), []
        )
        self.assertEqual(departing_watch_windows(organisation=self.org_b), [])
