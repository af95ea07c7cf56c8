"""The synthetic organisation behind :mod:`baomi.risk.generate`.

People with departments, roles and personal habits (start time, day length,
overtime, weekend work, how much they browse, mail, print, use USB drives or
the OA system), benign heavy users, ordinary leavers, and planted insiders of
every scenario. Everything is drawn from one seeded NumPy generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

ORG_DOMAIN = "huaxin-tech.cn"
OA_HOST = "oa.huaxin.corp"

# (department, share of staff, role)
DEPARTMENTS: tuple[tuple[str, float, str], ...] = (
    ("研发部", 0.24, "工程师"),
    ("研发部", 0.06, "高级工程师"),
    ("销售部", 0.18, "销售"),
    ("市场部", 0.08, "市场专员"),
    ("生产部", 0.16, "技术员"),
    ("财务部", 0.06, "会计"),
    ("人事行政部", 0.06, "人事专员"),
    ("信息技术部", 0.04, "IT管理员"),
    ("采购部", 0.06, "采购"),
    ("总经办", 0.06, "经理"),
)
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许"
    "韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂"
    "英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁琳晨"
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

BENIGN_KINDS = (
    "it_admin_usb",
    "sales_client_mail",
    "job_browser",
    "night_shift",
    "heavy_oa",
    "cloud_sharer",
    "ordinary_leaver",
)
SCENARIO_CHANNELS = {
    "departing_user_exfiltration": ("usb", "cloud", "mail"),
    "netdisk_upload": ("cloud",),
    "personal_mail_exfiltration": ("mail",),
    "internal_crawler": ("oa",),
    "after_hours_mass_access": ("night",),
}


@dataclass
class Plant:
    """A planted insider: who, which scenario, the channel and the days (inclusive)."""

    user: int
    scenario: str
    channel: str
    first: int
    last: int


@dataclass
class Organisation:
    """People, their habits and the planted behaviours (indices are user numbers)."""

    days: int
    start: dt.date
    ids: list[str]
    names: list[str]
    emails: list[str]
    departments: list[str]
    roles: list[str]
    supervisors: list[str]
    hire: np.ndarray  # first day index employed (0 = before the data starts)
    last: np.ndarray  # last working day index (days = still employed)
    resign: np.ndarray  # resignation day index (-1 = none)
    habits: dict[str, np.ndarray]
    benign: dict[str, list[int]] = field(default_factory=dict)
    plants: list[Plant] = field(default_factory=list)
    job_search: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of people."""
        return len(self.ids)

    def day(self, index: int) -> dt.date:
        """The calendar date of a day index."""
        return self.start + dt.timedelta(days=int(index))


def _people(rng: np.random.Generator, n: int) -> tuple[list[str], list[str], list[str]]:
    ids, names, emails = [], [], []
    seen: set[str] = set()
    for i in range(n):
        name = SURNAMES[rng.integers(len(SURNAMES))] + "".join(
            GIVEN[rng.integers(len(GIVEN))] for _ in range(int(rng.integers(1, 3)))
        )
        while True:
            uid = (
                "".join(LETTERS[rng.integers(26)] for _ in range(3)) + f"{rng.integers(10000):04d}"
            )
            if uid not in seen:
                seen.add(uid)
                break
        ids.append(uid)
        names.append(name)
        emails.append(f"{uid.lower()}@{ORG_DOMAIN}")
        del i
    return ids, names, emails


def _pick(rng: np.random.Generator, pool: list[int], k: int, taken: set[int]) -> list[int]:
    free = [p for p in pool if p not in taken]
    chosen = (
        [int(x) for x in rng.choice(free, size=min(k, len(free)), replace=False)] if free else []
    )
    taken.update(chosen)
    return chosen


def build_organisation(
    rng: np.random.Generator,
    users: int,
    days: int,
    start: dt.date,
    insiders_per_scenario: int | None = None,
    workday: np.ndarray | None = None,
) -> Organisation:
    """Draw a whole organisation with habits, benign heavy users and planted insiders."""
    ids, names, emails = _people(rng, users)
    shares = np.array([s for _d, s, _r in DEPARTMENTS])
    group = rng.choice(len(DEPARTMENTS), size=users, p=shares / shares.sum())
    # Make sure every role exists (peer groups and benign heavy users need them).
    for g in range(len(DEPARTMENTS)):
        if users >= 3 * len(DEPARTMENTS) and (group == g).sum() < 3:
            group[rng.choice(users, 3, replace=False)] = g
    departments = [DEPARTMENTS[g][0] for g in group]
    roles = [DEPARTMENTS[g][2] for g in group]
    managers = [i for i, r in enumerate(roles) if r == "经理"] or [0]
    supervisors = [names[managers[int(rng.integers(len(managers)))]] for _ in range(users)]

    hire = np.zeros(users, dtype=np.int64)
    late = rng.random(users) < 0.08
    hire[late] = rng.integers(30, max(31, days // 2), size=int(late.sum()))
    last = np.full(users, days, dtype=np.int64)
    resign = np.full(users, -1, dtype=np.int64)

    role_arr = np.array(roles)
    h: dict[str, np.ndarray] = {
        "start_hour": np.clip(rng.normal(8.6, 0.45, users), 7.2, 10.0),
        "day_hours": np.clip(rng.normal(9.2, 0.6, users), 7.5, 11.0),
        "p_evening": np.clip(rng.lognormal(np.log(0.03), 0.6, users), 0, 0.25),
        "p_weekend": np.clip(rng.lognormal(np.log(0.03), 0.6, users), 0, 0.2),
        "http": rng.lognormal(np.log(44), 0.35, users),
        "oa": rng.lognormal(np.log(12), 0.4, users),
        "file_open": np.where(np.isin(role_arr, ["工程师", "高级工程师"]), 12.0, 6.0)
        * rng.lognormal(0, 0.3, users),
        "file_write": rng.lognormal(np.log(3), 0.3, users),
        "usb": np.where(rng.random(users) < 0.2, rng.uniform(0.3, 1.2, users), 0.0),
        "usb_copy": rng.uniform(1.0, 3.0, users),
        "mail_internal": rng.lognormal(np.log(5), 0.3, users),
        "mail_external": np.where(role_arr == "销售", 7.0, 0.4) * rng.lognormal(0, 0.3, users),
        "mail_personal": np.where(role_arr == "销售", 1.2, 0.04) * rng.lognormal(0, 0.3, users),
        "cloud_visit": rng.uniform(0.05, 0.4, users),
        "cloud_upload": np.full(users, 0.02),
        "job": np.full(users, 0.04),
        "print": rng.uniform(0.2, 1.0, users),
        "delete": rng.uniform(0.3, 1.2, users),
    }
    org = Organisation(
        days=days,
        start=start,
        ids=ids,
        names=names,
        emails=emails,
        departments=departments,
        roles=roles,
        supervisors=supervisors,
        hire=hire,
        last=last,
        resign=resign,
        habits=h,
    )
    _plant(rng, org, insiders_per_scenario, workday if workday is not None else np.ones(days, bool))
    return org


def _workdays_from(workday: np.ndarray, first: int, count: int) -> tuple[int, int]:
    """The window starting at the first working day from ``first`` and holding ``count`` of them."""
    days = np.flatnonzero(workday[first:]) + first
    if len(days) == 0:
        return first, min(len(workday) - 1, first + count - 1)
    return int(days[0]), int(days[min(count, len(days)) - 1])


def _plant(
    rng: np.random.Generator, org: Organisation, per_scenario: int | None, workday: np.ndarray
) -> None:
    """Choose benign heavy users, ordinary leavers and insiders; set their habits and dates."""
    n, days, h = org.size, org.days, org.habits
    roles = np.array(org.roles)
    taken: set[int] = set()
    everyone = list(range(n))
    k = max(1, n // 100)
    benign = org.benign
    benign["it_admin_usb"] = _pick(
        rng, [i for i in everyone if roles[i] == "IT管理员"], max(2, k), taken
    )
    for i in benign["it_admin_usb"]:
        h["usb"][i], h["usb_copy"][i] = rng.uniform(3, 6), rng.uniform(8, 15)
        h["p_evening"][i] = 0.15
    benign["sales_client_mail"] = _pick(
        rng, [i for i in everyone if roles[i] == "销售"], max(2, k), taken
    )
    for i in benign["sales_client_mail"]:
        h["mail_external"][i], h["mail_personal"][i] = rng.uniform(20, 35), rng.uniform(4, 8)
    benign["night_shift"] = _pick(
        rng, [i for i in everyone if roles[i] == "技术员"], max(2, k), taken
    )
    for i in benign["night_shift"]:
        h["p_evening"][i], h["p_weekend"][i] = 0.7, 0.3
    benign["heavy_oa"] = _pick(
        rng, [i for i in everyone if roles[i] in ("人事专员", "会计", "采购")], max(2, k), taken
    )
    for i in benign["heavy_oa"]:
        h["oa"][i] = rng.uniform(120, 200)
    benign["cloud_sharer"] = _pick(
        rng, [i for i in everyone if roles[i] == "市场专员"], max(2, k), taken
    )
    for i in benign["cloud_sharer"]:
        h["cloud_upload"][i] = rng.uniform(3, 6)
    benign["job_browser"] = _pick(rng, everyone, max(3, 2 * k), taken)
    for i in benign["job_browser"]:
        first = int(rng.integers(days // 4, max(days // 4 + 1, days - 40)))
        org.job_search[i] = (first, min(days - 1, first + int(rng.integers(20, 45))))
    benign["ordinary_leaver"] = _pick(rng, everyone, max(2, k), taken)
    for i in benign["ordinary_leaver"]:
        _set_departure(rng, org, i)

    count = per_scenario if per_scenario is not None else max(1, n // 200)
    for scenario, channels in SCENARIO_CHANNELS.items():
        for j, user in enumerate(
            _pick(rng, [i for i in everyone if org.hire[i] < days // 3], count, taken)
        ):
            channel = channels[j % len(channels)]
            if scenario == "departing_user_exfiltration":
                last = _set_departure(rng, org, user)
                first = max(int(org.hire[user]) + 30, last - int(rng.integers(10, 18)))
                org.plants.append(Plant(user, scenario, channel, first, last - 1))
                if rng.random() < 0.6:  # many leavers look for jobs first
                    org.job_search[user] = (max(0, last - 75), max(0, last - 35))
            else:
                first = int(rng.integers(max(days // 3, 20), max(days // 3 + 1, days - 14)))
                length = {"cloud": 3, "mail": 2, "oa": 2, "night": 4}[channel]
                org.plants.append(
                    Plant(user, scenario, channel, *_workdays_from(workday, first, length))
                )


def _set_departure(rng: np.random.Generator, org: Organisation, user: int) -> int:
    """Give ``user`` a resignation and a last working day inside the data; return the last day."""
    days = org.days
    lo = max(int(org.hire[user]) + 60, days // 2)
    last = int(rng.integers(min(lo, days - 8), days - 7)) if days > 20 else days - 1
    org.last[user] = last
    org.resign[user] = max(int(org.hire[user]), last - 30)
    return last
