"""Non-compete rule checks (Labour Contract Law art. 23–24, SPC Interpretation (I) art. 36–38),
including their boundaries."""

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase
from django.utils import translation

from baomi.apps.people import noncompete as nc
from baomi.apps.people.wages import MINIMUM_WAGES, minimum_wage


def codes(findings: list[nc.Finding]) -> list[str]:
    return [f.code for f in findings]


class AddMonthsTestCase(SimpleTestCase):
    def test_it_clamps_to_the_end_of_a_short_month(self) -> None:
        self.assertEqual(nc.add_months(dt.date(2026, 1, 31), 1), dt.date(2026, 2, 28))
        self.assertEqual(nc.add_months(dt.date(2024, 1, 31), 1), dt.date(2024, 2, 29))

    def test_it_crosses_years(self) -> None:
        self.assertEqual(nc.add_months(dt.date(2026, 11, 15), 24), dt.date(2028, 11, 15))
        self.assertEqual(nc.add_months(dt.date(2026, 12, 1), 1), dt.date(2027, 1, 1))


class RestrictedPeriodTestCase(SimpleTestCase):
    def test_exactly_24_months_is_allowed(self) -> None:
        self.assertEqual(nc.check_restricted_period(24), [])

    def test_25_months_is_an_error(self) -> None:
        findings = nc.check_restricted_period(25)
        self.assertEqual(codes(findings), ["period_too_long"])
        self.assertEqual(findings[0].severity, nc.ERROR)
        self.assertIn("25", findings[0].message)

    def test_missing_period_is_a_warning(self) -> None:
        self.assertEqual(codes(nc.check_restricted_period(None)), ["period_missing"])

    def test_end_date_exactly_24_months_after_leaving_is_allowed(self) -> None:
        left = dt.date(2026, 3, 31)
        self.assertEqual(nc.check_restricted_period(24, left, dt.date(2028, 3, 31)), [])

    def test_end_date_a_day_later_is_an_error(self) -> None:
        left = dt.date(2026, 3, 31)
        findings = nc.check_restricted_period(24, left, dt.date(2028, 4, 1))
        self.assertEqual(codes(findings), ["term_too_long"])


class RoleTestCase(SimpleTestCase):
    def test_applicable_roles_pass(self) -> None:
        for role in ("senior_manager", "senior_technical", "confidential"):
            self.assertEqual(nc.check_role(role), [], role)

    def test_ordinary_staff_get_a_warning(self) -> None:
        findings = nc.check_role("ordinary")
        self.assertEqual(codes(findings), ["role_not_applicable"])
        self.assertEqual(findings[0].severity, nc.WARNING)


class CompensationTestCase(SimpleTestCase):
    def test_missing_compensation_is_an_error(self) -> None:
        for amount in (None, Decimal("0")):
            findings = nc.check_compensation(amount, Decimal("10000"), Decimal("1900"))
            self.assertEqual(codes(findings), ["compensation_missing"])
            self.assertEqual(findings[0].severity, nc.ERROR)
            self.assertIn("30%", findings[0].message)

    def test_exactly_30_percent_is_enough(self) -> None:
        self.assertEqual(nc.check_compensation(Decimal("3000"), Decimal("10000"), None), [])

    def test_a_cent_below_30_percent_warns(self) -> None:
        findings = nc.check_compensation(Decimal("2999.99"), Decimal("10000"), None)
        self.assertEqual(codes(findings), ["compensation_below_wage_share"])
        self.assertIn("3000.00", findings[0].message)

    def test_below_the_minimum_wage_warns_even_above_30_percent(self) -> None:
        findings = nc.check_compensation(Decimal("1800"), Decimal("5000"), Decimal("1900"))
        self.assertEqual(codes(findings), ["compensation_below_minimum"])

    def test_exactly_the_minimum_wage_is_enough(self) -> None:
        self.assertEqual(
            nc.check_compensation(Decimal("1900"), Decimal("5000"), Decimal("1900")), []
        )

    def test_unknown_wage_is_reported_as_info(self) -> None:
        findings = nc.check_compensation(Decimal("4000"), None, Decimal("1900"))
        self.assertEqual(codes(findings), ["wage_unknown"])
        self.assertEqual(findings[0].severity, nc.INFO)

    def test_default_is_the_larger_of_30_percent_and_minimum_wage(self) -> None:
        self.assertEqual(
            nc.default_compensation(Decimal("10000"), Decimal("1900")), Decimal("3000.00")
        )
        self.assertEqual(
            nc.default_compensation(Decimal("5000"), Decimal("1900")), Decimal("1900.00")
        )
        self.assertIsNone(nc.default_compensation(None, None))


class PaymentsTestCase(SimpleTestCase):
    LEFT = dt.date(2026, 1, 31)  # the restriction starts on 1 February

    def test_due_months_are_the_ended_months_after_leaving(self) -> None:
        self.assertEqual(nc.due_months(self.LEFT, 24, dt.date(2026, 4, 30)), [(2026, 2), (2026, 3)])
        self.assertEqual(
            nc.due_months(self.LEFT, 24, dt.date(2026, 5, 1)), [(2026, 2), (2026, 3), (2026, 4)]
        )

    def test_due_months_stop_at_the_end_of_the_period(self) -> None:
        self.assertEqual(nc.due_months(self.LEFT, 2, dt.date(2027, 1, 1)), [(2026, 2), (2026, 3)])

    def test_two_unpaid_months_warn(self) -> None:
        findings = nc.check_payments(self.LEFT, 24, [], dt.date(2026, 4, 30))
        self.assertEqual(codes(findings), ["unpaid"])
        self.assertEqual(findings[0].severity, nc.WARNING)

    def test_exactly_three_unpaid_months_let_the_employee_terminate(self) -> None:
        findings = nc.check_payments(self.LEFT, 24, [], dt.date(2026, 5, 1))
        self.assertEqual(codes(findings), ["unpaid_3_months"])
        self.assertEqual(findings[0].severity, nc.ERROR)
        self.assertIn("2026-02、2026-03、2026-04", findings[0].message)

    def test_paid_months_are_not_reported(self) -> None:
        paid = [(2026, 2), (2026, 3), (2026, 4)]
        self.assertEqual(nc.check_payments(self.LEFT, 24, paid, dt.date(2026, 5, 1)), [])
        findings = nc.check_payments(self.LEFT, 24, paid[:2], dt.date(2026, 5, 1))
        self.assertEqual(codes(findings), ["unpaid"])

    def test_nothing_is_due_before_leaving(self) -> None:
        self.assertEqual(nc.check_payments(dt.date(2026, 6, 30), 12, [], dt.date(2026, 6, 1)), [])
        self.assertEqual(nc.check_payments(None, 12, [], dt.date(2026, 6, 1)), [])


class AllChecksTestCase(SimpleTestCase):
    def test_a_sound_agreement_has_no_finding(self) -> None:
        terms = nc.NonCompeteTerms(
            role_category="senior_technical",
            restricted_months=24,
            monthly_compensation=Decimal("6000"),
            average_monthly_wage=Decimal("20000"),
            minimum_wage=Decimal("1900"),
            departure=dt.date(2026, 1, 31),
            paid_months=frozenset({(2026, 2), (2026, 3)}),
        )
        self.assertEqual(nc.check_non_compete(terms, dt.date(2026, 4, 15)), [])

    def test_errors_come_first(self) -> None:
        terms = nc.NonCompeteTerms(
            role_category="ordinary",
            restricted_months=36,
            monthly_compensation=None,
        )
        findings = nc.check_non_compete(terms, dt.date(2026, 4, 15))
        self.assertEqual(
            codes(findings), ["period_too_long", "compensation_missing", "role_not_applicable"]
        )

    def test_messages_are_chinese_in_the_default_language(self) -> None:
        with translation.override("zh-hans"):
            findings = nc.check_role("ordinary")
        self.assertIn("竞业限制", findings[0].message)


class MinimumWageTableTestCase(SimpleTestCase):
    def test_table_has_the_regions_with_source_years(self) -> None:
        for code in ("gd-foshan", "hn-changsha", "zj-ningbo", "shanghai", "beijing"):
            entry = MINIMUM_WAGES[code]
            self.assertGreater(entry.monthly, Decimal("1000"))
            self.assertGreaterEqual(entry.source_year, 2021)
            self.assertTrue(entry.source)

    def test_override_wins(self) -> None:
        self.assertEqual(minimum_wage("gd-foshan"), MINIMUM_WAGES["gd-foshan"].monthly)
        self.assertEqual(minimum_wage("gd-foshan", Decimal("2080")), Decimal("2080"))
        self.assertIsNone(minimum_wage(""))
