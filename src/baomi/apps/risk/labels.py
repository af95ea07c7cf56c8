"""Chinese (translatable) names for what the engine reports in codes: scenarios, features and
kinds of event. A reason from the engine reads ``"<scenario code>: <detail>"`` and comes with
its structured form ``{"scenario", "code", "params", "text"}`` (see baomi.risk.reasons), from
which it is shown in the interface language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baomi.apps.risk.reason_text import legacy_localise, render
from baomi.risk.reasons import (
    AFTER_HOURS,
    CRAWLER,
    DEPARTING,
    NETDISK,
    PERSONAL_MAIL,
    REMOVABLE,
    UNSUPERVISED,
)

SCENARIO_LABELS: dict[str, Promise] = {
    DEPARTING: _("Data theft by a departing employee"),
    NETDISK: _("Uploads to cloud drives"),
    PERSONAL_MAIL: _("Attachments to personal mail"),
    REMOVABLE: _("Mass copies to USB storage"),
    CRAWLER: _("Crawler-like requests to internal systems"),
    AFTER_HOURS: _("Mass access outside working hours"),
    UNSUPERVISED: _("Unusual activity profile"),
}

# Daily features drawn on a user's timeline, in order of interest.
CHART_FEATURES: dict[str, Promise] = {
    "removable_files": _("Files to USB"),
    "cloud_uploads": _("Cloud-drive uploads"),
    "personal_mail_attachments": _("Attachments to personal mail"),
    "print_pages": _("Printed pages"),
    "internal_requests": _("Requests to internal systems"),
    "after_hours_file_access": _("Accesses outside working hours"),
    "job_site_visits": _("Job-site visits"),
    "file_deletes": _("File deletions"),
}

EVENT_KIND_LABELS: dict[str, Promise] = {
    "logon": _("Log on"),
    "logoff": _("Log off"),
    "device_connect": _("Device connected"),
    "device_disconnect": _("Device disconnected"),
    "file_copy": _("File copied"),
    "file_write": _("File written"),
    "file_open": _("File opened"),
    "file_delete": _("File deleted"),
    "http_visit": _("Web visit"),
    "http_upload": _("Web upload"),
    "mail_send": _("Mail sent"),
    "print": _("Print"),
    "request": _("Request to internal system"),
}

CATEGORY_LABELS: dict[str, Promise] = {
    "local": _("local"),
    "removable": _("removable media"),
    "network_share": _("network share"),
    "cloud_drive": _("cloud drive"),
    "job_site": _("job site"),
    "web": _("web"),
    "internal_system": _("internal system"),
    "internal_mail": _("internal mail"),
    "external_mail": _("external mail"),
    "personal_mail": _("personal mail"),
}


@dataclass(frozen=True)
class Reason:
    code: str  # the scenario ("" when not recognised)
    label: str | Promise
    detail: str  # as the engine wrote it (English)
    # The structured reason {"scenario", "code", "params", "text"}; None for rows stored
    # before the engine gave one.
    explanation: Mapping[str, Any] | None = None

    @property
    def reason_code(self) -> str:
        return str(self.explanation.get("code", "")) if self.explanation else ""

    @property
    def text(self) -> str:
        """The detail in the active language (the English detail for an unknown code)."""
        if self.explanation is not None:
            return render(self.reason_code, self.explanation.get("params")) or self.detail
        return legacy_localise(self.code, self.detail)


def parse_reason(text: str) -> Reason:
    """Split an engine reason into its scenario code, the code's label and the detail."""
    code, sep, detail = text.partition(":")
    code = code.strip()
    if not sep or code not in SCENARIO_LABELS:
        return Reason(code="", label=_("Other finding"), detail=text)
    return Reason(code=code, label=SCENARIO_LABELS[code], detail=detail.strip())


def reason_from(explanation: Mapping[str, Any]) -> Reason:
    """A reason from its structured form (the sentence in ``text`` for label and fallback)."""
    parsed = parse_reason(str(explanation.get("text", "")))
    return Reason(
        code=parsed.code, label=parsed.label, detail=parsed.detail, explanation=explanation
    )


def reasons_of(texts: Sequence[object], explanations: object = None) -> list[Reason]:
    """The reasons of a ranked user or a RiskCase: from the structured forms when there is
    one for every sentence, else (rows stored before) from the sentences."""
    if (
        isinstance(explanations, list)
        and explanations
        and len(explanations) == len(texts)
        and all(isinstance(e, Mapping) for e in explanations)
    ):
        return [reason_from(e) for e in explanations]
    return [parse_reason(str(t)) for t in texts]


def scenario_label(code: str) -> str | Promise:
    return SCENARIO_LABELS.get(code, code)
