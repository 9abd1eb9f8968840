"""The Django admin writes the same audit log as every service (users, role grants, units, the
working calendar are changed there): `AuditedAdmin` records each add, change and delete."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from danvan.audit.registry import register
from danvan.audit.services import record

register("admin.object.created", _("Quản trị: thêm {model} «{object}»"))
register("admin.object.changed", _("Quản trị: sửa {model} «{object}» ({fields})"))
register("admin.object.deleted", _("Quản trị: xóa {model} «{object}»"))


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose writes are audited, in the transaction of the write."""

    def audit_unit(self, obj):
        """The unit whose chain the entry joins (None: the global chain)."""
        return getattr(obj, "unit", None)

    def _data(self, obj, fields=()) -> dict:
        data = {"model": str(obj._meta.verbose_name), "object": str(obj)[:200]}
        if fields:
            data["fields"] = ", ".join(sorted(fields))[:300]
        return data

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change:
                record(
                    "admin.object.changed",
                    actor=request.user,
                    unit=self.audit_unit(obj),
                    obj=obj,
                    data=self._data(obj, form.changed_data or ["—"]),
                )
            else:
                record(
                    "admin.object.created",
                    actor=request.user,
                    unit=self.audit_unit(obj),
                    obj=obj,
                    data=self._data(obj),
                )

    def _record_deleted(self, request, obj) -> None:
        record(
            "admin.object.deleted",
            actor=request.user,
            unit=self.audit_unit(obj),
            obj=obj,
            data=self._data(obj),
        )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record_deleted(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._record_deleted(request, obj)
            super().delete_queryset(request, queryset)
