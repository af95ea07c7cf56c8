"""A user's activity around a finding, drawn with matplotlib as an inline SVG.

One small bar chart per kind of activity that happened in the period, all on the same days,
with the finding's window shaded and the departure date (if known) marked. Text stays text
in the SVG (no embedded glyphs), so Chinese labels render with the browser's fonts.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# Set once: text as text in the SVG. Figures are built without pyplot (no global state), so
# charts can be drawn in several request threads at once.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.family"] = ["Noto Sans CJK SC", "sans-serif"]

MARGIN_DAYS = 30
MAX_PANELS = 6
NAVY, ACCENT, SHADE = "#1f5fae", "#c8102e", "#fde8ea"


def period(
    window_start: dt.date, window_end: dt.date, first: dt.date | None, last: dt.date | None
) -> tuple[dt.date, dt.date]:
    """The days shown: the window with a margin either side, inside the data's span."""
    start = window_start - dt.timedelta(days=MARGIN_DAYS)
    end = window_end + dt.timedelta(days=MARGIN_DAYS)
    if first is not None:
        start = max(start, first)
    if last is not None:
        end = min(end, last)
    return start, max(start, end)


def timeline_svg(
    daily: list[dict[str, Any]],
    features: Mapping[str, str],
    *,
    window: tuple[dt.date, dt.date],
    departure: dt.date | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The SVG (without XML prolog) of ``daily`` rows (``day`` plus feature columns)."""
    labels = labels or {}
    days = sorted(row["day"] for row in daily)
    start, end = period(window[0], window[1], days[0] if days else None, days[-1] if days else None)
    rows = {row["day"]: row for row in daily if start <= row["day"] <= end}
    span = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    panels = [
        (name, label)
        for name, label in features.items()
        if any(float(r.get(name) or 0) > 0 for r in rows.values())
    ][:MAX_PANELS]
    height = 0.9 + 1.05 * max(1, len(panels))
    fig = Figure(figsize=(9.5, height))
    axes = fig.subplots(max(1, len(panels)), 1, sharex=True, squeeze=False)
    axes_list = [row[0] for row in axes]
    if not panels:
        axes_list[0].text(
            0.5,
            0.5,
            labels.get("empty", "no activity"),
            ha="center",
            va="center",
            transform=axes_list[0].transAxes,
            color="#66738a",
        )
        axes_list[0].set_yticks([])
    for ax, (name, label) in zip(axes_list, panels, strict=False):
        values = [float(rows[d].get(name) or 0) if d in rows else 0.0 for d in span]
        ax.bar(span, values, width=0.85, color=NAVY)
        ax.axvspan(
            window[0] - dt.timedelta(hours=12),
            window[1] + dt.timedelta(hours=12),
            color=SHADE,
            zorder=0,
        )
        if departure is not None and start <= departure <= end:
            ax.axvline(departure, color=ACCENT, linewidth=1.2, linestyle="--")
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8.5)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.set_ylim(0, max(values) * 1.15 or 1)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    bottom = axes_list[-1]
    bottom.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=1))
    bottom.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
    bottom.tick_params(axis="x", labelsize=7.5)
    fig.subplots_adjust(left=0.24, right=0.98, top=0.97, bottom=0.7 / height, hspace=0.35)
    out = io.StringIO()
    fig.savefig(out, format="svg")
    svg = out.getvalue()
    svg = svg[svg.find("<svg") :]
    # Scale with the page instead of the fixed size in points.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    return svg.replace("<svg", '<svg class="risk-chart" role="img"', 1)
