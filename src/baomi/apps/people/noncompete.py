"""Checks of a non-compete agreement against the law, as pure functions.

Sources: Labour Contract Law art. 23 (compensation paid monthly after the contract ends) and
art. 24 (only senior managers, senior technical staff and others with a duty of
confidentiality; at most two years after leaving); SPC Interpretation (I) on labour disputes
(2020) art. 36 (without an agreed amount, 30% of the average monthly wage of the twelve months
before leaving, and not below the local minimum wage) and art. 38 (compensation unpaid for
three months for the employer's reasons lets the employee terminate the non-compete).

Every check returns a list of :class:`Finding`; an empty list means nothing to report.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

MAX_RESTRICTED_MONTHS = 24
WAGE_SHARE = Decimal("0.30")
UNPAID_MONTHS_LIMIT = 3
APPLICABLE_ROLES = ("senior_manager", "senior_technical", "confidential")

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error | warning | info
    message: str


@dataclass(frozen=True)
class NonCompeteTerms:
    """What the checks need to know about one non-compete and the person it binds."""

    role_category: str
    restricted_months: int | None
    monthly_compensation: Decimal | None
    average_monthly_wage: Decimal | None = None
    minimum_wage: Decimal | None = None
    departure: dt.date | None = None
    term_end: dt.date | None = None
    paid_months: frozenset[tuple[int, int]] = field(default_factory=frozenset)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_restricted_period(
    restricted_months: int | None,
    departure: dt.date | None = None,
    term_end: dt.date | None = None,
) -> list[Finding]:
    """At most 24 months after leaving (art. 24); the end date is checked too when known."""
    findings: list[Finding] = []
    if restricted_months is None:
        findings.append(
            Finding(
                "period_missing",
                WARNING,
                _("The restricted period is not stated; it may not exceed 24 months."),
            )
        )
    elif restricted_months > MAX_RESTRICTED_MONTHS:
        findings.append(
            Finding(
                "period_too_long",
                ERROR,
                _(
                    "The restricted period of %(months)d months exceeds the legal maximum of "
                    "24 months after leaving; the excess is not enforceable."
                )
                % {"months": restricted_months},
            )
        )
    if departure is not None and term_end is not None:
        limit = add_months(departure, MAX_RESTRICTED_MONTHS)
        if term_end > limit:
            findings.append(
                Finding(
                    "term_too_long",
                    ERROR,
                    _(
                        "The agreement runs until %(end)s, later than 24 months after leaving "
                        "(%(limit)s)."
                    )
                    % {"end": term_end.isoformat(), "limit": limit.isoformat()},
                )
            )
    return findings


def check_role(role_category: str) -> list[Finding]:
    """Only senior managers, senior technical staff and others with a confidentiality duty."""
    if role_category in APPLICABLE_ROLES:
        return []
    return [
        Finding(
            "role_not_applicable",
            WARNING,
            _(
                "A non-compete may bind only senior managers, senior technical staff and other "
                "staff with a duty of confidentiality; this person is recorded as ordinary staff."
            ),
        )
    ]


def default_compensation(
    average_monthly_wage: Decimal | None, minimum_wage: Decimal | None
) -> Decimal | None:
    """The legal default: 30% of the last twelve months' average wage, not below the local
    minimum wage. None when neither figure is known."""
    candidates = []
    if average_monthly_wage is not None:
        candidates.append(_money(average_monthly_wage * WAGE_SHARE))
    if minimum_wage is not None:
        candidates.append(_money(minimum_wage))
    return max(candidates) if candidates else None


def check_compensation(
    monthly_compensation: Decimal | None,
    average_monthly_wage: Decimal | None,
    minimum_wage: Decimal | None,
) -> list[Finding]:
    """Compensation must be agreed; warn below 30% of the average wage or the minimum wage."""
    if monthly_compensation is None or monthly_compensation <= 0:
        return [
            Finding(
                "compensation_missing",
                ERROR,
                _(
                    "No monthly compensation is agreed. The employee may claim %(share)s of the "
                    "average monthly wage, and may refuse to be bound if it is never paid."
                )
                % {"share": "30%"},
            )
        ]
    findings: list[Finding] = []
    if average_monthly_wage is None:
        findings.append(
            Finding(
                "wage_unknown",
                INFO,
                _(
                    "The average monthly wage of the last 12 months is not recorded, so the "
                    "%(share)s floor cannot be checked."
                )
                % {"share": "30%"},
            )
        )
    else:
        share = _money(average_monthly_wage * WAGE_SHARE)
        if monthly_compensation < share:
            findings.append(
                Finding(
                    "compensation_below_wage_share",
                    WARNING,
                    _(
                        "Monthly compensation of ¥%(amount)s is below 30%% of the average "
                        "monthly wage (¥%(share)s)."
                    )
                    % {"amount": _money(monthly_compensation), "share": share},
                )
            )
    if minimum_wage is not None and monthly_compensation < minimum_wage:
        findings.append(
            Finding(
                "compensation_below_minimum",
                WARNING,
                _(
                    "Monthly compensation of ¥%(amount)s is below the local minimum wage "
                    "(¥%(minimum)s)."
                )
                % {"amount": _money(monthly_compensation), "minimum": _money(minimum_wage)},
            )
        )
    return findings


def due_months(
    departure: dt.date, restricted_months: int | None, today: dt.date
) -> list[tuple[int, int]]:
    """Calendar months of the restricted period that have ended by ``today``: compensation for
    them is due. The period starts the day after leaving; a partly covered month counts."""
    start = departure + dt.timedelta(days=1)
    months = min(restricted_months or MAX_RESTRICTED_MONTHS, MAX_RESTRICTED_MONTHS)
    end = add_months(departure, months)
    out: list[tuple[int, int]] = []
    year, month = start.year, start.month
    while True:
        first = dt.date(year, month, 1)
        next_first = add_months(first, 1)
        if next_first > today or first > end:
            return out
        out.append((year, month))
        year, month = next_first.year, next_first.month


def unpaid_months(
    departure: dt.date,
    restricted_months: int | None,
    paid_months: Iterable[tuple[int, int]],
    today: dt.date,
) -> list[tuple[int, int]]:
    paid = set(paid_months)
    return [m for m in due_months(departure, restricted_months, today) if m not in paid]


def check_payments(
    departure: dt.date | None,
    restricted_months: int | None,
    paid_months: Iterable[tuple[int, int]],
    today: dt.date,
) -> list[Finding]:
    """Warn about unpaid months; three unpaid months let the employee terminate."""
    if departure is None or departure >= today:
        return []
    missing = unpaid_months(departure, restricted_months, paid_months, today)
    if not missing:
        return []
    months = "、".join(f"{y}-{m:02d}" for y, m in missing)
    if len(missing) >= UNPAID_MONTHS_LIMIT:
        return [
            Finding(
                "unpaid_3_months",
                ERROR,
                _(
                    "Compensation is unpaid for %(n)d months (%(months)s): the former employee "
                    "may terminate the non-compete."
                )
                % {"n": len(missing), "months": months},
            )
        ]
    return [
        Finding(
            "unpaid",
            WARNING,
            _(
                "Compensation is unpaid for %(months)s. After three unpaid months the former "
                "employee may terminate the non-compete."
            )
            % {"months": months},
        )
    ]


def check_non_compete(terms: NonCompeteTerms, today: dt.date) -> list[Finding]:
    """All checks of one non-compete, errors first."""
    findings = [
        *check_restricted_period(terms.restricted_months, terms.departure, terms.term_end),
        *check_role(terms.role_category),
        *check_compensation(
            terms.monthly_compensation, terms.average_monthly_wage, terms.minimum_wage
        ),
        *check_payments(terms.departure, terms.restricted_months, terms.paid_months, today),
    ]
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(findings, key=lambda f: order[f.severity])
