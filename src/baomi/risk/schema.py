"""Typed event schema of the insider-risk engine.

Every activity source (CERT CSV files, the project's own JSON Lines, an HR
table) is normalised into two shapes:

* :class:`Event` — one activity of one user at one instant (logon, device
  connect, file copy, web visit or upload, mail, print, request to an internal
  system). The columnar store keeps exactly the fields of :data:`EVENT_COLUMNS`.
* :class:`HrEvent` — one personnel fact with a date (hire, resignation, last
  working day, department or role change).

Times are timezone-aware in the API and naive UTC in the store.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum


class EventKind(StrEnum):
    """What happened."""

    LOGON = "logon"
    LOGOFF = "logoff"
    DEVICE_CONNECT = "device_connect"
    DEVICE_DISCONNECT = "device_disconnect"
    FILE_COPY = "file_copy"
    FILE_WRITE = "file_write"
    FILE_OPEN = "file_open"
    FILE_DELETE = "file_delete"
    HTTP_VISIT = "http_visit"
    HTTP_UPLOAD = "http_upload"
    MAIL_SEND = "mail_send"
    PRINT = "print"
    REQUEST = "request"


class Category(StrEnum):
    """Where the activity went (destination of a file, kind of site or mail)."""

    NONE = ""
    LOCAL = "local"
    REMOVABLE = "removable"
    NETWORK_SHARE = "network_share"
    CLOUD_DRIVE = "cloud_drive"
    JOB_SITE = "job_site"
    WEB = "web"
    INTERNAL_SYSTEM = "internal_system"
    INTERNAL_MAIL = "internal_mail"
    EXTERNAL_MAIL = "external_mail"
    PERSONAL_MAIL = "personal_mail"


class FileType(StrEnum):
    """Coarse type of a file, from its extension."""

    NONE = ""
    DOCUMENT = "document"
    SPREADSHEET = "spreadsheet"
    PRESENTATION = "presentation"
    PDF = "pdf"
    DRAWING = "drawing"
    CODE = "code"
    ARCHIVE = "archive"
    IMAGE = "image"
    OTHER = "other"


FILE_EXTENSIONS: dict[FileType, tuple[str, ...]] = {
    FileType.DOCUMENT: ("doc", "docx", "odt", "rtf", "txt", "wps", "md"),
    FileType.SPREADSHEET: ("xls", "xlsx", "xlsm", "csv", "ods", "et"),
    FileType.PRESENTATION: ("ppt", "pptx", "odp", "dps", "key"),
    FileType.PDF: ("pdf",),
    FileType.DRAWING: (
        "dwg",
        "dxf",
        "step",
        "stp",
        "igs",
        "iges",
        "sldprt",
        "sldasm",
        "prt",
        "catpart",
    ),
    FileType.CODE: ("py", "c", "h", "cpp", "hpp", "java", "js", "ts", "go", "rs", "sql", "m", "v"),
    FileType.ARCHIVE: ("zip", "rar", "7z", "tar", "gz", "tgz", "bz2", "xz"),
    FileType.IMAGE: ("jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff"),
}

# Columns (and DuckDB types) of the event store, in order.
EVENT_COLUMNS: dict[str, str] = {
    "ts": "TIMESTAMP",  # naive UTC
    "user": "VARCHAR",
    "kind": "VARCHAR",  # EventKind
    "pc": "VARCHAR",
    "target": "VARCHAR",  # file name, URL, recipients (";"-joined) or system path
    "category": "VARCHAR",  # Category
    "file_type": "VARCHAR",  # FileType
    "n": "INTEGER",  # attachments, pages, requests represented by the event (>= 1 for counts)
    "size": "BIGINT",  # bytes
    "sender": "VARCHAR",  # mail sender address
}


@dataclass(frozen=True)
class Event:
    """One activity of one user (a row of the event store)."""

    ts: dt.datetime
    user: str
    kind: EventKind
    pc: str = ""
    target: str = ""
    category: Category = Category.NONE
    file_type: FileType = FileType.NONE
    n: int = 1
    size: int = 0
    sender: str = ""

    def __post_init__(self) -> None:
        if self.ts.tzinfo is None:
            raise ValueError("Event.ts must be timezone-aware")
        if not self.user:
            raise ValueError("Event.user must not be empty")


class HrKind(StrEnum):
    """Kind of personnel fact."""

    HIRE = "hire"
    RESIGNATION = "resignation"
    LAST_DAY = "last_day"
    DEPARTMENT = "department"
    ROLE = "role"


HR_COLUMNS: dict[str, str] = {
    "user": "VARCHAR",
    "kind": "VARCHAR",  # HrKind
    "date": "DATE",
    "value": "VARCHAR",  # department or role name for DEPARTMENT / ROLE
    "source": "VARCHAR",  # "hr", "ldap", "inferred"
}


@dataclass(frozen=True)
class HrEvent:
    """A dated personnel fact about one user."""

    user: str
    kind: HrKind
    date: dt.date
    value: str = ""
    source: str = "hr"


USER_COLUMNS: dict[str, str] = {
    "user": "VARCHAR",
    "name": "VARCHAR",
    "email": "VARCHAR",
    "department": "VARCHAR",
    "role": "VARCHAR",
    "supervisor": "VARCHAR",
}


@dataclass(frozen=True)
class Person:
    """Directory facts about one user (the peer group is role and department)."""

    user: str
    name: str = ""
    email: str = ""
    department: str = ""
    role: str = ""
    supervisor: str = ""


@dataclass(frozen=True)
class Classifier:
    """Domain lists that turn URLs and mail addresses into :class:`Category` values.

    Each list holds registrable domains; a host matches a domain when it equals
    it or ends with ``"." + domain``. ``internal_host_patterns`` are regular
    expressions on the host name of the organisation's own systems (OA, wiki,
    ERP...).
    """

    cloud_drive_domains: tuple[str, ...] = (
        "pan.baidu.com",
        "yun.baidu.com",
        "aliyundrive.com",
        "alipan.com",
        "weiyun.com",
        "115.com",
        "lanzou.com",
        "lanzoui.com",
        "wetransfer.com",
        "dropbox.com",
        "drive.google.com",
        "docs.google.com",
        "onedrive.live.com",
        "1drv.ms",
        "box.com",
        "mega.nz",
        "mediafire.com",
        "wikileaks.org",
    )
    # A host matches a domain when equal to it or under it (jobs.linkedin.com).
    job_site_domains: tuple[str, ...] = (
        "zhaopin.com",
        "51job.com",
        "liepin.com",
        "zhipin.com",
        "lagou.com",
        "linkedin.com",
        "indeed.com",
        "monster.com",
        "careerbuilder.com",
        "simplyhired.com",
        "glassdoor.com",
        "jobhuntersdatabase.com",
    )
    personal_mail_domains: tuple[str, ...] = (
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "139.com",
        "189.cn",
        "aliyun.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "gmx.com",
    )
    # An internal system's host starts with one of these labels (oa.example.com),
    # ends with one of these labels (erp.huaxin.corp), or is under an internal domain.
    internal_host_prefixes: tuple[str, ...] = (
        "oa",
        "intranet",
        "wiki",
        "erp",
        "crm",
        "plm",
        "pdm",
        "mes",
        "hr",
        "git",
        "gitlab",
        "svn",
        "portal",
        "docs",
    )
    internal_host_suffixes: tuple[str, ...] = ("corp", "local", "lan", "internal", "intra")
    internal_domains: tuple[str, ...] = ()
    upload_url_markers: tuple[str, ...] = (
        "upload",
        "/share",
        "/put",
        "/send",
        "/transfer",
        "/submit",
    )
    org_mail_domains: tuple[str, ...] = field(default_factory=tuple)

    def internal_regex(self) -> str:
        """A regular expression matching the host of an internal system."""
        parts = []
        if self.internal_host_prefixes:
            parts.append(
                "^(" + "|".join(re.escape(p.lower()) for p in self.internal_host_prefixes) + r")\."
            )
        if self.internal_host_suffixes:
            parts.append(
                r"\.(" + "|".join(re.escape(p.lower()) for p in self.internal_host_suffixes) + ")$"
            )
        if self.internal_domains:
            parts.append(self.domain_regex(self.internal_domains))
        return "|".join(parts) or r"^\b$"

    def domain_regex(self, domains: tuple[str, ...]) -> str:
        """A regular expression matching a host that is, or is under, one of ``domains``."""
        if not domains:
            return r"^\b$"  # matches nothing
        alternatives = "|".join(re.escape(d.lower()) for d in domains)
        return rf"(^|\.)({alternatives})$"


def file_type_of(name: str) -> FileType:
    """The :class:`FileType` of a file name, from its extension."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for file_type, extensions in FILE_EXTENSIONS.items():
        if ext in extensions:
            return file_type
    return FileType.OTHER if name else FileType.NONE
