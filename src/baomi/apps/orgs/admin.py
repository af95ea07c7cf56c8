from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from baomi.apps.orgs.models import LiaisonPoint, Membership, Organisation, ServiceBase, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "is_active", "is_staff")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "password", "name", "phone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]
    filter_horizontal = ()
    list_filter = ("is_active", "is_staff")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "region", "service_base")
    search_fields = ("name", "credit_code")


class LiaisonPointInline(admin.TabularInline):
    model = LiaisonPoint
    extra = 0


@admin.register(ServiceBase)
class ServiceBaseAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    inlines = [LiaisonPointInline]
