"""The public verification page and the log's public texts: no login, never a 500."""

import base64
import hashlib
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.apps.evidence.helpers import MATERIAL, register

from baomi.apps.evidence.log_access import open_ledger
from baomi.ledger.receipt import redact
from baomi.testing import BaseTestCase

URL = "/evidence/verify/"


def upload(receipt: object, name: str = "x.receipt.json") -> SimpleUploadedFile:
    text = receipt if isinstance(receipt, str | bytes) else json.dumps(receipt)
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="application/json")


class VerifyPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg = register(cls.alice, cls.org_a, secret=cls.secret_a)

    def verify(self, receipt: object, **extra: str):  # type: ignore[no-untyped-def]
        data = {"receipt_file": upload(receipt), "key_choice": "instance", **extra}
        r = self.client.post(URL, data)
        self.assertEqual(r.status_code, 200)
        return r

    def test_it_is_public(self) -> None:
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 200)
        with open_ledger() as ledger:
            self.assertContains(r, ledger.vkey())
        self.assertContains(r, "/login/")

    def test_a_valid_receipt_with_the_material(self) -> None:
        digest = hashlib.sha256(MATERIAL).hexdigest()
        r = self.verify(self.reg.receipt, digests=digest)
        body = r.content.decode()
        self.assertIn("ev-verdict ok", body)
        self.assertIn(self.reg.commitment, body)
        self.assertIn(self.reg.cosignatures[0]["time"], body)
        self.assertIn('class="ok"', body)

    def test_pasted_receipt(self) -> None:
        r = self.client.post(
            URL, {"receipt_text": json.dumps(self.reg.receipt), "key_choice": "instance"}
        )
        self.assertContains(r, "ev-verdict ok")

    def test_other_material_fails_check_one(self) -> None:
        r = self.verify(self.reg.receipt, digests=hashlib.sha256(b"other").hexdigest())
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "differs from the registered material")

    def test_redacted_receipt_cannot_prove_material(self) -> None:
        r = self.verify(redact(self.reg.receipt))
        self.assertContains(r, "ev-verdict ok")
        r = self.verify(redact(self.reg.receipt), digests=hashlib.sha256(MATERIAL).hexdigest())
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "receipt is redacted")

    def test_malformed_and_truncated_receipts(self) -> None:
        text = json.dumps(self.reg.receipt)
        for bad in (
            text[: len(text) // 2],
            "[]",
            "{}",
            "\xff\xfe garbage",
            '{"format": 1}',
            "null",
        ):
            r = self.verify(bad)
            self.assertContains(r, "ev-verdict fail")
        broken = dict(self.reg.receipt, index="seven")
        self.assertContains(self.verify(broken), "ev-verdict fail")
        broken = dict(self.reg.receipt, inclusion=["not base64!"])
        self.assertContains(self.verify(broken), "ev-verdict fail")
        broken = dict(self.reg.receipt, checkpoint="garbage")
        self.assertContains(self.verify(broken), "ev-verdict fail")

    def test_index_beyond_tree_size(self) -> None:
        broken = dict(self.reg.receipt, index=10_000)
        r = self.verify(broken)
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "beyond the checkpoint")

    def test_tampered_entry(self) -> None:
        entry = json.loads(base64.b64decode(self.reg.receipt["entry"]))
        entry["registered_at"] = "2020-01-01T00:00:00Z"
        raw = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        broken = dict(redact(self.reg.receipt), entry=base64.b64encode(raw.encode()).decode())
        r = self.verify(broken)
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "inclusion")

    def test_wrong_key_and_another_log(self) -> None:
        from baomi.ledger.keys import create_key_file, load_signer

        key_path = self.reg.log_origin  # a name only
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            create_key_file(Path(tmp) / "k", "another/log")
            other = str(load_signer(Path(tmp) / "k").verifier_key)
            same_name = Path(tmp) / "k2"
            create_key_file(same_name, key_path)
            impostor = str(load_signer(same_name).verifier_key)
        r = self.verify(self.reg.receipt, key_choice="given", vkey=other)
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "from another log")
        r = self.verify(self.reg.receipt, key_choice="given", vkey=impostor)
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "checkpoint signature")
        r = self.verify(self.reg.receipt, key_choice="given", vkey="not a key")
        self.assertContains(r, "ev-verdict fail")
        r = self.verify(self.reg.receipt, key_choice="given", vkey="")
        self.assertContains(r, "ev-verdict fail")

    def test_key_inside_the_receipt_is_only_consistency(self) -> None:
        r = self.verify(self.reg.receipt, key_choice="receipt")
        self.assertContains(r, "ev-verdict ok")
        self.assertContains(r, 'class="warn"')
        self.assertContains(r, self.reg.receipt["log"]["vkey"])

    def test_bad_digests_and_missing_receipt(self) -> None:
        r = self.verify(self.reg.receipt, digests="nothex")
        self.assertContains(r, "errorlist")
        r = self.client.post(URL, {"key_choice": "instance"})
        self.assertContains(r, "errorlist")

    def test_logged_in_users_see_the_app_shell(self) -> None:
        r = self.login(self.charlie).get(URL)
        self.assertContains(r, 'class="sidebar"')


class PublicTextsTestCase(BaseTestCase):
    def test_vkey_checkpoint_and_script(self) -> None:
        register(self.alice, self.org_a)
        with open_ledger() as ledger:
            vkey, checkpoint, witness = ledger.vkey(), ledger.checkpoint(), ledger.witness_vkey()
        r = self.client.get("/evidence/vkey")
        self.assertEqual(r.content.decode().strip(), vkey)
        self.assertTrue(r["Content-Type"].startswith("text/plain"))
        self.assertEqual(self.client.get("/evidence/checkpoint").content.decode(), checkpoint)
        self.assertEqual(
            self.client.get("/evidence/witness-vkey").content.decode().strip(), witness
        )
        r = self.client.get("/evidence/verify/standalone_verify.py")
        self.assertIn(b"def verify(receipt, path, vkey, witness_keys)", r.content)
        self.assertEqual(self.client.post("/evidence/vkey").status_code, 405)


class ConsistencyTestCase(BaseTestCase):
    def test_it_serves_a_proof_that_verifies(self) -> None:
        from baomi.ledger import merkle
        from baomi.ledger.note import parse_checkpoint, parse_note

        first = register(self.alice, self.org_a)
        old_note = parse_checkpoint(parse_note(first.receipt["checkpoint"]).text)
        register(self.alice, self.org_a)
        register(self.charlie, self.org_b)
        new_note = parse_checkpoint(
            parse_note(self.client.get("/evidence/checkpoint").content.decode()).text
        )
        r = self.client.get("/evidence/consistency", {"old": old_note.size})
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["new_size"], new_note.size)
        proof = [base64.b64decode(h) for h in data["proof"]]
        merkle.verify_consistency(old_note.size, new_note.size, proof, old_note.root, new_note.root)

    def test_bad_sizes_are_400(self) -> None:
        register(self.alice, self.org_a)
        for query in ({}, {"old": "x"}, {"old": "-1"}, {"old": "1", "new": "999999999"}):
            r = self.client.get("/evidence/consistency", query)
            self.assertEqual(r.status_code, 400, query)
            self.assertIn("error", r.json())


class ReasonCodeTestCase(BaseTestCase):
    """The failed check and its plain explanation come from the engine's code, not its wording."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.reg = register(cls.alice, cls.org_a)

    def test_a_tampered_receipt_is_explained_in_chinese(self) -> None:
        entry = json.loads(base64.b64decode(self.reg.receipt["entry"]))
        entry["registered_at"] = "2020-01-01T00:00:00Z"
        raw = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        broken = dict(redact(self.reg.receipt), entry=base64.b64encode(raw.encode()).decode())
        data = {"receipt_file": upload(broken), "key_choice": "instance"}
        r = self.client.post(URL, data, HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertContains(r, "ev-verdict fail")
        self.assertContains(r, "✗ 该条目不在检查点的树中：包含证明无法推导出其根哈希。")
        self.assertContains(r, "<strong>② 条目已纳入日志</strong>")

    def test_the_explanation_follows_the_code_whatever_the_wording(self) -> None:
        from unittest import mock

        from django.utils import translation

        from baomi.apps.evidence.verification import receipt_verify
        from baomi.ledger.receipt import Reason, ReceiptInvalid

        refusal = ReceiptInvalid("reworded: the root is not reached", code=Reason.INCLUSION_PROOF)
        with (
            mock.patch("baomi.apps.evidence.verification.verify_receipt", side_effect=refusal),
            translation.override("zh-hans"),
        ):
            outcome = receipt_verify(receipt=self.reg.receipt)
        self.assertFalse(outcome.valid)
        self.assertEqual(outcome.code, "inclusion_proof")
        self.assertEqual(outcome.reason, "reworded: the root is not reached")
        self.assertEqual([(c.key, c.status) for c in outcome.checks], [("inclusion", "fail")])
        self.assertEqual(outcome.message, "该条目不在检查点的树中：包含证明无法推导出其根哈希。")

    def test_partial_disclosures_are_explained_as_material_failures(self) -> None:
        from django.utils import translation

        from baomi.apps.evidence.verification import receipt_verify
        from baomi.ledger.receipt import disclose

        partial = disclose(self.reg.receipt, [0])
        with translation.override("zh-hans"):
            outcome = receipt_verify(receipt=partial, digests=[hashlib.sha256(b"other").digest()])
            self.assertEqual(outcome.code, "no_matching_part")
            self.assertEqual(outcome.checks[0].key, "material")
            self.assertEqual(outcome.message, "材料与任何已披露的部分都不一致。")
            partial["disclosure"]["parts"][0]["sha256"] = hashlib.sha256(b"other").hexdigest()
            outcome = receipt_verify(receipt=partial)
            self.assertEqual(outcome.code, "disclosed_part")
            self.assertEqual(outcome.checks[0].key, "material")
            self.assertEqual(outcome.message, "披露的部分不属于该承诺值。")

    def test_a_damaged_checkpoint_is_named_as_such(self) -> None:
        from django.utils import translation

        from baomi.apps.evidence.verification import receipt_verify

        with translation.override("zh-hans"):
            outcome = receipt_verify(receipt=dict(self.reg.receipt, checkpoint="no note"))
        self.assertEqual(outcome.code, "checkpoint_malformed")
        self.assertEqual(outcome.message, "回执中的检查点不是格式正确的签名便笺。")

    def test_every_verification_code_has_its_own_explanation(self) -> None:
        from baomi.apps.evidence.verification import explain
        from baomi.ledger.receipt import Reason

        fallback = explain("unknown")  # type: ignore[arg-type]
        for code in set(Reason) - {Reason.NO_FULL_DISCLOSURE, Reason.NO_SUCH_PART}:
            self.assertNotEqual(explain(code), fallback, code)

    def test_the_api_returns_the_code(self) -> None:
        body = {"receipt": dict(self.reg.receipt, index=99999)}
        r = self.client.post(
            "/api/evidence/verify", json.dumps(body), content_type="application/json"
        )
        self.assertEqual(r.json()["code"], "index_beyond_tree")
        self.assertEqual(r.json()["checks"][0]["key"], "inclusion")
        r = self.client.post(
            "/api/evidence/verify",
            json.dumps({"receipt": self.reg.receipt}),
            content_type="application/json",
        )
        self.assertEqual(r.json()["code"], "")
