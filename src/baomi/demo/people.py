"""Demo people for an enterprise: employee records, agreements, acknowledgments, one open and
one completed exit audit. Running it again adds nothing twice.

Call after the enterprise's users and trade secrets exist::

    from baomi.demo.people import seed_people
    seed_people(org, users)   # users: {email: User} of the enterprise, as in seed.py

Dates are relative to today so that the departing-user watch window is live in the demo.
华锐's employees are also the users of the insider-risk demo's activity: their job family
(``"family"``) casts them, and the dates of new hires and leavers come from that activity
(:mod:`baomi.demo.activity`). All names and figures are fictional.
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
from baomi.demo.activity import activity_dates, activity_start

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
            "family": "经理",
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
            "family": "高级工程师",
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
            "family": "销售",
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
            "family": "工程师",  # an ordinary leaver of the activity: dates from there
            "hire_date": "2018-09-03",
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
            # Carries the departing-user exfiltration of the activity: dates from there.
            "family": "销售",
            "hire_date": "2019-05-06",
            "average_monthly_wage": "15800",
            "agreements": [],
            "offboarding": {
                "complete": False,
                "accounts_revoked": True,
                "duties_reminded": True,
                "exit_interview": True,
                "returned_items": "公司笔记本电脑（资产号 HR-NB-0512）已交回；客户拜访记录本、"
                "华东区客户报价汇总（纸质）未交回。",
                "interview_notes": "本人称离职后暂不工作，未透露新单位；已口头告知商业秘密"
                "保密义务。入职时未签订保密协议。",
                "risk_notes": "待复核离职前的U盘拷贝和外发记录（见内部风险排名），复核前暂不结案。",
            },
        },
        {
            "employee_number": "HR-2020-068",
            "name": "麦国良",
            "email": "mai.guoliang@huarui.example.cn",
            "department": "模具车间",
            "position": "模具钳工",
            "role_category": "ordinary",
            "family": "技术员",
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
            "email": "su.jianxin@huarui.example.cn",
            "department": "生产部",
            "position": "数控车床操作工",
            "role_category": "ordinary",
            "family": "技术员",
            "hire_date": "2021-10-11",
            "average_monthly_wage": "7600",
            "agreements": [],
        },
        {
            "employee_number": "HR-2022-081",
            "name": "周婉清",
            "email": "zhou.wanqing@huarui.example.cn",
            "department": "财务部",
            "position": "成本会计",
            "role_category": "confidential",
            "family": "会计",
            "hire_date": "2022-04-18",
            "average_monthly_wage": "9800",
            "agreements": [{"kind": "confidentiality", "signed_on": "2022-04-18"}],
        },
    ],
}

# The rest of 华锐's staff, so that the insider-risk demo's activity users are all employees
# (see baomi.demo.activity). One per line: employee number, name, e-mail (before the @),
# department, position, role category (M: senior manager, T: senior technical staff, C: other
# staff with a confidentiality duty, O: ordinary), job family (the activity's role), hire date
# ("-": a new hire of the activity, dated from there), average monthly wage, agreements (c:
# confidentiality, i: invention assignment, n: non-compete).
STAFF = """
HR-2012-007 吴国栋 wu.guodong 生产部 生产部经理 M 经理 2012-02-20 21500 cn
HR-2026-104 邱永明 qiu.yongming 生产部 生产部副经理 M 经理 - 19000 cn
HR-2014-015 叶振华 ye.zhenhua 技术研发部 主任工程师（数控系统） T 高级工程师 2014-06-09 26000 cin
HR-2015-019 曾庆元 zeng.qingyuan 工艺部 主任工艺师 T 高级工程师 2015-03-02 24500 cin
HR-2016-024 林晓东 lin.xiaodong 技术研发部 机械设计工程师 T 工程师 2016-01-11 16500 ci
HR-2017-036 潘文杰 pan.wenjie 技术研发部 电气工程师 T 工程师 2017-09-18 15200 ci
HR-2018-042 袁志军 yuan.zhijun 工艺部 工艺工程师 T 工程师 2018-04-16 13600 ci
HR-2019-055 彭宇航 peng.yuhang 技术研发部 软件工程师（数控系统） T 工程师 2019-07-01 17800 ci
HR-2020-063 冯振宇 feng.zhenyu 技术研发部 机械设计工程师 T 工程师 2020-07-06 14800 ci
HR-2020-066 杜明辉 du.minghui 工艺部 工艺工程师（热处理） T 工程师 2020-08-24 12800 ci
HR-2021-077 邓子豪 deng.zihao 工艺部 工艺工程师 T 工程师 2021-07-12 13200 ci
HR-2021-079 蔡思远 cai.siyuan 技术研发部 测试工程师 C 工程师 2021-09-06 11500 c
HR-2022-083 程立伟 cheng.liwei 技术研发部 结构仿真工程师 T 工程师 2022-03-14 14200 ci
HR-2026-101 许嘉豪 xu.jiahao 技术研发部 软件工程师（数控系统） T 工程师 - 15500 ci
HR-2026-102 宋雨桐 song.yutong 技术研发部 机械设计工程师 T 工程师 - 12000 ci
HR-2017-031 郭子健 guo.zijian 营销中心 区域销售经理（华东） C 销售 2017-03-20 16800 c
HR-2018-048 唐志刚 tang.zhigang 营销中心 区域销售经理（华南） C 销售 2018-11-05 15900 c
HR-2020-061 姚佳欣 yao.jiaxin 营销中心 销售工程师 C 销售 2020-05-11 11800 c
HR-2019-050 韩雪 han.xue 市场部 市场专员 O 市场专员 2019-03-04 9200 c
HR-2021-072 沈佳琪 shen.jiaqi 市场部 品牌推广专员 O 市场专员 2021-04-19 8800 c
HR-2023-090 魏天宇 wei.tianyu 市场部 展会策划专员 O 市场专员 2023-02-27 8600 c
HR-2026-103 秦梦瑶 qin.mengyao 市场部 新媒体运营专员 O 市场专员 - 8200 c
HR-2015-021 钟伟 zhong.wei 生产部 装配钳工 O 技术员 2015-05-18 8600 c
HR-2016-029 贺建军 he.jianjun 质量管理部 质检员 O 技术员 2016-06-27 8200 c
HR-2019-058 谢海涛 xie.haitao 生产部 数控编程员 C 技术员 2019-08-12 10500 c
HR-2020-070 范小龙 fan.xiaolong 生产部 加工中心操作工 O 技术员 2020-10-19 8400 c
HR-2022-085 江涛 jiang.tao 生产部 电气装配技术员 O 技术员 2022-07-04 8100 c
HR-2026-105 汪鹏 wang.peng 生产部 数控车床操作工 O 技术员 - 7200 c
HR-2014-017 郑丽萍 zheng.liping 财务部 总账会计 C 会计 2014-09-01 12500 c
HR-2021-075 白雪梅 bai.xuemei 财务部 出纳 C 会计 2021-06-07 7800 c
HR-2017-038 任婷婷 ren.tingting 人事行政部 薪酬专员 C 人事专员 2017-11-13 9500 c
HR-2020-064 孔令华 kong.linghua 人事行政部 行政专员 O 人事专员 2020-07-20 7600 c
HR-2022-086 蒋丽娜 jiang.lina 人事行政部 人事专员 C 人事专员 2022-08-15 8200 c
HR-2023-092 陆晓雯 lu.xiaowen 人事行政部 招聘专员 O 人事专员 2023-05-08 7900 c
HR-2016-026 邹建平 zou.jianping 采购部 采购主管 C 采购 2016-04-05 13500 c
HR-2019-057 熊伟 xiong.wei 采购部 采购工程师 C 采购 2019-08-05 10800 c
HR-2022-088 金凤 jin.feng 采购部 采购员 O 采购 2022-10-10 7400 c
HR-2026-106 侯俊杰 hou.junjie 采购部 采购员 O 采购 - 7000 c
HR-2015-022 廖志勇 liao.zhiyong 信息技术部 信息化主管 C IT管理员 2015-07-06 16200 c
HR-2020-069 邱晨 qiu.chen 信息技术部 网络管理员 C IT管理员 2020-09-14 10200 c
HR-2021-080 段思成 duan.sicheng 信息技术部 系统管理员（PLM/ERP） C IT管理员 2021-10-18 11600 c
HR-2026-107 雷鸣 lei.ming 信息技术部 桌面运维工程师 O IT管理员 - 8000 c
"""
# Exit audits of staff who leave in the activity (by employee number).
STAFF_OFFBOARDING: dict[str, dict[str, Any]] = {
    "HR-2012-007": {
        "complete": True,
        "revoke_grants": True,
        "returned_items": "公司笔记本电脑一台；生产排程与工时定额资料（纸质）一套；门禁卡一张。",
        "interview_notes": "本人因家庭原因返回原籍；已书面告知竞业限制义务。",
        "risk_notes": "复核离职前三个月的外发与拷贝记录，未见异常。",
    },
}


ROLE_CATEGORIES = {
    "M": "senior_manager",
    "T": "senior_technical",
    "C": "confidential",
    "O": "ordinary",
}


def _staff_spec(line: str) -> dict[str, Any]:
    number, name, mail, department, position, category, family, hire, wage, codes = line.split()
    hired = None if hire == "-" else hire
    category = ROLE_CATEGORIES[category]
    agreements: list[dict[str, Any]] = []
    for code, kind in (
        ("c", "confidentiality"),
        ("i", "invention_assignment"),
        ("n", "non_compete"),
    ):
        if code not in codes:
            continue
        agreement: dict[str, Any] = {"kind": kind, "signed_on": hired}
        if kind == "non_compete":
            agreement.update(
                restricted_months=24,
                monthly_compensation=str(round(int(wage) * 0.3)),
                pay_due_months=True,
            )
        agreements.append(agreement)
    spec: dict[str, Any] = {
        "employee_number": number,
        "name": name,
        "email": f"{mail}@huarui.example.cn",
        "department": department,
        "position": position,
        "role_category": category,
        "family": family,
        "average_monthly_wage": wage,
        "agreements": agreements,
    }
    if hired is not None:
        spec["hire_date"] = hired
    if number in STAFF_OFFBOARDING:
        spec["offboarding"] = STAFF_OFFBOARDING[number]
    return spec


PEOPLE["huarui"] += [_staff_spec(line) for line in STAFF.strip().splitlines()]

WAGE_REGIONS = {"huarui": "gd-foshan", "xianghe": "hn-changsha"}


def _date(value: dt.date | str | int | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
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
    specs = people_specs(organisation.slug)
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


def people_specs(slug: str) -> list[dict[str, Any]]:
    """The demo people of an enterprise, with the dates its demo activity implies (new hires,
    leavers: see :mod:`baomi.demo.activity`) filled in."""
    specs = PEOPLE.get(slug, [])
    if not any(s.get("family") for s in specs):
        return specs
    dates = activity_dates(specs, activity_start())
    return [{**s, **dates.get(s["employee_number"], {})} for s in specs]


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
    signed = _date(spec.get("signed_on")) or person.hire_date
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
