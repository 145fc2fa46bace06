"""WhatsApp's own records: a municipality's Cloud API number (with its secrets) and its message templates."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedTextField
from sportello.core.scoping import TenantManager

TEMPLATE_PARAMETER = re.compile(r"\{\{(\d+)\}\}")


class WhatsAppNumber(models.Model):
    """A WhatsApp Business number on the Cloud API. Inbound events are routed by phone_number_id."""

    account = models.OneToOneField(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="whatsapp"
    )
    phone_number_id = models.CharField(_("phone number ID"), max_length=40, unique=True)
    display_phone_number = models.CharField(_("numero visualizzato"), max_length=40)
    waba_id = models.CharField(_("WhatsApp Business Account ID"), max_length=40, blank=True)
    access_token = EncryptedTextField(_("token di accesso"))
    app_secret = EncryptedTextField(_("app secret"))
    verify_token = EncryptedTextField(_("verify token"))
    api_base_url = models.URLField(
        _("indirizzo Graph API"), blank=True, help_text=_("Vuoto: quello della configurazione (Meta o sandbox).")
    )
    throughput_per_second = models.PositiveIntegerField(_("messaggi al secondo"), default=80)
    # The last synchronisation of the templates from Meta (template_sync.py): when, and what went wrong if it failed.
    templates_synced_at = models.DateTimeField(_("modelli sincronizzati il"), null=True, blank=True, editable=False)
    templates_sync_tried_at = models.DateTimeField(null=True, blank=True, editable=False)
    templates_sync_error = models.CharField(
        _("errore di sincronizzazione dei modelli"), max_length=300, blank=True, editable=False
    )

    objects = TenantManager("account__municipality")

    class Meta:
        db_table = "municipalities_whatsappnumber"  # moved from the municipalities app; the table stays
        verbose_name = _("numero WhatsApp")
        verbose_name_plural = _("numeri WhatsApp")

    def __str__(self) -> str:
        return f"{self.display_phone_number} ({self.account.municipality})"

    @property
    def municipality(self):  # type: ignore[no-untyped-def]
        return self.account.municipality

    @property
    def graph_base_url(self) -> str:
        return (self.api_base_url or settings.WHATSAPP_API_BASE_URL).rstrip("/")


class MessageTemplate(models.Model):
    """A message template of one WhatsApp number, as Meta knows it: the only way to write outside the 24-hour
    window. The one registry of templates: the console's composer, case notifications and campaigns all use it;
    it is synchronised from Meta (and from template status webhooks)."""

    class Category(models.TextChoices):
        UTILITY = "utility", _("Servizio")
        MARKETING = "marketing", _("Promozionale")
        AUTHENTICATION = "authentication", _("Autenticazione")

    class Status(models.TextChoices):
        APPROVED = "approved", _("approvato")
        PENDING = "pending", _("in revisione")
        REJECTED = "rejected", _("rifiutato")
        PAUSED = "paused", _("sospeso")
        DISABLED = "disabled", _("disattivato")
        DELETED = "deleted", _("eliminato")  # no longer listed by Meta; the row stays for campaigns that named it

    class HeaderKind(models.TextChoices):
        NONE = "", _("nessuna")
        TEXT = "text", _("testo")
        IMAGE = "image", _("immagine")
        DOCUMENT = "document", _("documento")
        VIDEO = "video", _("video")

    account = models.ForeignKey(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="templates",
        verbose_name=_("numero WhatsApp"),
    )
    name = models.CharField(_("nome"), max_length=512, help_text=_("Il nome registrato su WhatsApp, es. risposta_urp."))
    language = models.CharField(_("lingua"), max_length=16, default="it")
    category = models.CharField(_("categoria"), max_length=20, choices=Category.choices, default=Category.UTILITY)
    header = models.CharField(_("intestazione"), max_length=10, choices=HeaderKind.choices, blank=True, default="")
    body = models.TextField(_("testo"), help_text=_("Con i parametri {{1}}, {{2}}, … come approvato da WhatsApp."))
    footer = models.CharField(_("piè di pagina"), max_length=60, blank=True)
    components = models.JSONField(_("componenti"), default=list, blank=True, help_text=_("Come li descrive Meta."))
    status = models.CharField(_("stato"), max_length=10, choices=Status.choices, default=Status.PENDING)
    meta_id = models.CharField(_("ID su Meta"), max_length=40, blank=True)
    rejected_reason = models.CharField(_("motivo del rifiuto"), max_length=200, blank=True)
    quality = models.CharField(_("qualità"), max_length=10, blank=True)  # Meta's GREEN, YELLOW, RED, UNKNOWN
    synced_at = models.DateTimeField(_("sincronizzato il"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("modello WhatsApp")
        verbose_name_plural = _("modelli WhatsApp")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name", "language"], name="whatsapp_one_template_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def parameter_count(self) -> int:
        return max((int(n) for n in TEMPLATE_PARAMETER.findall(self.body)), default=0)

    @property
    def parameter_numbers(self) -> list[int]:
        return list(range(1, self.parameter_count + 1))

    def render(self, parameters: list[str]) -> str:
        return TEMPLATE_PARAMETER.sub(
            lambda m: parameters[int(m.group(1)) - 1] if int(m.group(1)) <= len(parameters) else m.group(0), self.body
        )

    @property
    def header_text(self) -> str:
        """The header's words, for a text header (from Meta's components)."""
        for component in self.components or []:
            if isinstance(component, dict) and str(component.get("type", "")).upper() == "HEADER":
                return str(component.get("text", "")) if str(component.get("format", "")).upper() == "TEXT" else ""
        return ""

    @property
    def buttons(self) -> list[str]:
        """The buttons' words, as the citizen sees them (from Meta's components)."""
        for component in self.components or []:
            if isinstance(component, dict) and str(component.get("type", "")).upper() == "BUTTONS":
                return [str(b.get("text", "")) for b in component.get("buttons", []) if isinstance(b, dict)]
        return []


class MessagingTier(models.Model):
    """The business portfolio's messaging limit: unique users reached outside the 24-hour window per rolling 24 h.
    Applied by the campaign path (`campaigns.py`) to template sends; moved from the broadcasts app (same table)."""

    class Tier(models.IntegerChoices):
        T250 = 250, "250"
        T2K = 2000, "2.000"
        T10K = 10000, "10.000"
        T100K = 100000, "100.000"
        UNLIMITED = 0, _("illimitato")

    number = models.OneToOneField(
        WhatsAppNumber, on_delete=models.CASCADE, related_name="messaging_tier", verbose_name=_("numero"),
    )
    tier = models.IntegerField(_("limite di messaggi"), choices=Tier.choices, default=Tier.T250)

    objects = TenantManager("number__account__municipality")

    class Meta:
        db_table = "broadcasts_messagingtier"
        verbose_name = _("limite di messaggi")
        verbose_name_plural = _("limiti di messaggi")

    @property
    def limit(self) -> int | None:
        return self.tier or None


class TierUsage(models.Model):
    """Templates sent per number per hour (a conservative count of unique users reached outside the window)."""

    number = models.ForeignKey(WhatsAppNumber, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    objects = TenantManager("number__account__municipality")

    class Meta:
        db_table = "broadcasts_tierusage"
        constraints = [models.UniqueConstraint(fields=["number", "hour"], name="one_usage_per_hour")]
