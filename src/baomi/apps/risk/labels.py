"""Chinese (translatable) names for what the engine reports in codes: scenarios, features and
kinds of event. A reason from the engine reads ``"<scenario code>: <detail>"``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baomi.apps.risk.reason_text import localise
from baomi.risk.rank import UNSUPERVISED
from baomi.risk.scenarios import AFTER_HOURS, CRAWLER, DEPARTING, NETDISK, PERSONAL_MAIL, REMOVABLE

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
    code: str
    label: str | Promise
    detail: str  # as the engine wrote it (English)

    @property
    def text(self) -> str:
        """The detail in the active language, where its shape is known."""
        return localise(self.code, self.detail)


def parse_reason(text: str) -> Reason:
    """Split an engine reason into its scenario code, the code's label and the detail."""
    code, sep, detail = text.partition(":")
    code = code.strip()
    if not sep or code not in SCENARIO_LABELS:
        return Reason(code="", label=_("Other finding"), detail=text)
    return Reason(code=code, label=SCENARIO_LABELS[code], detail=detail.strip())


def scenario_label(code: str) -> str | Promise:
    return SCENARIO_LABELS.get(code, code)
