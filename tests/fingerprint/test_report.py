"""The side-by-side report: self-contained, complete, and renders to PDF."""

from __future__ import annotations

import re
from pathlib import Path

from baomi.fingerprint.index import IndexReader
from baomi.fingerprint.pipeline import build_index
from baomi.fingerprint.report import render_html, render_pdf, write_report
from baomi.fingerprint.scan import ScanParams, scan_parameters, scan_unit
from baomi.fingerprint.units import text_unit

SECRET = (
    "高温合金叶片精密铸造工艺规程（核心密级）\n"
    "型壳制备：采用硅溶胶—锆英粉面层浆料，粘度控制在 32±2 秒，撒砂粒度 80~120 目；"
    "背层采用莫来石砂，共挂 7 层，每层干燥时间不少于 6 小时，环境湿度 55%±5%。\n"
    "浇注参数：真空度不高于 0.5Pa，浇注温度 1480℃±10℃，浇注时间 3.5 秒 <script>。\n"
)
SUSPECT = (
    "新产线方案：\n型殼製備：採用矽溶膠—鋯英粉面層漿料，粘度控制在３２±２秒，撒砂粒度８０～１２０目；"
    "背層採用莫來石砂，共掛７層，每层干燥时间不少于６小时，環境濕度５５％±５％。其他按供应商建议。\n"
)


def _match(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    build_index(tmp_path / "idx", [str(tmp_path / "secret.txt")])
    reader = IndexReader(tmp_path / "idx")
    [match] = scan_unit(text_unit("suspect.txt", SUSPECT), reader)
    return match, scan_parameters(reader, ScanParams())


def test_the_report_is_self_contained_and_complete(tmp_path: Path) -> None:
    match, parameters = _match(tmp_path)
    page = render_html(match, suspect_text=SUSPECT, secret_text=SECRET, parameters=parameters)
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<script>" not in page  # text is escaped
    for needle in (match.suspect_sha256, match.secret_sha256, "取证比对报告", "保证阈值", "Baomi"):
        assert needle in page
    assert page.count("<mark") == 2 * len(match.passages)
    assert "型殼製備" in page and "型壳制备" in page


def test_the_pdf_renders(tmp_path: Path) -> None:
    match, parameters = _match(tmp_path)
    path = write_report(
        match,
        tmp_path / "reports",
        suspect_text=SUSPECT,
        secret_text=SECRET,
        parameters=parameters,
        pdf=True,
    )
    assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert render_pdf("<p>中文</p>").startswith(b"%PDF")
