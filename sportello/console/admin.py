from django.contrib import admin

from sportello.console.models import CannedReply


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "updated_at")
    list_filter = ("municipality",)
    search_fields = ("title", "body")
