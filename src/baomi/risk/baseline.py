"""Per-user and peer-group baselines of windowed feature totals.

For a feature and a window of ``w`` days, every user has a series of rolling
``w``-day totals over their active span. A user's baseline is the median and
the upper quantile of that series (robust to the few windows an incident
touches); the peer baseline is the median of those over the user's peer group
(same role, else same department, else everyone). A window's deviation is
measured against both, and the smaller wins: activity must be unusual for the
user *and* for people in the same job to count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_PEER_GROUP = 3
MIN_DAYS = 5


def rolling_sum(values: np.ndarray, window: int) -> np.ndarray:
    """Totals of the ``window`` days ending at each day (partial at the start)."""
    total = np.cumsum(values, axis=1)
    out = total.copy()
    if window < values.shape[1]:
        out[:, window:] = total[:, window:] - total[:, :-window]
    return out


def peer_groups(users: list[str], roles: dict[str, str], departments: dict[str, str]) -> list[str]:
    """Peer-group key of each user: role, else department, else ``"*"``.

    Groups smaller than :data:`MIN_PEER_GROUP` fall back to the department, then to
    everyone, so that a baseline is never one person's.
    """
    keys = []
    role_sizes: dict[str, int] = {}
    dept_sizes: dict[str, int] = {}
    for user in users:
        role_sizes[roles.get(user, "")] = role_sizes.get(roles.get(user, ""), 0) + 1
        dept_sizes[departments.get(user, "")] = dept_sizes.get(departments.get(user, ""), 0) + 1
    for user in users:
        role, dept = roles.get(user, ""), departments.get(user, "")
        if role and role_sizes[role] >= MIN_PEER_GROUP:
            keys.append(f"role:{role}")
        elif dept and dept_sizes[dept] >= MIN_PEER_GROUP:
            keys.append(f"department:{dept}")
        else:
            keys.append("*")
    return keys


@dataclass
class Baseline:
    """Baselines of one feature at one window length, one value per user."""

    window: int
    totals: np.ndarray  # users x days rolling totals
    median: np.ndarray
    high: np.ndarray
    peer_median: np.ndarray
    peer_high: np.ndarray

    def deviation(self) -> np.ndarray:
        """Users x days deviation of each window total from the user's and peers' baselines."""
        user_scale = np.maximum(self.high - self.median, 0) + np.sqrt(self.median) + 1
        peer_scale = (
            np.maximum(self.peer_high - self.peer_median, 0) + np.sqrt(self.peer_median) + 1
        )
        z_user = (self.totals - self.median[:, None]) / user_scale[:, None]
        z_peer = (self.totals - self.peer_median[:, None]) / peer_scale[:, None]
        return np.minimum(z_user, z_peer)


def valid_windows(span: np.ndarray, days: int, window: int) -> np.ndarray:
    """Users x days mask of windows that lie inside each user's active span."""
    index = np.arange(days)[None, :]
    start = span[:, :1] + window - 1
    return (index >= np.minimum(start, span[:, 1:])) & (index <= span[:, 1:])


def compute_baseline(
    values: np.ndarray,
    span: np.ndarray,
    groups: list[str],
    window: int,
    *,
    quantile: float = 0.9,
    exclude: np.ndarray | None = None,
    min_history: int = 14,
    peak_margin: int | None = 14,
) -> Baseline:
    """Baselines of ``values`` (users x days) for ``window``-day totals.

    ``exclude`` (users x days, optional) marks windows left out of the baseline,
    e.g. a departing user's watch window; for a user left with fewer than
    ``min_history`` windows the baseline comes from their daily rate on the
    days left (mean x window, spread by the normal approximation), or from the
    peers when fewer than ``MIN_DAYS`` days are left. Without ``exclude``, the
    windows overlapping each user's peak window (``peak_margin`` days either
    side) are left out, so the window under test never raises its own baseline.
    """
    totals = rolling_sum(values, window)
    mask = valid_windows(span, values.shape[1], window)
    if exclude is None and peak_margin is not None:
        exclude = _around_peak(totals, mask, window, peak_margin)
    thin = np.zeros(values.shape[0], dtype=bool)
    if exclude is not None:
        kept = mask & ~exclude
        # Users with too few whole windows outside the excluded days get a baseline
        # from their daily rate there, or their peers' when they have no such days.
        thin = kept.sum(axis=1) < min_history
        mask = np.where(thin[:, None], mask, kept)
    masked = np.where(mask, totals, np.nan)
    empty = ~mask.any(axis=1)
    masked[empty, 0] = 0.0
    median = np.nanmedian(masked, axis=1)
    high = np.nanquantile(masked, quantile, axis=1)
    peer_median = np.zeros_like(median)
    peer_high = np.zeros_like(high)
    group_array = np.asarray(groups)
    for group in set(groups):
        members = group_array == group
        reference = members & ~thin if (members & ~thin).any() else members
        peer_median[members] = np.median(median[reference])
        peer_high[members] = np.median(high[reference])
    if thin.any() and exclude is not None:
        median, high, no_history = _from_daily_rate(
            values, span, exclude, window, thin, median, high
        )
        median = np.where(no_history, peer_median, median)
        high = np.where(no_history, peer_high, high)
    return Baseline(
        window=window,
        totals=totals,
        median=median,
        high=high,
        peer_median=peer_median,
        peer_high=peer_high,
    )


def _from_daily_rate(
    values: np.ndarray,
    span: np.ndarray,
    exclude: np.ndarray,
    window: int,
    thin: np.ndarray,
    median: np.ndarray,
    high: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Window baselines of ``thin`` users from their daily values outside ``exclude``."""
    days = valid_windows(span, values.shape[1], 1) & ~exclude
    count = days.sum(axis=1)
    daily = np.where(days, values, np.nan)
    daily[count == 0, 0] = 0.0
    mean = np.nanmean(daily, axis=1)
    spread = np.nanstd(daily, axis=1)
    rate_median = mean * window
    rate_high = rate_median + 1.28 * spread * np.sqrt(window)
    median = np.where(thin, rate_median, median)
    high = np.where(thin, rate_high, high)
    return median, high, thin & (count < MIN_DAYS)


def _around_peak(totals: np.ndarray, mask: np.ndarray, window: int, margin: int) -> np.ndarray:
    """Users x days mask of the windows overlapping each user's largest window, plus margin."""
    peak = np.argmax(np.where(mask, totals, -np.inf), axis=1)
    index = np.arange(totals.shape[1])[None, :]
    low = (peak - window + 1 - margin)[:, None]
    high = (peak + window - 1 + margin)[:, None]
    return (index >= low) & (index <= high)
