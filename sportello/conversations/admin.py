from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.conversations.models import Attachment, Conversation, InboundEvent, Message


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("kind", "filename", "mime_type", "size", "state", "attempts", "last_error")
    readonly_fields = fields
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("id", "municipality", "citizen_label", "state", "waiting_since", "unread_count", "last_message_at")
    list_filter = ("municipality", "state")
    raw_id_fields = ("citizen", "assigned_to")

    @admin.display(description=_("cittadino"))
    def citizen_label(self, obj: Conversation) -> str:
        return obj.citizen.masked_label


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("id", "conversation", "direction", "kind", "text", "status", "error_title", "sent_at")
    list_filter = ("direction", "kind", "status", "municipality")
    search_fields = ("text",)
    exclude = ("payload", "external_id", "external_key", "callback_data", "claimed_until")
    raw_id_fields = ("conversation", "reply_to", "author")
    inlines = [AttachmentInline]


@admin.register(InboundEvent)
class InboundEventAdmin(admin.ModelAdmin):
    """Administrators see what could not be understood; the body stays encrypted and is not shown here."""

    list_display = ("id", "channel", "received_at", "state", "attempts", "problem")
    list_filter = ("state", "channel")
    exclude = ("body",)
    readonly_fields = ("channel", "received_at", "state", "attempts", "processed_at", "problem", "summary")
