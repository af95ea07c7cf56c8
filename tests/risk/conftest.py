"""Fixtures for the insider-risk tests: small CERT r4.2 files and one generated organisation."""

# ruff: noqa: E501 - the CERT rows are kept verbatim, one record a line

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baomi.risk.generate import GenerateParams, generate
from baomi.risk.loaders import ingest
from baomi.risk.rank import analyse
from baomi.risk.store import RiskStore

LOGON = """id,date,user,pc,activity
{X1D9-S0ES98JV-5357PWMI},01/04/2010 06:49:00,DTAA/NGF0157,PC-6056,Logon
{G2B3-L6EJ61GT-2222RKSO},01/04/2010 08:50:00,LRR0148,PC-4275,Logon
{U6Q3-U0WE70UA-3770UREL},01/04/2010 17:53:10,DTAA/NGF0157,PC-6056,Logoff
{A1B2-C3D4E5F6-G7H8I9J0},01/09/2010 22:15:00,LRR0148,PC-4275,Logon
{A1B2-C3D4E5F6-G7H8I9J1},02/01/2010 09:00:00,LRR0148,PC-4275,Logon
"""
DEVICE = """id,date,user,pc,activity
{J1S3-L9UU75BQ-7790ATPL},01/04/2010 07:21:06,NGF0157,PC-6056,Connect
{N7B5-Y7BB27SI-2946PUJK},01/04/2010 07:37:41,NGF0157,PC-6056,Disconnect
"""
FILE = """id,date,user,pc,filename,content
{L9G8-J9QE34VM-2834VDPB},01/04/2010 07:23:14,NGF0157,PC-6056,9CEB8ZKF.doc,D0-CF-11-E0-A1-B1-1A-E1 plan budget
{L9G8-J9QE34VM-2834VDPC},01/04/2010 07:24:14,NGF0157,PC-6056,drawings.zip,50-4B-03-04 part assembly
{L9G8-J9QE34VM-2834VDPD},01/04/2010 07:25:14,NGF0157,PC-6056,customers.xlsx,50-4B-03-04 customer list
"""
HTTP = """id,date,user,pc,url,content
{V1Y4-S2IR20QU-6154HFXJ},01/04/2010 07:55:16,NGF0157,PC-6056,http://wikileaks.org/upload/file.php,leak upload
{Q5R1-T3EF87UE-2395RWZS},01/04/2010 10:00:13,LRR0148,PC-4275,http://www.monster.com/jobs/search,job career
{Q5R1-T3EF87UE-2395RWZT},01/04/2010 10:01:13,LRR0148,PC-4275,https://pan.baidu.com/disk/home,netdisk
{Q5R1-T3EF87UE-2395RWZU},01/04/2010 10:02:13,LRR0148,PC-4275,http://oa.dtaa.local/doc/view?id=7,office
{Q5R1-T3EF87UE-2395RWZV},01/04/2010 10:03:13,LRR0148,PC-4275,http://www.example.com/news,"news, sports"
"""
EMAIL = """id,date,user,pc,to,cc,bcc,from,size,attachments,content
{R3I7-S4TX96FG-8219JWFF},01/04/2010 07:11:45,LRR0148,PC-4275,Dean.Flynn.Hines@dtaa.com;Wade_Harrison@lockheed.com,,,Lynn.Adena.Pratt@dtaa.com,25830,0,meeting
{R3I7-S4TX96FG-8219JWFG},01/04/2010 07:12:45,LRR0148,PC-4275,someone@gmail.com,,,Lynn.Adena.Pratt@dtaa.com,2583000,2,customer list
{R3I7-S4TX96FG-8219JWFH},01/04/2010 07:13:45,LRR0148,PC-4275,Nola.Gail.Frost@dtaa.com,Ann.Lee@dtaa.com,,Lynn.Adena.Pratt@dtaa.com,100,1,hi
"""
LDAP_HEADER = (
    "employee_name,user_id,email,role,business_unit,functional_unit,department,team,supervisor\n"
)
NOLA = "Nola Gail Frost,NGF0157,Nola.Gail.Frost@dtaa.com,Salesman,1,2 - Sales,3 - Sales,1 - Sales,Kevin Lee\n"
LYNN = (
    "Lynn Adena Pratt,LRR0148,Lynn.Adena.Pratt@dtaa.com,ITAdmin,1,5 - IT,1 - IT,2 - IT,Kevin Lee\n"
)
PSYCHOMETRIC = "employee_name,user_id,O,C,E,A,N\nNola Gail Frost,NGF0157,40,39,36,19,40\n"


def write_cert(directory: Path, **overrides: str) -> Path:
    """Write a small dataset in the exact CERT r4.2 layout; ``overrides`` replace file texts."""
    files = {
        "logon.csv": LOGON,
        "device.csv": DEVICE,
        "file.csv": FILE,
        "http.csv": HTTP,
        "email.csv": EMAIL,
        "psychometric.csv": PSYCHOMETRIC,
        "LDAP/2010-01.csv": LDAP_HEADER + NOLA + LYNN,
        "LDAP/2010-02.csv": LDAP_HEADER + LYNN,
    }
    files.update({k.replace("__", "/"): v for k, v in overrides.items()})
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def cert_dir(tmp_path: Path) -> Path:
    return write_cert(tmp_path / "r4.2")


@pytest.fixture
def store(tmp_path: Path) -> RiskStore:
    return RiskStore.for_org(tmp_path / "home" / "risk", "acme")


class Generated:
    """One generated organisation, ingested and analysed once per test session."""

    def __init__(self, root: Path, fmt: str) -> None:
        self.source = root / "data"
        self.result = generate(
            self.source,
            GenerateParams(users=100, days=90, seed=7, formats=("baomi", "cert")),
        )
        self.truth = json.loads((self.source / "truth.json").read_text(encoding="utf-8"))
        self.stores = {}
        self.analyses = {}
        for layout in ("baomi", "cert"):
            store = RiskStore.for_org(root / "home" / "risk", f"org-{layout}")
            ingest(self.source, store, fmt=layout, org=f"org-{layout}")
            self.stores[layout] = store
            self.analyses[layout] = analyse(store)
        del fmt


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return Generated(tmp_path_factory.mktemp("generated"), "both")
