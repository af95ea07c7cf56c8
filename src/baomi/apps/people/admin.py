from django.contrib import admin

from baomi.apps.people.models import (
    Acknowledgment,
    Agreement,
    CompensationPayment,
    Offboarding,
    Person,
)


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


class AcknowledgmentInline(admin.TabularInline):
    model = Acknowledgment
    extra = 0
    fk_name = "person"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "employee_number",
        "name",
        "organisation",
        "department",
        "role_category",
        "last_working_day",
        "watch_end",
    )
    list_filter = ("role_category", "organisation")
    search_fields = ("employee_number", "name")
    inlines = [AgreementInline, AcknowledgmentInline]


class PaymentInline(admin.TabularInline):
    model = CompensationPayment
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "signed_on", "restricted_months", "monthly_compensation")
    list_filter = ("kind",)
    inlines = [PaymentInline]


@admin.register(Offboarding)
class OffboardingAdmin(admin.ModelAdmin):
    list_display = ("person", "status", "completed_on", "record_sha256")
    list_filter = ("status",)
    readonly_fields = ("record_sha256",)
