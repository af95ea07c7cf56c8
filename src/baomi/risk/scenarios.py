"""Scenario detectors: named insider-risk patterns found in the daily features.

Each detector returns :class:`Finding` objects — a user, the scenario's name,
a strength (deviation from the user's and peers' baselines, see
:mod:`baomi.risk.baseline`), the window of days and a reason a person can read — made from
a structured :class:`~baomi.risk.reasons.Explanation` (code and parameters, see
:mod:`baomi.risk.reasons` and the table in docs/risk.md).

Scenarios (names appear verbatim in reasons):

``departing_user_exfiltration``
    Around a departure (HR resignation or last working day, an LDAP departure,
    or — without HR dates — a rise in job-site visits): unusual copies to
    removable media, cloud uploads, attachments to personal mail or printing in
    the watch window; the collect → exfiltrate → clean up sequence adds weight.
``netdisk_upload``
    Uploads to cloud drives (Baidu NetDisk, Aliyun Drive, WeTransfer, Dropbox...).
``personal_mail_exfiltration``
    Bulk attachments (a customer list, drawings) to personal mail (qq.com, 163.com...).
``removable_media_exfiltration``
    Mass copies of documents, drawings, code or archives to USB storage.
``internal_crawler``
    Crawler-like request bursts to internal systems (the Guangzhou OA case).
``after_hours_mass_access``
    Mass file or system access outside working hours, weekends or holidays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from baomi.risk.baseline import Baseline, compute_baseline
from baomi.risk.features import FeatureMatrix
from baomi.risk.reasons import (
    AFTER_HOURS,
    CRAWLER,
    DEPARTING,
    NETDISK,
    PERSONAL_MAIL,
    REMOVABLE,
    Explanation,
    departing_reason,
    window_reason,
)
from baomi.risk.reasons import UNITS as UNITS  # re-exported: how a reason names its unit

SCENARIOS = (DEPARTING, NETDISK, PERSONAL_MAIL, REMOVABLE, CRAWLER, AFTER_HOURS)
EXFILTRATION_CHANNELS = (
    "removable_files",
    "cloud_uploads",
    "personal_mail_attachments",
    "print_pages",
)


@dataclass(frozen=True)
class DetectorParams:
    """Thresholds of the detectors (deviations are in baseline-scale units)."""

    threshold: float = 5.0
    departing_threshold: float = 3.0
    departing_before_days: int = 30
    departing_after_days: int = 7
    departing_windows: tuple[int, ...] = (7, 14, 30)
    windows: tuple[int, ...] = (1, 7)
    job_search_window: int = 30
    job_search_min_visits: int = 20
    min_total: dict[str, float] = field(
        default_factory=lambda: {
            "removable_files": 20,
            "removable_sensitive_files": 30,
            "cloud_uploads": 10,
            "personal_mail_attachments": 10,
            "print_pages": 200,
            "internal_requests": 800,
            "after_hours_file_access": 150,
        }
    )
    sequence_bonus: float = 1.25


@dataclass(frozen=True)
class Departure:
    """What is known of a user's departure."""

    last_day: dt.date | None = None
    resignation: dt.date | None = None
    source: str = "hr"


@dataclass(frozen=True)
class Finding:
    """One detected scenario instance."""

    user: str
    scenario: str
    strength: float
    start: dt.date
    end: dt.date
    reason: str
    # The reason as code and parameters (``reason`` is its English sentence).
    explanation: Explanation | None = None


@dataclass
class DetectionContext:
    """Inputs shared by the detectors, with a cache of baselines."""

    matrix: FeatureMatrix
    groups: list[str]
    departures: dict[str, Departure]
    params: DetectorParams = field(default_factory=DetectorParams)
    _cache: dict[tuple[str, int, bool], Baseline] = field(default_factory=dict)
    _watch: np.ndarray | None = None

    def baseline(self, feature: str, window: int, *, exclude_watch: bool = False) -> Baseline:
        """The (cached) baseline of ``feature`` for ``window``-day totals."""
        key = (feature, window, exclude_watch)
        if key not in self._cache:
            self._cache[key] = compute_baseline(
                self.matrix.values[feature],
                self.matrix.span,
                self.groups,
                window,
                exclude=self.watch_mask() if exclude_watch else None,
            )
        return self._cache[key]

    def watch_windows(self) -> dict[int, tuple[int, int, Departure]]:
        """User index → (first, last) day index of the departure watch window."""
        m, p = self.matrix, self.params
        out: dict[int, tuple[int, int, Departure]] = {}
        index = {u: i for i, u in enumerate(m.users)}
        for user, dep in self.departures.items():
            if user not in index or not m.days:
                continue
            i = index[user]
            last = m.day_index(dep.last_day) if dep.last_day else int(m.span[i, 1])
            resigned = m.day_index(dep.resignation) if dep.resignation else last
            # Watch from the resignation or a month before the last day, whichever is earlier.
            start = max(0, min(last - p.departing_before_days, resigned))
            out[i] = (start, min(len(m.days) - 1, last + p.departing_after_days), dep)
        return out

    def watch_mask(self) -> np.ndarray:
        """Users x days mask of the departure watch windows (and their lead-in)."""
        if self._watch is None:
            mask = np.zeros(self.matrix.active.shape, dtype=bool)
            longest = max(self.params.departing_windows)
            for i, (start, end, _dep) in self.watch_windows().items():
                mask[i, start : end + longest] = True
            self._watch = mask
        return self._watch


def _best(
    ctx: DetectionContext,
    feature: str,
    user: int,
    lo: int,
    hi: int,
    windows: tuple[int, ...],
    *,
    exclude_watch: bool,
) -> tuple[float, int, int, Baseline] | None:
    """Strongest window ending in ``[lo, hi]`` whose total reaches the feature's minimum.

    Returns (deviation, end day, window length, baseline) or ``None``.
    """
    best: tuple[float, int, int, Baseline] | None = None
    minimum = ctx.params.min_total.get(feature, 1)
    for window in windows:
        base = ctx.baseline(feature, window, exclude_watch=exclude_watch)
        dev = _user_deviation(base, user)[lo : hi + 1]
        totals = base.totals[user, lo : hi + 1]
        dev = np.where(totals >= minimum, dev, -np.inf)
        if dev.size == 0:
            continue
        k = int(np.argmax(dev))
        if np.isfinite(dev[k]) and (best is None or dev[k] > best[0]):
            best = (float(dev[k]), lo + k, window, base)
    return best


def _user_deviation(base: Baseline, user: int) -> np.ndarray:
    user_scale = max(base.high[user] - base.median[user], 0) + np.sqrt(base.median[user]) + 1
    peer_scale = (
        max(base.peer_high[user] - base.peer_median[user], 0) + np.sqrt(base.peer_median[user]) + 1
    )
    totals = base.totals[user]
    return np.minimum(
        (totals - base.median[user]) / user_scale, (totals - base.peer_median[user]) / peer_scale
    )


def _job_search_departures(ctx: DetectionContext) -> dict[str, Departure]:
    """Users without HR dates whose job-site visits rose: treated as potential departures."""
    p, m = ctx.params, ctx.matrix
    if "job_site_visits" not in m.values or not m.days:
        return {}
    base = ctx.baseline("job_site_visits", p.job_search_window)
    dev = base.deviation()
    out: dict[str, Departure] = {}
    for i, user in enumerate(m.users):
        if user in ctx.departures:
            continue
        ok = (dev[i] >= p.departing_threshold) & (base.totals[i] >= p.job_search_min_visits)
        if ok.any():
            end = int(np.flatnonzero(ok)[-1])
            last = min(len(m.days) - 1, end + p.departing_before_days)
            out[user] = Departure(last_day=m.days[last], source="job_search")
    return out


def detect_departing(ctx: DetectionContext) -> list[Finding]:
    """``departing_user_exfiltration`` findings around known or potential departures."""
    m, p = ctx.matrix, ctx.params
    potential = _job_search_departures(ctx)
    if potential:
        ctx.departures = {**ctx.departures, **potential}
        ctx._watch = None
        ctx._cache = {k: v for k, v in ctx._cache.items() if not k[2]}
    findings = []
    for i, (lo, hi, dep) in ctx.watch_windows().items():
        best: tuple[float, int, int, Baseline, str] | None = None
        for channel in EXFILTRATION_CHANNELS:
            found = _best(ctx, channel, i, lo, hi, p.departing_windows, exclude_watch=True)
            if found and (best is None or found[0] > best[0]):
                best = (*found, channel)
        if best is None or best[0] < p.departing_threshold:
            continue
        strength, end, window, base, channel = best
        start = max(0, end - window + 1)
        through_anchor = bool(
            dep.last_day and end >= m.day_index(dep.last_day) - 1 and dep.source != "job_search"
        )
        sequence = _has_sequence(ctx, i, start, end, hi)
        if sequence:
            strength *= p.sequence_bonus
        if dep.source == "job_search":
            anchor, anchor_date = "job_search", None
        elif dep.last_day:
            anchor, anchor_date = "last_day", dep.last_day
        else:
            anchor, anchor_date = "resignation", dep.resignation
        explanation = departing_reason(
            channel,
            total=base.totals[i, end],
            baseline=base.median[i],
            start=m.days[start],
            end=m.days[end],
            days=window,
            anchor=anchor,
            anchor_date=anchor_date,
            through_anchor=through_anchor,
            sequence=sequence,
        )
        findings.append(
            Finding(
                m.users[i],
                DEPARTING,
                strength,
                m.days[start],
                m.days[end],
                explanation.text,
                explanation,
            )
        )
    return findings


def _has_sequence(ctx: DetectionContext, user: int, start: int, end: int, hi: int) -> bool:
    """Collect (unusual file opens or requests) before or during, then clean up (deletes)."""
    threshold = ctx.params.departing_threshold
    collect_lo = max(0, start - 14)
    collect = any(
        float(
            np.max(
                _user_deviation(ctx.baseline(f, 7, exclude_watch=True), user)[collect_lo : end + 1]
            )
        )
        >= threshold
        for f in ("file_opens", "internal_requests")
    )
    deletes = _user_deviation(ctx.baseline("file_deletes", 7, exclude_watch=True), user)
    cleanup = float(np.max(deletes[start : hi + 1])) >= threshold if hi >= start else False
    return bool(collect and cleanup)


def _detect_generic(
    ctx: DetectionContext, scenario: str, feature: str, windows: tuple[int, ...]
) -> list[Finding]:
    m, p = ctx.matrix, ctx.params
    findings = []
    for i, user in enumerate(m.users):
        found = _best(ctx, feature, i, 0, len(m.days) - 1, windows, exclude_watch=False)
        if found is None or found[0] < p.threshold:
            continue
        strength, end, window, base = found
        start = max(0, end - window + 1)
        peak = None
        if scenario == CRAWLER:
            peak = m.values["request_peak"][i, start : end + 1].max()
        explanation = window_reason(
            scenario,
            feature,
            total=base.totals[i, end],
            baseline=base.median[i],
            days=window,
            start=m.days[start],
            end=m.days[end],
            peak=peak,
        )
        findings.append(
            Finding(
                user,
                scenario,
                strength,
                m.days[start],
                m.days[end],
                explanation.text,
                explanation,
            )
        )
    return findings


def detect_all(ctx: DetectionContext) -> list[Finding]:
    """Run every detector; findings of all users, unordered."""
    windows = ctx.params.windows
    findings = detect_departing(ctx)
    findings += _detect_generic(ctx, NETDISK, "cloud_uploads", windows)
    findings += _detect_generic(ctx, PERSONAL_MAIL, "personal_mail_attachments", windows)
    findings += _detect_generic(ctx, REMOVABLE, "removable_sensitive_files", windows)
    findings += _detect_generic(ctx, CRAWLER, "internal_requests", (1,))
    findings += _detect_generic(ctx, AFTER_HOURS, "after_hours_file_access", windows)
    return findings
