"""The engine's reasons (English sentences with figures, see ``baomi.risk.scenarios``) in the
interface language. A reason whose shape is not recognised is shown as the engine wrote it,
so a change in the engine's wording degrades to English, never to a wrong sentence."""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_NUM = r"[\d,.]+"
_DATE = r"\d{4}-\d{2}-\d{2}"

UNITS: dict[str, Promise] = {
    "files to USB/removable media": gettext_lazy("files copied to USB or removable media"),
    "documents, drawings, code or archives to USB/removable media": gettext_lazy(
        "documents, drawings, code or archives copied to USB or removable media"
    ),
    "uploads to cloud drives": gettext_lazy("uploads to cloud drives"),
    "attachments mailed to personal addresses": gettext_lazy(
        "attachments mailed to personal addresses"
    ),
    "printed pages": gettext_lazy("printed pages"),
    "requests to internal systems": gettext_lazy("requests to internal systems"),
    "file/system accesses outside working hours": gettext_lazy(
        "file or system accesses outside working hours"
    ),
    "job-site visits": gettext_lazy("job-site visits"),
}

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


def localise(code: str, detail: str) -> str:
    """``detail`` of a reason of scenario ``code`` in the active language (or as it is)."""
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
        unit = UNITS.get(values["unit"])
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
