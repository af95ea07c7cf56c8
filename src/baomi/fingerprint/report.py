"""Side-by-side comparison report (取证比对报告) of one (suspect, secret) match.

One self-contained HTML file (inline CSS, no scripts, no external assets) that
a judge or an appraiser can read: the files' origins and SHA-256, coverage in
both directions, the longest passage, every aligned passage side by side,
then both full texts with the passages highlighted — and the parameters, tool
version and time of the run so the comparison can be reproduced. The PDF is
the same HTML rendered by WeasyPrint (Noto CJK fonts for Chinese).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib.metadata
from pathlib import Path
from zoneinfo import ZoneInfo

from baomi.fingerprint.scan import Match

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_COLOURS = ("#ffe08a", "#b8e6ff", "#c9f2c0", "#f7c6e0", "#d9ccff", "#ffd1b3")
#: Full texts longer than this are shown as excerpts around the passages.
FULL_TEXT_LIMIT = 40_000
_CONTEXT = 400

_CSS = """
@page { size: A4; margin: 14mm 12mm; @bottom-right { content: counter(page) " / " counter(pages);
  font-size: 8pt; color: #666; } }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei",
  "PingFang SC", sans-serif; font-size: 10pt; color: #222; margin: 0 auto; max-width: 1200px; }
h1 { font-size: 17pt; margin: 0 0 4px; } h2 { font-size: 13pt; border-bottom: 2px solid #333;
  padding-bottom: 2px; margin-top: 18px; }
.sub { color: #555; margin-bottom: 10px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-all; }
th { background: #f1f1f1; width: 22%; }
.side th { width: auto; }
.num { font-variant-numeric: tabular-nums; }
.big { font-size: 15pt; font-weight: bold; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; margin: 0;
  font-family: inherit; font-size: 9pt; line-height: 1.5; }
mark { padding: 0 1px; border-radius: 2px; }
.gap { color: #888; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
.cols { display: flex; gap: 8px; } .cols > div { flex: 1; min-width: 0; border: 1px solid #bbb;
  padding: 6px; }
@media print { .cols { display: block; } .cols > div { margin-bottom: 8px; } }
"""


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _highlight(text: str, spans: list[tuple[int, int]], prefix: str) -> str:
    """The text with each span wrapped in a coloured, numbered ``<mark>``.

    Spans are ``(start, end)`` in passage order; long texts keep only context
    around the marks.
    """
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    pieces: list[str] = []
    cursor = 0
    excerpt = len(text) > FULL_TEXT_LIMIT
    for i in order:
        start, end = spans[i]
        if start < cursor:  # overlapping spans on this side: mark only the new part
            start = cursor
        if start >= end:
            continue
        pieces.append(_plain(text[cursor:start], excerpt, cursor == 0, False))
        colour = _COLOURS[i % len(_COLOURS)]
        pieces.append(
            f'<mark id="{prefix}{i + 1}" style="background:{colour}" title="段落 {i + 1}">'
            f"<sup>[{i + 1}]</sup>{_esc(text[start:end])}</mark>"
        )
        cursor = end
    pieces.append(_plain(text[cursor:], excerpt, cursor == 0, True))
    return "".join(pieces)


def _plain(text: str, excerpt: bool, at_start: bool, at_end: bool) -> str:
    if not excerpt or len(text) <= 2 * _CONTEXT:
        return _esc(text)
    head = "" if at_start else _esc(text[:_CONTEXT])
    tail = "" if at_end else _esc(text[-_CONTEXT:])
    return (
        f'{head}<span class="gap"> …（省略 {len(text) - len(head) - len(tail)} 字）… </span>{tail}'
    )


def render_html(
    match: Match,
    *,
    suspect_text: str,
    secret_text: str,
    parameters: dict[str, object],
    generated_at: dt.datetime | None = None,
    registration: str | None = None,
) -> str:
    """The report of one match as a self-contained HTML document.

    ``suspect_text`` and ``secret_text`` are the extracted texts the match's
    spans index; ``parameters`` records the run's settings (k, t, window...);
    ``registration`` names the secret's evidence registration, if any.
    """
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    version = importlib.metadata.version("baomi")
    local = generated_at.astimezone(_SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    rows = [
        ("可疑文件 (suspect)", _esc(match.suspect)),
        ("可疑文件 SHA-256", f'<span class="hash">{_esc(match.suspect_sha256)}</span>'),
        ("秘密文件 (secret)", _esc(match.secret)),
        ("秘密文件 SHA-256", f'<span class="hash">{_esc(match.secret_sha256)}</span>'),
    ]
    if registration:
        rows.append(("存证登记 (registration)", _esc(registration)))
    rows += [
        ("相似度评分 (score)", f'<span class="big">{_pct(match.score)}</span>'),
        ("秘密内容出现比例", f"{_pct(match.secret_coverage)}（秘密文件中被复制部分所占比例）"),
        ("可疑文件复制比例", f"{_pct(match.suspect_coverage)}（可疑文件中来自秘密文件部分的比例）"),
        ("相同字符数", f"{match.matched_chars}（规范化后）"),
        ("最长相同段落", f"{match.longest_passage} 字（规范化后）"),
        ("段落数", str(len(match.passages))),
    ]
    summary = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    side = "".join(
        f'<tr><td class="num">{i + 1}</td>'
        f"<td><pre>{_esc(p.suspect_text)}</pre>"
        f'<div class="gap">[{p.suspect_span[0]}, {p.suspect_span[1]})</div></td>'
        f"<td><pre>{_esc(p.secret_text)}</pre>"
        f'<div class="gap">[{p.secret_span[0]}, {p.secret_span[1]})</div></td></tr>'
        for i, p in enumerate(match.passages)
    )
    suspect_full = _highlight(suspect_text, [p.suspect_span for p in match.passages], "s")
    secret_full = _highlight(secret_text, [p.secret_span for p in match.passages], "t")
    params = "".join(
        f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in parameters.items()
    )
    utc = generated_at.isoformat(timespec="seconds")
    run = (
        f"<tr><th>工具 (tool)</th><td>Baomi {_esc(version)}</td></tr>"
        f"<tr><th>生成时间 (UTC)</th><td>{_esc(utc)}</td></tr>"
        f"<tr><th>生成时间 (北京时间)</th><td>{_esc(local)}</td></tr>"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<title>取证比对报告 — {_esc(match.suspect)}</title><style>{_CSS}</style></head>
<body>
<h1>取证比对报告（同一性比对）</h1>
<div class="sub">Forensic comparison report — suspect vs. trade-secret material</div>
<h2>一、概要</h2><table>{summary}</table>
<h2>二、逐段对照（{len(match.passages)} 段）</h2>
<p>位置为抽取文本中的字符区间 [起, 止)；比对前已作规范化（全半角、繁简、标点、空白、大小写）。</p>
<table class="side"><tr><th style="width:5%">#</th><th>可疑文件</th><th>秘密文件</th></tr>
{side}</table>
<h2>三、全文对照</h2>
<div class="cols"><div><b>可疑文件</b>：{_esc(match.suspect)}<pre>{suspect_full}</pre></div>
<div><b>秘密文件</b>：{_esc(match.secret)}<pre>{secret_full}</pre></div></div>
<h2>四、比对参数与运行信息</h2><table>{params}{run}</table>
<p class="sub">同样的文件、参数与工具版本可重现本比对结果。</p>
</body></html>
"""


def render_pdf(document: str) -> bytes:
    """Render a report's HTML to PDF with WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=document).write_pdf())


def report_name(match: Match) -> str:
    """A stable file name (without extension) for a match's report."""
    digest = hashlib.sha256(f"{match.suspect}\x00{match.secret}".encode()).hexdigest()[:16]
    return f"report-{digest}"


def write_report(
    match: Match,
    directory: str | Path,
    *,
    suspect_text: str,
    secret_text: str,
    parameters: dict[str, object],
    pdf: bool = False,
    registration: str | None = None,
) -> Path:
    """Write ``report-<id>.html`` (and ``.pdf`` when asked) into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    document = render_html(
        match,
        suspect_text=suspect_text,
        secret_text=secret_text,
        parameters=parameters,
        registration=registration,
    )
    path = directory / f"{report_name(match)}.html"
    path.write_text(document, encoding="utf-8")
    if pdf:
        path.with_suffix(".pdf").write_bytes(render_pdf(document))
    return path
