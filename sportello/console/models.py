"""The console's own records: canned replies, WhatsApp message templates, composer idempotency, real-time events."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEMPLATE_PARAMETER = re.compile(r"\{\{(\d+)\}\}")


class CannedReply(models.Model):
    """A ready answer with variables ({nome}, {orari}, …), written by supervisors, inserted by operators."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="canned_replies", verbose_name=_("comune")
    )
    title = models.CharField(_("titolo"), max_length=120)
    body = models.TextField(_("testo"), help_text=_("Variabili: {nome}, {comune}, {ufficio}, {orari}, {operatore}."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risposta rapida")
        verbose_name_plural = _("risposte rapide")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class MessageTemplate(models.Model):
    """A WhatsApp message template of one number: the only way to write once the 24-hour window has closed."""

    class Category(models.TextChoices):
        UTILITY = "utility", _("Servizio")
        MARKETING = "marketing", _("Promozionale")
        AUTHENTICATION = "authentication", _("Autenticazione")

    class Status(models.TextChoices):
        APPROVED = "approved", _("approvato")
        PENDING = "pending", _("in revisione")
        REJECTED = "rejected", _("rifiutato")

    account = models.ForeignKey(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="message_templates",
        verbose_name=_("numero WhatsApp"),
    )
    name = models.CharField(_("nome"), max_length=512, help_text=_("Il nome registrato su WhatsApp, es. risposta_urp."))
    language = models.CharField(_("lingua"), max_length=10, default="it")
    category = models.CharField(_("categoria"), max_length=20, choices=Category.choices, default=Category.UTILITY)
    body = models.TextField(_("testo"), help_text=_("Con i parametri {{1}}, {{2}}, … come approvato da WhatsApp."))
    status = models.CharField(_("stato"), max_length=10, choices=Status.choices, default=Status.PENDING)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modello WhatsApp")
        verbose_name_plural = _("modelli WhatsApp")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name", "language"], name="console_one_template_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

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


class ComposerSubmission(models.Model):
    """One composer form, sent once: a resubmitted form (double click, retry, two tabs) finds its key here."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE)
    message = models.ForeignKey("conversations.Message", null=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)


class ConsoleEvent(models.Model):
    """core.events published by any process (web, worker, tests), read by every console's event stream.

    The default cross-process path: rows are short-lived (pruned after SPORTELLO_EVENTS_KEEP_MINUTES), ids order
    them and double as the SSE `id:` so a reconnecting browser resumes where it left off.
    """

    municipality_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
