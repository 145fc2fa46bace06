from django.contrib import admin, messages
from django.utils.translation import gettext as _

from sportello.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Category,
    Department,
    DepartmentMembership,
    OfficeCalendar,
    Open311Key,
    RoutingSuggestion,
    SuggesterState,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ("code", "name", "keywords", "target_hours", "public", "attributes")


class MembershipInline(admin.TabularInline):
    model = DepartmentMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "municipality", "email", "coordinates", "fallback", "active")
    list_filter = ("municipality", "active")
    search_fields = ("name", "code")
    inlines = [CategoryInline, MembershipInline]


class EventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_state", "to_state", "text", "actor_label", "at")
    fields = readonly_fields


class AttachmentInline(admin.TabularInline):
    model = CaseAttachment
    extra = 0
    readonly_fields = ("source", "filename", "mime_type", "size", "added_by", "added_at")
    fields = ("file",) + readonly_fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "department", "state", "due_at", "created_at")
    list_filter = ("municipality", "state", "department", "source")
    search_fields = ("reference", "title")
    readonly_fields = ("reference", "year", "number", "created_at", "updated_at", "conversation", "citizen")
    exclude = ("messages", "reporter")
    inlines = [EventInline, AttachmentInline]


@admin.register(OfficeCalendar)
class OfficeCalendarAdmin(admin.ModelAdmin):
    list_display = ("municipality", "province")


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    """A new key is generated here and shown once; only its prefix is ever displayed again (not even the hash)."""

    list_display = ("name", "municipality", "prefix", "active", "last_used_at")
    fields = ("municipality", "name", "active", "prefix", "created_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            return super().save_model(request, obj, form, change)
        key, secret = Open311Key.issue(obj.municipality, obj.name)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, key.key_hash
        messages.warning(request, _("Chiave Open311 (mostrata solo ora, la copi subito): %(key)s") % {"key": secret})


@admin.register(RoutingSuggestion)
class RoutingSuggestionAdmin(admin.ModelAdmin):
    list_display = ("conversation", "created_at", "confirmed_department", "confirmed_at")
    readonly_fields = ("municipality", "conversation", "message", "message_ids", "suggestions", "case")


@admin.register(SuggesterState)
class SuggesterStateAdmin(admin.ModelAdmin):
    list_display = ("municipality", "learned", "version", "updated_at")
    readonly_fields = ("state",)


