"""The main navigation. Every module has its place here; an entry appears once its app's
URLs are installed, and only for the roles it serves."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ENTERPRISE = "enterprise"
BASE = "base"
ADMIN = "admin"
MANAGERS = "managers"  # administrators and secret owners


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    icon: str
    audience: str = ENTERPRISE  # enterprise | managers | admin | base | all


NAVIGATION: list[NavItem] = [
    NavItem("home", _("Dashboard"), "◧", "all"),
    NavItem("registry:list", _("Trade secrets"), "◆"),
    NavItem("evidence:list", _("Evidence"), "⛓"),
    NavItem("people:list", _("People & agreements"), "☺"),
    NavItem("leaks:list", _("Leak comparison"), "⇄", MANAGERS),
    NavItem("risk:dashboard", _("Insider risk"), "⚑", ADMIN),
    NavItem("assessments:list", _("Self check-up"), "✓"),
    NavItem("cases:list", _("Cases & complaints"), "⚖", "all"),
    NavItem("knowledge:list", _("Knowledge base"), "❐", "all"),
    NavItem("network:list", _("Experts & agencies"), "✦", "all"),
    NavItem("orgs:detail", _("Enterprise & members"), "⌂"),
    NavItem("audit:list", _("Audit log"), "☰", ADMIN),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"navigation": []}
    is_base = membership.service_base_id is not None
    is_admin = membership.role == "owner_admin"
    items = []
    for item in NAVIGATION:
        if item.audience == BASE and not is_base:
            continue
        if item.audience in (ENTERPRISE, MANAGERS, ADMIN) and is_base:
            continue
        if item.audience == ADMIN and not is_admin:
            continue
        if item.audience == MANAGERS and membership.role not in ("owner_admin", "secret_owner"):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": item.label, "icon": item.icon, "active": active})
    return {"navigation": items}
