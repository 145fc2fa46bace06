from django.contrib import admin

from sportello.privacy.models import PurgeRun, RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("municipality", "messages_days", "media_days", "raw_webhooks_days", "deliveries_days",
                    "audit_days", "survey_days")


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "dry_run", "counts", "problem")
    readonly_fields = ("started_at", "finished_at", "dry_run", "counts", "problem")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # runs are made by the purge, not by hand
