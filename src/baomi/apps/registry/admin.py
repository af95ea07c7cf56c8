from django.contrib import admin

from baomi.apps.registry.models import AccessGrant, Carrier, Measure, SecretPoint, TradeSecret


class PointInline(admin.TabularInline):
    model = SecretPoint
    extra = 0


class CarrierInline(admin.TabularInline):
    model = Carrier
    extra = 0


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


class GrantInline(admin.TabularInline):
    model = AccessGrant
    extra = 0
    fk_name = "secret"


@admin.register(TradeSecret)
class TradeSecretAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "organisation",
        "secret_type",
        "level",
        "status",
        "review_date",
    )
    list_filter = ("secret_type", "level", "status", "organisation")
    search_fields = ("code", "title")
    inlines = [PointInline, CarrierInline, MeasureInline, GrantInline]
