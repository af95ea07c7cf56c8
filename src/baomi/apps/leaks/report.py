"""The side-by-side report of a hit, rendered by the engine (:mod:`baomi.fingerprint.report`).

The spans of a hit index the extracted texts of both sides. The secret's text is read from
the index (as it was indexed); the suspect's text is extracted again from the stored
upload, and both are checked against the SHA-256 recorded by the scan, so a report can
only show the very texts that were compared.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from baomi.apps.leaks.models import Hit
from baomi.extract import Unit, extract_path
from baomi.fingerprint import IndexReader, IndexUnreadable, Match, PassageOut
from baomi.fingerprint import render_html as engine_render_html
from baomi.fingerprint import render_pdf as engine_render_pdf


class ReportUnavailable(Exception):
    """The report cannot be rendered; ``str()`` is a message for the user."""


def match_of(hit: Hit) -> Match:
    """The engine's match object for a stored hit."""
    return Match(
        suspect=hit.suspect,
        secret=hit.secret,
        score=hit.score,
        matched_chars=hit.matched_chars,
        passages=[
            PassageOut(
                (int(p["suspect_span"][0]), int(p["suspect_span"][1])),
                (int(p["secret_span"][0]), int(p["secret_span"][1])),
                p["suspect_text"],
                p["secret_text"],
                int(p.get("matched", 0)),
            )
            for p in hit.passages
        ],
        secret_coverage=hit.secret_coverage,
        suspect_coverage=hit.suspect_coverage,
        longest_passage=hit.longest_passage,
        suspect_sha256=hit.suspect_sha256,
        secret_sha256=hit.secret_sha256,
    )


def _secret_text(hit: Hit) -> str:
    try:
        reader = IndexReader(hit.scan.index.directory)
    except IndexUnreadable as exc:
        raise ReportUnavailable(
            _("The index cannot be read: %(reason)s") % {"reason": exc}
        ) from exc
    try:
        for doc_id, info in reader.docs.items():
            if info.origin == hit.secret and info.sha256 == hit.secret_sha256:
                text = reader.text(doc_id)
                if text is not None:
                    return text
    finally:
        reader.close()
    raise ReportUnavailable(
        _("This version of the secret material is no longer in the index (replaced or removed).")
    )


def _suspect_text(hit: Hit) -> str:
    suspect = hit.suspect_file
    if suspect is None or not suspect.file:
        raise ReportUnavailable(_("The suspect file is no longer stored."))
    try:
        path = suspect.file.path
    except (ValueError, NotImplementedError) as exc:
        raise ReportUnavailable(_("The suspect file is no longer stored.")) from exc
    for item in extract_path(path, display=suspect.name):
        if isinstance(item, Unit) and item.origin == hit.suspect:
            if item.sha256 != hit.suspect_sha256:
                break
            return item.text
    raise ReportUnavailable(_("The stored suspect file no longer matches the scanned one."))


def registration_of(hit: Hit) -> Any | None:
    """The evidence registration (存证) of the secret material, if the evidence app holds one:
    preferably one whose parts include the very file compared, else the latest registration
    of the linked trade secret."""
    if not apps.is_installed("baomi.apps.evidence"):
        return None
    registration_model = apps.get_model("evidence", "Registration")
    document = hit.secret_document
    registrations = registration_model.objects.filter(organisation=hit.organisation)
    digests = {hit.secret_sha256} | ({document.sha256} if document is not None else set())
    for registration in registrations.order_by("-pk")[:500]:
        parts = registration.parts if isinstance(registration.parts, list) else []
        if any(isinstance(p, dict) and p.get("sha256") in digests for p in parts):
            return registration
    secret = document.secret if document is not None else None
    if secret is None:
        return None
    return registrations.filter(secret=secret).order_by("-pk").first()


def _registration_label(hit: Hit) -> str | None:
    registration = registration_of(hit)
    if registration is None:
        return None
    when = timezone.localtime(registration.registered_at).strftime("%Y-%m-%d %H:%M")
    return f"{registration}（{registration.log_origin}，{when}）"


def parameters_of(hit: Hit) -> dict[str, object]:
    scan = hit.scan
    started = timezone.localtime(scan.started_at) if scan.started_at else None
    return {
        **scan.parameters,
        "比对编号 scan": f"#{scan.pk} {scan.label}".strip(),
        "索引 index": scan.index.name,
        "比对时间 scan time（北京时间）": started.strftime("%Y-%m-%d %H:%M:%S") if started else "—",
    }


def render_html(hit: Hit) -> str:
    """The engine's self-contained HTML report of a text hit."""
    if hit.is_table_match or not hit.passages:
        raise ReportUnavailable(_("Matched table rows have no side-by-side report."))
    return engine_render_html(
        match_of(hit),
        suspect_text=_suspect_text(hit),
        secret_text=_secret_text(hit),
        parameters=parameters_of(hit),
        registration=_registration_label(hit),
    )


def render_pdf(hit: Hit) -> bytes:
    """The same report as PDF (WeasyPrint, Noto CJK fonts)."""
    return engine_render_pdf(render_html(hit))
