"""The test base every app's tests share: two enterprises and a base, with users of each role.

- alice: administrator of org A (Huarui)       - bob: employee of org A, read-only
- dave: secret owner in org A                  - charlie: administrator of org B (Xianghe)
- erin: operator of the service base serving both   - frank: expert at the base
Charlie should have no access to Alice's stuff; Bob may look but not write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client, TestCase
from django.utils import timezone

from baomi.apps.orgs.models import Organisation, Role, ServiceBase, User
from baomi.apps.orgs.services import (
    api_token_issue,
    membership_add,
    organisation_create,
    user_create,
)
from baomi.apps.registry import services as registry
from baomi.apps.registry.models import TradeSecret

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
ORG_A_CODE = "91440606MA4W3K7P2Y"
ORG_B_CODE = "91430100MA4L8Q1D6G"


class BaseTestCase(TestCase):
    base: ServiceBase
    org_a: Organisation
    org_b: Organisation
    alice: User
    bob: User
    charlie: User
    dave: User
    erin: User
    frank: User
    secret_a: TradeSecret
    secret_b: TradeSecret

    @classmethod
    def setUpTestData(cls) -> None:
        cls.base = ServiceBase.objects.create(name="测试基地", region="广东省佛山市")
        cls.org_a = organisation_create(
            name="华锐精密机械有限公司",
            slug="org-a",
            credit_code=ORG_A_CODE,
            industry="machinery",
            region="佛山",
            service_base=cls.base,
        )
        cls.org_b = organisation_create(
            name="湘禾种业科技有限公司",
            slug="org-b",
            credit_code=ORG_B_CODE,
            industry="seed",
            region="长沙",
            service_base=cls.base,
        )
        cls.alice = cls._member("alice@a.example.cn", "Alice", Role.OWNER_ADMIN, cls.org_a)
        cls.bob = cls._member("bob@a.example.cn", "Bob", Role.EMPLOYEE, cls.org_a)
        cls.dave = cls._member("dave@a.example.cn", "Dave", Role.SECRET_OWNER, cls.org_a)
        cls.charlie = cls._member("charlie@b.example.cn", "Charlie", Role.OWNER_ADMIN, cls.org_b)
        cls.erin = user_create(email="erin@base.example.cn", password=PASSWORD, name="Erin")
        membership_add(user=cls.erin, role=Role.BASE_OPERATOR, service_base=cls.base)
        cls.frank = user_create(email="frank@base.example.cn", password=PASSWORD, name="Frank")
        membership_add(user=cls.frank, role=Role.EXPERT, service_base=cls.base)
        cls.secret_a = cls.make_secret(cls.alice, cls.org_a, code="A-001", title="热误差补偿算法")
        registry.grant_add(actor=cls.alice, secret=cls.secret_a, user=cls.bob, reason="研发")
        cls.secret_b = cls.make_secret(cls.charlie, cls.org_b, code="B-001", title="不育系亲本")

    @classmethod
    def _member(cls, email: str, name: str, role: str, org: Organisation) -> User:
        user = user_create(email=email, password=PASSWORD, name=name)
        membership_add(user=user, role=role, organisation=org)
        return user

    @classmethod
    def make_secret(
        cls, actor: User, org: Organisation, *, code: str, title: str, **extra: Any
    ) -> TradeSecret:
        fields: dict[str, Any] = {
            "secret_type": "technical",
            "level": "core",
            "points": ["第一个密点", "第二个密点"],
            "review_date": timezone.localdate() + dt.timedelta(days=400),
        }
        fields.update(extra)
        return registry.secret_create(
            actor=actor, organisation=org, code=code, title=title, **fields
        )

    def login(self, user: User) -> Client:
        self.client.force_login(user)
        return self.client

    def bearer(self, user: User) -> dict[str, str]:
        token = api_token_issue(email=user.email, password=PASSWORD)
        assert token is not None
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
