"""Synthetic leak corpus: secrets, suspects with planted copies, topic-only distractors.

Everything is generated from a seed; nothing is downloaded. Chinese and English
prose are random sentences over per-topic vocabularies (so distractors share
topic and vocabulary with the secrets, and short stock phrases, but no long
run); code is random Python and C functions. Planted copies take a passage of
a secret (>= 50 normalised characters) and change it the way leakers and
formats do, then hide it in distractor text, in a .txt, .py/.c, .docx, .zip,
.eml or a GB18030-encoded file.
"""

from __future__ import annotations

import io
import json
import random
import re
import textwrap
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from baomi.fingerprint._variants import TRADITIONAL_TO_SIMPLIFIED
from baomi.fingerprint.normalise import normalise

ZH_TOPICS = {
    "casting": "铸造 型壳 浆料 粘度 撒砂 焙烧 浇注 真空度 温度 保温 叶片 合金 熔炼 坩埚 冷却 凝固 "
    "晶粒 缩孔 气孔 检测 探伤 热处理 固溶 时效 硬度 强度 工艺 参数 模具 蜡模 脱蜡 压力 时间 "
    "速率 炉膛 电极 试样 报告 批次 合格率 返修 工序 质量 控制 设备 操作 记录",
    "sales": "客户 渠道 报价 折扣 毛利 回款 账期 订单 合同 区域 经销商 代理 季度 目标 增长 "
    "市场 份额 竞品 价格 策略 促销 库存 发货 物流 结算 发票 信用 额度 拜访 跟进 需求 方案 "
    "招标 投标 中标 采购 预算 审批 返利 提成 考核 业绩 大客户 续约 流失 满意度",
    "chemistry": "配方 溶剂 催化剂 反应釜 搅拌 转速 升温 降温 滴加 回流 过滤 洗涤 干燥 "
    "粉碎 筛分 纯度 收率 杂质 色谱 检测 样品 批号 原料 辅料 添加剂 比例 重量 体积 浓度 "
    "酸值 粘度 固含量 稳定性 储存 包装 安全 防护 废液 处理 工艺 路线 中试 放大",
}
ZH_GLUE = "的 了 在 和 与 及 对 将 按 由 并 应 需 可 为 是 把 从 以 进行 采用 控制 确保 根据 通过"
EN_TOPICS = {
    "casting": "casting shell slurry viscosity stucco firing pouring vacuum temperature hold "
    "blade alloy melt crucible cooling solidification grain shrinkage porosity inspection "
    "heat treatment solution aging hardness strength process parameter mould wax pattern "
    "dewaxing pressure time rate furnace electrode specimen batch yield rework quality",
    "sales": "customer channel quote discount margin collection terms order contract region "
    "distributor agent quarter target growth market share competitor price strategy "
    "promotion inventory shipment logistics invoice credit limit visit follow demand "
    "proposal tender bid procurement budget approval rebate commission account renewal",
    "software": "service request response cache queue worker thread latency throughput "
    "database index query schema migration deployment cluster node replica shard token "
    "session user account permission role audit log metric alert retry timeout backoff "
    "payload buffer stream batch pipeline scheduler config release version rollback",
}
# Each topic's technical vocabulary is larger than its core terms: real documents
# on one subject use hundreds of distinct words. Jargon is synthesised from
# syllables so word lengths stay realistic (5-9 letters).
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ter",
    "van",
    "sol",
    "dre",
    "pix",
    "nor",
    "bel",
    "quo",
    "ras",
    "fen",
    "dul",
    "gri",
    "tho",
    "mez",
    "pal",
    "cor",
    "vin",
]


def _jargon(seed: int, count: int) -> str:
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))) for _ in range(count)
    )


EN_TOPICS = {
    topic: words + " " + _jargon(i, 250) for i, (topic, words) in enumerate(EN_TOPICS.items())
}
EN_GLUE = (
    "the a of to and in for with on by from is are be must should then after before "
    "about above across against along among around because below beside between beyond "
    "during except inside near outside since through toward under until upon within without "
    "can could may might shall will would has have had do does did was were been being "
    "this that these those each every either neither both few many most other some such "
    "all any no not only own same so than too very just also still yet already often "
    "again always never sometimes usually perhaps rather quite almost enough instead "
    "first second third last next new old high low large small long short early late "
    "good better best bad worse main major minor key basic final total partial direct "
    "local global daily weekly monthly annual current previous future recent special "
    "general standard normal typical common rare simple complex clear open closed "
    "ready available required optional internal external public private manual automatic "
    "check review update confirm prepare record report measure compare adjust reduce "
    "increase improve maintain support provide receive deliver assign approve reject "
    "team staff manager engineer operator supplier vendor client office site plant line "
    "week month year day hour minute plan goal issue risk cost value level amount number "
    "rule policy method step stage phase task job work result change problem solution"
)
# Stock phrases of the trade (shorter than the noise threshold once normalised):
# every generated document may use them; they are not copies.
ZH_STOCK = ["按照国家标准执行", "经检验合格后", "严格控制工艺参数", "由质量部负责", "详见附件"]
EN_STOCK = ["in accordance with", "subject to approval", "as shown in table", "see annex"]
TEMPLATE_HEADER = "某某精密制造股份有限公司 内部文件 未经书面许可不得复制或向第三方披露 版本号"
TEMPLATE_FOOTER = "本文件为公司商业秘密，受保密协议约束；违反者将依法追究法律责任"


def zh_sentence(rng: random.Random, words: list[str], glue: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(6, 14)):
        roll = rng.random()
        if roll < 0.6:
            parts.append(rng.choice(words))
        elif roll < 0.85:
            parts.append(rng.choice(glue))
        else:
            parts.append(f"{rng.randint(1, 2000)}{rng.choice(['℃', '秒', '%', '件', '元', 'mm'])}")
    if rng.random() < 0.3:  # at most one stock phrase per sentence
        parts.insert(rng.randint(1, len(parts)), rng.choice(ZH_STOCK))
    return "".join(parts) + rng.choice("。；，") + ("\n" if rng.random() < 0.2 else "")


def en_sentence(rng: random.Random, words: list[str], glue: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(8, 18)):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(words))
        elif roll < 0.9:
            parts.append(rng.choice(glue))
        else:
            parts.append(str(rng.randint(1, 5000)))
    if rng.random() < 0.3:  # at most one stock phrase per sentence
        parts.insert(rng.randint(1, len(parts)), rng.choice(EN_STOCK))
    sentence = " ".join(parts)
    return sentence[0].upper() + sentence[1:] + rng.choice([". ", ". ", "; ", ".\n"])


def prose(rng: random.Random, language: str, topic: str, chars: int, template: bool) -> str:
    if language == "zh":
        words, glue, make = ZH_TOPICS[topic].split(), ZH_GLUE.split(), zh_sentence
    else:
        words, glue, make = EN_TOPICS[topic].split(), EN_GLUE.split(), en_sentence
    out = [TEMPLATE_HEADER + f" {rng.randint(1, 9)}.{rng.randint(0, 9)}\n"] if template else []
    size = 0
    while size < chars:
        out.append(make(rng, words, glue))
        size += len(out[-1])
    if template:
        out.append("\n" + TEMPLATE_FOOTER + "\n")
    return "".join(out)


PY_OPS = ["+", "-", "*", "//", "%", "<<", "|", "&", "^"]
CALLS = ["abs", "min", "max", "round", "len", "sum", "sorted", "int", "float", "math.sqrt"]
NAMES = [
    "qty",
    "rate",
    "temp",
    "load",
    "cost",
    "size",
    "gain",
    "span",
    "depth",
    "ratio",
    "count",
    "level",
    "slot",
    "base",
    "mark",
]


def _expr(rng: random.Random, names: list[str], depth: int = 0) -> str:
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        return rng.choice(names) if rng.random() < 0.6 else str(rng.randint(0, 999))
    if roll < 0.55:
        left, right = _expr(rng, names, depth + 1), _expr(rng, names, depth + 1)
        return f"({left} {rng.choice(PY_OPS)} {right})"
    if roll < 0.75:
        args = ", ".join(_expr(rng, names, depth + 1) for _ in range(rng.randint(1, 3)))
        return f"{rng.choice(CALLS)}({args})"
    if roll < 0.9:
        return f"{rng.choice(names)}[{_expr(rng, names, depth + 1)}]"
    return f"{_expr(rng, names, depth + 1)} if {rng.choice(names)} else {rng.randint(0, 9)}"


def _py_block(rng: random.Random, names: list[str], indent: str, depth: int) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 4 if depth else 7)):
        roll = rng.random()
        target = rng.choice(names)
        if depth < 2 and roll < 0.2:
            lines.append(
                f"{indent}if {_expr(rng, names)} {rng.choice(['>', '<', '==', '!='])} "
                f"{_expr(rng, names)}:"
            )
            lines += _py_block(rng, names, indent + "    ", depth + 1)
        elif depth < 2 and roll < 0.35:
            loop = rng.choice(["i", "j", "k", "item"])
            lines.append(f"{indent}for {loop} in range({_expr(rng, names)}):")
            lines += _py_block(rng, [*names, loop], indent + "    ", depth + 1)
        elif roll < 0.5:
            lines.append(
                f"{indent}{target} {rng.choice(['+=', '-=', '*=', '|='])} {_expr(rng, names)}"
            )
        elif roll < 0.6:
            lines.append(f"{indent}{rng.choice(names)}.append({_expr(rng, names)})")
        else:
            lines.append(f"{indent}{target} = {_expr(rng, names)}")
    return lines


def py_function(rng: random.Random, name: str) -> str:
    names = rng.sample(NAMES, rng.randint(2, 5))
    lines = [f"def {name}({', '.join(names)}):"]
    lines += _py_block(rng, names, "    ", 0)
    lines.append(f"    return {_expr(rng, names)}\n")
    return "\n".join(lines)


def c_function(rng: random.Random, name: str) -> str:
    names = rng.sample(NAMES, rng.randint(2, 5))
    body = [
        f"{rng.choice(['int', 'long', 'unsigned'])} {name}("
        + ", ".join(f"{rng.choice(['int', 'long', 'int *'])} {n}" for n in names)
        + ") {"
    ]
    for _ in range(rng.randint(3, 9)):
        roll = rng.random()
        expr = _expr(rng, names).replace(" if ", " ? ").replace(" else ", " : ")
        expr = (
            expr.replace("math.sqrt", "sqrt").replace("sorted", "qsort_i").replace("len", "strlen")
        )
        target = rng.choice(names)
        if roll < 0.25:
            body.append(
                f"    if ({expr} {rng.choice(['>', '<', '=='])} {rng.randint(0, 99)}) "
                f"{{ {target} {rng.choice(['+=', '^=', '-='])} {rng.randint(1, 99)}; }}"
            )
        elif roll < 0.45:
            body.append(
                f"    for (int i = 0; i < {rng.randint(2, 64)}; i++) {{ {target} += {expr}; }}"
            )
        elif roll < 0.6:
            body.append(f"    while ({target} > {rng.randint(100, 9999)}) {{ {target} >>= 1; }}")
        else:
            body.append(f"    {target} = {expr};")
    body.append(f"    return {rng.choice(names)};\n}}\n")
    return "\n".join(body)


def code(rng: random.Random, language: str, functions: int, prefix: str) -> str:
    make = py_function if language == "py" else c_function
    head = "import math\n\n\n" if language == "py" else "#include <stdio.h>\n\n"
    return head + "\n\n".join(make(rng, f"{prefix}_{i}") for i in range(functions))


# --- modifications ------------------------------------------------------------

_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_SIMPLIFIED_TO_TRADITIONAL = {ord(v): chr(k) for k, v in TRADITIONAL_TO_SIMPLIFIED.items()}


def modify(rng: random.Random, text: str, how: str) -> str:
    """Change a copied passage the way a leaker or a format would."""
    if how == "verbatim":
        return text
    if how == "reformat":  # line breaks, spaces, punctuation changed
        text = text.replace("。", ". ").replace("，", ", ").replace("；", ";\n")
        if re.search("[\u4e00-\u9fff]", text):  # Chinese wraps anywhere
            return "\n".join(text[i : i + 37] for i in range(0, len(text), 37))
        return textwrap.fill(" ".join(text.split()), width=60)
    if how == "fullwidth":
        return text.translate(_FULL_WIDTH)
    if how == "traditional":
        return text.translate(_SIMPLIFIED_TO_TRADITIONAL)
    if how == "typos":  # one changed character every ~70
        chars = list(text)
        for i in range(35, len(chars), 70):
            if chars[i].isalnum():
                chars[i] = "错" if ord(chars[i]) > 0x2E80 else "x"
        return "".join(chars)
    if how == "renamed":  # code: identifiers renamed, spacing changed
        for old in NAMES:
            text = re.sub(rf"\b{old}\b", old[:2] + "_v", text)
        return text.replace(" = ", "=").replace(", ", ",")
    raise ValueError(how)


@dataclass
class Corpus:
    """Where the corpus is and what was planted."""

    secrets: Path
    suspects: Path
    template: Path
    truth: set[tuple[str, str]] = field(default_factory=set)
    readable_by_copydetect: set[str] = field(default_factory=set)
    planted: dict[str, dict[str, object]] = field(default_factory=dict)


def _passage(rng: random.Random, text: str, length: int) -> str:
    norm = normalise(text)
    if len(norm.text) <= length + 2:
        return text
    start = rng.randint(0, len(norm.text) - length - 1)
    a, b = norm.original_span(start, start + length)
    return text[a:b]


def _write(path: Path, text: str, form: str, rng: random.Random) -> Path:
    if form == "docx":
        import docx

        document = docx.Document()
        for paragraph in text.split("\n"):
            document.add_paragraph(paragraph)
        path = path.with_suffix(".docx")
        document.save(path)
    elif form == "zip":
        path = path.with_suffix(".zip")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"资料/{path.stem}.txt", text)
            archive.writestr("readme.txt", "请查收。")
        path.write_bytes(buffer.getvalue())
    elif form == "eml":
        message = EmailMessage()
        message["From"] = "someone@example.com"
        message["To"] = "other@example.net"
        message["Subject"] = "资料"
        message.set_content("见附件。")
        message.add_attachment(text.encode("utf-8"), "text", "plain", filename="notes.txt")
        path = path.with_suffix(".eml")
        path.write_bytes(message.as_bytes())
    elif form == "gbk":
        path = path.with_suffix(".txt")
        path.write_bytes(text.encode("gb18030"))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def generate(root: Path, *, seed: int, secrets: int, suspects: int, distractors: int) -> Corpus:
    """Write a corpus under ``root`` and return its ground truth."""
    rng = random.Random(seed)
    corpus = Corpus(root / "secrets", root / "suspects", root / "template" / "template.txt")
    corpus.secrets.mkdir(parents=True)
    corpus.suspects.mkdir(parents=True)
    corpus.template.parent.mkdir(parents=True, exist_ok=True)
    corpus.template.write_text(TEMPLATE_HEADER + "\n" + TEMPLATE_FOOTER + "\n", encoding="utf-8")
    secret_texts: dict[str, tuple[str, str]] = {}
    for i in range(secrets):
        roll = i % 10
        if roll < 4:
            topic = rng.choice(list(ZH_TOPICS))
            text, kind, ext = (
                prose(rng, "zh", topic, rng.randint(1500, 5000), i % 3 == 0),
                "zh",
                "txt",
            )
        elif roll < 7:
            topic = rng.choice(list(EN_TOPICS))
            text, kind, ext = prose(rng, "en", topic, rng.randint(2000, 7000), False), "en", "txt"
        else:
            ext = "py" if roll < 9 else "c"
            text, kind = code(rng, ext, rng.randint(4, 10), f"s{i}"), "code"
        name = f"secret_{i:04d}.{ext}"
        (corpus.secrets / name).write_text(text, encoding="utf-8")
        secret_texts[name] = (text, kind)
    names = sorted(secret_texts)
    for i in range(suspects):
        source = rng.choice(names)
        text, kind = secret_texts[source]
        length = rng.choice([50, 60, 80, 120, 200, 400])
        if kind == "code":
            functions = text.split("\n\n\n")[1:] or [text]
            how = rng.choice(["verbatim", "renamed"])
            ext = "py" if source.endswith(".py") else "c"
            mode = "python" if ext == "py" else "c"
            sizable = [f for f in functions if len(normalise(f, mode=mode).text) >= 120]
            copied = modify(rng, rng.choice(sizable or [max(functions, key=len)]), how)
            host = code(rng, ext, rng.randint(2, 5), f"t{i}")
            cut = host.index("\n\n") + 2
            body, form = host[:cut] + copied + "\n\n" + host[cut:], "plain"
        else:
            how_choices = ["verbatim", "reformat", "fullwidth", "typos"]
            if kind == "zh":
                how_choices.append("traditional")
            how = rng.choice(how_choices)
            copied = modify(rng, _passage(rng, text, length), how)
            topic = rng.choice(list(ZH_TOPICS if kind == "zh" else EN_TOPICS))
            filler = prose(rng, kind, topic, rng.randint(800, 3000), False)
            cut = filler.find("\n", len(filler) // 2)
            cut = cut if cut > 0 else len(filler)
            body = filler[:cut] + "\n" + copied + "\n" + filler[cut:]
            ext = "txt"
            form = rng.choice(
                ["plain"] * 6 + ["docx", "zip", "eml"] + (["gbk"] if kind == "zh" else [])
            )
        path = _write(corpus.suspects / f"suspect_{i:04d}.{ext}", body, form, rng)
        corpus.truth.add((path.name, source))
        corpus.planted[path.name] = {
            "secret": source,
            "how": how,
            "form": form,
            "kind": kind,
            "copied_chars": len(normalise(copied).text),
        }
        if form == "plain":
            corpus.readable_by_copydetect.add(path.name)
    for i in range(distractors):
        roll = i % 10
        if roll < 4:
            text = prose(
                rng, "zh", rng.choice(list(ZH_TOPICS)), rng.randint(1500, 4000), i % 3 == 0
            )
            ext = "txt"
        elif roll < 7:
            text, ext = (
                prose(rng, "en", rng.choice(list(EN_TOPICS)), rng.randint(2000, 6000), False),
                "txt",
            )
        else:
            ext = "py" if roll < 9 else "c"
            text = code(rng, ext, rng.randint(3, 8), f"d{i}")
        form = "plain" if rng.random() < 0.8 or ext != "txt" else rng.choice(["docx", "zip"])
        path = _write(corpus.suspects / f"other_{i:04d}.{ext}", text, form, rng)
        if form == "plain":
            corpus.readable_by_copydetect.add(path.name)
    truth = {
        "planted": corpus.planted,
        "readable_by_copydetect": sorted(corpus.readable_by_copydetect),
    }
    (root / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return corpus
