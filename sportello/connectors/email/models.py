"""E-mail's own record: a municipality's mailbox (often a PEC), read over IMAP and answered over SMTP."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedBinaryField, EncryptedTextField
from sportello.core.scoping import TenantManager


class Mailbox(models.Model):
    """The URP's address. Inbound events carry its id as their account reference."""

    account = models.OneToOneField(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="mailbox"
    )
    # The office's own public address (not personal data): From of every reply, and how loops are recognised.
    address = models.EmailField(_("indirizzo"))
    display_name = models.CharField(_("nome visualizzato"), max_length=120, blank=True)
    imap_url = EncryptedTextField(
        _("server IMAP"), blank=True, help_text=_("Per esempio imaps://utente:password@host:993/INBOX.")
    )
    smtp_url = EncryptedTextField(
        _("server SMTP"), help_text=_("Per esempio smtp://utente:password@host:587 oppure smtps://…:465.")
    )
    folder = models.CharField(_("cartella"), max_length=200, default="INBOX")
    done_folder = models.CharField(
        _("cartella dei messaggi acquisiti"), max_length=200, blank=True,
        help_text=_("Vuoto: i messaggi acquisiti restano nella cartella e sono segnati come letti."),
    )
    is_pec = models.BooleanField(_("PEC"), default=False)
    default_subject = models.CharField(_("oggetto predefinito"), max_length=200, blank=True)
    rate_per_second = models.FloatField(_("messaggi al secondo"), default=5.0)
    poll_seconds = models.PositiveIntegerField(
        _("intervallo di controllo (s)"), default=60, help_text=_("Se il server non offre IDLE.")
    )
    uid_validity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_polled_at = models.DateTimeField(_("ultimo controllo"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("ultimo errore"), blank=True, editable=False)

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("casella di posta")
        verbose_name_plural = _("caselle di posta")

    def __str__(self) -> str:
        return f"{self.address} ({self.account.municipality})"

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.account.municipality

    @property
    def from_header(self) -> str:
        from email.headerregistry import Address

        return str(Address(self.display_name or self.account.municipality.office_name, addr_spec=self.address))


class CapturedEmail(models.Model):
    """An e-mail the office sent while SPORTELLO_EMAIL_CAPTURE is on (the demo's sandbox has no mail server):
    kept, encrypted, for the sandbox e-mail page to show."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="captured")
    created_at = models.DateTimeField(auto_now_add=True)
    raw = EncryptedBinaryField(_("messaggio"))

    objects = TenantManager("mailbox__account__municipality")

    class Meta:
        verbose_name = _("e-mail trattenuta (sandbox)")
        verbose_name_plural = _("e-mail trattenute (sandbox)")
        ordering = ["-created_at"]
