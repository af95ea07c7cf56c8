from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from baomi.apps.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "organisation", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "channel", "object_type")
    search_fields = ("actor_label", "object_repr")

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
