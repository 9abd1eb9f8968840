from django.contrib import admin

from danvan.procedures.models import Procedure, ProcedureComponent, ProcedureStep


class ComponentInline(admin.TabularInline):
    model = ProcedureComponent
    extra = 0
    fields = ["position", "name", "copy_kind", "quantity", "shown_only", "required", "vault_types"]


class StepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0
    fields = ["position", "name", "role", "budget_hours", "note"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "time_value",
        "time_unit",
        "fee_vnd",
        "is_no_wait",
        "online_level",
        "is_active",
    ]
    list_filter = ["field", "is_no_wait", "online_level", "time_unit", "is_active"]
    search_fields = ["code", "name"]
    inlines = [ComponentInline, StepInline]
