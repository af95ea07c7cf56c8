"""The engine's reasons in Chinese; unknown shapes stay as the engine wrote them."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from baomi.apps.risk import analysis
from baomi.apps.risk.labels import parse_reason
from baomi.apps.risk.testing import RiskTestCase

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


class ReasonTextTestCase(SimpleTestCase):
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

    def test_every_generated_reason_is_localised(self) -> None:
        reasons = [
            parse_reason(r) for user in analysis.ranking(self.org_a).users for r in user["reasons"]
        ]
        self.assertGreater(len(reasons), 5)
        with translation.override("zh-hans"):
            untranslated = [r.detail for r in reasons if r.text == r.detail]
        self.assertEqual(untranslated, [])
