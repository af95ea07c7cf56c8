"""String pools and output writers of the synthetic generator.

Events travel as integer arrays (time, user, kind, pool index, count, size);
the writers turn each block into the project's JSON Lines or the CERT r4.2 CSV
files with Arrow and DuckDB, without a Python loop over events.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from baomi.risk.loaders.cert import CERT_COLUMNS
from baomi.risk.orgmodel import OA_HOST, ORG_DOMAIN, Organisation
from baomi.risk.schema import EventKind
from baomi.risk.store import sql_str

KINDS: tuple[EventKind, ...] = tuple(EventKind)

WEB_SITES = (
    "www.baidu.com/s?wd=",
    "news.sina.com.cn/c/",
    "www.zhihu.com/question/",
    "blog.csdn.net/article/details/",
    "github.com/search?q=",
    "www.jd.com/item/",
    "www.taobao.com/item/",
    "www.bilibili.com/video/",
    "news.163.com/article/",
    "www.weather.com.cn/weather/",
    "map.baidu.com/search/",
    "www.ctrip.com/hotel/",
    "www.12306.cn/query/",
    "www.mi.com/product/",
    "www.gov.cn/zhengce/",
    "www.cnipa.gov.cn/art/",
    "www.alibaba.com/product/",
    "www.made-in-china.com/products/",
    "www.ithome.com/news/",
    "www.36kr.com/p/",
)
CLOUD_VISIT = (
    "https://pan.baidu.com/disk/home",
    "https://www.aliyundrive.com/drive",
    "https://www.alipan.com/drive/file",
    "https://www.dropbox.com/home",
    "https://wetransfer.com/",
    "https://drive.google.com/drive/my-drive",
    "https://www.weiyun.com/disk",
)
CLOUD_UPLOAD = (
    "https://pan.baidu.com/api/upload?method=upload",
    "https://c3.pcs.baidu.com/rest/2.0/pcs/file?method=upload",
    "https://api.aliyundrive.com/adrive/v2/file/upload",
    "https://wetransfer.com/api/v4/transfers/upload",
    "https://content.dropboxapi.com/2/files/upload",
    "https://drive.google.com/upload/drive/v3/files",
)
JOB_SITES = (
    "https://www.zhaopin.com/sou/jl530/kw",
    "https://we.51job.com/pc/search?keyword=",
    "https://www.liepin.com/zhaopin/?key=",
    "https://www.zhipin.com/web/geek/job?query=",
    "https://www.linkedin.com/jobs/search/?keywords=",
    "https://www.lagou.com/wn/jobs?kd=",
)
ROUTINE_WORDS = (
    "会议纪要",
    "周报",
    "月报",
    "报告",
    "方案",
    "合同",
    "发票",
    "照片",
    "通知",
    "培训",
    "预算",
    "计划",
)
ROUTINE_EXT = ("docx", "xlsx", "pptx", "pdf", "jpg", "png", "txt")
SENSITIVE = (
    ("客户名单", "xlsx"),
    ("产品图纸", "dwg"),
    ("源代码", "zip"),
    ("工艺参数", "xlsx"),
    ("报价单", "xlsx"),
    ("配方", "docx"),
    ("技术方案", "pdf"),
    ("模具设计", "step"),
)
CLIENTS = (
    "jinhua-motor",
    "dongfang-elec",
    "xinyuan-chem",
    "haida-pack",
    "ruifeng-tex",
    "tianma-mech",
    "zhongke-opt",
)
PERSONAL = ("qq.com", "163.com", "126.com", "foxmail.com", "gmail.com", "sina.com")
KEYWORDS = (
    "report budget meeting",
    "design drawing review",
    "customer order price",
    "project plan schedule",
    "news sports weather",
)
HEADERS = {
    "docx": "50-4B-03-04",
    "xlsx": "50-4B-03-04",
    "pptx": "50-4B-03-04",
    "zip": "50-4B-03-04",
    "pdf": "25-50-44-46",
    "jpg": "FF-D8-FF-E0",
    "png": "89-50-4E-47",
}


@dataclass
class Pools:
    """One list of strings (URLs, file names, recipients) with named ranges."""

    strings: list[str]
    ranges: dict[str, tuple[int, int]]

    @classmethod
    def build(cls, org: Organisation, rng: np.random.Generator) -> Pools:
        """The pools of an organisation."""
        strings: list[str] = []
        ranges: dict[str, tuple[int, int]] = {}

        def add(name: str, items: list[str]) -> None:
            ranges[name] = (len(strings), len(strings) + len(items))
            strings.extend(items)

        add(
            "web",
            [
                f"https://{site}{rng.integers(10**5, 10**7)}"
                for site in WEB_SITES
                for _ in range(60)
            ],
        )
        add("cloud_visit", list(CLOUD_VISIT))
        add("cloud_upload", list(CLOUD_UPLOAD))
        add(
            "job",
            [
                f"{site}{kw}"
                for site in JOB_SITES
                for kw in ("工程师", "销售经理", "engineer", "工艺")
            ],
        )
        oa = [f"http://{OA_HOST}/doc/view?id={i}" for i in range(10000, 30000)]
        add("oa", oa + [f"http://wiki.huaxin.corp/pages/{i}" for i in range(2000)])
        add(
            "files",
            [
                f"{ROUTINE_WORDS[rng.integers(len(ROUTINE_WORDS))]}_{i}.{ROUTINE_EXT[rng.integers(len(ROUTINE_EXT))]}"
                for i in range(2000)
            ],
        )
        add("sensitive", [f"{word}_{i}.{ext}" for word, ext in SENSITIVE for i in range(80)])
        add("mail_internal", list(org.emails))
        add(
            "mail_external",
            [f"contact{i}@{CLIENTS[i % len(CLIENTS)]}.com" for i in range(300)],
        )
        add(
            "mail_personal",
            [f"{rng.integers(10**7, 10**10)}@{PERSONAL[i % len(PERSONAL)]}" for i in range(400)],
        )
        return cls(strings=strings, ranges=ranges)

    def draw(self, rng: np.random.Generator, name: str, k: int, users: np.ndarray) -> np.ndarray:
        """``k`` indices from pool ``name``; each user keeps a preferred subset (habits)."""
        lo, hi = self.ranges[name]
        width = hi - lo
        if width <= 64:
            return lo + rng.integers(0, width, k)
        own = (users.astype(np.int64) * 7919 + rng.integers(0, 48, k)) % width
        anywhere = rng.integers(0, width, k)
        return lo + np.where(rng.random(k) < 0.7, own, anywhere)


def _block_table(arrays: tuple[np.ndarray, ...], org: Organisation, pools: Pools) -> pa.Table:
    t, user, kind, target, n, size = arrays
    ids = pa.array(org.ids)
    strings = pa.array(pools.strings)
    return pa.table(
        {
            "t": pa.array(t.astype("datetime64[s]")),
            "user": ids.take(pa.array(user)),
            "kind": pa.array([str(k) for k in KINDS]).take(pa.array(kind.astype(np.int32))),
            "pc": pa.array([f"PC-{i:04d}" for i in range(org.size)]).take(pa.array(user)),
            "target": strings.take(pa.array(np.maximum(target, 0), mask=target < 0)),
            "n": pa.array(n),
            "size": pa.array(size),
        }
    )


class BaomiWriter:
    """Writes blocks as ``events-NNNNN.jsonl`` in the project's layout (times in +08:00)."""

    def __init__(self, outdir: Path, org: Organisation, pools: Pools) -> None:
        self.outdir, self.org, self.pools = outdir, org, pools
        self.index = 0
        self.con = duckdb.connect(config={"threads": 2})

    def write(self, arrays: tuple[np.ndarray, ...]) -> None:
        """Write one block."""
        table = _block_table(arrays, self.org, self.pools)
        self.con.register("block", table)
        files = "('file_copy', 'file_write', 'file_open', 'file_delete')"
        query = f"""
            SELECT strftime(t, '%Y-%m-%dT%H:%M:%S') || '+08:00' AS time, user, kind, pc,
              CASE WHEN kind IN {files} OR kind = 'print' THEN target END AS target,
              CASE WHEN kind IN ('http_visit', 'http_upload', 'request') THEN target END AS url,
              CASE WHEN kind = 'file_copy' THEN 'removable' WHEN kind IN {files} THEN 'local' END
                AS destination,
              CASE WHEN kind = 'mail_send' THEN [target] END AS "to",
              CASE WHEN kind = 'mail_send' THEN n END AS attachments,
              CASE WHEN kind = 'print' THEN n END AS pages,
              CASE WHEN size > 0 THEN size END AS size
            FROM block
        """  # noqa: S608
        out = self.outdir / f"events-{self.index:05d}.jsonl"
        self.con.execute(f"COPY ({query}) TO {sql_str(out)} (FORMAT json)")
        self.con.unregister("block")
        self.index += 1

    def close(self) -> None:
        """Release the DuckDB connection."""
        self.con.close()


_ID_CHARS = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", dtype=np.uint8)


def cert_ids(rng: np.random.Generator, k: int) -> pa.Array:
    """``k`` random CERT-style ids such as ``{X1D9-S0ES98JV-5357PWMI}``."""
    chars = _ID_CHARS[rng.integers(0, len(_ID_CHARS), (k, 20))]
    out = np.empty((k, 24), dtype=np.uint8)
    out[:, 0], out[:, 5], out[:, 14], out[:, 23] = ord("{"), ord("-"), ord("-"), ord("}")
    out[:, 1:5], out[:, 6:14], out[:, 15:23] = chars[:, :4], chars[:, 4:12], chars[:, 12:]
    return pa.array(out.reshape(-1).view("S24")).cast(pa.string())


class CertWriter:
    """Writes blocks into the CERT r4.2 CSV files (dates ``MM/DD/YYYY HH:MM:SS``)."""

    def __init__(self, outdir: Path, org: Organisation, pools: Pools, seed: int) -> None:
        self.outdir, self.org, self.pools = outdir, org, pools
        self.rng = np.random.default_rng([seed, 42])
        self.con = duckdb.connect(config={"threads": 2})
        self.files = {}
        # The header of each file is exactly the layout the CERT loader reads.
        for name, header in CERT_COLUMNS.items():
            handle = open(outdir / name, "wb")  # noqa: SIM115 - closed in close()
            handle.write((",".join(header) + "\n").encode())
            self.files[name] = handle
        self.options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        self.con.register("emails", pa.table({"user": org.ids, "email": org.emails}))

    def _select(self, name: str) -> str:
        date = "strftime(t, '%m/%d/%Y %H:%M:%S') AS date"
        words = "[" + ", ".join(sql_str(k) for k in KEYWORDS) + "]"
        content = f"list_extract({words}, 1 + length(coalesce(target, '')) % {len(KEYWORDS)})"
        if name in ("logon.csv", "device.csv"):
            first, kinds = (
                ("logon", "('logon', 'logoff')")
                if name == "logon.csv"
                else ("device_connect", "('device_connect', 'device_disconnect')")
            )
            on, off = ("Logon", "Logoff") if name == "logon.csv" else ("Connect", "Disconnect")
            return (
                f"SELECT {date}, user, pc, CASE kind WHEN '{first}' THEN '{on}' ELSE '{off}' END "  # noqa: S608
                f"AS activity FROM block WHERE kind IN {kinds}"
            )
        if name == "file.csv":
            header = (
                "CASE WHEN target LIKE '%.pdf' THEN '25-50-44-46' "
                "WHEN target LIKE '%.jpg' THEN 'FF-D8-FF-E0' ELSE '50-4B-03-04' END"
            )
            return (
                f"SELECT {date}, user, pc, target AS filename, {header} || ' ' || {content} "  # noqa: S608
                f"AS content FROM block WHERE kind = 'file_copy'"
            )
        if name == "http.csv":
            return (
                f"SELECT {date}, user, pc, target AS url, {content} AS content FROM block "  # noqa: S608
                f"WHERE kind IN ('http_visit', 'http_upload', 'request')"
            )
        return (
            f"SELECT {date}, b.user, pc, target AS \"to\", '' AS cc, '' AS bcc, "  # noqa: S608
            f'e.email AS "from", size, n AS attachments, {content} AS content '
            f"FROM block b JOIN emails e ON e.user = b.user "
            f"WHERE kind = 'mail_send' ORDER BY t, b.user, target, n, size"
        )

    def write(self, arrays: tuple[np.ndarray, ...]) -> None:
        """Append one block to every CSV file."""
        table = _block_table(arrays, self.org, self.pools)
        self.con.register("block", table)
        for name, handle in self.files.items():
            rows = self.con.sql(self._select(name)).to_arrow_table()
            rows = rows.add_column(0, "id", cert_ids(self.rng, rows.num_rows))
            buffer = pa.BufferOutputStream()
            pacsv.write_csv(rows, buffer, self.options)
            handle.write(buffer.getvalue().to_pybytes())
        self.con.unregister("block")

    def close(self) -> None:
        """Close the CSV files."""
        for handle in self.files.values():
            handle.close()
        self.con.close()


def _months(org: Organisation) -> list[dt.date]:
    first = org.start.replace(day=1)
    last = org.day(org.days - 1)
    months = []
    while first <= last:
        months.append(first)
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return months


def write_directory(outdir: Path, org: Organisation, formats: tuple[str, ...]) -> None:
    """Directory and HR files: ``users.csv`` and ``hr.csv`` (baomi), ``LDAP/`` and
    ``psychometric.csv`` (cert)."""
    if "baomi" in formats:
        with open(outdir / "users.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["user", "name", "email", "department", "role", "supervisor"])
            for i in range(org.size):
                writer.writerow(
                    [
                        org.ids[i],
                        org.names[i],
                        org.emails[i],
                        org.departments[i],
                        org.roles[i],
                        org.supervisors[i],
                    ]
                )
        with open(outdir / "hr.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["工号", "姓名", "部门", "岗位", "入职日期", "离职申请日期", "最后工作日"]
            )
            for i in range(org.size):
                hire = (
                    org.day(int(org.hire[i]))
                    if org.hire[i] > 0
                    else org.start - dt.timedelta(days=200 + (i * 37) % 2000)
                )
                resign = org.day(int(org.resign[i])).isoformat() if org.resign[i] >= 0 else ""
                last = org.day(int(org.last[i])).isoformat() if org.last[i] < org.days else ""
                writer.writerow(
                    [
                        org.ids[i],
                        org.names[i],
                        org.departments[i],
                        org.roles[i],
                        hire.isoformat(),
                        resign,
                        last,
                    ]
                )
    if "cert" in formats:
        ldap = outdir / "LDAP"
        ldap.mkdir(exist_ok=True)
        for month in _months(org):
            end = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1) - dt.timedelta(
                days=1
            )
            end_index = (end - org.start).days
            with open(ldap / f"{month:%Y-%m}.csv", "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    [
                        "employee_name",
                        "user_id",
                        "email",
                        "role",
                        "business_unit",
                        "functional_unit",
                        "department",
                        "team",
                        "supervisor",
                    ]
                )
                for i in range(org.size):
                    if org.hire[i] <= end_index and (
                        org.last[i] >= org.days or org.last[i] > end_index
                    ):
                        writer.writerow(
                            [
                                org.names[i],
                                org.ids[i],
                                org.emails[i],
                                org.roles[i],
                                "1",
                                org.departments[i],
                                org.departments[i],
                                "1",
                                org.supervisors[i],
                            ]
                        )
        with open(outdir / "psychometric.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["employee_name", "user_id", "O", "C", "E", "A", "N"])
            rng = np.random.default_rng(len(org.ids))
            for i in range(org.size):
                writer.writerow(
                    [org.names[i], org.ids[i], *(int(v) for v in rng.integers(10, 50, 5))]
                )


__all__ = ["ORG_DOMAIN", "BaomiWriter", "CertWriter", "Pools", "write_directory"]
