"""Leak comparison in the demo: one index of the machine-tool maker's process documents
and one scan of a departing engineer's files with a planted copy, so the demo opens on a
hit and its side-by-side report.

Call :func:`seed_leaks` after :func:`baomi.demo.seed_demo` (Django set up, the demo
enterprise ``huarui`` seeded). It runs the build and the scan in-process (no worker
needed) and is idempotent: an existing demo index is left as it is.
"""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from baomi.apps.leaks import jobs, services
from baomi.apps.leaks.models import Index
from baomi.apps.orgs.models import Membership, Organisation, Role
from baomi.apps.registry.selectors import secret_list

ORG_SLUG = "huarui"
INDEX_NAME = "电主轴与五轴加工中心工艺文件"
SECRET_CODES = ("HR-JS-001", "HR-JS-002")

# Sentences of process documents (fictional), with slots for figures; each is dealt to one
# document only, so documents share vocabulary but no long passage.
_SENTENCES = (
    "前轴承组采用{a}C型P4级角接触球轴承，按背对背加串联的三联方式配置，装配前逐粒核对批次号与游隙代码",
    "预紧采用碟簧组定压方式，装配预紧力控制在{n}±{m}N，预紧后用扭矩扳手复核锁紧螺母拧紧力矩",
    "内外隔圈的高度差按实测轴承端面凸出量计算后研磨，差值公差为±{s}μm，研磨后须在恒温间静置{h}小时再复测",
    "每粒轴承填充NBU15润滑脂，填充量为轴承内部自由空间体积的{p}%，用定量注脂器分三点均匀注入",
    "跑合按阶梯升速进行，自{r1}r/min起每级升速{r2}r/min，每级保持{h}分钟，前轴承外圈温升超过{t}℃立即停机",
    "主轴箱、立柱和摆头转台共布置{n8}个温度测点，传感器采用PT100铂电阻，安装孔深{d}mm并灌注导热硅脂",
    "热误差模型以多元线性回归建立，输入为各测点温升及其{k}分钟滑动平均值，输出为主轴Z向热漂移量",
    "补偿值每{c}秒由数控系统的外部机床零点偏置通道写入一次，单次修正量限幅为{u}μm，防止突变造成加工接刀痕",
    "模型系数按季度复核：在恒温车间以{r1}r/min空运转四小时，每{k}分钟用激光位移传感器采集一次实际漂移",
    "装配车间温度须保持在20±{s}℃，相对湿度不高于{p}%，主轴零件进入装配间前须等温不少于{h}小时",
    "锁紧螺母拧紧后测量主轴前端径向跳动，要求不大于{u}μm，端面跳动不大于{s}μm，超差须拆检隔圈",
    "主轴拉刀力用拉力计检测，标准值为{n}N，偏差超过百分之十时更换碟簧组并重新记录碟簧批次",
    "电主轴冷却水套的进水温度由恒温冷水机控制，与室温差保持在{t}℃以内，流量不低于每分钟{d}升",
    "转台摆头的几何精度检测使用球杆仪和R-test测头，RTCP误差不大于{u}μm方可进入整机补偿标定",
    "补偿参数表按机床出厂编号单独保存，文件加密后存放于技术研发部服务器，仅主任工程师可以导出",
    "检验记录须注明检验员工号、环境温度、仪器编号和校准有效期，记录保存期限不少于{h}年",
    "装配完成后进行{h}小时连续运转试验，记录主轴温升曲线和振动值，振动速度有效值不大于{s}mm/s",
    "轴承清洗采用超声波清洗机和专用清洗剂，清洗后以洁净压缩空气吹干，严禁用棉纱擦拭滚道",
    "隔圈研磨余量按{s}μm分三次去除，每次研磨后用千分表在大理石平台上测量平行度，超差即返工",
    "温度测点信号经隔离放大器接入数控系统的模拟量输入模块，采样周期为{c}秒，滤波时间常数为{k}秒",
    "主轴热伸长补偿仅在主轴转速高于{r2}r/min且连续运转超过{h}分钟后启用，停机后按冷却曲线逐步衰减",
    "对于摆头A轴，热误差模型另加入摆角位置项，在负三十度、零度和正三十度三个位置分别标定系数",
    "整机出厂前按ISO 230-3进行热变形试验，Z向热漂移在四小时内不得超过{u}μm，结果记入出厂档案",
    "预紧力复测使用专用测力工装，将主轴竖直放置，在前端施加轴向载荷至{n}N并记录轴向位移曲线",
    "涉及本工艺的图纸与文件均为核心商业秘密，借阅须经技术总监审批，离职人员须在离职前交回全部资料",
)


def _document(sentences: list[str], rng: random.Random, title: str) -> str:
    slots = {
        "a": rng.choice(("7012", "7014", "7016")),
        "n": rng.randrange(900, 1500, 50),
        "m": rng.choice((30, 50, 80)),
        "s": rng.choice((1, 2, 3)),
        "h": rng.choice((2, 4, 6, 8)),
        "p": rng.choice((10, 12, 15, 60)),
        "r1": rng.randrange(3000, 6000, 500),
        "r2": rng.randrange(1000, 3000, 500),
        "t": rng.choice((2, 3, 5)),
        "n8": rng.choice((6, 8, 10)),
        "d": rng.choice((8, 10, 12)),
        "k": rng.choice((5, 10, 15)),
        "c": rng.choice((2, 5, 10)),
        "u": rng.choice((3, 5, 6, 8)),
    }
    lines = [title, ""]
    for number, sentence in enumerate(sentences, start=1):
        lines.append(f"{number}. {sentence.format(**slots)}。")
    return "\n".join(lines) + "\n"


def demo_material(seed: int = 2026) -> dict[str, str]:
    """Four generated process documents of the demo enterprise (name → text)."""
    rng = random.Random(seed)  # noqa: S311 — demo text, not secrets
    sentences = list(_SENTENCES)
    rng.shuffle(sentences)
    titles = (
        (
            "HR-GY-2207 电主轴前轴承组装配工艺规程.txt",
            "电主轴前轴承组装配工艺规程（HR-GY-2207，受控）",
        ),
        (
            "HR-GY-2311 热误差实时补偿标定作业指导书.txt",
            "热误差实时补偿标定作业指导书（HR-GY-2311，受控）",
        ),
        ("HR-JY-0815 整机热变形与精度检验规范.txt", "整机热变形与精度检验规范（HR-JY-0815）"),
        ("HR-GL-0102 工艺文件保密管理规定.txt", "工艺文件保密管理规定（HR-GL-0102）"),
    )
    share = len(sentences) // len(titles)
    return {
        name: _document(sentences[i * share : (i + 1) * share], rng, title)
        for i, (name, title) in enumerate(titles)
    }


def demo_suspects(material: dict[str, str]) -> dict[str, bytes]:
    """The departing engineer's files: a mail draft with a copied passage (retyped with a
    few edits), a zip of notes with another, an unrelated file and a broken one."""
    first, second = list(material.values())[:2]
    copied = first.split("\n", 2)[2][:260]
    retyped = copied.replace("，", ",").replace("μm", "um").replace("须", "需", 1)
    mail = (
        "王工：\n\n按上次说的，把我们这边电主轴装配的做法整理了一下，供新产线参考：\n\n"
        f"{retyped}\n\n"
        "另外跑合的参数我回头再发。这份资料请不要外传。\n\n小李\n"
    )
    notes = (
        "新公司产线调试笔记\n\n热补偿那块可以参照以前的办法：\n"
        + second.split("\n", 2)[2][:220]
        + "\n\n其余按设备厂家说明书执行。\n"
    )
    unrelated = (
        "周例会纪要\n一、本周完成立式加工中心三台的出厂检验。\n二、下周安排员工安全培训，"
        "请各部门报名。\n三、食堂菜单调整，征求意见截止周五。\n"
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("笔记/产线调试笔记.txt", notes.encode("utf-8"))
        handle.writestr("笔记/周例会纪要.txt", unrelated.encode("utf-8"))
    return {
        "致王工的邮件草稿.txt": mail.encode("utf-8"),
        "U盘拷贝.zip": archive.getvalue(),
        "设备照片.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4,
    }


def seed_leaks(*, progress: bool = False) -> dict[str, Any] | None:
    """Build the demo index and run the demo scan where missing; returns a summary, or None
    when the demo enterprise is absent."""
    org = Organisation.objects.filter(slug=ORG_SLUG).first()
    if org is None:
        return None
    membership = (
        Membership.objects.filter(organisation=org, role=Role.OWNER_ADMIN)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership is None:
        return None
    admin = membership.user
    index = Index.objects.filter(organisation=org, name=INDEX_NAME).first()
    if index is None:
        secrets = list(secret_list(user=admin, organisation=org).filter(code__in=SECRET_CODES))
        index = services.index_create(
            actor=admin,
            organisation=org,
            name=INDEX_NAME,
            description="主轴装配、热误差补偿和精度检验的受控工艺文件（演示数据）。",
            secrets=secrets,
        )
        services.material_add(
            actor=admin,
            index=index,
            files=[SimpleUploadedFile(n, t.encode("utf-8")) for n, t in demo_material().items()],
            secret=secrets[0] if secrets else None,
            queue=False,
        )
        jobs.index_build_run(index_id=index.pk)
        index.refresh_from_db()
        scan = services.scan_create(
            actor=admin,
            index=index,
            files=[SimpleUploadedFile(n, d) for n, d in demo_suspects(demo_material()).items()],
            label="离职工程师李某电脑及U盘文件",
            queue=False,
        )
        jobs.scan_run(scan_id=scan.pk)
    scan_obj = index.scans.order_by("-id").first()
    summary = {
        "index": index.pk,
        "documents": index.documents,
        "scan": scan_obj.pk if scan_obj else None,
        "hits": scan_obj.hits.count() if scan_obj else 0,
    }
    if progress:
        print(
            f"  {org.name}: leak comparison index with {summary['documents']} documents, "
            f"{summary['hits']} hit(s)",
            flush=True,
        )
    return summary
