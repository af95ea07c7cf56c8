"""Readable audit details: field changes and added/removed entries, with translated labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

register = template.Library()

CHILD_LABELS = {
    "carrier": pgettext_lazy("audit", "carrier"),
    "grant": pgettext_lazy("audit", "access grant"),
    "measure": pgettext_lazy("audit", "confidentiality measure"),
    "agreement": pgettext_lazy("audit", "agreement"),
    "payment": pgettext_lazy("audit", "compensation payment"),
    "acknowledgment": pgettext_lazy("audit", "acknowledgment"),
}


def _field(object_type: str, name: str) -> Field | None:
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                return None
            # A reverse relation (e.g. a secret's "points") has no verbose name or choices.
            return field if isinstance(field, Field) else None
    return None


def _label(field: Field | None, name: str) -> str:
    if name == "points":
        return _("Secret points")
    return str(field.verbose_name) if field is not None else name


def _value(field: Field | None, value: Any) -> str:
    if isinstance(value, list):
        return "；".join(str(v) for v in value) or "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value) if value not in (None, "") else "—"


@register.filter
def audit_lines(event: Any) -> list[str]:
    """One line per change of an audit event, e.g. ``密级: 核心 → 重要``."""
    lines: list[str] = []
    for key, value in (event.changes or {}).items():
        if key.endswith(("_added", "_removed")):
            what, _sep, verb = key.rpartition("_")
            label = CHILD_LABELS.get(what, what)
            prefix = _("added") if verb == "added" else _("removed")
            lines.append(f"{prefix} {label}: {value}")
        elif isinstance(value, list) and len(value) == 2:
            field = _field(event.object_type, key)
            old, new = (_value(field, v) for v in value)
            lines.append(f"{_label(field, key)}: {old} → {new}")
        else:
            field = _field(event.object_type, key)
            lines.append(f"{_label(field, key)}: {_value(field, value)}")
    return lines
