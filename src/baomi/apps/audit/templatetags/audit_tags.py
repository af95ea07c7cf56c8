"""Readable audit details: field changes and added/removed entries, with translated labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

register = template.Library()

CHILD_LABELS = {
    "carrier": "carrier",
    "grant": "access grant",
    "measure": "confidentiality measure",
}


def _field_label(object_type: str, name: str) -> str:
    if name == "points":
        return _("Secret points")
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            try:
                return str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                break
    return name


@register.filter
def audit_lines(event: Any) -> list[str]:
    """One line per change of an audit event, e.g. ``密级: 核心 → 重要``."""
    lines: list[str] = []
    for key, value in (event.changes or {}).items():
        if key.endswith(("_added", "_removed")):
            what, _sep, verb = key.rpartition("_")
            label = _(CHILD_LABELS.get(what, what))
            prefix = _("added") if verb == "added" else _("removed")
            lines.append(f"{prefix} {label}: {value}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = ("；".join(v) if isinstance(v, list) else (v or "—") for v in value)
            lines.append(f"{_field_label(event.object_type, key)}: {old} → {new}")
        else:
            lines.append(f"{_field_label(event.object_type, key)}: {value}")
    return lines
