"""The PDF certificate, and receipts issued via the web checked by the standalone script."""

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader
from tests.apps.evidence.helpers import MATERIAL, part, register

from baomi.apps.evidence import services
from baomi.apps.evidence.certificate import certificate_context, certificate_pdf
from baomi.apps.evidence.log_access import open_ledger
from baomi.ledger import standalone_verify
from baomi.testing import BaseTestCase


class CertificateTestCase(BaseTestCase):
    def test_the_pdf_prints_commitment_index_and_checkpoint(self) -> None:
        reg = register(self.alice, self.org_a, secret=self.secret_a)
        reader = PdfReader(io.BytesIO(certificate_pdf(registration=reg)))
        text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
        self.assertIn(reg.commitment[:32], text.replace(" ", ""))
        self.assertIn("存证证书", text.replace(" ", ""))
        self.assertIn(reg.log_origin, text)
        self.assertIn("pip install cryptography", text)
        self.assertIn("def verify(receipt, path, vkey, witness_keys)", text)
        context = certificate_context(registration=reg)
        self.assertIn(context["checkpoint"]["root"], text.replace(" ", ""))
        self.assertTrue(context["qr"].startswith("data:image/svg+xml;base64,"))
        self.assertEqual(context["receipt_sha256"], services.receipt_sha256(reg))
        self.assertNotIn(reg.receipt["disclosure"]["master_salt"], text)


class StandaloneScriptTestCase(BaseTestCase):
    def run_script(
        self, receipt_text: str, material: bytes | None, *args: str
    ) -> subprocess.CompletedProcess[str]:
        with tempfile.TemporaryDirectory() as tmp:
            receipt_path = Path(tmp) / "r.receipt.json"
            receipt_path.write_text(receipt_text, encoding="utf-8")
            cmd = [sys.executable, standalone_verify.__file__, str(receipt_path)]
            if material is not None:
                (Path(tmp) / "m.txt").write_bytes(material)
                cmd.append(str(Path(tmp) / "m.txt"))
            return subprocess.run(
                cmd + list(args), capture_output=True, text=True, timeout=60, check=False
            )

    def test_a_web_receipt_verifies_with_the_standalone_script(self) -> None:
        self.client.force_login(self.alice)
        import json

        self.client.post(
            "/evidence/new/",
            {"kind": "file", "title": "网页存证", "parts": json.dumps([part("m.txt", MATERIAL)])},
        )
        reg = self.org_a.registrations.get()
        text = self.client.get(f"/evidence/{reg.pk}/receipt.json").content.decode()
        with open_ledger() as ledger:
            vkey, witness = ledger.vkey(), ledger.witness_vkey()
        done = self.run_script(text, MATERIAL, "--vkey", vkey, "--witness-vkey", witness)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("VALID", done.stdout)
        self.assertIn("material: matches the commitment", done.stdout)
        done = self.run_script(text, MATERIAL + b"!", "--vkey", vkey)
        self.assertEqual(done.returncode, 1)
        redacted = services.receipt_text(reg, redacted=True)
        done = self.run_script(redacted, None, "--vkey", vkey)
        self.assertEqual(done.returncode, 0, done.stderr)


class StandaloneFolderTestCase(BaseTestCase):
    def test_a_folder_registered_on_the_web_verifies_with_the_script(self) -> None:
        import json

        files = {"b.txt": b"second", "a/z.txt": "甲".encode(), "a/\U0001f600.txt": b"emoji"}
        # The browser's order: relative paths by Unicode code point (spec section 1).
        names = sorted(files)
        parts = [part(n, files[n]) for n in names]
        self.client.force_login(self.alice)
        self.client.post(
            "/evidence/new/", {"kind": "folder", "title": "目录", "parts": json.dumps(parts)}
        )
        reg = self.org_a.registrations.get()
        with open_ledger() as ledger:
            vkey = ledger.vkey()
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "material"
            for name, data in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            receipt = Path(tmp) / "r.json"
            receipt.write_text(services.receipt_text(reg, redacted=False), encoding="utf-8")
            cmd = [sys.executable, standalone_verify.__file__, str(receipt), str(root)]
            done = subprocess.run(
                [*cmd, "--vkey", vkey], capture_output=True, text=True, check=False
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            (root / "b.txt").write_bytes(b"changed")
            done = subprocess.run(
                [*cmd, "--vkey", vkey], capture_output=True, text=True, check=False
            )
            self.assertEqual(done.returncode, 1)
