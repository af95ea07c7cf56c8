"""Money in the way Chinese readers expect it: ¥8,500,000 reads as 850万元."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def yuan(value: Decimal | int | float | None) -> str:
    """``8500000`` → ``850万元``, ``123456789`` → ``1.23亿元``, ``9800`` → ``9,800元``."""
    if value is None:
        return "—"
    amount = Decimal(value)
    if amount >= 100_000_000:
        return _("%(n)s × 100 million yuan") % {
            "n": f"{amount / 100_000_000:,.2f}".rstrip("0").rstrip(".")
        }
    if amount >= 10_000:
        return _("%(n)s × 10,000 yuan") % {"n": f"{amount / 10_000:,.2f}".rstrip("0").rstrip(".")}
    return _("%(n)s yuan") % {"n": f"{amount:,.2f}".rstrip("0").rstrip(".")}
