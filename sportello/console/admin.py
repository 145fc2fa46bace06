from django.contrib import admin

from sportello.console.models import CannedReply, MessageTemplate


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "category", "status", "account")
    list_filter = ("status", "category", "language")
    search_fields = ("name", "body")


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "updated_at")
    list_filter = ("municipality",)
    search_fields = ("title", "body")
