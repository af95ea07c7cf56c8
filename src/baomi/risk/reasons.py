"""Structured reasons: a stable code, its parameters as plain data, and the English sentence.

Every reason the engine gives is an :class:`Explanation` — the scenario it belongs to, a
``code`` naming the shape of the sentence (see the table in docs/risk.md) and ``params``
holding only JSON values (integers, booleans, ISO dates, feature keys). The English sentence
(``"<scenario>: <detail>"``, what the CLI prints) is made from them here and only here, so
interfaces that show reasons in another language render the code and parameters instead of
reading the sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Scenario names (they begin every reason sentence).
DEPARTING = "departing_user_exfiltration"
NETDISK = "netdisk_upload"
PERSONAL_MAIL = "personal_mail_exfiltration"
REMOVABLE = "removable_media_exfiltration"
CRAWLER = "internal_crawler"
AFTER_HOURS = "after_hours_mass_access"
UNSUPERVISED = "unsupervised_anomaly"

# Reason codes.
DEPARTING_BEFORE_LAST_DAY = "departing_before_last_day"
DEPARTING_TO_LAST_DAY = "departing_to_last_day"
DEPARTING_AFTER_RESIGNATION = "departing_after_resignation"
DEPARTING_JOB_SEARCH = "departing_job_search"
CLOUD_UPLOADS = "cloud_uploads"
PERSONAL_MAIL_ATTACHMENTS = "personal_mail_attachments"
USB_SENSITIVE_COPIES = "usb_sensitive_copies"
INTERNAL_CRAWLING = "internal_crawling"
AFTER_HOURS_ACCESS = "after_hours_access"
UNUSUAL_PROFILE = "unusual_profile"

# Reason code → its scenario.
CODE_SCENARIOS: dict[str, str] = {
    DEPARTING_BEFORE_LAST_DAY: DEPARTING,
    DEPARTING_TO_LAST_DAY: DEPARTING,
    DEPARTING_AFTER_RESIGNATION: DEPARTING,
    DEPARTING_JOB_SEARCH: DEPARTING,
    CLOUD_UPLOADS: NETDISK,
    PERSONAL_MAIL_ATTACHMENTS: PERSONAL_MAIL,
    USB_SENSITIVE_COPIES: REMOVABLE,
    INTERNAL_CRAWLING: CRAWLER,
    AFTER_HOURS_ACCESS: AFTER_HOURS,
    UNUSUAL_PROFILE: UNSUPERVISED,
}
DEPARTING_CODES = (
    DEPARTING_BEFORE_LAST_DAY,
    DEPARTING_TO_LAST_DAY,
    DEPARTING_AFTER_RESIGNATION,
    DEPARTING_JOB_SEARCH,
)
# Scenario → the code of its reasons (scenarios with one sentence shape).
SCENARIO_CODES: dict[str, str] = {
    NETDISK: CLOUD_UPLOADS,
    PERSONAL_MAIL: PERSONAL_MAIL_ATTACHMENTS,
    REMOVABLE: USB_SENSITIVE_COPIES,
    CRAWLER: INTERNAL_CRAWLING,
    AFTER_HOURS: AFTER_HOURS_ACCESS,
}

# Feature (the ``unit`` parameter) → how a reason names its unit.
UNITS = {
    "removable_files": "files to USB/removable media",
    "removable_sensitive_files": "documents, drawings, code or archives to USB/removable media",
    "cloud_uploads": "uploads to cloud drives",
    "personal_mail_attachments": "attachments mailed to personal addresses",
    "print_pages": "printed pages",
    "internal_requests": "requests to internal systems",
    "after_hours_file_access": "file/system accesses outside working hours",
    "job_site_visits": "job-site visits",
}
SEQUENCE_TEXT = "; sequence collect → exfiltrate → clean up"
JOB_SEARCH_TEXT = "after job-site visits rose (no HR departure date)"


def count(value: float) -> int:
    """A total as a reason states it: rounded to a whole number (half to even)."""
    return round(float(value))


def _n(value: object) -> str:
    return f"{int(value):,}"  # type: ignore[call-overload]


@dataclass(frozen=True)
class Explanation:
    """One reason: its scenario, its code and the parameters the sentence is made from."""

    scenario: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The English sentence, ``"<scenario>: <detail>"``."""
        return f"{self.scenario}: {english_detail(self.code, self.params)}"

    def as_json(self) -> dict[str, Any]:
        """``{"scenario", "code", "params", "text"}`` — plain JSON."""
        return {
            "scenario": self.scenario,
            "code": self.code,
            "params": dict(self.params),
            "text": self.text,
        }


def english_detail(code: str, p: Mapping[str, Any]) -> str:
    """The English detail (the sentence without the scenario) of a reason ``code``."""
    if code == UNUSUAL_PROFILE:
        return f"activity profile more unusual than {p['percent']}% of users (IsolationForest)"
    amount = f"{_n(p['total'])} {UNITS[p['unit']]}"
    days = int(p["days"])
    if code in DEPARTING_CODES:
        if code == DEPARTING_BEFORE_LAST_DAY:
            when = f"in the {days} days before last working day {p['last_day']}"
        elif code == DEPARTING_TO_LAST_DAY:
            when = f"in {days} days to {p['end']} before last working day {p['last_day']}"
        elif code == DEPARTING_AFTER_RESIGNATION:
            when = f"in {days} days to {p['end']} after resignation on {p['resignation'] or '?'}"
        else:
            when = f"in {days} days to {p['end']} {JOB_SEARCH_TEXT}"
        text = f"{amount} {when} (baseline {_n(p['baseline'])})"
        return text + (SEQUENCE_TEXT if p.get("sequence") else "")
    if code not in SCENARIO_CODES.values():
        raise KeyError(code)
    if days == 1:
        text = f"{amount} on {p['end']} (baseline {_n(p['baseline'])} a day)"
    else:
        text = (
            f"{amount} in {days} days {p['start']} to {p['end']} "
            f"(baseline {_n(p['baseline'])} per {days} days)"
        )
    if code == INTERNAL_CRAWLING:
        text += f", peak {_n(p['peak'])} requests in 10 minutes"
    return text


def window_reason(
    scenario: str,
    unit: str,
    *,
    total: float,
    baseline: float,
    days: int,
    start: dt.date,
    end: dt.date,
    peak: float | None = None,
) -> Explanation:
    """A reason of a scenario with one sentence shape: ``total`` of ``unit`` in ``days`` days
    from ``start`` to ``end`` (one day: ``start`` is ``end``)."""
    params: dict[str, Any] = {
        "unit": unit,
        "total": count(total),
        "baseline": count(baseline),
        "days": days,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    if peak is not None:
        params["peak"] = count(peak)
    return Explanation(scenario, SCENARIO_CODES[scenario], params)


def departing_reason(
    unit: str,
    *,
    total: float,
    baseline: float,
    start: dt.date,
    end: dt.date,
    days: int,
    anchor: str,
    anchor_date: dt.date | None,
    through_anchor: bool,
    sequence: bool,
) -> Explanation:
    """A ``departing_user_exfiltration`` reason.

    ``anchor`` is ``last_day``, ``resignation`` or ``job_search``; ``through_anchor`` when the
    window runs up to the last working day (the sentence then names no end date).
    """
    params: dict[str, Any] = {
        "unit": unit,
        "total": count(total),
        "baseline": count(baseline),
        "days": days,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    if anchor == "job_search":
        code = DEPARTING_JOB_SEARCH
    elif anchor == "last_day":
        code = DEPARTING_BEFORE_LAST_DAY if through_anchor else DEPARTING_TO_LAST_DAY
        params["last_day"] = anchor_date.isoformat() if anchor_date else None
    else:
        code = DEPARTING_AFTER_RESIGNATION
        params["resignation"] = anchor_date.isoformat() if anchor_date else None
    params["sequence"] = sequence
    return Explanation(DEPARTING, code, params)


def unusual_profile_reason(percent: int) -> Explanation:
    """The unsupervised model's reason: more unusual than ``percent``% of users."""
    return Explanation(UNSUPERVISED, UNUSUAL_PROFILE, {"percent": int(percent)})
