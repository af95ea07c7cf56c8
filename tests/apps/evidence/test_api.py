import hashlib
import json

from tests.apps.evidence.helpers import MATERIAL, part, register

from baomi.apps.audit.models import AuditEvent
from baomi.apps.evidence.log_access import open_ledger
from baomi.apps.evidence.models import Registration
from baomi.ledger.verify import verify_receipt
from baomi.testing import BaseTestCase

BASE = "/api/evidence/registrations"


class ApiTestCase(BaseTestCase):
    def post(self, user, url, body):  # type: ignore[no-untyped-def]
        return self.client.post(
            url, json.dumps(body), content_type="application/json", **self.bearer(user)
        )

    def get(self, user, url):  # type: ignore[no-untyped-def]
        return self.client.get(url, **self.bearer(user))


class RegistrationsCreateApiTestCase(ApiTestCase):
    def body(self, **extra: object) -> dict[str, object]:
        return {"title": "接口存证", "kind": "file", "parts": [part("a.bin", MATERIAL)], **extra}

    def test_digests_in_receipt_out(self) -> None:
        r = self.post(self.alice, BASE, self.body(secret_id=self.secret_a.pk))
        self.assertEqual(r.status_code, 201, r.content)
        data = r.json()
        self.assertEqual(data["secret_code"], "A-001")
        with open_ledger() as ledger:
            vkey = ledger.vkey()
        result = verify_receipt(
            data["receipt"], vkey=vkey, material=[hashlib.sha256(MATERIAL).digest()]
        )
        self.assertEqual(result.material, "checked")
        self.assertEqual(result.index, data["log_index"])
        event = AuditEvent.objects.get(action="create", object_type="registration")
        self.assertEqual(event.channel, "api")

    def test_it_requires_rw_access(self) -> None:
        r = self.post(self.bob, BASE, self.body())
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Registration.objects.exists())

    def test_it_checks_ownership(self) -> None:
        r = self.post(self.charlie, BASE, self.body(secret_id=self.secret_a.pk))
        self.assertEqual(r.status_code, 422)
        self.assertFalse(Registration.objects.exists())

    def test_base_operator_gets_404(self) -> None:
        self.assertEqual(self.post(self.erin, BASE, self.body()).status_code, 404)

    def test_bad_input(self) -> None:
        bad = [
            self.body(parts=[]),
            self.body(parts=[{"name": "a", "sha256": "xy" * 32}]),
            self.body(parts=[{"name": "a", "sha256": "ab" * 16}]),
            self.body(parts=[part("a", b"1"), part("b", b"2")]),
            self.body(parts=[{"name": "a"}]),
            self.body(kind="movie"),
            self.body(title="", secret_id=None),
        ]
        for body in bad:
            r = self.post(self.alice, BASE, body)
            self.assertEqual(r.status_code, 422, body)
        with self.settings(BAOMI_EVIDENCE_MAX_PARTS=2):
            parts = [part(str(i), bytes([i])) for i in range(3)]
            r = self.post(self.alice, BASE, self.body(kind="folder", parts=parts))
            self.assertEqual(r.status_code, 422)
        self.assertFalse(Registration.objects.exists())


class RegistrationsReadApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg = register(cls.alice, cls.org_a, secret=cls.secret_a)
        cls.reg_b = register(cls.charlie, cls.org_b, secret=cls.secret_b)

    def test_list(self) -> None:
        ids = [r["id"] for r in self.get(self.alice, BASE).json()]
        self.assertEqual(ids, [self.reg.pk])

    def test_list_checks_ownership(self) -> None:
        ids = [r["id"] for r in self.get(self.charlie, BASE).json()]
        self.assertEqual(ids, [self.reg_b.pk])

    def test_read(self) -> None:
        r = self.get(self.bob, f"{BASE}/{self.reg.pk}")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["commitment"], self.reg.commitment)
        self.assertNotIn("receipt", r.json())

    def test_read_checks_ownership(self) -> None:
        for url in (f"{BASE}/{self.reg.pk}", f"{BASE}/{self.reg.pk}/receipt"):
            self.assertEqual(self.get(self.charlie, url).status_code, 404, url)
            self.assertEqual(self.get(self.erin, url).status_code, 404, url)

    def test_receipt(self) -> None:
        r = self.get(self.alice, f"{BASE}/{self.reg.pk}/receipt")
        self.assertEqual(r.json(), self.reg.receipt)
        r = self.get(self.alice, f"{BASE}/{self.reg.pk}/receipt?redacted=true")
        self.assertNotIn("disclosure", r.json())
        self.assertEqual(AuditEvent.objects.filter(action="download").count(), 2)

    def test_full_receipt_requires_rw_access(self) -> None:
        self.assertEqual(self.get(self.bob, f"{BASE}/{self.reg.pk}/receipt").status_code, 403)
        r = self.get(self.bob, f"{BASE}/{self.reg.pk}/receipt?redacted=true")
        self.assertEqual(r.status_code, 200)


class VerifyApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg = register(cls.alice, cls.org_a)

    def verify(self, body: object):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/api/evidence/verify", json.dumps(body), content_type="application/json"
        )

    def test_it_is_public_and_verifies(self) -> None:
        r = self.verify(
            {"receipt": self.reg.receipt, "digests": [hashlib.sha256(MATERIAL).hexdigest()]}
        )
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertTrue(data["valid"])
        self.assertEqual(data["key_source"], "trusted")
        self.assertEqual(data["result"]["material"], "checked")
        self.assertTrue(any(c["key"] == "witness" and c["status"] == "ok" for c in data["checks"]))

    def test_invalid_receipts_answer_200_with_reasons(self) -> None:
        for receipt in (
            {},
            dict(self.reg.receipt, index=99999),
            dict(self.reg.receipt, entry="!!"),
        ):
            r = self.verify({"receipt": receipt})
            self.assertEqual(r.status_code, 200)
            self.assertFalse(r.json()["valid"])
            self.assertTrue(r.json()["reason"])

    def test_bad_requests(self) -> None:
        self.assertEqual(self.verify({"receipt": "text"}).status_code, 422)
        self.assertEqual(
            self.verify({"receipt": self.reg.receipt, "digests": ["zz"]}).status_code, 422
        )
        self.assertEqual(self.verify({"receipt": self.reg.receipt, "key": "mine"}).status_code, 422)
        r = self.client.post("/api/evidence/verify", "{", content_type="application/json")
        self.assertIn(r.status_code, (400, 422))
