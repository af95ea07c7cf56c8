"""The engine's reasons in Chinese, rendered from their code and parameters; an unknown code
shows the engine's English sentence, and reasons stored before codes existed (sentences only)
are still read by pattern."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import SimpleTestCase
from django.utils import translation

from baomi.apps.risk import analysis
from baomi.apps.risk.labels import parse_reason, reason_from, reasons_of
from baomi.apps.risk.models import RiskCase
from baomi.apps.risk.reason_text import RENDERERS
from baomi.apps.risk.testing import RiskTestCase
from baomi.risk import reasons as codes
from baomi.risk.reasons import Explanation, departing_reason, unusual_profile_reason, window_reason

DAY = dt.date.fromisoformat


def _departing(anchor: str, anchor_date: str | None, **kw: Any) -> Explanation:
    return departing_reason(
        kw.pop("unit", "removable_files"),
        total=kw.pop("total", 114),
        baseline=kw.pop("baseline", 0),
        start=DAY(kw.pop("start", "2024-02-15")),
        end=DAY(kw.pop("end", "2024-02-21")),
        days=kw.pop("days", 7),
        anchor=anchor,
        anchor_date=DAY(anchor_date) if anchor_date else None,
        through_anchor=kw.pop("through_anchor", False),
        sequence=kw.pop("sequence", False),
    )


def _window(scenario: str, unit: str, days: int, **kw: Any) -> Explanation:
    return window_reason(
        scenario,
        unit,
        total=kw.pop("total", 4545),
        baseline=kw.pop("baseline", 28),
        days=days,
        start=DAY(kw.pop("start", "2024-02-19")),
        end=DAY(kw.pop("end", "2024-02-19")),
        **kw,
    )


# One explanation of each code (made by the engine's builders) → its Chinese reading. The
# readings are those the pages showed before reasons had codes (see SAMPLES below).
STRUCTURED: dict[str, tuple[Explanation, str]] = {
    codes.INTERNAL_CRAWLING: (
        _window("internal_crawler", "internal_requests", 1, peak=281),
        "2024-02-19 内部系统请求 4,545（平时每天 28），10 分钟内峰值 281 次请求",
    ),
    codes.DEPARTING_BEFORE_LAST_DAY: (
        _departing("last_day", "2024-02-22", through_anchor=True),
        "最后工作日 2024-02-22 之前的 7 天内拷贝至U盘或可移动存储的文件 114（平时 0）",
    ),
    codes.DEPARTING_TO_LAST_DAY: (
        _departing("last_day", "2024-02-22", days=30, end="2024-02-06", total=52),
        "截至 2024-02-06 的 30 天内（最后工作日 2024-02-22 之前）拷贝至U盘或可移动存储的文件 52"
        "（平时 0）",
    ),
    codes.DEPARTING_AFTER_RESIGNATION: (
        _departing(
            "resignation",
            "2024-01-20",
            unit="cloud_uploads",
            total=28,
            baseline=1,
            days=30,
            end="2024-02-10",
            sequence=True,
        ),
        "截至 2024-02-10 的 30 天内（2024-01-20 提出离职之后）上传至网盘的文件 28（平时 1）"
        "；出现“收集 → 外传 → 清理痕迹”的完整序列",
    ),
    codes.DEPARTING_JOB_SEARCH: (
        _departing("job_search", None, unit="print_pages", total=1234, days=30, end="2024-02-21"),
        "截至 2024-02-21 的 30 天内（招聘网站访问增多之后（人事无离职日期））"
        "打印页数 1,234（平时 0）",
    ),
    codes.USB_SENSITIVE_COPIES: (
        _window(
            "removable_media_exfiltration",
            "removable_sensitive_files",
            7,
            total=114,
            baseline=0,
            start="2024-02-15",
            end="2024-02-21",
        ),
        "2024-02-15 至 2024-02-21 的 7 天内拷贝至U盘的文档、图纸、代码或压缩包 114"
        "（平时每 7 天 0）",
    ),
    codes.CLOUD_UPLOADS: (
        _window(
            "netdisk_upload", "cloud_uploads", 7, total=65, start="2024-02-29", end="2024-03-06"
        ),
        "2024-02-29 至 2024-03-06 的 7 天内上传至网盘的文件 65（平时每 7 天 28）",
    ),
    codes.PERSONAL_MAIL_ATTACHMENTS: (
        _window(
            "personal_mail_exfiltration",
            "personal_mail_attachments",
            1,
            total=53,
            baseline=0,
            start="2024-02-09",
            end="2024-02-09",
        ),
        "2024-02-09 发送至私人邮箱的附件 53（平时每天 0）",
    ),
    codes.AFTER_HOURS_ACCESS: (
        _window("after_hours_mass_access", "after_hours_file_access", 1, total=200, baseline=0),
        "2024-02-19 非工作时间的文件或系统访问 200（平时每天 0）",
    ),
    codes.UNUSUAL_PROFILE: (
        unusual_profile_reason(97),
        "活动特征比 97% 的用户更异常（孤立森林模型）",
    ),
}

SAMPLES = {
    "internal_crawler: 4,545 requests to internal systems on 2024-02-19 (baseline 28 a day), "
    "peak 281 requests in 10 minutes": (
        "2024-02-19 内部系统请求 4,545（平时每天 28），10 分钟内峰值 281 次请求"
    ),
    "departing_user_exfiltration: 114 files to USB/removable media in the 7 days before last "
    "working day 2024-02-22 (baseline 0)": (
        "最后工作日 2024-02-22 之前的 7 天内拷贝至U盘或可移动存储的文件 114（平时 0）"
    ),
    "removable_media_exfiltration: 114 documents, drawings, code or archives to USB/removable "
    "media in 7 days 2024-02-15 to 2024-02-21 (baseline 0 per 7 days)": (
        "2024-02-15 至 2024-02-21 的 7 天内拷贝至U盘的文档、图纸、代码或压缩包 114（平时每 7 天 0）"
    ),
    "departing_user_exfiltration: 28 uploads to cloud drives in 30 days to 2024-02-10 after "
    "resignation on 2024-01-20 (baseline 1); sequence collect → exfiltrate → clean up": (
        "截至 2024-02-10 的 30 天内（2024-01-20 提出离职之后）上传至网盘的文件 28（平时 1）"
        "；出现“收集 → 外传 → 清理痕迹”的完整序列"
    ),
    "unsupervised_anomaly: activity profile more unusual than 97% of users (IsolationForest)": (
        "活动特征比 97% 的用户更异常（孤立森林模型）"
    ),
}


class StructuredReasonTestCase(SimpleTestCase):
    def test_every_code_has_a_reading(self) -> None:
        self.assertEqual(set(STRUCTURED), set(codes.CODE_SCENARIOS))
        self.assertEqual(set(RENDERERS), set(codes.CODE_SCENARIOS))

    def test_each_code_reads_in_chinese(self) -> None:
        with translation.override("zh-hans"):
            for code, (explanation, chinese) in STRUCTURED.items():
                reason = reason_from(explanation.as_json())
                self.assertEqual(reason.reason_code, code)
                self.assertEqual(reason.text, chinese, code)
                self.assertEqual(str(reason.label), str(parse_reason(explanation.text).label))

    def test_the_reading_is_the_one_of_the_sentence(self) -> None:
        # Pages show the same words as when the sentences were read by pattern.
        with translation.override("zh-hans"):
            for code, (explanation, _chinese) in STRUCTURED.items():
                self.assertEqual(
                    reason_from(explanation.as_json()).text,
                    parse_reason(explanation.text).text,
                    code,
                )

    def test_english_is_rendered_from_the_parameters_too(self) -> None:
        explanation, _chinese = STRUCTURED[codes.INTERNAL_CRAWLING]
        with translation.override("en"):
            text = reason_from(explanation.as_json()).text
        self.assertEqual(
            text,
            "requests to internal systems: 4,545 on 2024-02-19 (usually 28 a day), peak of 281 "
            "requests in 10 minutes",
        )

    def test_an_unknown_code_shows_the_english_sentence(self) -> None:
        data = {
            "scenario": "netdisk_upload",
            "code": "cloud_uploads_by_hour",
            "params": {"total": 3},
            "text": "netdisk_upload: 3 uploads in an hour the engine learnt to say",
        }
        with translation.override("zh-hans"):
            reason = reason_from(data)
            self.assertEqual(reason.text, "3 uploads in an hour the engine learnt to say")
            self.assertEqual(str(reason.label), "上传至网盘")

    def test_malformed_parameters_show_the_english_sentence(self) -> None:
        explanation, _chinese = STRUCTURED[codes.CLOUD_UPLOADS]
        data = explanation.as_json()
        for params in (
            {**data["params"], "end": "not a date"},
            {**data["params"], "total": "many"},
            {**data["params"], "unit": "carrier_pigeons"},
            {k: v for k, v in data["params"].items() if k != "baseline"},
            None,
        ):
            with translation.override("zh-hans"):
                reason = reason_from({**data, "params": params})
                self.assertEqual(reason.text, reason.detail, params)
        self.assertTrue(reason.detail.startswith("65 uploads to cloud drives"))

    def test_sentences_without_structure_are_read_as_before(self) -> None:
        texts = [e.text for e, _c in STRUCTURED.values()]
        structured = [e.as_json() for e, _c in STRUCTURED.values()]
        self.assertTrue(all(r.explanation is None for r in reasons_of(texts)))
        self.assertTrue(all(r.explanation is None for r in reasons_of(texts, [])))
        # A structure that does not match the sentences one for one is not trusted.
        self.assertTrue(all(r.explanation is None for r in reasons_of(texts, structured[:2])))
        self.assertTrue(all(r.explanation for r in reasons_of(texts, structured)))


class LegacyReasonTextTestCase(SimpleTestCase):
    """Reasons stored as sentences only (RiskCases opened before reasons had codes)."""

    def test_known_shapes_read_in_chinese(self) -> None:
        with translation.override("zh-hans"):
            for engine, chinese in SAMPLES.items():
                self.assertEqual(parse_reason(engine).text, chinese)

    def test_english_stays_close_to_the_engine(self) -> None:
        with translation.override("en"):
            reason = parse_reason(next(iter(SAMPLES)))
        self.assertIn("4,545", reason.text)

    def test_an_unknown_shape_is_shown_as_written(self) -> None:
        with translation.override("zh-hans"):
            reason = parse_reason("netdisk_upload: something new the engine says")
            self.assertEqual(reason.text, "something new the engine says")
            self.assertEqual(str(reason.label), "上传至网盘")
            other = parse_reason("not a scenario at all")
            self.assertEqual((other.code, other.text), ("", "not a scenario at all"))


class GeneratedReasonsTestCase(RiskTestCase):
    """Every reason the engine gives on the generated organisation has a Chinese reading
    (this fails when the engine's wording changes: update reason_text.py then)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)

    def test_every_generated_reason_is_rendered_from_its_code(self) -> None:
        users = analysis.ranking(self.org_a).users
        reasons = [r for user in users for r in reasons_of(user["reasons"], user["explanations"])]
        self.assertGreater(len(reasons), 5)
        self.assertTrue(all(r.explanation is not None for r in reasons))
        with translation.override("zh-hans"):
            untranslated = [r.detail for r in reasons if r.text == r.detail]
            self.assertEqual(untranslated, [])
            # The same words as the pattern reading of the same sentences.
            self.assertEqual(
                [r.text for r in reasons],
                [parse_reason(f"{r.code}: {r.detail}").text for r in reasons],
            )


class CaseReasonsTestCase(RiskTestCase):
    """A case shows its reasons in Chinese, whether opened now or before reasons had codes."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.install_store(cls.org_a)

    def test_a_new_case_keeps_the_structured_reasons(self) -> None:
        subject = analysis.ranking(self.org_a).users[0]["user"]
        self.login(self.alice).post("/risk/cases/new/", {"subject": subject})
        case = RiskCase.objects.get(subject=subject)
        self.assertEqual(len(case.explanations), len(case.reasons))
        self.assertEqual([e["text"] for e in case.explanations], case.reasons)
        reason = reason_from(case.explanations[0])
        with translation.override("zh-hans"):
            text = reason.text
        self.assertNotEqual(text, reason.detail)
        r = self.client.get(f"/risk/cases/{case.pk}/")
        self.assertContains(r, text)

    def test_an_old_case_without_structure_still_reads_in_chinese(self) -> None:
        case = RiskCase.objects.create(
            organisation=self.org_a,
            subject="OLD0001",
            score=0.7,
            window_start=DAY("2024-02-15"),
            window_end=DAY("2024-02-21"),
            reasons=list(SAMPLES),
            scenarios=["internal_crawler"],
            opened_by=self.alice,
        )
        self.assertEqual(case.explanations, [])
        r = self.login(self.alice).get(f"/risk/cases/{case.pk}/")
        for chinese in SAMPLES.values():
            self.assertContains(r, chinese)
