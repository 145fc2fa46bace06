from django.contrib import admin

from sportello.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor_label", "municipality", "target_type", "target_id")
    list_filter = ("action", "municipality")
    readonly_fields = ("created_at", "action", "actor", "actor_label", "municipality", "target_type", "target_id", "data")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
