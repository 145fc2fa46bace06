from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.connectors.telegram.models import TelegramBot

SECRETS = ("token", "webhook_secret")


class TelegramBotForm(forms.ModelForm):
    """Secrets are write-only: the page never shows them; an empty field keeps the stored value."""

    token = forms.CharField(label=_("token del bot"), required=False, widget=forms.PasswordInput)
    webhook_secret = forms.CharField(label=_("segreto del webhook"), required=False, widget=forms.PasswordInput)

    class Meta:
        model = TelegramBot
        fields = ["account", "username", "token", "webhook_secret", "api_base_url", "rate_per_second", "welcome_text"]

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in SECRETS:
            self.initial[name] = ""
            if not self.instance.pk:
                self.fields[name].required = True
            else:
                self.fields[name].help_text = _("Lasciare vuoto per non cambiarlo.")

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        for name in SECRETS:
            if not data.get(name) and self.instance.pk:
                data[name] = getattr(TelegramBot.objects.get(pk=self.instance.pk), name)
        return data


@admin.register(TelegramBot)
class TelegramBotAdmin(admin.ModelAdmin):
    form = TelegramBotForm
    list_display = ["__str__", "bot_id", "webhook_set_at", "last_error"]
    readonly_fields = ["bot_id", "webhook_set_at", "last_error"]
