"""Writes of the evidence app: registering digests in the ledger, and the audited downloads.

The server never sees the material: a registration takes each part's name and SHA-256 (the
browser or the API client hashed it), and the ledger engine salts them per part and commits
(spec §1: ``part_leaf_i = salt_i || SHA-256(P_i)`` needs only the digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from baomi.apps.audit.models import Action
from baomi.apps.audit.services import audit_record
from baomi.apps.evidence.log_access import batcher
from baomi.apps.evidence.models import Kind, Registration
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.registry.models import TradeSecret
from baomi.ledger.commitment import Part
from baomi.ledger.instance import RegistrationRequest
from baomi.ledger.log import LedgerError
from baomi.ledger.receipt import dumps, redact
from baomi.ledger.verify import verify_receipt

logger = logging.getLogger(__name__)
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MAX_NAME = 500


def max_parts() -> int:
    """How many parts one registration may have (``BAOMI_EVIDENCE_MAX_PARTS``, 10,000)."""
    return int(getattr(settings, "BAOMI_EVIDENCE_MAX_PARTS", 10_000))


@dataclass(frozen=True)
class PartInput:
    """One part as sent by the browser or an API client: never its content."""

    name: str
    sha256: str
    size: int | None = None


def parts_clean(raw: object, *, kind: str) -> list[PartInput]:
    """Check parts sent as a list of ``{"name", "sha256", "size"}``; raise ValidationError."""
    if not isinstance(raw, list) or not raw:
        raise ValidationError({"parts": _("Choose the material to register: no part was sent.")})
    if len(raw) > max_parts():
        raise ValidationError(
            {"parts": _("Too many parts: at most %(n)d per registration.") % {"n": max_parts()}}
        )
    if kind in (Kind.FILE, Kind.TEXT) and len(raw) != 1:
        raise ValidationError({"parts": _("A file or a text is registered as exactly one part.")})
    out: list[PartInput] = []
    for i, item in enumerate(raw):
        where = {"n": i + 1}
        if not isinstance(item, dict):
            raise ValidationError({"parts": _("Part %(n)d is not an object.") % where})
        name, digest, size = item.get("name"), item.get("sha256"), item.get("size")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            raise ValidationError({"parts": _("Part %(n)d has no valid name.") % where})
        if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest.lower()):
            raise ValidationError(
                {"parts": _("Part %(n)d: the SHA-256 must be 64 hexadecimal digits.") % where}
            )
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise ValidationError({"parts": _("Part %(n)d has an invalid size.") % where})
        out.append(PartInput(name.strip(), digest.lower(), size))
    return out


def _require(actor: User, perm: str, obj: Model) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def registration_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    kind: str,
    parts: Sequence[PartInput],
    secret: TradeSecret | None = None,
    description: str = "",
) -> Registration:
    """Register material (as part digests) in the evidence log and record it for the
    enterprise. The entry is appended and cosigned before the record is saved; a log entry
    is never undone, so everything is checked first."""
    _require(actor, "evidence.add_registration", organisation)
    if secret is not None and (
        secret.organisation_id != organisation.pk
        or not actor.has_perm("registry.change_tradesecret", secret)
    ):
        raise PermissionDenied
    title = (title or "").strip() or (secret.title if secret is not None else "")
    if not title:
        raise ValidationError({"title": _("Give the registration a title.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of material.")})
    if not parts:
        raise ValidationError({"parts": _("Choose the material to register: no part was sent.")})
    probe = Registration(
        organisation=organisation,
        secret=secret,
        title=title[:200],
        description=description,
        kind=kind,
        parts_count=len(parts),
        parts=[],
        commitment="0" * 64,
        log_origin="-",
        log_index=0,
        checkpoint_size=1,
        registered_at=dt.datetime.now(dt.UTC),
        receipt={},
    )
    probe.full_clean(exclude=["parts", "receipt", "cosignatures", "warnings"])
    request = RegistrationRequest(
        parts=[Part(p.name, bytes.fromhex(p.sha256)) for p in parts],
        kind=kind,
        org=str(organisation.pk),
    )
    try:
        issued = batcher.register(request)
    except (LedgerError, OSError) as exc:
        # Nothing was appended (a batch commits whole or not at all): say so plainly.
        logger.exception("evidence ledger unavailable")
        raise ValidationError(
            _("The evidence log is not available right now; nothing was registered. (%(error)s)")
            % {"error": exc}
        ) from exc
    done = issued.registered
    # Read back what the receipt proves, under the instance's own keys.
    checked = verify_receipt(
        done.receipt,
        vkey=issued.vkey,
        witness_vkeys=[issued.witness_vkey] if issued.witness_vkey else [],
    )
    with transaction.atomic():
        registration = probe
        registration.parts = [{"name": p.name, "sha256": p.sha256, "size": p.size} for p in parts]
        registration.commitment = done.commitment.hex()
        registration.log_origin = checked.origin
        registration.log_index = done.index
        registration.checkpoint_size = checked.tree_size
        registration.registered_at = _parse_time(checked.registered_at)  # type: ignore[assignment]
        registration.registered_by = actor
        registration.receipt = done.receipt
        registration.cosignatures = [
            {"witness": c.witness, "time": c.time} for c in checked.cosignatures if c.verified
        ]
        registration.timestamped_at = _parse_time((checked.timestamp or {}).get("time"))
        registration.warnings = list(done.warnings)
        registration.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action=Action.CREATE,
            obj=registration,
            changes={
                "log_index": done.index,
                "commitment": registration.commitment,
                "parts": len(parts),
                "secret": secret.code if secret is not None else None,
            },
        )
    return registration


def registration_viewed(*, actor: User, registration: Registration) -> None:
    audit_record(
        actor=actor,
        organisation=registration.organisation,
        action=Action.VIEW,
        obj=registration,
    )


def receipt_text(registration: Registration, *, redacted: bool) -> str:
    """The receipt file's text, as issued (``redacted``: without the disclosure)."""
    receipt = registration.receipt
    return dumps(redact(receipt) if redacted else receipt)


def receipt_sha256(registration: Registration, *, redacted: bool = False) -> str:
    return hashlib.sha256(receipt_text(registration, redacted=redacted).encode()).hexdigest()


def receipt_download(*, actor: User, registration: Registration, redacted: bool) -> str:
    """The receipt file for download; the full one (which proves the content) needs
    ``evidence.disclose_registration``. Every download is audited."""
    _require(
        actor,
        "evidence.view_registration" if redacted else "evidence.disclose_registration",
        registration,
    )
    text = receipt_text(registration, redacted=redacted)
    audit_record(
        actor=actor,
        organisation=registration.organisation,
        action=Action.DOWNLOAD,
        obj=registration,
        changes={"file": "receipt (redacted)" if redacted else "receipt (full disclosure)"},
    )
    return text


def certificate_download(*, actor: User, registration: Registration) -> bytes:
    """The PDF certificate (no master salt in it); audited."""
    from baomi.apps.evidence.certificate import certificate_pdf

    _require(actor, "evidence.view_registration", registration)
    pdf = certificate_pdf(registration=registration)
    audit_record(
        actor=actor,
        organisation=registration.organisation,
        action=Action.DOWNLOAD,
        obj=registration,
        changes={"file": "certificate (PDF)"},
    )
    return pdf


def receipt_filename(registration: Registration, *, redacted: bool) -> str:
    suffix = ".redacted" if redacted else ""
    return f"evidence-{registration.log_index}{suffix}.receipt.json"
