"""Daily per-user features, baselines and the detectors on hand-made events."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from baomi.risk.baseline import compute_baseline, peer_groups, rolling_sum
from baomi.risk.features import FeatureMatrix, daily_features
from baomi.risk.rank import rank_users, user_timeline
from baomi.risk.scenarios import DEPARTING
from baomi.risk.schema import Category, Event, EventKind, FileType, HrKind
from baomi.risk.store import RiskStore, events_table

SH = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def feature_rows(store: RiskStore) -> dict[tuple[str, dt.date], dict]:
    return {(r["user"], r["day"]): r for r in daily_features(store).to_pylist()}


MONDAY = dt.date(2025, 3, 3)
SATURDAY = dt.date(2025, 3, 8)
MAKEUP_SUNDAY = dt.date(2025, 4, 27)  # a Sunday worked in exchange for the Labour Day holiday
LABOUR_DAY = dt.date(2025, 5, 1)


class TestDailyFeatures:
    def test_it_counts_each_signal(self, store: RiskStore) -> None:
        e = [
            Event(at(MONDAY, 8), "wei", EventKind.LOGON),
            Event(at(MONDAY, 22), "wei", EventKind.LOGON),
            Event(at(MONDAY, 9), "wei", EventKind.DEVICE_CONNECT, category=Category.REMOVABLE),
            Event(
                at(MONDAY, 9, 5),
                "wei",
                EventKind.FILE_COPY,
                target="a.dwg",
                category=Category.REMOVABLE,
                file_type=FileType.DRAWING,
            ),
            Event(
                at(MONDAY, 9, 6),
                "wei",
                EventKind.FILE_COPY,
                target="b.xlsx",
                category=Category.REMOVABLE,
                file_type=FileType.SPREADSHEET,
            ),
            Event(
                at(MONDAY, 9, 7),
                "wei",
                EventKind.FILE_COPY,
                target="c.jpg",
                category=Category.REMOVABLE,
                file_type=FileType.IMAGE,
            ),
            Event(
                at(MONDAY, 9, 8),
                "wei",
                EventKind.FILE_COPY,
                target="d.docx",
                category=Category.LOCAL,
                file_type=FileType.DOCUMENT,
            ),
            Event(
                at(MONDAY, 10),
                "wei",
                EventKind.HTTP_UPLOAD,
                target="https://pan.baidu.com/upload",
                category=Category.CLOUD_DRIVE,
                size=1000,
            ),
            Event(
                at(MONDAY, 10),
                "wei",
                EventKind.HTTP_VISIT,
                target="https://www.51job.com/",
                category=Category.JOB_SITE,
            ),
            Event(
                at(MONDAY, 11),
                "wei",
                EventKind.MAIL_SEND,
                target="x@qq.com",
                category=Category.PERSONAL_MAIL,
                n=4,
                size=9000,
            ),
            Event(
                at(MONDAY, 11),
                "wei",
                EventKind.MAIL_SEND,
                target="y@client.com",
                category=Category.EXTERNAL_MAIL,
                n=2,
            ),
            Event(
                at(MONDAY, 12),
                "wei",
                EventKind.PRINT,
                target="p.pdf",
                category=Category.LOCAL,
                n=30,
            ),
            Event(
                at(MONDAY, 13, 1), "wei", EventKind.REQUEST, category=Category.INTERNAL_SYSTEM, n=50
            ),
            Event(
                at(MONDAY, 13, 8), "wei", EventKind.REQUEST, category=Category.INTERNAL_SYSTEM, n=70
            ),
            Event(
                at(MONDAY, 13, 12), "wei", EventKind.REQUEST, category=Category.INTERNAL_SYSTEM, n=5
            ),
            Event(
                at(MONDAY, 23, 30),
                "wei",
                EventKind.FILE_OPEN,
                target="e.docx",
                category=Category.LOCAL,
                file_type=FileType.DOCUMENT,
            ),
            Event(
                at(MONDAY, 23, 31),
                "wei",
                EventKind.FILE_DELETE,
                target="e.docx",
                category=Category.LOCAL,
            ),
        ]
        store.append_events("b", [events_table(e)])
        row = feature_rows(store)[("wei", MONDAY)]
        assert row["events"] == len(e)
        assert (row["logons"], row["after_hours_logons"], row["off_day_events"]) == (2, 1, 0)
        assert row["usb_connects"] == 1
        assert (row["removable_files"], row["removable_sensitive_files"]) == (3, 2)
        assert (row["removable_drawing"], row["removable_spreadsheet"]) == (1, 1)
        assert (row["cloud_uploads"], row["cloud_upload_bytes"]) == (1, 1000)
        assert (row["personal_mail_attachments"], row["personal_mail_bytes"]) == (4, 9000)
        assert row["external_mail_attachments"] == 2
        assert row["job_site_visits"] == 1
        assert (row["internal_requests"], row["request_peak"]) == (125, 120)
        assert row["print_pages"] == 30
        assert (row["file_opens"], row["file_deletes"], row["after_hours_file_access"]) == (1, 1, 1)

    def test_days_are_local_and_the_chinese_calendar_applies(self, store: RiskStore) -> None:
        e = [
            # 00:30 on Tuesday in Shanghai is still Monday in UTC: the local day counts.
            Event(at(MONDAY + dt.timedelta(days=1), 0, 30), "na", EventKind.LOGON),
            Event(at(SATURDAY, 10), "na", EventKind.LOGON),
            Event(at(MAKEUP_SUNDAY, 10), "na", EventKind.LOGON),
            Event(at(LABOUR_DAY, 10), "na", EventKind.LOGON),
        ]
        store.append_events("b", [events_table(e)])
        rows = feature_rows(store)
        assert rows[("na", MONDAY + dt.timedelta(days=1))]["after_hours_logons"] == 1
        assert rows[("na", SATURDAY)]["off_day_events"] == 1
        assert rows[("na", SATURDAY)]["after_hours_logons"] == 1
        assert rows[("na", MAKEUP_SUNDAY)]["off_day_events"] == 0
        assert rows[("na", LABOUR_DAY)]["off_day_events"] == 1

    def test_the_matrix_is_dense_over_days(self, store: RiskStore) -> None:
        e = [
            Event(at(MONDAY, 9), "a", EventKind.LOGON),
            Event(at(MONDAY + dt.timedelta(days=4), 9), "b", EventKind.LOGON),
        ]
        store.append_events("b", [events_table(e)])
        matrix = FeatureMatrix.from_table(daily_features(store))
        assert matrix.users == ["a", "b"]
        assert len(matrix.days) == 5
        assert matrix.values["logons"].tolist() == [[1, 0, 0, 0, 0], [0, 0, 0, 0, 1]]
        assert matrix.span.tolist() == [[0, 0], [4, 4]]


class TestBaselines:
    def test_rolling_sums(self) -> None:
        assert rolling_sum(np.array([[1.0, 2, 3, 4]]), 2).tolist() == [[1, 3, 5, 7]]

    def test_a_spike_deviates_but_a_steady_heavy_user_does_not(self) -> None:
        rng = np.random.default_rng(0)
        values = rng.poisson(1.0, (6, 200)).astype(float)
        values[0] = rng.poisson(40.0, 200)  # steady heavy user
        values[1, 150] += 60  # one spike
        span = np.array([[0, 199]] * 6)
        base = compute_baseline(values, span, ["*"] * 6, 1)
        peak = base.deviation().max(axis=1)
        assert peak[1] > 10
        assert peak[0] < 5

    def test_small_peer_groups_fall_back(self) -> None:
        users = ["a", "b", "c", "d"]
        roles = {"a": "IT", "b": "sales", "c": "sales", "d": "sales"}
        assert peer_groups(users, roles, {}) == ["*", "role:sales", "role:sales", "role:sales"]


def test_a_departing_user_copying_to_usb_is_ranked_first_with_the_reason(store: RiskStore) -> None:
    events = []
    start = dt.date(2025, 1, 6)
    for offset in range(70):
        day = start + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for user in ("wei", "na", "fang", "jun"):
            events.append(Event(at(day, 9), user, EventKind.LOGON))
            events.append(
                Event(
                    at(day, 10),
                    user,
                    EventKind.FILE_COPY,
                    target="r.docx",
                    category=Category.REMOVABLE,
                    file_type=FileType.DOCUMENT,
                )
            )
        if offset >= 60:
            events += [
                Event(
                    at(day, 11, m),
                    "wei",
                    EventKind.FILE_COPY,
                    target=f"图纸{m}.dwg",
                    category=Category.REMOVABLE,
                    file_type=FileType.DRAWING,
                )
                for m in range(30)
            ]
    store.append_events("b", [events_table(events)])
    store.write_table(
        "hr",
        "b",
        __import__("pyarrow").Table.from_pylist(
            [
                {
                    "user": "wei",
                    "kind": str(HrKind.LAST_DAY),
                    "date": start + dt.timedelta(days=69),
                    "value": "",
                    "source": "hr",
                }
            ]
        ),
    )
    ranked = rank_users(store)
    assert ranked[0].user == "wei"
    assert ranked[0].reasons[0].startswith(f"{DEPARTING}: ")
    assert "before last working day 2025-03-16" in ranked[0].reasons[0]
    assert all(not r.scenarios for r in ranked[1:])
    timeline = user_timeline(
        store, "wei", start=start + dt.timedelta(days=60), kinds=("file_copy",)
    )
    assert len(timeline) == 6 * 31 and timeline[0].time.tzinfo is not None


def test_event_times_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Event(dt.datetime(2025, 1, 1), "a", EventKind.LOGON)
