"""Test helpers for leak comparison: generated Chinese text, uploads, a built index.

Each test gets its own BAOMI_HOME and MEDIA_ROOT, so index directories never outlive it."""

from __future__ import annotations

import io
import random
import shutil
import tempfile
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from baomi.apps.leaks import services
from baomi.apps.leaks.models import Index, Scan
from baomi.testing import BaseTestCase

# Common characters of process documents, so generated text reads like Chinese prose.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两"
    "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线"
    "内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见"
    "计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七"
    "海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场"
)


def chinese(length: int, seed: int) -> str:
    """Deterministic pseudo-Chinese prose of ``length`` characters with punctuation."""
    rng = random.Random(seed)  # noqa: S311 — test text, not secrets
    out = []
    for i in range(length):
        out.append(rng.choice(_CHARS))
        if i % 23 == 22:
            out.append("，" if rng.random() < 0.7 else "。\n")
    return "".join(out)


def upload(name: str, data: bytes | str) -> SimpleUploadedFile:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SECRET_TEXT = chinese(1200, seed=1)
OTHER_SECRET_TEXT = chinese(900, seed=2)
#: The planted copy: 300 characters of the secret inside unrelated text.
COPIED = SECRET_TEXT[200:500]
SUSPECT_TEXT = chinese(400, seed=3) + "\n" + COPIED + "\n" + chinese(300, seed=4)


class LeaksTestCase(BaseTestCase):
    """BaseTestCase with a private instance directory per test and helpers to build and scan."""

    def setUp(self) -> None:
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="baomi-leaks-test-")
        overrides = override_settings(BAOMI_HOME=self.home, MEDIA_ROOT=f"{self.home}/files")
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.addCleanup(shutil.rmtree, self.home, ignore_errors=True)

    def make_index(self, **extra: Any) -> Index:
        fields: dict[str, Any] = {"name": "工艺文件", "secrets": [self.secret_a]}
        fields.update(extra)
        return services.index_create(actor=self.alice, organisation=self.org_a, **fields)

    def built_index(self, files: dict[str, bytes | str] | None = None, **extra: Any) -> Index:
        index = self.make_index(**extra)
        files = files or {"工艺规程.txt": SECRET_TEXT, "质量手册.txt": OTHER_SECRET_TEXT}
        with self.captureOnCommitCallbacks(execute=True):
            services.material_add(
                actor=self.alice,
                index=index,
                files=[upload(n, d) for n, d in files.items()],
                secret=self.secret_a,
            )
        index.refresh_from_db()
        return index

    def run_scan(self, index: Index, files: dict[str, bytes | str], **extra: Any) -> Scan:
        with self.captureOnCommitCallbacks(execute=True):
            scan = services.scan_create(
                actor=self.alice,
                index=index,
                files=[upload(n, d) for n, d in files.items()],
                **extra,
            )
        scan.refresh_from_db()
        return scan
