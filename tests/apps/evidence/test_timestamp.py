"""With a time-stamping authority configured, the registration, the certificate and the
public verification page all show the TSA's time (a local `openssl ts` TSA, no network)."""

import io
import json
import os
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader
from tests.apps.evidence.helpers import register
from tests.ledger.tsa_server import local_tsa

from baomi.apps.evidence.certificate import certificate_pdf
from baomi.testing import BaseTestCase


class TimestampTestCase(BaseTestCase):
    def test_the_tsa_time_is_recorded_printed_and_verified(self) -> None:
        with local_tsa() as (url, _root), mock.patch.dict(os.environ, {"BAOMI_TSA_URL": url}):
            reg = register(self.alice, self.org_a, secret=self.secret_a)
        self.assertIsNotNone(reg.timestamped_at)
        self.assertIn("rfc3161", reg.receipt["timestamp"])
        stamp = reg.timestamped_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(certificate_pdf(registration=reg))).pages
        )
        self.assertIn(stamp, text.replace(" ", "").replace("\n", ""))
        upload = SimpleUploadedFile("r.receipt.json", json.dumps(reg.receipt).encode())
        r = self.client.post(
            "/evidence/verify/", {"receipt_file": upload, "key_choice": "instance"}
        )
        self.assertContains(r, "ev-verdict ok")
        self.assertContains(r, stamp)
