from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from baomi.apps.evidence.models import Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("log_index", "title", "organisation", "kind", "parts_count", "registered_at")
    list_filter = ("kind", "organisation")
    search_fields = ("title", "commitment")
    # Evidence records are written only by the service; the admin may look, not edit.
    readonly_fields = [f.name for f in Registration._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False
