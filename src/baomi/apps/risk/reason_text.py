"""The engine's reasons in the interface language.

A reason is rendered from its code and parameters (:class:`baomi.risk.reasons.Explanation`,
stored as ``{"scenario", "code", "params", "text"}``) through gettext: :func:`render`. An
unknown code or malformed parameters give ``None`` and the page shows the English sentence.

Reasons stored before the engine gave codes (a RiskCase opened earlier) have only the English
sentence: :func:`legacy_localise` still reads those by pattern matching. It is a fallback for
old rows only — nothing new goes through it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.risk import reasons as codes

# Feature (a reason's ``unit`` parameter) → its name in the interface.
UNITS: dict[str, Promise] = {
    "removable_files": gettext_lazy("files copied to USB or removable media"),
    "removable_sensitive_files": gettext_lazy(
        "documents, drawings, code or archives copied to USB or removable media"
    ),
    "cloud_uploads": gettext_lazy("uploads to cloud drives"),
    "personal_mail_attachments": gettext_lazy("attachments mailed to personal addresses"),
    "print_pages": gettext_lazy("printed pages"),
    "internal_requests": gettext_lazy("requests to internal systems"),
    "after_hours_file_access": gettext_lazy("file or system accesses outside working hours"),
    "job_site_visits": gettext_lazy("job-site visits"),
}


def _number(value: object) -> str:
    """A count, grouped in thousands with "," as the engine writes it (Django's zh_Hans
    format has no thousands separator; the pages have always shown "4,545")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    return f"{round(value):,}"


def _date(value: object) -> str:
    """An ISO date (the pages show dates as ``2024-02-19`` in every language)."""
    return dt.date.fromisoformat(str(value)).isoformat()


def _amount(p: Mapping[str, Any]) -> dict[str, str]:
    return {
        "unit": str(UNITS[p["unit"]]),
        "total": _number(p["total"]),
        "baseline": _number(p["baseline"]),
        "days": _number(p["days"]),
    }


def _window(p: Mapping[str, Any]) -> str:
    values = _amount(p)
    if p["days"] == 1:
        values["date"] = _date(p["end"])
        return _("%(unit)s: %(total)s on %(date)s (usually %(baseline)s a day)") % values
    values.update(start=_date(p["start"]), end=_date(p["end"]))
    return (
        _(
            "%(unit)s: %(total)s in the %(days)s days %(start)s to %(end)s "
            "(usually %(baseline)s in %(days)s days)"
        )
        % values
    )


def _crawling(p: Mapping[str, Any]) -> str:
    peak = _(", peak of %(peak)s requests in 10 minutes") % {"peak": _number(p["peak"])}
    return _window(p) + peak


def _sequence(p: Mapping[str, Any]) -> str:
    return _("; the whole sequence collect → exfiltrate → clean up") if p["sequence"] else ""


def _departing_to(p: Mapping[str, Any], anchor: str) -> str:
    values = {**_amount(p), "end": _date(p["end"]), "anchor": anchor}
    text = (
        _("%(unit)s: %(total)s in the %(days)s days to %(end)s, %(anchor)s (usually %(baseline)s)")
        % values
    )
    return text + _sequence(p)


def _before_last_day(p: Mapping[str, Any]) -> str:
    anchor = _("before the last working day %(date)s") % {"date": _date(p["last_day"])}
    values = {**_amount(p), "anchor": anchor}
    text = _("%(unit)s: %(total)s in the %(days)s days %(anchor)s (usually %(baseline)s)") % values
    return text + _sequence(p)


def _to_last_day(p: Mapping[str, Any]) -> str:
    anchor = _("before the last working day %(date)s") % {"date": _date(p["last_day"])}
    return _departing_to(p, anchor)


def _after_resignation(p: Mapping[str, Any]) -> str:
    date = _date(p["resignation"]) if p["resignation"] is not None else "?"
    return _departing_to(p, _("after the resignation on %(date)s") % {"date": date})


def _job_search(p: Mapping[str, Any]) -> str:
    return _departing_to(p, _("after job-site visits rose (no departure date from HR)"))


def _unusual_profile(p: Mapping[str, Any]) -> str:
    return _("activity profile more unusual than %(percent)s%% of users (IsolationForest)") % {
        "percent": _number(p["percent"])
    }


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    codes.DEPARTING_BEFORE_LAST_DAY: _before_last_day,
    codes.DEPARTING_TO_LAST_DAY: _to_last_day,
    codes.DEPARTING_AFTER_RESIGNATION: _after_resignation,
    codes.DEPARTING_JOB_SEARCH: _job_search,
    codes.CLOUD_UPLOADS: _window,
    codes.PERSONAL_MAIL_ATTACHMENTS: _window,
    codes.USB_SENSITIVE_COPIES: _window,
    codes.INTERNAL_CRAWLING: _crawling,
    codes.AFTER_HOURS_ACCESS: _window,
    codes.UNUSUAL_PROFILE: _unusual_profile,
}


def render(code: str, params: object) -> str | None:
    """The detail of a reason ``code`` with ``params`` in the active language; ``None`` for an
    unknown code or parameters it cannot be made from (show the English sentence then)."""
    renderer = RENDERERS.get(code)
    if renderer is None or not isinstance(params, Mapping):
        return None
    try:
        return renderer(params)
    except (KeyError, TypeError, ValueError):
        return None


# -- legacy: reasons stored as English sentences only ----------------------------------------
# RiskCases opened before the engine gave codes keep only the sentence. Their wording is
# frozen (it is the engine's of that time), so reading them by pattern stays correct.
_LEGACY_UNITS = {
    "files to USB/removable media": "removable_files",
    "documents, drawings, code or archives to USB/removable media": "removable_sensitive_files",
    "uploads to cloud drives": "cloud_uploads",
    "attachments mailed to personal addresses": "personal_mail_attachments",
    "printed pages": "print_pages",
    "requests to internal systems": "internal_requests",
    "file/system accesses outside working hours": "after_hours_file_access",
    "job-site visits": "job_site_visits",
}

_NUM = r"[\d,.]+"
_DATE = r"\d{4}-\d{2}-\d{2}"

_ON_DAY = re.compile(
    rf"^(?P<total>{_NUM}) (?P<unit>.+?) on (?P<date>{_DATE}) "
    rf"\(baseline (?P<baseline>{_NUM}) a day\)(?P<rest>.*)$"
)
_IN_DAYS = re.compile(
    rf"^(?P<total>{_NUM}) (?P<unit>.+?) in (?P<days>\d+) days (?P<start>{_DATE}) to "
    rf"(?P<end>{_DATE}) \(baseline (?P<baseline>{_NUM}) per \d+ days\)(?P<rest>.*)$"
)
_DEPARTING_LAST = re.compile(
    rf"^(?P<total>{_NUM}) (?P<unit>.+?) in the (?P<days>\d+) days (?P<anchor>.+?) "
    rf"\(baseline (?P<baseline>{_NUM})\)(?P<rest>.*)$"
)
_DEPARTING_TO = re.compile(
    rf"^(?P<total>{_NUM}) (?P<unit>.+?) in (?P<days>\d+) days to (?P<end>{_DATE}) "
    rf"(?P<anchor>.+?) \(baseline (?P<baseline>{_NUM})\)(?P<rest>.*)$"
)
_ANCHOR_LAST_DAY = re.compile(rf"^before last working day (?P<date>{_DATE})$")
_ANCHOR_RESIGNED = re.compile(rf"^after resignation on (?P<date>{_DATE})$")
_ANCHOR_JOB_SEARCH = "after job-site visits rose (no HR departure date)"
_PEAK = re.compile(rf"^, peak (?P<peak>{_NUM}) requests in 10 minutes$")
_SEQUENCE = "; sequence collect → exfiltrate → clean up"
_UNSUPERVISED = re.compile(
    r"^activity profile more unusual than (?P<percent>\d+)% of users \(IsolationForest\)$"
)


def _anchor(text: str) -> str | None:
    if match := _ANCHOR_LAST_DAY.match(text):
        return _("before the last working day %(date)s") % match.groupdict()
    if match := _ANCHOR_RESIGNED.match(text):
        return _("after the resignation on %(date)s") % match.groupdict()
    if text == _ANCHOR_JOB_SEARCH:
        return _("after job-site visits rose (no departure date from HR)")
    return None


def _rest(text: str) -> str | None:
    if not text:
        return ""
    if text == _SEQUENCE:
        return _("; the whole sequence collect → exfiltrate → clean up")
    if match := _PEAK.match(text):
        return _(", peak of %(peak)s requests in 10 minutes") % match.groupdict()
    return None


def legacy_localise(code: str, detail: str) -> str:
    """``detail`` of a stored English-only reason of scenario ``code`` in the active language,
    or as it is when its shape is not recognised."""
    if match := _UNSUPERVISED.match(detail):
        return (
            _("activity profile more unusual than %(percent)s%% of users (IsolationForest)")
            % match.groupdict()
        )
    for pattern in (_ON_DAY, _IN_DAYS, _DEPARTING_LAST, _DEPARTING_TO):
        match = pattern.match(detail)
        if match is None:
            continue
        values = match.groupdict()
        unit = UNITS.get(_LEGACY_UNITS.get(values["unit"], ""))
        rest = _rest(values.pop("rest"))
        if unit is None or rest is None:
            return detail
        values["unit"] = str(unit)
        if pattern is _ON_DAY:
            text = _("%(unit)s: %(total)s on %(date)s (usually %(baseline)s a day)") % values
        elif pattern is _IN_DAYS:
            text = (
                _(
                    "%(unit)s: %(total)s in the %(days)s days %(start)s to %(end)s "
                    "(usually %(baseline)s in %(days)s days)"
                )
                % values
            )
        else:
            anchor = _anchor(values["anchor"])
            if anchor is None:
                return detail
            values["anchor"] = anchor
            if pattern is _DEPARTING_LAST:
                text = (
                    _("%(unit)s: %(total)s in the %(days)s days %(anchor)s (usually %(baseline)s)")
                    % values
                )
            else:
                text = (
                    _(
                        "%(unit)s: %(total)s in the %(days)s days to %(end)s, %(anchor)s "
                        "(usually %(baseline)s)"
                    )
                    % values
                )
        return text + rest
    return detail
