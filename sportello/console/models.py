"""The console's own records: canned replies, composer idempotency, real-time events.

Message templates belong to the channel that approves them (e.g. `whatsapp.MessageTemplate`); the composer
lists them through the connector.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


class CannedReply(models.Model):
    """A ready answer with variables ({nome}, {orari}, …), written by supervisors, inserted by operators."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="canned_replies", verbose_name=_("comune")
    )
    title = models.CharField(_("titolo"), max_length=120)
    body = models.TextField(_("testo"), help_text=_("Variabili: {nome}, {comune}, {ufficio}, {orari}, {operatore}."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("risposta rapida")
        verbose_name_plural = _("risposte rapide")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ComposerSubmission(models.Model):
    """One composer form, sent once: a resubmitted form (double click, retry, two tabs) finds its key here."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE)
    message = models.ForeignKey("conversations.Message", null=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TenantManager("conversation__municipality")


class ConsoleEvent(models.Model):
    """core.events published by any process (web, worker, tests), read by every console's event stream.

    The default cross-process path: rows are short-lived (pruned after SPORTELLO_EVENTS_KEEP_MINUTES), ids order
    them and double as the SSE `id:` so a reconnecting browser resumes where it left off. A batch's events share
    one row per municipality (kind "many", see `realtime.bridge.packed`).
    """

    municipality_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)


class Label(models.Model):
    """A municipality's tag for conversations ("Rifiuti", "Urgente"…), in a colour from a fixed accessible palette."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="labels", verbose_name=_("comune")
    )
    name = models.CharField(_("nome"), max_length=40)
    colour = models.CharField(_("colore"), max_length=12, default="blu")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("etichetta")
        verbose_name_plural = _("etichette")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="console_label_unique_name")]

    def __str__(self) -> str:
        return self.name


class ConversationLabel(models.Model):
    """A label on a conversation, with who put it there."""

    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="label_links"
    )
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="conversation_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager("conversation__municipality")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "label"], name="console_conversation_label_once")
        ]
