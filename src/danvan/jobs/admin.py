from django.contrib import admin

from danvan.jobs.models import Job, JobFile


class JobFileInline(admin.TabularInline):
    model = JobFile
    extra = 0
    can_delete = False
    readonly_fields = ("name", "filename", "file", "size")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs change only through their worker."""

    list_display = ("title", "kind", "owner", "state", "done", "total", "attempts", "created_at")
    list_filter = ("state", "kind")
    search_fields = ("title", "kind", "public_id", "owner__username")
    inlines = [JobFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
