from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.connectors.admin_forms import WriteOnlySecretsForm
from sportello.connectors.whatsapp.models import MessageTemplate, MessagingTier, WhatsAppNumber


class WhatsAppNumberForm(WriteOnlySecretsForm):
    secrets = ("access_token", "app_secret", "verify_token")

    access_token = forms.CharField(label=_("token di accesso"), required=False, widget=forms.PasswordInput)
    app_secret = forms.CharField(label=_("app secret"), required=False, widget=forms.PasswordInput)
    verify_token = forms.CharField(label=_("verify token"), required=False, widget=forms.PasswordInput)

    class Meta:
        model = WhatsAppNumber
        fields = "__all__"


@admin.register(WhatsAppNumber)
class WhatsAppNumberAdmin(admin.ModelAdmin):
    form = WhatsAppNumberForm
    list_display = ("display_phone_number", "account", "throughput_per_second")


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Templates come from Meta (template_sync, webhooks): what Meta decides is shown, never set by hand here."""

    list_display = ("name", "language", "category", "status", "account", "synced_at")
    list_filter = ("status", "category")
    readonly_fields = ("status", "rejected_reason", "quality", "meta_id", "synced_at", "components")


@admin.register(MessagingTier)
class MessagingTierAdmin(admin.ModelAdmin):
    """The number's messaging limit (Meta's tier), applied by the campaign sender to template sends."""

    list_display = ("number", "tier")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        from sportello.municipalities.scoping import municipalities_for

        return super().get_queryset(request).filter(number__account__municipality__in=municipalities_for(request.user))
