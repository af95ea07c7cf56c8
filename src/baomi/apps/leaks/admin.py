from django.contrib import admin

from baomi.apps.leaks.models import Hit, Index, Scan, SecretDocument


@admin.register(Index)
class IndexAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "status", "documents", "rows", "created_at")
    list_filter = ("kind", "status", "organisation")
    search_fields = ("name",)


@admin.register(SecretDocument)
class SecretDocumentAdmin(admin.ModelAdmin):
    list_display = ("name", "index", "organisation", "size", "indexed_at")
    search_fields = ("name", "sha256")


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ("pk", "label", "index", "organisation", "status", "hit_count", "created_at")
    list_filter = ("status", "organisation")


@admin.register(Hit)
class HitAdmin(admin.ModelAdmin):
    list_display = ("suspect", "secret", "score", "scan", "case_reference")
    search_fields = ("suspect", "secret", "case_reference")
