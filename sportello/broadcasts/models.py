"""Lists citizens subscribe to (alerts, public utility, news, the daily bulletin) and their subscriptions."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailingList(models.Model):
    class Category(models.TextChoices):
        EMERGENCY = "emergency", _("emergenze")
        PUBLIC_UTILITY = "public_utility", _("pubblica utilità")
        NEWS = "news", _("notizie")
        EVENTS = "events", _("eventi")
        TRAFFIC = "traffic", _("viabilità")
        WEATHER = "weather", _("meteo")
        BULLETIN = "bulletin", _("bollettino quotidiano")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="lists")
    slug = models.SlugField(_("codice"))
    name = models.CharField(_("nome"), max_length=120)
    description = models.TextField(_("descrizione"), blank=True)
    category = models.CharField(_("categoria"), max_length=20, choices=Category.choices, default=Category.NEWS)
    # Tags citizens type in commands ("#EMERGENZE"); matched after folding case, accents and apostrophes.
    tags = models.JSONField(_("etichette"), default=list, blank=True)
    # Livorno's bulletin is "explicitly not a broadcast consent": following it needs no policy acceptance.
    requires_consent = models.BooleanField(_("richiede il consenso all'informativa"), default=True)
    active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lista")
        verbose_name_plural = _("liste")
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="one_list_slug_per_town")]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="subscriptions")
    active = models.BooleanField(_("attiva"), default=True)
    subscribed_at = models.DateTimeField(_("iscritto il"), default=timezone.now)
    unsubscribed_at = models.DateTimeField(_("cancellato il"), null=True, blank=True)
    source = models.CharField(_("origine"), max_length=20, default="chat")  # chat, import, console
    consent = models.ForeignKey("citizens.ConsentRecord", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [models.UniqueConstraint(fields=["mailing_list", "citizen"], name="one_subscription_per_list")]
        indexes = [models.Index(fields=["mailing_list", "active"])]
