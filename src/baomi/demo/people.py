"""Demo people for an enterprise: employee records, agreements, acknowledgments, one open and
one completed exit audit. Running it again adds nothing twice.

Call after the enterprise's users and trade secrets exist::

    from baomi.demo.people import seed_people
    seed_people(org, users)   # users: {email: User} of the enterprise, as in seed.py

Dates are relative to today so that the departing-user watch window is live in the demo.
All names and figures are fictional.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from baomi.apps.orgs.models import Membership, Organisation, Role, User
from baomi.apps.people import services
from baomi.apps.people.models import Person
from baomi.apps.people.noncompete import due_months
from baomi.apps.people.selectors import person_list, person_secret_access

# Per enterprise (by short name): one dict per person. Dates: ISO text, or an integer number
# of days from today.
PEOPLE: dict[str, list[dict[str, Any]]] = {
    "huarui": [
        {
            "employee_number": "HR-2011-003",
            "name": "陈志强",
            "email": "chen.zhiqiang@huarui.example.cn",
            "department": "总经理办公室",
            "position": "总经理",
            "role_category": "senior_manager",
            "hire_date": "2011-04-01",
            "average_monthly_wage": "42000",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2011-04-01"},
            ],
        },
        {
            "employee_number": "HR-2013-011",
            "name": "梁建华",
            "email": "liang.jianhua@huarui.example.cn",
            "department": "技术研发部",
            "position": "研发总监",
            "role_category": "senior_technical",
            "hire_date": "2013-07-15",
            "average_monthly_wage": "31500",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2013-07-15"},
                {"kind": "invention_assignment", "signed_on": "2013-07-15"},
                {
                    "kind": "non_compete",
                    "signed_on": "2019-01-10",
                    "restricted_months": 24,
                    "monthly_compensation": "9450",
                },
            ],
            "acknowledgments": [
                {"kind": "policy", "policy_title": "华锐保密管理制度（2025年修订）", "on": -200},
                {"kind": "secrets", "on": -30},
            ],
        },
        {
            "employee_number": "HR-2016-027",
            "name": "何美玲",
            "email": "he.meiling@huarui.example.cn",
            "department": "营销中心",
            "position": "营销总监",
            "role_category": "senior_manager",
            "hire_date": "2016-02-22",
            "average_monthly_wage": "28000",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2016-02-22"},
                {
                    "kind": "non_compete",
                    "signed_on": "2016-02-22",
                    "restricted_months": 24,
                    "monthly_compensation": "8400",
                },
            ],
            "acknowledgments": [{"kind": "secrets", "on": -45}],
        },
        {
            "employee_number": "HR-2018-045",
            "name": "黄凯文",
            "email": "huang.kaiwen@huarui.example.cn",
            "department": "技术研发部",
            "position": "电气工程师（热补偿）",
            "role_category": "senior_technical",
            "hire_date": "2018-09-03",
            "resignation_date": -75,
            "last_working_day": -45,
            "average_monthly_wage": "17000",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2018-09-03"},
                {
                    "kind": "non_compete",
                    "signed_on": "2018-09-03",
                    "restricted_months": 24,
                    "monthly_compensation": "5100",
                    "pay_due_months": True,
                },
            ],
            "acknowledgments": [
                {
                    "kind": "policy",
                    "policy_title": "华锐保密管理制度（2025年修订）",
                    "method": "paper",
                    "on": -300,
                }
            ],
            "offboarding": {
                "complete": True,
                "revoke_grants": True,
                "returned_items": "公司笔记本电脑（资产号 HR-NB-0457）一台；加密U盘两个；"
                "热补偿标定记录本一册；门禁卡一张。",
                "interview_notes": "本人称将前往外地从事非机床行业工作；已书面告知竞业限制"
                "义务及每三个月报告就业情况的义务。",
                "risk_notes": "复核期间无U盘拷贝、无个人网盘上传；离职前两周有两次晚间登录"
                "PLM系统，经核实为交接文档整理。",
            },
        },
        {
            "employee_number": "HR-2019-052",
            "name": "卢晓婷",
            "email": "lu.xiaoting@huarui.example.cn",
            "department": "营销中心",
            "position": "大客户经理",
            "role_category": "confidential",
            "hire_date": "2019-05-06",
            "average_monthly_wage": "15800",
            "agreements": [],
        },
        {
            "employee_number": "HR-2020-068",
            "name": "麦国良",
            "email": "mai.guoliang@huarui.example.cn",
            "department": "模具车间",
            "position": "模具钳工",
            "role_category": "ordinary",
            "hire_date": "2020-03-16",
            "resignation_date": -12,
            "last_working_day": 18,
            "average_monthly_wage": "9200",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2020-03-16"},
                {
                    "kind": "non_compete",
                    "signed_on": "2020-03-16",
                    "restricted_months": 24,
                    "monthly_compensation": "1500",
                },
            ],
            "offboarding": {
                "complete": False,
                "carriers_returned": True,
                "returned_items": "模具钳工工具箱一套已交回；HRM-2207 模具镶件样件待清点。",
            },
        },
        {
            "employee_number": "HR-2017-033",
            "name": "罗志鹏",
            "department": "技术研发部",
            "position": "高级工程师（算法）",
            "role_category": "senior_technical",
            "hire_date": "2017-08-01",
            "resignation_date": -265,
            "last_working_day": -235,
            "average_monthly_wage": "16800",
            "agreements": [
                {"kind": "confidentiality", "signed_on": "2017-08-01"},
                {
                    "kind": "non_compete",
                    "signed_on": "2017-08-01",
                    "restricted_months": 24,
                    "monthly_compensation": "4200",
                    "pay_first_months": 4,
                },
            ],
        },
        {
            "employee_number": "HR-2021-074",
            "name": "苏建新",
            "department": "生产部",
            "position": "数控车床操作工",
            "role_category": "ordinary",
            "hire_date": "2021-10-11",
            "average_monthly_wage": "7600",
            "agreements": [],
        },
        {
            "employee_number": "HR-2022-081",
            "name": "周婉清",
            "department": "财务部",
            "position": "成本会计",
            "role_category": "confidential",
            "hire_date": "2022-04-18",
            "average_monthly_wage": "9800",
            "agreements": [{"kind": "confidentiality", "signed_on": "2022-04-18"}],
        },
    ],
}

WAGE_REGIONS = {"huarui": "gd-foshan", "xianghe": "hn-changsha"}


def _date(value: str | int | None) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, int):
        return timezone.localdate() + dt.timedelta(days=value)
    return dt.date.fromisoformat(value)


def _admin(organisation: Organisation, users: dict[str, User]) -> User | None:
    membership = (
        Membership.objects.filter(
            organisation=organisation, role=Role.OWNER_ADMIN, user__in=list(users.values())
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_people(organisation: Organisation, users: dict[str, User]) -> int:
    """Create the demo people of ``organisation`` where missing; returns how many were created."""
    specs = PEOPLE.get(organisation.slug, [])
    admin = _admin(organisation, users)
    if not specs or admin is None:
        return 0
    existing = set(
        person_list(user=admin, organisation=organisation).values_list("employee_number", flat=True)
    )
    created = 0
    for spec in specs:
        if spec["employee_number"] in existing:
            continue
        _person(organisation, admin, users, spec)
        created += 1
    return created


def _person(
    organisation: Organisation, admin: User, users: dict[str, User], spec: dict[str, Any]
) -> Person:
    person = services.person_create(
        actor=admin,
        organisation=organisation,
        user=users.get(spec.get("email", "")),
        name=spec["name"],
        employee_number=spec["employee_number"],
        department=spec.get("department", ""),
        position=spec.get("position", ""),
        role_category=spec["role_category"],
        hire_date=_date(spec.get("hire_date")),
        resignation_date=_date(spec.get("resignation_date")),
        last_working_day=_date(spec.get("last_working_day")),
        average_monthly_wage=Decimal(spec["average_monthly_wage"]),
        wage_region=WAGE_REGIONS.get(organisation.slug, ""),
    )
    for a in spec.get("agreements", []):
        _agreement(admin, person, a)
    for ack in spec.get("acknowledgments", []):
        if ack["kind"] == "secrets" and not person_secret_access(user=admin, person=person):
            continue
        services.acknowledgment_record(
            actor=admin,
            person=person,
            kind=ack["kind"],
            policy_title=ack.get("policy_title", ""),
            method=ack.get("method", "online"),
            acknowledged_on=_date(ack["on"]),
        )
    if (exit_spec := spec.get("offboarding")) is not None:
        _offboarding(admin, person, exit_spec)
    return person


def _agreement(admin: User, person: Person, spec: dict[str, Any]) -> None:
    signed = _date(spec.get("signed_on"))
    departure = person.departure_date
    months = spec.get("restricted_months")
    term_start = signed
    term_end = None
    if spec["kind"] == "non_compete" and departure is not None and months:
        from baomi.apps.people.noncompete import add_months

        term_start = departure + dt.timedelta(days=1)
        term_end = add_months(departure, months)
    compensation = spec.get("monthly_compensation")
    agreement = services.agreement_add(
        actor=admin,
        person=person,
        kind=spec["kind"],
        signed_on=signed,
        term_start=term_start,
        term_end=term_end,
        restricted_months=months,
        monthly_compensation=Decimal(compensation) if compensation else None,
    )
    if departure is None or not compensation:
        return
    due = due_months(departure, months, timezone.localdate())
    paid = due if spec.get("pay_due_months") else due[: spec.get("pay_first_months", 0)]
    for year, month in paid:
        month_day = dt.date(year, month, 1)
        services.payment_add(
            actor=admin,
            agreement=agreement,
            month=month_day,
            amount=Decimal(compensation),
            paid_on=min((month_day + dt.timedelta(days=45)).replace(day=10), timezone.localdate()),
        )


def _offboarding(admin: User, person: Person, spec: dict[str, Any]) -> None:
    offboarding = services.offboarding_open(actor=admin, person=person)
    if spec.get("revoke_grants"):
        for access in person_secret_access(user=admin, person=person):
            if access.grant is not None:
                services.offboarding_revoke_grant(
                    actor=admin, offboarding=offboarding, grant_pk=access.grant.pk
                )
    fields = {k: v for k, v in spec.items() if k not in {"complete", "revoke_grants"}}
    if spec.get("complete"):
        fields.update(
            carriers_returned=True,
            accounts_revoked=True,
            duties_reminded=True,
            exit_interview=True,
            risk_reviewed=True,
            grants_reviewed=True,
        )
    services.offboarding_update(actor=admin, offboarding=offboarding, **fields)
    if spec.get("complete"):
        services.offboarding_complete(actor=admin, offboarding=offboarding)
