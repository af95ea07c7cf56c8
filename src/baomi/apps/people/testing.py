"""Test base for the people app: BaseTestCase plus employee records in both enterprises.

- person_bob: Bob's record in org A (senior technical staff, leaving in 20 days, with a
  confidentiality agreement and a non-compete)
- person_dave: Dave's record in org A (senior manager, no agreement)
- person_b: a record in org B (Charlie's enterprise)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from baomi.apps.people import services
from baomi.apps.people.models import Agreement, Person
from baomi.testing import BaseTestCase


class PeopleTestCase(BaseTestCase):
    person_bob: Person
    person_dave: Person
    person_b: Person
    confidentiality: Agreement
    non_compete: Agreement

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        cls.person_bob = services.person_create(
            actor=cls.alice,
            organisation=cls.org_a,
            user=cls.bob,
            name="王博文",
            employee_number="HR0007",
            department="技术研发部",
            position="高级工程师",
            role_category="senior_technical",
            hire_date=dt.date(2019, 3, 1),
            resignation_date=today - dt.timedelta(days=10),
            last_working_day=today + dt.timedelta(days=20),
            average_monthly_wage=Decimal("18000"),
            wage_region="gd-foshan",
        )
        cls.person_dave = services.person_create(
            actor=cls.alice,
            organisation=cls.org_a,
            user=cls.dave,
            name="戴卫国",
            employee_number="HR0002",
            department="营销中心",
            position="销售总监",
            role_category="senior_manager",
            hire_date=dt.date(2015, 6, 1),
        )
        cls.person_b = services.person_create(
            actor=cls.charlie,
            organisation=cls.org_b,
            name="湘禾育种员",
            employee_number="XH0001",
            department="育种研究院",
        )
        cls.confidentiality = services.agreement_add(
            actor=cls.alice,
            person=cls.person_bob,
            kind="confidentiality",
            signed_on=dt.date(2019, 3, 1),
            term_start=dt.date(2019, 3, 1),
        )
        cls.non_compete = services.agreement_add(
            actor=cls.alice,
            person=cls.person_bob,
            kind="non_compete",
            signed_on=dt.date(2019, 3, 1),
            restricted_months=24,
            monthly_compensation=Decimal("5400"),
        )
