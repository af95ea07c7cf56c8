from django.contrib import admin

from baomi.apps.risk.models import ActivityImport, RiskCase, RiskNote


@admin.register(ActivityImport)
class ActivityImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "organisation", "status", "events", "bad_rows", "created_at")
    list_filter = ("status", "format")
    readonly_fields = ("sha256", "files", "error")


class NoteInline(admin.TabularInline):
    model = RiskNote
    extra = 0


@admin.register(RiskCase)
class RiskCaseAdmin(admin.ModelAdmin):
    list_display = ("subject", "organisation", "score", "status", "opened_at")
    list_filter = ("status",)
    inlines = [NoteInline]
