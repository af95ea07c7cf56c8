"""Insider risk in the demo: a small synthetic activity set for the machine-tool maker,
imported through the same path as an upload, ranked, and one RiskCase on the top user, so the
demo opens on ranked users with reasons, a timeline and a case.

The activity's users are 华锐's employees of the People demo (:mod:`baomi.demo.activity`):
the generated user ids become employee numbers (the key the risk app matches activity users
to People records by) and the directory carries their names, e-mail addresses and
departments. The planted departing-user exfiltration is 卢晓婷, the 大客户经理 whose exit audit
is still open, so the top of the ranking is a named person whose People page shows the leave.

Call :func:`seed_risk` after :func:`baomi.demo.seed_demo` (Django set up, the demo enterprise
``huarui`` seeded). It runs the import in-process (no worker needed) and is idempotent: an
enterprise that already has a finished import is left as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from baomi.apps.orgs.models import Membership, Organisation, Role, User
from baomi.apps.people.models import Person
from baomi.apps.people.selectors import person_list
from baomi.apps.risk import services
from baomi.apps.risk.models import ImportStatus
from baomi.apps.risk.selectors import case_list, import_list, ranking_get
from baomi.demo.activity import DAYS, INTENSITY, SEED, USERS, Member, activity_start, cast
from baomi.demo.people import PEOPLE
from baomi.risk.generate import GenerateParams, generate
from baomi.risk.orgmodel import ORG_DOMAIN

ORG_SLUG = "huarui"
ARCHIVE_NAME = "华锐-终端与网关日志-演示.zip"
MAIL_DOMAIN = "huarui.example.cn"
CHANNELS = {
    "usb": "多次连接U盘，拷贝客户名单、报价单等敏感文件，并在最后几天集中删除",
    "cloud": "向个人网盘上传大量文件",
    "mail": "向个人邮箱外发带附件的邮件",
}
NOTE = (
    "演示：排名第一的是{name}（{department}{position}），{resigned}提出离职，最后工作日为"
    "{last_day}。离职前两周内{channel}。已调取其时间窗内的文件流转记录，离职审计暂不结案；"
    "待与{department}负责人核实，并评估是否发函提醒保密义务、申请证据保全。"
)
# The internal crawler of the generator fetches thousands of OA pages a day and would outrank
# everyone; the demo keeps one in CRAWL_KEEP of its planted requests, so that the departing
# 大客户经理 the story is about tops the ranking and the crawler still stands out.
CRAWL_KEEP = 4
# The people's supervisors in the directory, by department (else the general manager).
HEADS = {
    "技术研发部": "梁建华",
    "工艺部": "梁建华",
    "营销中心": "何美玲",
    "市场部": "何美玲",
    "生产部": "吴国栋",
    "质量管理部": "吴国栋",
    "模具车间": "吴国栋",
}


def _admin(org: Organisation | None) -> User | None:
    membership = (
        Membership.objects.filter(organisation=org, role=Role.OWNER_ADMIN)
        .select_related("user")
        .order_by("id")
        .first()
        if org is not None
        else None
    )
    return membership.user if membership else None


def _start(admin: User, org: Organisation, members: list[Member]) -> dt.date:
    """The first day of the activity, so that its leavers leave on the days the People records
    say (they were seeded from the same cast, perhaps on an earlier day)."""
    start = activity_start()
    leaver = next((m for m in members if m.last_working_day is not None), None)
    if leaver is None:
        return start
    person = (
        person_list(user=admin, organisation=org)
        .filter(employee_number=leaver.employee_number)
        .first()
    )
    if person is None or person.last_working_day is None or leaver.last_working_day is None:
        return start
    return start + (person.last_working_day - leaver.last_working_day)


class _Directory:
    """Generated user → employee: ids, e-mail addresses, names and departments."""

    def __init__(self, members: list[Member], people: Mapping[str, Person]) -> None:
        specs = {s["employee_number"]: s for s in PEOPLE[ORG_SLUG]}
        self.ids: dict[str, str] = {}
        self.mails: dict[str, str] = {}
        self.rows: dict[str, dict[str, str]] = {}
        for m in members:
            person = people.get(m.employee_number)
            if person is None:
                raise RuntimeError(f"demo risk: no People record {m.employee_number}")
            mail = specs[m.employee_number].get("email") or f"{m.employee_number}@{MAIL_DOMAIN}"
            self.ids[m.generated_id] = m.employee_number
            self.mails[f"{m.generated_id.lower()}@{ORG_DOMAIN}"] = mail
            self.rows[m.generated_id] = {
                "employee_name": person.name,
                "user_id": m.employee_number,
                "email": mail,
                "role": m.family,
                "functional_unit": person.department,
                "department": person.department,
                "supervisor": HEADS.get(person.department, "陈志强"),
            }
        self._mail_re = re.compile(r"\b[a-z]{3}\d{4}@" + re.escape(ORG_DOMAIN))
        crawler = next((m for m in members if m.scenario == "internal_crawler"), None)
        self.crawler = crawler.generated_id if crawler else ""
        self.crawl_days = (
            {
                f"{crawler.window[0] + dt.timedelta(days=d):%m/%d/%Y}"
                for d in range((crawler.window[1] - crawler.window[0]).days + 1)
            }
            if crawler and crawler.window
            else set()
        )
        self._crawled = 0

    def event_line(self, line: str) -> str:
        # id,date,user,... : the user is the third column of every event file.
        parts = line.split(",", 3)
        if len(parts) == 4:
            user = parts[2]
            if (
                user == self.crawler
                and parts[1][:10] in self.crawl_days
                and ".huaxin.corp/" in parts[3]
            ):
                self._crawled += 1
                if self._crawled % CRAWL_KEEP:
                    return ""
            parts[2] = self.ids.get(user, user)
            line = ",".join(parts)
        return line

    def event_file(self, text: str) -> str:
        text = "".join(self.event_line(line) for line in text.splitlines(keepends=True))
        if ORG_DOMAIN in text:  # the internal mail addresses of email.csv
            text = self._mail_re.sub(lambda mo: self.mails.get(mo.group(0), mo.group(0)), text)
        # The intranet (OA, wiki) of the generated organisation is 华锐's.
        return text.replace(".huaxin.corp/", ".huarui.corp/")

    def table_file(self, text: str) -> str:
        """LDAP snapshots and psychometric.csv: every named column from the People record."""
        rows = list(csv.DictReader(io.StringIO(text)))
        out = io.StringIO()
        fields = list(rows[0]) if rows else next(csv.reader(io.StringIO(text)), [])
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            known = self.rows.get(row["user_id"], {})
            writer.writerow({k: known.get(k, v) for k, v in row.items()})
        return out.getvalue()


def _archive(directory: Path, rewrite: Callable[[str, str], str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.name != "truth.json":
                name = str(path.relative_to(directory))
                zf.writestr(f"logs/{name}", rewrite(name, path.read_text(encoding="utf-8")))
    return buffer.getvalue()


def _generated_archive(
    start: dt.date, members: list[Member], people: Mapping[str, Person]
) -> bytes:
    names = _Directory(members, people)

    def rewrite(name: str, text: str) -> str:
        if name.startswith("LDAP/") or name == "psychometric.csv":
            return names.table_file(text)
        return names.event_file(text)

    with tempfile.TemporaryDirectory(prefix="baomi-demo-risk-") as tmp:
        out = Path(tmp) / "logs"
        params = GenerateParams(
            users=USERS, days=DAYS, seed=SEED, start=start, formats=("cert",), intensity=INTENSITY
        )
        result = generate(out, params)
        insiders = result.truth["insiders"]
        assert isinstance(insiders, list)
        planted = {(str(i["user"]), str(i["scenario"])) for i in insiders}
        cast_as = {(m.generated_id, m.scenario) for m in members if m.scenario}
        if planted != cast_as:
            raise RuntimeError("demo risk: the generator planted other users than the cast")
        return _archive(out, rewrite)


def _note(members: list[Member], person: Person | None) -> str:
    carrier = next((m for m in members if m.scenario == "departing_user_exfiltration"), None)
    if person is None or carrier is None or person.employee_number != carrier.employee_number:
        return "演示：排名第一的用户。已调取其时间窗内的文件流转记录，待与部门负责人约谈核实。"
    return NOTE.format(
        name=person.name,
        department=person.department,
        position=person.position,
        resigned=f"{person.resignation_date:%Y-%m-%d}" if person.resignation_date else "近期",
        last_day=f"{person.last_working_day:%Y-%m-%d}" if person.last_working_day else "近日",
        channel=CHANNELS.get(carrier.channel, "外发大量敏感文件"),
    )


def seed_risk() -> dict[str, Any] | None:
    """Import synthetic activity for the demo enterprise and open a case on the top user.

    Returns ``{"import": pk, "events": n, "top_user": id, "case": pk}``, or ``None`` when the
    demo enterprise or its administrator does not exist.
    """
    org = Organisation.objects.filter(slug=ORG_SLUG).first()
    admin = _admin(org)
    if org is None or admin is None:
        return None
    members = cast(PEOPLE[ORG_SLUG], activity_start())
    done = import_list(user=admin, organisation=org).filter(status=ImportStatus.DONE).first()
    if done is None:
        people = {p.employee_number: p for p in person_list(user=admin, organisation=org)}
        start = _start(admin, org, members)
        if start != activity_start():
            members = cast(PEOPLE[ORG_SLUG], start)
        archive = _generated_archive(start, members, people)
        upload = SimpleUploadedFile(ARCHIVE_NAME, archive, "application/zip")
        with transaction.atomic():
            item = services.import_create(actor=admin, organisation=org, upload=upload)
        # In-process, so the demo is ready at once; a worker that picks up the queued task
        # later finds the import no longer waiting and leaves it alone.
        done = services.import_run(pk=item.pk)
        if done is None or done.status != ImportStatus.DONE:
            raise RuntimeError(f"demo risk import failed: {done.error if done else 'missing'}")
    entries = ranking_get(user=admin, organisation=org, top=1).entries
    if not entries:
        return None
    top = entries[0]
    case = case_list(user=admin, organisation=org).filter(subject=top.user).first()
    if case is None:
        case = services.case_open(actor=admin, organisation=org, subject=top.user)
        services.case_annotate(actor=admin, case=case, text=_note(members, top.person))
    return {"import": done.pk, "events": done.events, "top_user": top.user, "case": case.pk}
