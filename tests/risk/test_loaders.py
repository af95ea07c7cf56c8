"""The CERT r4.2, JSON Lines and HR loaders."""

# ruff: noqa: S608 - test queries interpolate the store's own relations

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi.risk.loaders import LoadError, ingest, load_hr_table
from baomi.risk.loaders.hr import parse_date
from baomi.risk.store import RiskStore

from .conftest import LOGON, write_cert


def rows(store: RiskStore, where: str = "true") -> list[tuple]:
    with store.connection() as con:
        return con.execute(
            f"SELECT ts, user, kind, pc, target, category, file_type, n, size, sender "
            f"FROM {store.events_sql()} WHERE {where} ORDER BY ts, kind, target"
        ).fetchall()


class TestCertLoader:
    def test_it_reads_every_r42_file(self, cert_dir: Path, store: RiskStore) -> None:
        report = ingest(cert_dir, store, fmt="cert", org="acme")
        counts = {Path(f.path).name: f.rows for f in report.files}
        assert counts == {
            "logon.csv": 5,
            "device.csv": 2,
            "file.csv": 3,
            "http.csv": 5,
            "email.csv": 3,
        }
        assert report.malformed == 0
        assert report.users == 2

    def test_it_converts_local_times_to_utc_and_strips_the_domain(self, cert_dir, store) -> None:
        ingest(cert_dir, store, fmt="cert")
        first = rows(store, "kind = 'logon'")[0]
        # 01/04/2010 06:49:00 in Asia/Shanghai is 2010-01-03 22:49 UTC.
        assert first[0] == dt.datetime(2010, 1, 3, 22, 49)
        assert first[1] == "NGF0157"
        assert first[3] == "PC-6056"

    def test_zones_with_daylight_saving_convert_per_row(self, cert_dir, store) -> None:
        ingest(cert_dir, store, fmt="cert", timezone="Europe/Berlin")
        times = [r[0] for r in rows(store, "kind = 'logon'")]
        assert dt.datetime(2010, 1, 4, 5, 49) in times  # 06:49 CET is 05:49 UTC
        assert store.timezone == "Europe/Berlin"

    def test_it_classifies_files_urls_and_mail(self, cert_dir, store) -> None:
        ingest(cert_dir, store, fmt="cert")
        files = {r[4]: r[6] for r in rows(store, "kind = 'file_copy'")}
        assert files == {
            "9CEB8ZKF.doc": "document",
            "drawings.zip": "archive",
            "customers.xlsx": "spreadsheet",
        }
        assert {r[5] for r in rows(store, "kind = 'file_copy'")} == {"removable"}
        web = {r[4]: (r[2], r[5]) for r in rows(store, "target LIKE 'http%'")}
        assert web["http://wikileaks.org/upload/file.php"] == ("http_upload", "cloud_drive")
        assert web["http://www.monster.com/jobs/search"] == ("http_visit", "job_site")
        assert web["https://pan.baidu.com/disk/home"] == ("http_visit", "cloud_drive")
        assert web["http://oa.dtaa.local/doc/view?id=7"] == ("request", "internal_system")
        assert web["http://www.example.com/news"] == ("http_visit", "web")
        mail = {r[4]: (r[5], r[7], r[8], r[9]) for r in rows(store, "kind = 'mail_send'")}
        assert mail["someone@gmail.com"] == (
            "personal_mail",
            2,
            2583000,
            "Lynn.Adena.Pratt@dtaa.com",
        )
        assert mail["Dean.Flynn.Hines@dtaa.com;Wade_Harrison@lockheed.com"][0] == "external_mail"
        assert mail["Nola.Gail.Frost@dtaa.com;Ann.Lee@dtaa.com"][0] == "internal_mail"

    def test_a_user_missing_from_a_later_ldap_month_has_left(self, cert_dir, store) -> None:
        ingest(cert_dir, store, fmt="cert")
        with store.connection() as con:
            facts = con.execute(
                f"SELECT user, kind, date, source FROM {store.hr_sql()} WHERE kind = 'last_day'"
            ).fetchall()
            people = dict(con.execute(f"SELECT user, role FROM {store.users_sql()}").fetchall())
        assert facts == [("NGF0157", "last_day", dt.date(2010, 1, 4), "ldap")]
        assert people == {"NGF0157": "Salesman", "LRR0148": "ITAdmin"}

    def test_it_counts_malformed_rows_and_keeps_the_rest(self, tmp_path, store) -> None:
        bad = (
            LOGON
            + "{BAD1},2010-01-05 07:00:00,LRR0148,PC-4275,Logon\n"
            + "{BAD2},01/05/2010 07:00:00,LRR0148\n"
        )
        bad += "{BAD3},01/05/2010 07:00:00,LRR0148,PC-4275,Teleport\n"
        report = ingest(write_cert(tmp_path / "d", **{"logon.csv": bad}), store, fmt="cert")
        logon = next(f for f in report.files if f.path.endswith("logon.csv"))
        assert (logon.rows, logon.malformed) == (5, 3)

    def test_a_wrong_date_format_is_a_load_error_naming_the_file(self, tmp_path, store) -> None:
        iso = LOGON.replace("01/04/2010", "2010-01-04").replace("01/09/2010", "2010-01-09")
        iso = iso.replace("02/01/2010", "2010-02-01")
        with pytest.raises(LoadError) as caught:
            ingest(write_cert(tmp_path / "d", **{"logon.csv": iso}), store, fmt="cert")
        assert caught.value.path.endswith("logon.csv")
        assert "MM/DD/YYYY HH:MM:SS" in caught.value.reason

    def test_a_missing_column_is_a_load_error(self, tmp_path, store) -> None:
        text = "id,date,user,pc,to,cc,bcc,from,size\n"
        with pytest.raises(LoadError) as caught:
            ingest(write_cert(tmp_path / "d", **{"email.csv": text}), store, fmt="cert")
        assert caught.value.path.endswith("email.csv")
        assert "attachments" in caught.value.reason

    def test_it_requires_logon_csv(self, tmp_path, store) -> None:
        (tmp_path / "empty").mkdir()
        with pytest.raises(LoadError, match=r"logon\.csv"):
            ingest(tmp_path / "empty", store, fmt="cert")

    def test_it_reads_header_less_files(self, tmp_path, store) -> None:
        body = LOGON.split("\n", 1)[1]
        report = ingest(write_cert(tmp_path / "d", **{"logon.csv": body}), store, fmt="cert")
        assert next(f for f in report.files if f.path.endswith("logon.csv")).rows == 5

    def test_ingesting_again_replaces_the_batch(self, cert_dir, store) -> None:
        ingest(cert_dir, store, fmt="cert")
        ingest(cert_dir, store, fmt="cert")
        assert len(rows(store)) == 18

    @settings(
        max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        when=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31)),
        user=st.from_regex(r"[A-Z]{3}[0-9]{4}", fullmatch=True),
        domain=st.sampled_from(["", "DTAA/", "CORP\\"]),
    )
    def test_any_valid_row_round_trips(self, tmp_path_factory, when, user, domain) -> None:
        when = when.replace(microsecond=0)
        root = tmp_path_factory.mktemp("prop")
        (root / "logon.csv").write_text(
            "id,date,user,pc,activity\n"
            f"{{A1B2-C3D4E5F6-G7H8I9J0}},{when:%m/%d/%Y %H:%M:%S},{domain}{user},PC-1,Logon\n"
        )
        store = RiskStore.for_org(root / "home", "p")
        ingest(root, store, fmt="cert", timezone="UTC")
        assert rows(store)[0][:3] == (when, user, "logon")


def write_jsonl(path: Path, events: list[object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [e if isinstance(e, str) else json.dumps(e, ensure_ascii=False) for e in events]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


EVENTS = [
    {
        "time": "2025-03-03T21:14:03+08:00",
        "user": "zhang.wei",
        "kind": "file_copy",
        "pc": "PC-1",
        "target": "报价单.xlsx",
        "destination": "removable",
        "size": 48213,
    },
    {
        "time": "2025-03-03T09:00:00+08:00",
        "user": "zhang.wei",
        "kind": "mail_send",
        "to": ["x@qq.com", "y@client.com"],
        "cc": [],
        "attachments": 3,
        "size": 5242880,
    },
    {
        "time": "2025-03-03T09:01:00+08:00",
        "user": "zhang.wei",
        "kind": "mail_send",
        "to": "boss@huaxin-tech.cn",
        "attachments": 0,
    },
    {
        "time": "2025-03-03T09:02:00",
        "user": "li.na",
        "kind": "http_upload",
        "url": "https://pan.baidu.com/api/upload",
    },
    {
        "time": "2025-03-03T09:03:00+08:00",
        "user": "li.na",
        "kind": "request",
        "url": "http://oa.corp.local/doc/1",
        "count": 20,
    },
    {
        "time": "2025-03-03T09:04:00+08:00",
        "user": "li.na",
        "kind": "print",
        "target": "图纸.pdf",
        "pages": 40,
    },
    {
        "time": "2025-03-03T09:05:00+08:00",
        "user": "li.na",
        "kind": "http_visit",
        "url": "https://www.zhipin.com/job",
    },
]


class TestJsonLinesLoader:
    def test_it_reads_the_project_layout(self, tmp_path, store) -> None:
        write_jsonl(tmp_path / "d" / "events-1.jsonl", EVENTS)
        (tmp_path / "d" / "users.csv").write_text(
            "user,email\nzhang.wei,zhang.wei@huaxin-tech.cn\n"
        )
        report = ingest(tmp_path / "d", store, fmt="baomi")
        assert (report.events, report.malformed) == (7, 0)
        got = {(r[1], r[2], r[4]): r for r in rows(store)}
        copy = got[("zhang.wei", "file_copy", "报价单.xlsx")]
        assert copy[0] == dt.datetime(2025, 3, 3, 13, 14, 3)
        assert (copy[5], copy[6], copy[8]) == ("removable", "spreadsheet", 48213)
        assert got[("zhang.wei", "mail_send", "x@qq.com;y@client.com")][5:9] == (
            "personal_mail",
            "",
            3,
            5242880,
        )
        assert got[("zhang.wei", "mail_send", "boss@huaxin-tech.cn")][5] == "internal_mail"
        upload = got[("li.na", "http_upload", "https://pan.baidu.com/api/upload")]
        assert upload[0] == dt.datetime(2025, 3, 3, 1, 2)  # no offset: read as Asia/Shanghai
        assert upload[5] == "cloud_drive"
        assert got[("li.na", "request", "http://oa.corp.local/doc/1")][5:8] == (
            "internal_system",
            "",
            20,
        )
        assert got[("li.na", "print", "图纸.pdf")][7] == 40
        assert got[("li.na", "http_visit", "https://www.zhipin.com/job")][5] == "job_site"

    def test_bad_lines_are_counted_not_fatal(self, tmp_path, store) -> None:
        lines = [
            *EVENTS,
            "not json",
            {"time": "yesterday", "user": "a", "kind": "logon"},
            {"time": "2025-03-03T09:00:00", "user": "a", "kind": "teleport"},
        ]
        report = ingest(write_jsonl(tmp_path / "d" / "events.jsonl", lines).parent, store)
        assert (report.events, report.malformed) == (7, 3)

    def test_a_file_with_no_readable_line_is_an_error(self, tmp_path, store) -> None:
        path = write_jsonl(tmp_path / "d" / "events.jsonl", ["garbage", "{}"])
        with pytest.raises(LoadError) as caught:
            ingest(path.parent, store)
        assert caught.value.path == str(path)

    def test_a_directory_without_events_is_an_error(self, tmp_path, store) -> None:
        (tmp_path / "d").mkdir()
        with pytest.raises(LoadError, match="events"):
            ingest(tmp_path / "d", store)


DATE_STYLES = (
    "{y}-{m:02d}-{d:02d}",
    "{y}/{m}/{d}",
    "{y}.{m:02d}.{d}",
    "{y}年{m}月{d}日",
    "{y}-{m:02d}-{d:02d}T08:30:00",
)


@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    style=st.sampled_from(DATE_STYLES),
)
def test_hr_dates_parse_in_every_written_style(day: dt.date, style: str) -> None:
    assert parse_date(style.format(y=day.year, m=day.month, d=day.day)) == day


@given(text=st.text(max_size=12))
def test_hr_date_parser_never_crashes_on_junk(text: str) -> None:
    with contextlib.suppress(ValueError):
        result = parse_date(text)
        assert result is None or isinstance(result, dt.date)


class TestHrTable:
    def test_it_reads_chinese_headers_from_xlsx(self, tmp_path) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["工号", "姓名", "部门", "岗位", "入职日期", "离职申请日期", "最后工作日"])
        sheet.append(
            [
                "ZW001",
                "张伟",
                "研发部",
                "工程师",
                dt.datetime(2020, 5, 6),
                "2025/03/01",
                "2025年3月31日",
            ]
        )
        sheet.append(["LN002", "李娜", "销售部", "销售", "2021-01-04", "", ""])
        sheet.append(["", "无工号", "", "", "", "", ""])
        sheet.append(["WF003", "王芳", "", "", "not a date", "", ""])
        book.save(tmp_path / "hr.xlsx")
        hr = load_hr_table(tmp_path / "hr.xlsx")
        assert [p.user for p in hr.people] == ["ZW001", "LN002"]
        assert hr.people[0].department == "研发部"
        facts = {(e.user, str(e.kind)): e.date for e in hr.events}
        assert facts == {
            ("ZW001", "hire"): dt.date(2020, 5, 6),
            ("ZW001", "resignation"): dt.date(2025, 3, 1),
            ("ZW001", "last_day"): dt.date(2025, 3, 31),
            ("LN002", "hire"): dt.date(2021, 1, 4),
        }
        assert hr.malformed_rows == [4, 5]

    def test_a_table_without_a_user_column_is_an_error(self, tmp_path) -> None:
        (tmp_path / "hr.csv").write_text("name,department\n张伟,研发部\n", encoding="utf-8")
        with pytest.raises(LoadError, match="user column"):
            load_hr_table(tmp_path / "hr.csv")

    def test_ingest_picks_up_hr_csv(self, tmp_path, store) -> None:
        write_jsonl(tmp_path / "d" / "events.jsonl", EVENTS)
        (tmp_path / "d" / "hr.csv").write_text(
            "user,department,role,resignation_date,last_working_day\nli.na,销售部,销售,2025-03-01,2025-03-31\n",
            encoding="utf-8",
        )
        report = ingest(tmp_path / "d", store)
        assert (report.users, report.hr_events) == (1, 2)


def test_a_failed_reingest_keeps_the_stored_batch(tmp_path: Path, store: RiskStore) -> None:
    source = write_cert(tmp_path / "d")
    ingest(source, store, fmt="cert")
    (source / "logon.csv").write_text(
        "id,date,user,pc,activity\n{A},2010-01-04 06:49:00,NGF0157,PC-1,Logon\n", encoding="utf-8"
    )
    with pytest.raises(LoadError):
        ingest(source, store, fmt="cert")
    assert len(rows(store)) == 18
    assert not any((store.root / "staging").iterdir())
