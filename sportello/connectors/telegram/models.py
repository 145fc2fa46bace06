"""Telegram's own record: a municipality's bot (token and webhook secret encrypted)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedTextField
from sportello.core.scoping import TenantManager

# What Telegram accepts as secret_token in setWebhook.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramBot(models.Model):
    """A bot on the Telegram Bot API. Webhooks are matched to their bot by the secret token Telegram sends back."""

    account = models.OneToOneField(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="telegram"
    )
    # The number before the colon of the token: public (it is the bot's user id), unique, used to route updates.
    bot_id = models.CharField(_("ID del bot"), max_length=20, unique=True, editable=False)
    username = models.CharField(_("nome utente del bot"), max_length=64, blank=True, help_text=_("Senza @."))
    token = EncryptedTextField(_("token del bot"), help_text=_("Quello dato da @BotFather, es. 123456:ABC-DEF…"))
    webhook_secret = EncryptedTextField(
        _("segreto del webhook"),
        help_text=_("1-256 caratteri A-Z, a-z, 0-9, _ e -: Telegram lo rimanda in ogni webhook."),
    )
    api_base_url = models.URLField(
        _("indirizzo Bot API"), blank=True, help_text=_("Vuoto: quello della configurazione (Telegram o sandbox).")
    )
    rate_per_second = models.PositiveIntegerField(
        _("messaggi al secondo"), default=30, help_text=_("Telegram accetta circa 30 messaggi al secondo per bot.")
    )
    welcome_text = models.TextField(
        _("messaggio di benvenuto"), blank=True,
        help_text=_("Inviato a chi avvia il bot (/start). Vuoto: il testo predefinito. Segnaposto: {comune}, {ufficio}."),
    )
    webhook_set_at = models.DateTimeField(_("webhook impostato il"), null=True, blank=True, editable=False)
    last_error = models.CharField(_("ultimo errore"), max_length=300, blank=True, editable=False)

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("bot Telegram")
        verbose_name_plural = _("bot Telegram")

    def __str__(self) -> str:
        name = f"@{self.username}" if self.username else f"bot {self.bot_id}"
        return f"{name} ({self.account.municipality})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        try:
            bot_id_of(self.token)
        except ValueError as exc:
            raise ValidationError({"token": _("Il token deve avere la forma 123456789:ABC-DEF…")}) from exc
        if not self.webhook_secret or not SECRET_SHAPE.fullmatch(self.webhook_secret):
            raise ValidationError({"webhook_secret": _("Da 1 a 256 caratteri tra A-Z, a-z, 0-9, _ e -.")})

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.bot_id = bot_id_of(self.token)
        super().save(*args, **kwargs)

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.account.municipality

    @property
    def base_url(self) -> str:
        return (self.api_base_url or settings.TELEGRAM_API_BASE_URL).rstrip("/")


def bot_id_of(token: str) -> str:
    """"123456:ABC-DEF" → "123456"; a token without that shape is refused."""
    head, sep, tail = (token or "").strip().partition(":")
    if not sep or not head.isdigit() or not tail:
        raise ValueError("a Telegram bot token looks like 123456789:ABC-DEF…")
    return head
