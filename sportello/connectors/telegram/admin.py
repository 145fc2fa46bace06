from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.connectors.admin_forms import WriteOnlySecretsForm
from sportello.connectors.telegram.models import TelegramBot


class TelegramBotForm(WriteOnlySecretsForm):
    secrets = ("token", "webhook_secret")

    token = forms.CharField(label=_("token del bot"), required=False, widget=forms.PasswordInput)
    webhook_secret = forms.CharField(label=_("segreto del webhook"), required=False, widget=forms.PasswordInput)

    class Meta:
        model = TelegramBot
        fields = ["account", "username", "token", "webhook_secret", "api_base_url", "rate_per_second", "welcome_text"]


@admin.register(TelegramBot)
class TelegramBotAdmin(admin.ModelAdmin):
    form = TelegramBotForm
    list_display = ["__str__", "bot_id", "webhook_set_at", "last_error"]
    readonly_fields = ["bot_id", "webhook_set_at", "last_error"]
