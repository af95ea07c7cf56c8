"""Writes of people data. Every service checks the actor's permission, validates, saves in a
transaction and leaves an audit record."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.rules import is_org_member
from baomi.apps.people.models import (
    CHECKLIST,
    Acknowledgment,
    AcknowledgmentKind,
    AcknowledgmentMethod,
    Agreement,
    AgreementKind,
    CompensationPayment,
    Offboarding,
    OffboardingStatus,
    Person,
    watch_window,
)
from baomi.apps.people.selectors import person_secret_access
from baomi.apps.registry import services as registry

PERSON_FIELDS = (
    "user",
    "name",
    "employee_number",
    "department",
    "position",
    "role_category",
    "hire_date",
    "resignation_date",
    "last_working_day",
    "average_monthly_wage",
    "wage_region",
    "minimum_wage_override",
)
AGREEMENT_MAX_BYTES = 10 * 1024 * 1024
CHECKLIST_FIELDS = tuple(name for name, _label in CHECKLIST)
OFFBOARDING_TEXT_FIELDS = ("returned_items", "interview_notes", "risk_notes")


def _require(actor: User, perm: str, obj: Model) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    if isinstance(value, User):
        return value.email
    return value


def _check_user(organisation: Organisation, user: User | None) -> None:
    if user is not None and not is_org_member(user, organisation):
        raise ValidationError({"user": _("This person is not a member of the enterprise.")})


def _check_dates(person: Person) -> None:
    errors: dict[str, str] = {}
    if person.hire_date and person.last_working_day and person.last_working_day < person.hire_date:
        errors["last_working_day"] = _("The last working day is before the hire date.")
    if (
        person.resignation_date
        and person.last_working_day
        and person.resignation_date > person.last_working_day
    ):
        errors["resignation_date"] = _("The resignation date is after the last working day.")
    if errors:
        raise ValidationError(errors)


def _set_watch_window(person: Person) -> None:
    person.watch_start, person.watch_end = watch_window(person.departure_date)


@transaction.atomic
def person_create(
    *, actor: User, organisation: Organisation, audit: bool = True, **fields: Any
) -> Person:
    """Record a person; a departure date opens the departing-user watch window."""
    _require(actor, "people.add_person", organisation)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    _check_user(organisation, fields.get("user"))
    person = Person(organisation=organisation, **fields)
    person.name = person.name.strip()
    person.employee_number = person.employee_number.strip()
    _check_dates(person)
    _set_watch_window(person)
    person.full_clean()
    person.save()
    if audit:
        audit_record(actor=actor, organisation=organisation, action=Action.CREATE, obj=person)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, **fields: Any) -> Person:
    """Change a person's fields; the watch window follows the departure date."""
    _require(actor, "people.change_person", person)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    if "user" in fields:
        _check_user(person.organisation, fields["user"])
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if isinstance(value, str) and name in {"name", "employee_number"}:
            value = value.strip()
        old = getattr(person, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(person, name, value)
    if not changes:
        return person
    _check_dates(person)
    old_window = (person.watch_start, person.watch_end)
    _set_watch_window(person)
    update_fields = list(changes)
    if (person.watch_start, person.watch_end) != old_window:
        changes["watch_start"] = [_jsonable(old_window[0]), _jsonable(person.watch_start)]
        changes["watch_end"] = [_jsonable(old_window[1]), _jsonable(person.watch_end)]
        update_fields += ["watch_start", "watch_end"]
    person.full_clean()
    person.save(update_fields=[*update_fields, "updated_at"])
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=Action.UPDATE,
        obj=person,
        changes=changes,
    )
    return person


def person_viewed(*, actor: User, person: Person) -> None:
    """Record that the actor read the person's record."""
    audit_record(actor=actor, organisation=person.organisation, action=Action.VIEW, obj=person)


def _child_changed(actor: User, person: Person, key: str, value: object) -> None:
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=Action.UPDATE,
        obj=person,
        changes={key: str(value)},
    )


def _check_file(upload: UploadedFile | None) -> None:
    if upload is not None and upload.size is not None and upload.size > AGREEMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)d MB; the limit is %(limit)d MB).")
                % {
                    "size": upload.size // (1024 * 1024),
                    "limit": AGREEMENT_MAX_BYTES // (1024 * 1024),
                }
            }
        )


@transaction.atomic
def agreement_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    signed_on: dt.date | None = None,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    file: UploadedFile | None = None,
    restricted_months: int | None = None,
    monthly_compensation: Decimal | None = None,
    notes: str = "",
) -> Agreement:
    """Record a signed agreement of the person (with its scanned copy, if any)."""
    _require(actor, "people.change_person", person)
    _check_file(file)
    if kind != AgreementKind.NON_COMPETE:
        restricted_months = None
        monthly_compensation = None
    if term_start and term_end and term_end < term_start:
        raise ValidationError({"term_end": _("The term ends before it starts.")})
    agreement = Agreement(
        person=person,
        kind=kind,
        signed_on=signed_on,
        term_start=term_start,
        term_end=term_end,
        restricted_months=restricted_months,
        monthly_compensation=monthly_compensation,
        notes=notes,
    )
    if file is not None:
        agreement.file = file
    agreement.full_clean()
    agreement.save()
    _child_changed(actor, person, "agreement_added", agreement)
    return agreement


@transaction.atomic
def agreement_remove(*, actor: User, agreement: Agreement) -> None:
    _require(actor, "people.change_person", agreement.person)
    _child_changed(actor, agreement.person, "agreement_removed", agreement)
    if agreement.file:
        agreement.file.delete(save=False)
    agreement.delete()


def agreement_file_downloaded(*, actor: User, agreement: Agreement) -> None:
    audit_record(
        actor=actor,
        organisation=agreement.person.organisation,
        action=Action.DOWNLOAD,
        obj=agreement,
        changes={"file": agreement.filename},
    )


def agreement_document_rendered(*, actor: User, person: Person, kind: str, fmt: str) -> None:
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=Action.DOWNLOAD if fmt == "pdf" else Action.VIEW,
        obj=person,
        changes={"document": str(AgreementKind(kind).label), "format": fmt},
    )


@transaction.atomic
def payment_add(
    *, actor: User, agreement: Agreement, month: dt.date, amount: Decimal, paid_on: dt.date
) -> CompensationPayment:
    """Record a monthly non-compete compensation payment."""
    _require(actor, "people.change_person", agreement.person)
    if not agreement.is_non_compete:
        raise ValidationError(_("Compensation is paid only under a non-compete agreement."))
    payment = CompensationPayment(
        agreement=agreement, month=month.replace(day=1), amount=amount, paid_on=paid_on
    )
    payment.full_clean()
    payment.save()
    _child_changed(actor, agreement.person, "payment_added", payment)
    return payment


@transaction.atomic
def acknowledgment_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    policy_title: str = "",
    method: str = AcknowledgmentMethod.ONLINE,
    acknowledged_on: dt.date | None = None,
) -> Acknowledgment:
    """The person confirms reading a policy or being told the secrets they have access to.
    For secrets, the list is a snapshot of the person's access at this moment."""
    _require(actor, "people.acknowledge_person", person)
    if kind == AcknowledgmentKind.POLICY and not policy_title.strip():
        raise ValidationError({"policy_title": _("Name the policy that was read.")})
    secrets: list[dict[str, object]] = []
    if kind == AcknowledgmentKind.SECRETS:
        secrets = [a.snapshot() for a in person_secret_access(user=actor, person=person)]
        if not secrets:
            raise ValidationError(_("This person has no access to any trade secret."))
    ack = Acknowledgment(
        person=person,
        kind=kind,
        policy_title=policy_title.strip() if kind == AcknowledgmentKind.POLICY else "",
        secrets=secrets,
        method=method,
        acknowledged_on=acknowledged_on or timezone.localdate(),
        recorded_by=actor,
    )
    ack.full_clean()
    ack.save()
    _child_changed(actor, person, "acknowledgment_added", ack)
    return ack


# --- Exit audit ------------------------------------------------------------------------------


def _merge_known(known: list[dict[str, Any]], fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_code = {k["code"]: k for k in known}
    for item in fresh:
        if item["code"] in by_code:
            vias = list(dict.fromkeys([*by_code[item["code"]]["via"], *item["via"]]))
            by_code[item["code"]] = {**by_code[item["code"]], "via": vias}
        else:
            by_code[item["code"]] = item
    return sorted(by_code.values(), key=lambda k: str(k["code"]))


@transaction.atomic
def offboarding_open(*, actor: User, person: Person) -> Offboarding:
    """Open the exit audit of a person, noting the secrets the person has access to."""
    _require(actor, "people.change_offboarding", person)
    if Offboarding.objects.filter(person=person).exists():
        raise ValidationError(_("An exit audit is already open for this person."))
    known = [a.snapshot() for a in person_secret_access(user=actor, person=person)]
    offboarding = Offboarding(person=person, opened_by=actor, secrets_known=known)
    offboarding.full_clean()
    offboarding.save()
    audit_record(
        actor=actor, organisation=person.organisation, action=Action.CREATE, obj=offboarding
    )
    return offboarding


def _require_open(offboarding: Offboarding) -> None:
    if offboarding.is_completed:
        raise ValidationError(_("This exit audit is completed and can no longer change."))


@transaction.atomic
def offboarding_update(*, actor: User, offboarding: Offboarding, **fields: Any) -> Offboarding:
    """Tick checklist items and write notes of an open exit audit."""
    _require(actor, "people.change_offboarding", offboarding.person)
    _require_open(offboarding)
    allowed = set(CHECKLIST_FIELDS) | set(OFFBOARDING_TEXT_FIELDS)
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not exit audit fields: {sorted(unknown)}")
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        old = getattr(offboarding, name)
        if old != value:
            changes[name] = [old, value]
            setattr(offboarding, name, value)
    if changes:
        offboarding.full_clean()
        offboarding.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            organisation=offboarding.person.organisation,
            action=Action.UPDATE,
            obj=offboarding,
            changes=changes,
        )
    return offboarding


@transaction.atomic
def offboarding_revoke_grant(*, actor: User, offboarding: Offboarding, grant_pk: object) -> None:
    """Revoke one of the person's access grants, through the registry's own service."""
    person = offboarding.person
    _require(actor, "people.change_offboarding", person)
    _require_open(offboarding)
    access = {
        a.grant.pk: a
        for a in person_secret_access(user=actor, person=person)
        if a.grant is not None
    }
    try:
        pk = int(str(grant_pk))
        item = access[pk]
    except (KeyError, ValueError) as exc:
        raise Http404 from exc
    offboarding.secrets_known = _merge_known(offboarding.secrets_known, [item.snapshot()])
    offboarding.grants_revoked = [
        *offboarding.grants_revoked,
        {
            "code": item.secret.code,
            "title": item.secret.title,
            "on": timezone.localdate().isoformat(),
            "by": actor.email,
        },
    ]
    offboarding.save(update_fields=["secrets_known", "grants_revoked"])
    registry.secret_child_remove(actor=actor, secret=item.secret, what="grant", pk=pk)
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=Action.UPDATE,
        obj=offboarding,
        changes={"grant_removed": str(item.secret)},
    )


@transaction.atomic
def offboarding_complete(*, actor: User, offboarding: Offboarding) -> Offboarding:
    """Close the exit audit once every checklist item is done, and produce the exit record
    PDF; its SHA-256 is kept so a printed, signed copy can be matched to it."""
    from baomi.apps.people.documents import exit_record_pdf

    person = offboarding.person
    _require(actor, "people.change_offboarding", person)
    _require_open(offboarding)
    if not offboarding.checklist_done:
        raise ValidationError(_("Every item of the checklist must be done before completing."))
    fresh = [a.snapshot() for a in person_secret_access(user=actor, person=person)]
    offboarding.secrets_known = _merge_known(offboarding.secrets_known, fresh)
    offboarding.status = OffboardingStatus.COMPLETED
    offboarding.completed_by = actor
    offboarding.completed_on = timezone.localdate()
    pdf = exit_record_pdf(offboarding=offboarding)
    digest = hashlib.sha256(pdf).hexdigest()
    offboarding.record_sha256 = digest
    offboarding.record.save(
        f"exit-record-{person.organisation_id}-{person.pk}-{digest[:12]}.pdf",
        ContentFile(pdf),
        save=False,
    )
    offboarding.save()
    audit_record(
        actor=actor,
        organisation=person.organisation,
        action=Action.UPDATE,
        obj=offboarding,
        changes={"status": ["open", "completed"], "record_sha256": digest},
    )
    return offboarding


def exit_record_downloaded(*, actor: User, offboarding: Offboarding) -> None:
    _require(actor, "people.view_offboarding", offboarding.person)
    audit_record(
        actor=actor,
        organisation=offboarding.person.organisation,
        action=Action.DOWNLOAD,
        obj=offboarding,
        changes={"record_sha256": offboarding.record_sha256},
    )
