"""Admin screens for units (villages and residential groups below a commune are added here) and
each unit's working calendar: office hours, extra days off, compensatory working Saturdays."""

from django.contrib import admin

from danvan.audit.admin import AuditedAdmin
from danvan.units.models import CalendarOverride, Unit, WorkingCalendar


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "kind", "division_type", "parent", "valid_from", "valid_to"]
    list_select_related = ["parent"]

    def audit_unit(self, obj):
        return obj


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(AuditedAdmin):
    list_display = ["unit", "periods", "paper_cutoff"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    list_display = ["day", "kind", "unit", "reason"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["unit__name", "unit__code", "reason"]
    autocomplete_fields = ["unit"]
