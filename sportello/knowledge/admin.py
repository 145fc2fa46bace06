from django.contrib import admin

from sportello.knowledge.models import Entry, Settings, Use


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "department", "active", "times_inserted", "times_answered", "updated_at")
    list_filter = ("municipality", "active")
    search_fields = ("title", "question", "answer")
    readonly_fields = ("times_suggested", "times_inserted", "times_answered", "last_used_at", "updated_by")


@admin.register(Use)
class UseAdmin(admin.ModelAdmin):
    list_display = ("entry", "kind", "municipality", "confidence", "handed_over_at", "created_at")
    list_filter = ("kind", "municipality")
    readonly_fields = [f.name for f in Use._meta.fields]


@admin.register(Settings)
class SettingsAdmin(admin.ModelAdmin):
    list_display = ("municipality", "auto_answers")
