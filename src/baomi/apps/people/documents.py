"""Documents filled from the records: agreements (HTML and PDF) and the exit record PDF.

Agreements and the exit record are Chinese documents whatever the interface language, so they
are rendered under ``zh-hans``; WeasyPrint turns the HTML into PDF with the Noto CJK fonts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from baomi.apps.people.models import AgreementKind, Offboarding, Person
from baomi.apps.people.selectors import (
    agreement_findings,
    agreement_list,
    latest_agreement,
    person_secret_access,
)
from baomi.apps.people.wages import MINIMUM_WAGES, minimum_wage

DOCUMENT_KINDS: dict[str, str] = {
    AgreementKind.CONFIDENTIALITY: "people/documents/confidentiality.html",
    AgreementKind.NON_COMPETE: "people/documents/non_compete.html",
}
CHINESE = "zh-hans"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def _blank(value: object, width: int = 8) -> object:
    """A value, or an underline to write it in by hand."""
    return value if value not in (None, "") else "_" * width


def agreement_context(*, actor: Any, person: Person, kind: str) -> dict[str, object]:
    """What an agreement template needs: the parties, the terms of the latest agreement of
    that kind (if recorded) and the trade secrets the person has access to."""
    agreement = latest_agreement(person=person, kind=kind)
    organisation = person.organisation
    region = MINIMUM_WAGES.get(person.wage_region)
    access = person_secret_access(user=actor, person=person)
    return {
        "organisation": organisation,
        "person": person,
        "agreement": agreement,
        "kind": kind,
        "secrets": [a.secret for a in access],
        "minimum_wage": minimum_wage(person.wage_region, person.minimum_wage_override),
        "region": region,
        "today": timezone.localdate(),
        "blank": "_" * 10,
    }


def agreement_html(*, actor: Any, person: Person, kind: str, for_pdf: bool = False) -> str:
    with translation.override(CHINESE):
        return render_to_string(
            DOCUMENT_KINDS[kind],
            {**agreement_context(actor=actor, person=person, kind=kind), "for_pdf": for_pdf},
        )


def agreement_pdf(*, actor: Any, person: Person, kind: str) -> bytes:
    return html_to_pdf(agreement_html(actor=actor, person=person, kind=kind, for_pdf=True))


def exit_record_context(*, offboarding: Offboarding) -> dict[str, object]:
    person = offboarding.person
    today = timezone.localdate()
    agreements = [
        {"agreement": a, "findings": agreement_findings(a, today)}
        for a in agreement_list(person=person)
        if a.in_force
    ]
    departure = person.departure_date
    return {
        "offboarding": offboarding,
        "person": person,
        "organisation": person.organisation,
        "checklist": offboarding.checklist(),
        "agreements": agreements,
        "secrets": offboarding.secrets_known,
        "grants_revoked": offboarding.grants_revoked,
        "acknowledgments": person.acknowledgments.all(),
        "risk_window": (
            (departure - dt.timedelta(days=90), departure) if departure is not None else None
        ),
        "generated_at": timezone.localtime(),
        "record_number": f"LZ-{person.organisation_id:04d}-{person.pk:06d}",
    }


def exit_record_pdf(*, offboarding: Offboarding) -> bytes:
    """The exit record of a (completing) exit audit, as PDF bytes."""
    with translation.override(CHINESE):
        html = render_to_string(
            "people/documents/exit_record.html", exit_record_context(offboarding=offboarding)
        )
    return html_to_pdf(html)
