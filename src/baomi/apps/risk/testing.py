"""Test support for the risk app: a small generated organisation (made once per test run) and
a test base whose instance directory (the risk stores, the uploads) is a fresh temp dir."""

from __future__ import annotations

import functools
import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any, ClassVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from baomi.apps.orgs.models import Organisation
from baomi.apps.risk import analysis
from baomi.risk.generate import GenerateParams, generate
from baomi.risk.loaders import ingest
from baomi.risk.store import RiskStore
from baomi.testing import BaseTestCase

# Small enough to generate, ingest and rank in seconds; large enough that every planted
# scenario stands out (seed 1 plants one insider of each scenario).
USERS, DAYS, SEED = 40, 60, 1


@functools.cache
def _scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="baomi-risk-tests-"))


@functools.cache
def dataset() -> Path:
    """A generated organisation in both layouts, with truth.json."""
    out = _scratch() / "generated"
    generate(out, GenerateParams(users=USERS, days=DAYS, seed=SEED, formats=("baomi", "cert")))
    return out


def truth() -> dict[str, Any]:
    return json.loads((dataset() / "truth.json").read_text(encoding="utf-8"))


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


CERT_FILES = ("logon.csv", "device.csv", "file.csv", "http.csv", "email.csv", "psychometric.csv")


def dataset_files(fmt: str, *, folder: str = "", without: tuple[str, ...] = ()) -> dict[str, bytes]:
    """The generated files of one layout, optionally under a folder inside the zip."""
    root = dataset()
    if fmt == "cert":
        paths = [root / n for n in CERT_FILES] + sorted((root / "LDAP").glob("*.csv"))
    else:
        paths = [*sorted(root.glob("events-*.jsonl")), root / "users.csv", root / "hr.csv"]
    prefix = f"{folder}/" if folder else ""
    return {
        prefix + str(p.relative_to(root)): p.read_bytes()
        for p in paths
        if p.is_file() and p.name not in without
    }


@functools.cache
def dataset_zip(fmt: str = "cert") -> bytes:
    return zip_of(dataset_files(fmt, folder="activity"))


def upload(data: bytes, name: str = "activity.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


@functools.cache
def _template_store(fmt: str) -> Path:
    """A store of the generated organisation: ``cert``, ``baomi``, or ``baomi-nohr`` (the
    project layout without hr.csv, so no departure is known from the logs themselves)."""
    root = _scratch() / "templates" / fmt
    source = dataset()
    if fmt == "baomi-nohr":
        source = _scratch() / "nohr"
        source.mkdir(exist_ok=True)
        for name, data in dataset_files("baomi", without=("hr.csv",)).items():
            (source / name).write_bytes(data)
    ingest(source, RiskStore(root=root), fmt=fmt.split("-")[0], org="template")
    return root


class RiskTestCase(BaseTestCase):
    """BaseTestCase with a private BAOMI_HOME (and MEDIA_ROOT) per test class."""

    home: ClassVar[Path]
    _home_settings: ClassVar[override_settings]

    @classmethod
    def setUpClass(cls) -> None:
        cls.home = Path(tempfile.mkdtemp(prefix="baomi-risk-home-"))
        cls._home_settings = override_settings(
            BAOMI_HOME=cls.home, MEDIA_ROOT=str(cls.home / "files")
        )
        cls._home_settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._home_settings.disable()
        shutil.rmtree(cls.home, ignore_errors=True)

    @classmethod
    def install_store(cls, organisation: Organisation, fmt: str = "cert") -> RiskStore:
        """Give ``organisation`` the generated organisation's activity, already ingested."""
        store = analysis.store_for(organisation)
        if store.root.exists():
            shutil.rmtree(store.root)
        shutil.copytree(_template_store(fmt), store.root)
        return store
