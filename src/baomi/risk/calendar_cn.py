"""Working days in mainland China: weekends, public holidays and make-up working days.

The State Council publishes each year's holidays and the weekend days worked
in exchange (调休). Years not listed fall back to the fixed-date holidays
(New Year's Day, Labour Day 1–3 May, National Day 1–7 October).
"""

from __future__ import annotations

import datetime as dt

D = dt.date


def _span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


HOLIDAYS: dict[int, list[dt.date]] = {
    2024: [
        D(2024, 1, 1),
        *_span(D(2024, 2, 10), D(2024, 2, 17)),
        *_span(D(2024, 4, 4), D(2024, 4, 6)),
        *_span(D(2024, 5, 1), D(2024, 5, 5)),
        D(2024, 6, 10),
        *_span(D(2024, 9, 15), D(2024, 9, 17)),
        *_span(D(2024, 10, 1), D(2024, 10, 7)),
    ],
    2025: [
        D(2025, 1, 1),
        *_span(D(2025, 1, 28), D(2025, 2, 4)),
        *_span(D(2025, 4, 4), D(2025, 4, 6)),
        *_span(D(2025, 5, 1), D(2025, 5, 5)),
        *_span(D(2025, 5, 31), D(2025, 6, 2)),
        *_span(D(2025, 10, 1), D(2025, 10, 8)),
    ],
}
MAKEUP_WORKDAYS: dict[int, list[dt.date]] = {
    2024: [
        D(2024, 2, 4),
        D(2024, 2, 18),
        D(2024, 4, 7),
        D(2024, 4, 28),
        D(2024, 5, 11),
        D(2024, 9, 14),
        D(2024, 9, 29),
        D(2024, 10, 12),
    ],
    2025: [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
}


def holidays(year: int) -> set[dt.date]:
    """Public holidays of ``year``."""
    if year in HOLIDAYS:
        return set(HOLIDAYS[year])
    fixed = [
        D(year, 1, 1),
        *_span(D(year, 5, 1), D(year, 5, 3)),
        *_span(D(year, 10, 1), D(year, 10, 7)),
    ]
    return set(fixed)


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day (Monday–Friday or a make-up day, and not a holiday)."""
    if day in set(MAKEUP_WORKDAYS.get(day.year, [])):
        return True
    return day.weekday() < 5 and day not in holidays(day.year)


def holidays_between(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    """Public holidays from ``first`` to ``last`` inclusive, sorted."""
    found: set[dt.date] = set()
    for year in range(first.year, last.year + 1):
        found |= {d for d in holidays(year) if first <= d <= last}
    return tuple(sorted(found))
