"""``/api/evidence``: register digests (receipt out), list and read registrations, download
receipts, and a public verification endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as Reply

from baomi.apps.evidence import services
from baomi.apps.evidence.models import Kind, Registration
from baomi.apps.evidence.selectors import registrable_secrets, registration_get, registration_list
from baomi.apps.evidence.verification import (
    KEY_GIVEN,
    KEY_INSTANCE,
    KEY_RECEIPT,
    parse_digests,
    receipt_verify,
)
from baomi.apps.orgs.models import Organisation
from baomi.http import AuthenticatedRequest
from baomi.ledger.receipt import ReceiptMalformed

router = Router(tags=["evidence"])


class PartIn(Schema):
    name: str = Field(..., max_length=500)
    sha256: str = Field(..., description="SHA-256 of the part's bytes, 64 hex digits")
    size: int | None = None


class RegistrationIn(Schema):
    title: str = ""
    kind: Kind = Kind.FILE
    secret_id: int | None = None
    description: str = ""
    parts: list[PartIn]


class CosignatureOut(Schema):
    witness: str
    time: str | None


class RegistrationOut(Schema):
    id: int
    title: str
    kind: str
    secret_id: int | None
    secret_code: str | None
    parts_count: int
    commitment: str
    log_origin: str
    log_index: int
    checkpoint_size: int
    registered_at: dt.datetime
    registered_by: str | None
    cosignatures: list[CosignatureOut]
    timestamped_at: dt.datetime | None
    warnings: list[str]


class RegistrationCreated(RegistrationOut):
    receipt: dict[str, Any] = Field(..., description="The full receipt (keep it private)")


class VerifyIn(Schema):
    receipt: dict[str, Any]
    digests: list[str] | None = Field(
        None, description="SHA-256 of the material's parts, in order (hashed by the client)"
    )
    key: str = Field(KEY_INSTANCE, pattern=f"^({KEY_INSTANCE}|{KEY_GIVEN}|{KEY_RECEIPT})$")
    vkey: str = ""


class CheckOut(Schema):
    key: str
    title: str
    status: str
    detail: str


class VerifyOut(Schema):
    valid: bool
    message: str
    reason: str
    code: str  # the engine's stable reason code; "" when valid
    key_used: str
    key_source: str
    checks: list[CheckOut]
    result: dict[str, Any] | None


def _org(request: AuthenticatedRequest) -> Organisation:
    org = request.organisation
    if org is None:
        raise Http404
    return org


def _out(r: Registration) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "kind": r.kind,
        "secret_id": r.secret_id,
        "secret_code": r.secret.code if r.secret else None,
        "parts_count": r.parts_count,
        "commitment": r.commitment,
        "log_origin": r.log_origin,
        "log_index": r.log_index,
        "checkpoint_size": r.checkpoint_size,
        "registered_at": r.registered_at,
        "registered_by": r.registered_by.email if r.registered_by else None,
        "cosignatures": r.cosignatures,
        "timestamped_at": r.timestamped_at,
        "warnings": r.warnings,
    }


@router.post("/registrations", response={201: RegistrationCreated})
def registrations_create(
    request: AuthenticatedRequest, payload: RegistrationIn
) -> Reply[dict[str, Any]]:
    org = _org(request)
    user = request.user
    secret = None
    if payload.secret_id is not None:
        secret = (
            registrable_secrets(user=user, organisation=org).filter(pk=payload.secret_id).first()
        )
        if secret is None:
            raise ValidationError({"secret_id": ["no such trade secret you may register for"]})
    parts = services.parts_clean([p.dict() for p in payload.parts], kind=payload.kind)
    registration = services.registration_create(
        actor=user,
        organisation=org,
        title=payload.title,
        kind=payload.kind,
        parts=parts,
        secret=secret,
        description=payload.description,
    )
    return Reply(201, {**_out(registration), "receipt": registration.receipt})


@router.get("/registrations", response=list[RegistrationOut])
def registrations_list(request: AuthenticatedRequest, q: str = "") -> list[dict[str, Any]]:
    qs = registration_list(user=request.user, organisation=_org(request), query=q[:100])
    return [_out(r) for r in qs[:500]]


@router.get("/registrations/{registration_id}", response=RegistrationOut)
def registrations_read(request: AuthenticatedRequest, registration_id: int) -> dict[str, Any]:
    r = registration_get(user=request.user, organisation=_org(request), pk=registration_id)
    services.registration_viewed(actor=request.user, registration=r)
    return _out(r)


@router.get("/registrations/{registration_id}/receipt", response=dict[str, Any])
def registrations_receipt(
    request: AuthenticatedRequest, registration_id: int, redacted: bool = False
) -> dict[str, Any]:
    """The receipt as issued; ``redacted=true`` omits the disclosure (the master salt)."""
    import json

    r = registration_get(user=request.user, organisation=_org(request), pk=registration_id)
    text = services.receipt_download(actor=request.user, registration=r, redacted=redacted)
    return json.loads(text)


@router.post("/verify", response=VerifyOut, auth=None)
def receipts_verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    """Public: verify a receipt (and material digests) against this instance's log key."""
    try:
        digests = parse_digests(payload.digests)
    except ReceiptMalformed as exc:
        raise ValidationError({"digests": [exc.reason]}) from exc
    outcome = receipt_verify(
        receipt=payload.receipt, digests=digests, key_choice=payload.key, vkey=payload.vkey
    )
    return outcome.to_json()
