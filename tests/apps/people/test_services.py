"""People services: permissions, validation, the watch window, audit, the exit-audit flow."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from pypdf import PdfReader

from baomi.apps.audit.models import AuditEvent
from baomi.apps.people import services
from baomi.apps.people.testing import PeopleTestCase


class PersonServicesTestCase(PeopleTestCase):
    def test_create_sets_the_watch_window_from_the_last_working_day(self) -> None:
        last = dt.date(2026, 6, 30)
        person = services.person_create(
            actor=self.alice,
            organisation=self.org_a,
            name=" 钱进 ",
            employee_number=" HR0900 ",
            resignation_date=dt.date(2026, 6, 1),
            last_working_day=last,
        )
        self.assertEqual(person.employee_number, "HR0900")
        self.assertEqual(person.name, "钱进")
        self.assertEqual(person.watch_start, dt.date(2026, 4, 1))
        self.assertEqual(person.watch_end, dt.date(2026, 7, 30))

    def test_the_resignation_date_is_used_without_a_last_working_day(self) -> None:
        person = services.person_create(
            actor=self.alice,
            organisation=self.org_a,
            name="钱进",
            employee_number="HR0901",
            resignation_date=dt.date(2026, 6, 1),
        )
        self.assertEqual(person.watch_end, dt.date(2026, 7, 1))

    def test_update_moves_and_clears_the_window_and_audits(self) -> None:
        services.person_update(
            actor=self.alice, person=self.person_bob, last_working_day=None, resignation_date=None
        )
        self.person_bob.refresh_from_db()
        self.assertIsNone(self.person_bob.watch_start)
        self.assertFalse(self.person_bob.is_departing)
        event = AuditEvent.objects.filter(action="update", object_type="person").latest("id")
        self.assertIn("watch_start", event.changes)
        self.assertIn("last_working_day", event.changes)

    def test_dates_out_of_order_are_refused(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            services.person_update(
                actor=self.alice, person=self.person_dave, last_working_day=dt.date(2010, 1, 1)
            )
        self.assertIn("last_working_day", ctx.exception.message_dict)

    def test_employee_number_is_unique_per_enterprise(self) -> None:
        with self.assertRaises(ValidationError):
            services.person_create(
                actor=self.alice, organisation=self.org_a, name="x", employee_number="HR0007"
            )
        # The same number in another enterprise is fine.
        services.person_create(
            actor=self.charlie, organisation=self.org_b, name="x", employee_number="HR0007"
        )

    def test_a_user_of_another_enterprise_cannot_be_linked(self) -> None:
        with self.assertRaises(ValidationError):
            services.person_create(
                actor=self.alice,
                organisation=self.org_a,
                name="x",
                employee_number="HR0902",
                user=self.charlie,
            )

    def test_only_admins_write(self) -> None:
        for user in (self.bob, self.dave, self.charlie, self.erin):
            with self.assertRaises(PermissionDenied):
                services.person_create(
                    actor=user, organisation=self.org_a, name="x", employee_number="HR0903"
                )
            with self.assertRaises(PermissionDenied):
                services.person_update(actor=user, person=self.person_bob, name="改名")

    def test_unknown_fields_are_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            services.person_update(actor=self.alice, person=self.person_bob, organisation=None)


class AgreementServicesTestCase(PeopleTestCase):
    def test_non_compete_terms_are_dropped_for_other_kinds(self) -> None:
        agreement = services.agreement_add(
            actor=self.alice,
            person=self.person_dave,
            kind="confidentiality",
            restricted_months=12,
            monthly_compensation=Decimal("3000"),
        )
        self.assertIsNone(agreement.restricted_months)
        self.assertIsNone(agreement.monthly_compensation)

    def test_term_must_not_end_before_it_starts(self) -> None:
        with self.assertRaises(ValidationError):
            services.agreement_add(
                actor=self.alice,
                person=self.person_dave,
                kind="confidentiality",
                term_start=dt.date(2026, 1, 1),
                term_end=dt.date(2025, 1, 1),
            )

    def test_file_type_and_size_are_checked(self) -> None:
        with self.assertRaises(ValidationError):
            services.agreement_add(
                actor=self.alice,
                person=self.person_dave,
                kind="confidentiality",
                file=SimpleUploadedFile("x.exe", b"MZ"),
            )
        big = SimpleUploadedFile("x.pdf", b"0" * (services.AGREEMENT_MAX_BYTES + 1))
        with self.assertRaises(ValidationError):
            services.agreement_add(
                actor=self.alice, person=self.person_dave, kind="confidentiality", file=big
            )
        self.assertFalse(self.person_dave.agreements.exists())

    def test_payments_only_under_a_non_compete(self) -> None:
        with self.assertRaises(ValidationError):
            services.payment_add(
                actor=self.alice,
                agreement=self.confidentiality,
                month=dt.date(2026, 1, 1),
                amount=Decimal("1"),
                paid_on=dt.date(2026, 2, 1),
            )
        payment = services.payment_add(
            actor=self.alice,
            agreement=self.non_compete,
            month=dt.date(2026, 1, 17),
            amount=Decimal("5400"),
            paid_on=dt.date(2026, 2, 10),
        )
        self.assertEqual(payment.month, dt.date(2026, 1, 1))

    def test_only_admins_add_agreements(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.agreement_add(actor=self.dave, person=self.person_dave, kind="non_compete")
        with self.assertRaises(PermissionDenied):
            services.agreement_remove(actor=self.bob, agreement=self.confidentiality)


class AcknowledgmentServicesTestCase(PeopleTestCase):
    def test_secrets_are_snapshotted(self) -> None:
        ack = services.acknowledgment_record(actor=self.bob, person=self.person_bob, kind="secrets")
        self.assertEqual(ack.secrets[0]["code"], "A-001")
        self.assertEqual(ack.secrets[0]["via"], ["grant"])
        # Later changes to the registry do not rewrite what was acknowledged.
        self.secret_a.grants.all().delete()
        ack.refresh_from_db()
        self.assertEqual(ack.secrets[0]["title"], "热误差补偿算法")

    def test_a_policy_needs_a_title(self) -> None:
        with self.assertRaises(ValidationError):
            services.acknowledgment_record(actor=self.bob, person=self.person_bob, kind="policy")

    def test_nothing_to_acknowledge_without_access(self) -> None:
        with self.assertRaises(ValidationError):
            services.acknowledgment_record(
                actor=self.alice, person=self.person_dave, kind="secrets"
            )

    def test_employees_acknowledge_only_for_themselves(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.acknowledgment_record(
                actor=self.bob, person=self.person_dave, kind="policy", policy_title="制度"
            )


class OffboardingServicesTestCase(PeopleTestCase):
    CHECKS = dict.fromkeys(
        (
            "carriers_returned",
            "accounts_revoked",
            "duties_reminded",
            "exit_interview",
            "risk_reviewed",
            "grants_reviewed",
        ),
        True,
    )

    def test_the_flow(self) -> None:
        offboarding = services.offboarding_open(actor=self.alice, person=self.person_bob)
        self.assertEqual([s["code"] for s in offboarding.secrets_known], ["A-001"])
        with self.assertRaises(ValidationError):
            services.offboarding_open(actor=self.alice, person=self.person_bob)
        grant = self.secret_a.grants.get(user=self.bob)
        services.offboarding_revoke_grant(
            actor=self.alice, offboarding=offboarding, grant_pk=grant.pk
        )
        self.assertFalse(self.secret_a.grants.filter(user=self.bob).exists())
        with self.assertRaises(ValidationError):
            services.offboarding_complete(actor=self.alice, offboarding=offboarding)
        services.offboarding_update(
            actor=self.alice, offboarding=offboarding, risk_notes="无异常", **self.CHECKS
        )
        services.offboarding_complete(actor=self.alice, offboarding=offboarding)
        offboarding.refresh_from_db()
        self.assertEqual(offboarding.status, "completed")
        self.assertEqual(offboarding.completed_by, self.alice)
        self.assertEqual(offboarding.completed_on, timezone.localdate())
        pdf = offboarding.record.read()
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), offboarding.record_sha256)
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        self.assertIn("王博文", text)
        self.assertIn("热误差补偿算法", text)  # known, though the grant was revoked
        self.assertIn("竞业限制协议", text)
        with self.assertRaises(ValidationError):
            services.offboarding_update(actor=self.alice, offboarding=offboarding, risk_notes="改")

    def test_revoking_a_grant_of_someone_else_is_404(self) -> None:
        offboarding = services.offboarding_open(actor=self.alice, person=self.person_dave)
        grant = self.secret_a.grants.get(user=self.bob)
        with self.assertRaises(Http404):
            services.offboarding_revoke_grant(
                actor=self.alice, offboarding=offboarding, grant_pk=grant.pk
            )
        self.assertTrue(self.secret_a.grants.filter(user=self.bob).exists())

    def test_only_admins_run_exit_audits(self) -> None:
        for user in (self.bob, self.dave):
            with self.assertRaises(PermissionDenied):
                services.offboarding_open(actor=user, person=self.person_bob)
        offboarding = services.offboarding_open(actor=self.alice, person=self.person_bob)
        with self.assertRaises(PermissionDenied):
            services.offboarding_update(actor=self.dave, offboarding=offboarding, **self.CHECKS)
        with self.assertRaises(PermissionDenied):
            services.exit_record_downloaded(actor=self.bob, offboarding=offboarding)


class AgreementInForceTestCase(PeopleTestCase):
    def test_ended_agreements_are_left_out_of_the_exit_record(self) -> None:
        from baomi.apps.people.documents import exit_record_context

        services.agreement_add(
            actor=self.alice,
            person=self.person_bob,
            kind="invention_assignment",
            term_start=dt.date(2019, 3, 1),
            term_end=timezone.localdate() - dt.timedelta(days=1),
        )
        offboarding = services.offboarding_open(actor=self.alice, person=self.person_bob)
        kinds = [
            row["agreement"].kind
            for row in exit_record_context(offboarding=offboarding)["agreements"]
        ]  # type: ignore[index, union-attr]
        self.assertEqual(sorted(kinds), ["confidentiality", "non_compete"])
