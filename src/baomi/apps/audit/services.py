"""Writing audit records."""

from __future__ import annotations

from typing import Any

from django.db import models

from baomi.apps.audit.context import current_origin
from baomi.apps.audit.models import AuditEvent
from baomi.apps.orgs.models import Organisation, User


def audit_record(
    *,
    actor: User | None,
    organisation: Organisation,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` on ``obj`` in ``organisation``, with the origin of
    the current request (web, API, CLI) taken from the audit context."""
    origin = current_origin()
    model_name = obj._meta.model_name if obj is not None else None
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.email if actor is not None else "")[:254],
        action=action,
        object_type=object_type or model_name or "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        channel=origin.channel,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )
