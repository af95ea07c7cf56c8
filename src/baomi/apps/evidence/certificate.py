"""The PDF certificate of a registration (存证证书): what was registered, when, in which log,
with which witnesses, and how anyone can verify the receipt offline.

Always in Chinese (it is a document for courts and notaries), rendered by WeasyPrint with the
Noto CJK fonts. It carries no master salt: it describes the receipt, it does not replace it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation

from baomi.apps.evidence.models import Registration
from baomi.ledger import standalone_verify
from baomi.ledger.note import parse_checkpoint, parse_note

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHINESE = "zh-hans"


def standalone_script() -> str:
    """The text of the single-file verifier (Python + ``cryptography`` only)."""
    return Path(standalone_verify.__file__).read_text(encoding="utf-8")


def qr_data_uri(text: str) -> str:
    """An SVG QR code of ``text`` as a data URI (embedded in the PDF, no file, no network)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=1,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _both(moment: dt.datetime | None) -> dict[str, str] | None:
    if moment is None:
        return None
    return {
        "local": moment.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M:%S"),
        "utc": moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _from_utc_text(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    return _both(dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC))


def certificate_context(*, registration: Registration) -> dict[str, Any]:
    from baomi.apps.evidence.log_access import public_state
    from baomi.apps.evidence.services import receipt_filename, receipt_sha256

    note_text = registration.receipt["checkpoint"]
    note = parse_note(note_text)
    checkpoint = parse_checkpoint(note.text)
    full_sha = receipt_sha256(registration, redacted=False)
    script = standalone_script()
    state = public_state()
    return {
        "r": registration,
        "organisation": registration.organisation,
        "secret": registration.secret,
        "registered": _both(registration.registered_at),
        "timestamped": _both(registration.timestamped_at),
        "cosignatures": [
            {"witness": c["witness"], "time": _from_utc_text(c["time"])}
            for c in registration.cosignatures
        ],
        "checkpoint": {
            "origin": checkpoint.origin,
            "size": checkpoint.size,
            "root": base64.b64encode(checkpoint.root).decode(),
            "root_hex": checkpoint.root.hex(),
            "note": note_text,
        },
        "receipt_sha256": full_sha,
        "redacted_sha256": receipt_sha256(registration, redacted=True),
        "receipt_file": receipt_filename(registration, redacted=False),
        "qr": qr_data_uri(f"baomi-receipt/1 sha256:{full_sha}"),
        "vkey": state.vkey if state.origin == registration.log_origin else "",
        "witness_vkey": state.witness_vkey,
        "script": script,
        "script_sha256": hashlib.sha256(script.encode()).hexdigest(),
        "issued": _both(dt.datetime.now(dt.UTC)),
    }


def certificate_html(*, registration: Registration) -> str:
    with translation.override(CHINESE):
        return render_to_string(
            "evidence/certificate.html", certificate_context(registration=registration)
        )


def certificate_pdf(*, registration: Registration) -> bytes:
    from weasyprint import HTML

    return HTML(string=certificate_html(registration=registration), base_url=None).write_pdf()
