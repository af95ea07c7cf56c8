import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from tests.apps.evidence.helpers import MATERIAL, part, register

from baomi.apps.audit.models import AuditEvent
from baomi.apps.evidence import services
from baomi.apps.evidence.log_access import open_ledger
from baomi.apps.evidence.selectors import (
    registrable_secrets,
    registration_get,
    registration_list,
    registrations_for_secret,
)
from baomi.ledger.receipt import parse_receipt
from baomi.ledger.verify import verify_receipt
from baomi.testing import BaseTestCase


class RegistrationCreateTestCase(BaseTestCase):
    def test_it_registers_digests_and_issues_a_verifiable_receipt(self) -> None:
        r = register(self.alice, self.org_a, secret=self.secret_a)
        self.assertEqual(r.parts_count, 1)
        self.assertEqual(r.parts[0]["sha256"], hashlib.sha256(MATERIAL).hexdigest())
        self.assertEqual(r.receipt["index"], r.log_index)
        self.assertIn("master_salt", r.receipt["disclosure"])
        with open_ledger() as ledger:
            vkey, witness = ledger.vkey(), ledger.witness_vkey()
        result = verify_receipt(
            r.receipt,
            vkey=vkey,
            material=[hashlib.sha256(MATERIAL).digest()],
            witness_vkeys=[witness],
        )
        self.assertEqual(result.material, "checked")
        self.assertEqual(result.commitment, r.commitment)
        self.assertEqual(result.key_source, "trusted")
        self.assertTrue(r.cosignatures and r.cosignatures[0]["time"])
        self.assertEqual(result.cosignatures[0].time, r.cosignatures[0]["time"])

    def test_the_log_entry_holds_no_name_and_no_title(self) -> None:
        r = register(self.alice, self.org_a, title="绝密标题")
        entry = parse_receipt(r.receipt).entry_bytes.decode()
        self.assertNotIn("绝密标题", entry)
        self.assertNotIn("model.txt", entry)
        self.assertEqual(json.loads(entry)["org"], str(self.org_a.pk))

    def test_it_records_an_audit_event(self) -> None:
        r = register(self.alice, self.org_a)
        event = AuditEvent.objects.get(action="create", object_type="registration")
        self.assertEqual(event.object_id, str(r.pk))
        self.assertEqual(event.changes["log_index"], r.log_index)

    def test_secret_owner_registers_own_secret_but_not_others(self) -> None:
        own = self.make_secret(self.alice, self.org_a, code="A-010", title="工艺", owner=self.dave)
        r = register(self.dave, self.org_a, secret=own)
        self.assertEqual(r.secret, own)
        with self.assertRaises(PermissionDenied):
            register(self.dave, self.org_a, secret=self.secret_a)

    def test_it_requires_rw_access(self) -> None:
        with self.assertRaises(PermissionDenied):
            register(self.bob, self.org_a)

    def test_it_refuses_another_enterprises_secret(self) -> None:
        with self.assertRaises(PermissionDenied):
            register(self.alice, self.org_a, secret=self.secret_b)

    def test_two_registrations_of_the_same_material_differ(self) -> None:
        a = register(self.alice, self.org_a)
        b = register(self.alice, self.org_a)
        self.assertNotEqual(a.commitment, b.commitment)
        self.assertEqual(b.log_index, a.log_index + 1)


class PartsCleanTestCase(BaseTestCase):
    def assertRejected(self, raw: object, kind: str = "folder") -> None:
        with self.assertRaises(ValidationError):
            services.parts_clean(raw, kind=kind)

    def test_it_rejects_malformed_digests(self) -> None:
        self.assertRejected([{"name": "a", "sha256": "xyz"}])
        self.assertRejected([{"name": "a", "sha256": "ab" * 31}])
        self.assertRejected([{"name": "a", "sha256": "ab" * 33}])
        self.assertRejected([{"name": "a", "sha256": 12}])

    def test_it_rejects_bad_names_sizes_and_shapes(self) -> None:
        digest = "ab" * 32
        self.assertRejected([])
        self.assertRejected("not a list")
        self.assertRejected(["just a string"])
        self.assertRejected([{"name": "", "sha256": digest}])
        self.assertRejected([{"name": "x" * 501, "sha256": digest}])
        self.assertRejected([{"name": "a", "sha256": digest, "size": -1}])
        self.assertRejected([{"name": "a", "sha256": digest, "size": True}])

    def test_one_file_is_one_part(self) -> None:
        self.assertRejected([part("a", b"1"), part("b", b"2")], kind="file")
        self.assertEqual(len(services.parts_clean([part("a", b"1")], kind="file")), 1)

    def test_it_limits_the_number_of_parts(self) -> None:
        with self.settings(BAOMI_EVIDENCE_MAX_PARTS=3):
            self.assertRejected([part(str(i), b"x") for i in range(4)])
            self.assertEqual(
                len(services.parts_clean([part(str(i), b"x") for i in range(3)], kind="folder")), 3
            )

    def test_uppercase_hex_is_accepted_as_lowercase(self) -> None:
        p = services.parts_clean([{"name": "a", "sha256": "AB" * 32}], kind="file")
        self.assertEqual(p[0].sha256, "ab" * 32)


class SelectorsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hidden = cls.make_secret(cls.alice, cls.org_a, code="A-020", title="报价模型")
        cls.on_a = register(cls.alice, cls.org_a, secret=cls.secret_a)
        cls.on_hidden = register(cls.alice, cls.org_a, secret=cls.hidden)
        cls.standalone = register(cls.alice, cls.org_a, secret=None, title="独立存证")
        cls.on_b = register(cls.charlie, cls.org_b, secret=cls.secret_b)

    def ids(self, qs) -> set[int]:  # type: ignore[no-untyped-def]
        return {r.pk for r in qs}

    def test_admin_sees_all_of_the_enterprise(self) -> None:
        got = self.ids(registration_list(user=self.alice, organisation=self.org_a))
        self.assertEqual(got, {self.on_a.pk, self.on_hidden.pk, self.standalone.pk})

    def test_member_sees_registrations_of_visible_secrets_only(self) -> None:
        got = self.ids(registration_list(user=self.bob, organisation=self.org_a))
        self.assertEqual(got, {self.on_a.pk})

    def test_it_checks_ownership(self) -> None:
        got = self.ids(registration_list(user=self.charlie, organisation=self.org_a))
        self.assertEqual(got, set())
        with self.assertRaises(Exception) as ctx:
            registration_get(user=self.charlie, organisation=self.org_b, pk=self.on_a.pk)
        self.assertEqual(type(ctx.exception).__name__, "Http404")

    def test_base_operator_sees_nothing(self) -> None:
        self.assertEqual(registration_list(user=self.erin, organisation=None).count(), 0)
        self.assertEqual(registration_list(user=self.erin, organisation=self.org_a).count(), 0)

    def test_registrations_for_secret(self) -> None:
        self.assertEqual(
            self.ids(registrations_for_secret(user=self.bob, secret=self.secret_a)), {self.on_a.pk}
        )
        self.assertEqual(
            self.ids(registrations_for_secret(user=self.bob, secret=self.hidden)), set()
        )
        self.assertEqual(
            self.ids(registrations_for_secret(user=self.charlie, secret=self.secret_a)), set()
        )

    def test_registrable_secrets(self) -> None:
        self.assertIn(self.secret_a, registrable_secrets(user=self.alice, organisation=self.org_a))
        self.assertEqual(registrable_secrets(user=self.bob, organisation=self.org_a).count(), 0)
        self.assertEqual(registrable_secrets(user=self.dave, organisation=self.org_a).count(), 0)

    def test_full_receipt_needs_disclose_permission(self) -> None:
        text = services.receipt_download(actor=self.alice, registration=self.on_a, redacted=False)
        self.assertIn("master_salt", text)
        redacted = services.receipt_download(actor=self.bob, registration=self.on_a, redacted=True)
        self.assertNotIn("master_salt", redacted)
        with self.assertRaises(PermissionDenied):
            services.receipt_download(actor=self.bob, registration=self.on_a, redacted=False)
        self.assertEqual(
            AuditEvent.objects.filter(action="download", object_id=str(self.on_a.pk)).count(), 2
        )
