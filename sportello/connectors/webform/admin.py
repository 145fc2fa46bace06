from django.contrib import admin

from sportello.connectors.webform.models import WebForm


@admin.register(WebForm)
class WebFormAdmin(admin.ModelAdmin):
    list_display = ("__str__", "enabled", "max_attachments", "max_attachment_mb")
    list_filter = ("enabled",)
    raw_id_fields = ("account",)
