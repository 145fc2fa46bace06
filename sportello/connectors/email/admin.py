from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.connectors.admin_forms import WriteOnlySecretsForm
from sportello.connectors.email.endpoints import BadMailURL, parse_imap_url, parse_smtp_url
from sportello.connectors.email.models import CapturedEmail, Mailbox


class MailboxForm(WriteOnlySecretsForm):
    """The server URLs carry passwords."""

    secrets = ("imap_url", "smtp_url")
    required_on_create = ("smtp_url",)

    imap_url = forms.CharField(label=_("server IMAP"), required=False, widget=forms.PasswordInput,
                               help_text=_("Per esempio imaps://utente:password@host:993/INBOX."))
    smtp_url = forms.CharField(label=_("server SMTP"), required=False, widget=forms.PasswordInput,
                               help_text=_("Per esempio smtp://utente:password@host:587 oppure smtps://…:465."))

    class Meta:
        model = Mailbox
        fields = "__all__"

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        for name, check in (("imap_url", parse_imap_url), ("smtp_url", parse_smtp_url)):
            if data.get(name):
                try:
                    check(data[name])
                except BadMailURL as exc:
                    self.add_error(name, str(exc))
        return data


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("address", "account", "is_pec", "last_polled_at", "last_error")
    readonly_fields = ("last_uid", "uid_validity", "last_polled_at", "last_error")


@admin.register(CapturedEmail)
class CapturedEmailAdmin(admin.ModelAdmin):
    list_display = ("mailbox", "created_at")
    readonly_fields = ("mailbox", "created_at")
    exclude = ("raw",)
