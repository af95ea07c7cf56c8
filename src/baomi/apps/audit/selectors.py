"""Reads of the audit log — only ever for one organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from baomi.apps.audit.models import AuditEvent
from baomi.apps.orgs.models import Organisation, User


def audit_list(
    *,
    user: User,
    organisation: Organisation,
    object_type: str | None = None,
    object_id: str | None = None,
    action: str | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's audit events, newest first; only its administrators may read them."""
    if not user.has_perm("audit.view_log", organisation):
        raise PermissionDenied
    qs = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action=action)
    return qs
