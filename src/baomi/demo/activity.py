"""Who is who in the demo's synthetic activity: the People demo's employees of 华锐 cast as the
users of the engine's generator (:mod:`baomi.risk.generate`).

The generator draws an organisation (job families, habits, new hires, leavers, planted
insiders) from a seed before it writes any event. :func:`cast` draws the same organisation
(cheap: no events) and gives each of its users an employee of the People demo:

* the carriers of the planted scenarios and the ordinary leavers are named in
  :data:`SCRIPT` (so the departing-user exfiltration is the departing 大客户经理 of the People
  demo, whose exit audit is still open);
* everyone else is matched by job family (``"family"`` in the People demo's records: the
  generator's role, which is also the engine's peer group), new hires of the activity to the
  records without a hire date.

The People demo takes the dates the activity implies (hire dates of new hires, resignation
and last working day of leavers) from :func:`activity_dates`; the risk demo renames the
generated users to employee numbers, the key the risk app matches activity users to People
records by. A change of the seed or of the generator that breaks the cast raises
:class:`CastError` (the demo tests run it).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from baomi.risk.calendar_cn import is_workday
from baomi.risk.orgmodel import Organisation as Plan
from baomi.risk.orgmodel import build_organisation

# Small: generated, ingested and ranked in seconds; every scenario is planted once.
USERS, DAYS, SEED = 50, 90, 1
# How strongly the planted insiders act (the generator's scale; it does not change who is who).
INTENSITY = 1.0

# Planted scenario or benign kind → the employees carrying it (each takes the generated user of
# that kind in their job family).
SCRIPT: dict[str, tuple[str, ...]] = {
    "departing_user_exfiltration": ("HR-2019-052",),  # 卢晓婷, 大客户经理, leaving
    "netdisk_upload": ("HR-2020-063",),  # 冯振宇, 机械设计工程师
    "personal_mail_exfiltration": ("HR-2021-077",),  # 邓子豪, 工艺工程师
    "internal_crawler": ("HR-2022-086",),  # 蒋丽娜, 人事专员
    "after_hours_mass_access": ("HR-2019-058",),  # 谢海涛, 数控编程员
    "ordinary_leaver": ("HR-2018-045", "HR-2012-007"),  # 黄凯文, 吴国栋
    # Browse job sites without taking anything: a recruiter, a sales engineer, a new buyer.
    "job_browser": ("HR-2023-092", "HR-2020-061", "HR-2026-106"),
}


class CastError(RuntimeError):
    """The People demo no longer fits the generated organisation."""


@dataclass(frozen=True)
class Member:
    """One generated user and the employee cast as them."""

    index: int
    generated_id: str
    employee_number: str
    family: str
    hire_date: dt.date | None  # inside the activity (a new hire), else None
    resignation_date: dt.date | None
    last_working_day: dt.date | None
    scenario: str = ""  # the planted scenario they carry
    channel: str = ""
    window: tuple[dt.date, dt.date] | None = None  # of the planted behaviour


def activity_start(today: dt.date | None = None) -> dt.date:
    """The first day of the activity; it ends yesterday, so the timelines look current."""
    from django.utils import timezone

    return (today or timezone.localdate()) - dt.timedelta(days=DAYS)


@functools.lru_cache(maxsize=4)
def plan(start: dt.date) -> Plan:
    """The organisation :func:`baomi.risk.generate.generate` draws for the demo's parameters
    (same generator state, same calendar), without its events."""
    rng = np.random.default_rng(SEED)
    workday = np.array([is_workday(start + dt.timedelta(days=d)) for d in range(DAYS)])
    return build_organisation(rng, USERS, DAYS, start, None, workday)


def _kinds(org: Plan) -> dict[int, tuple[str, str]]:
    """Generated user → (scripted kind, channel) for the users :data:`SCRIPT` names."""
    kinds: dict[int, tuple[str, str]] = {}
    for plant in org.plants:
        kinds[plant.user] = (plant.scenario, plant.channel)
    for kind in ("job_browser",):
        for user in org.benign.get(kind, []):
            kinds.setdefault(user, (kind, ""))
    for user in org.benign.get("ordinary_leaver", []):
        kinds.setdefault(user, ("ordinary_leaver", ""))
    return kinds


@functools.lru_cache(maxsize=4)
def _cast(start: dt.date, specs_key: tuple[tuple[str, str, bool, bool], ...]) -> list[Member]:
    org = plan(start)
    family = {number: fam for number, fam, _h, _d in specs_key}
    has_hire = {number: h for number, _f, h, _d in specs_key}
    has_departure = {number: d for number, _f, _h, d in specs_key}
    taken: dict[int, str] = {}
    kinds = _kinds(org)
    for kind, numbers in SCRIPT.items():
        users = [u for u, (k, _c) in sorted(kinds.items()) if k == kind]
        if len(users) != len(numbers):
            raise CastError(f"{kind}: {len(users)} generated users for {len(numbers)} scripted")
        for number in numbers:
            # The scripted employee takes the user of that kind in their own job family.
            user = next((u for u in users if org.roles[u] == family.get(number)), None)
            if user is None:
                raise CastError(f"{kind}: no generated {family.get(number)} for {number}")
            if has_hire[number] == bool(org.hire[user] > 0):
                raise CastError(f"{number}: a hire date only for new hires of the activity")
            users.remove(user)
            taken[user] = number
    free = [n for n in family if n not in set(taken.values())]
    for user in range(org.size):
        if user in taken:
            continue
        new_hire = bool(org.hire[user] > 0)
        chosen = next(
            (
                n
                for n in free
                if family[n] == org.roles[user]
                and has_hire[n] != new_hire
                and not (org.last[user] < org.days and has_departure[n])
            ),
            None,
        )
        if chosen is None:
            what = "new hire" if new_hire else "employee"
            raise CastError(f"no {what} of family {org.roles[user]} left for {org.ids[user]}")
        free.remove(chosen)
        taken[user] = chosen
    members = []
    for user in range(org.size):
        leaves = bool(org.last[user] < org.days)
        number = taken[user]
        if leaves and has_departure[number]:
            raise CastError(f"{number} has departure dates of its own but leaves in the activity")
        kind, channel = kinds.get(user, ("", ""))
        plant = next((p for p in org.plants if p.user == user), None)
        members.append(
            Member(
                index=user,
                generated_id=org.ids[user],
                employee_number=number,
                family=org.roles[user],
                hire_date=org.day(int(org.hire[user])) if org.hire[user] > 0 else None,
                resignation_date=org.day(int(org.resign[user])) if leaves else None,
                last_working_day=org.day(int(org.last[user])) if leaves else None,
                scenario=kind if plant is not None else "",
                channel=channel,
                window=(org.day(plant.first), org.day(plant.last)) if plant else None,
            )
        )
    return members


def cast(specs: Sequence[dict[str, Any]], start: dt.date) -> list[Member]:
    """Every generated user with the employee of ``specs`` (People demo records with a
    ``"family"``) cast as them, in the generator's order."""
    key = tuple(
        (
            str(s["employee_number"]),
            str(s["family"]),
            "hire_date" in s,
            "resignation_date" in s or "last_working_day" in s,
        )
        for s in specs
        if s.get("family")
    )
    return _cast(start, key)


def activity_dates(
    specs: Sequence[dict[str, Any]], start: dt.date
) -> dict[str, dict[str, dt.date]]:
    """Employee number → the dates the activity implies (``hire_date`` of new hires,
    ``resignation_date`` and ``last_working_day`` of leavers)."""
    dates: dict[str, dict[str, dt.date]] = {}
    for m in cast(specs, start):
        found = {
            k: v
            for k, v in (
                ("hire_date", m.hire_date),
                ("resignation_date", m.resignation_date),
                ("last_working_day", m.last_working_day),
            )
            if v is not None
        }
        if found:
            dates[m.employee_number] = found
    return dates
