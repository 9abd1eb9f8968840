"""Admin screens for officials' and citizens' accounts and the roles granted on units (audited)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from danvan.accounts.models import RoleGrant, User
from danvan.audit.admin import AuditedAdmin


class GrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ["role", "unit", "organization", "granted_at", "valid_until", "revoked_at"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "position", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "grants__role"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Dân Vận Số", {"fields": ["full_name", "position", "phone", "national_id"]}),
    )
    inlines = [GrantInline]

    def audit_unit(self, obj):
        return None


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ["user", "role", "unit", "granted_at", "valid_until", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
