"""Conversations, messages, attachments, delivery statuses and the raw inbound event store."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from sportello.core.scoping import TenantManager


class InboundEvent(models.Model):
    """A webhook body exactly as received (encrypted), stored before we answer 200, processed by workers."""

    class State(models.TextChoices):
        PENDING = "pending", _("da elaborare")
        DONE = "done", _("elaborato")
        FLAGGED = "flagged", _("da verificare")
        FAILED = "failed", _("errore")

    channel = models.CharField(_("canale"), max_length=20)
    received_at = models.DateTimeField(_("ricevuto"), default=timezone.now)
    body = EncryptedBinaryField(_("contenuto"))
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(_("elaborato il"), null=True, blank=True)
    problem = models.TextField(_("problema"), blank=True)
    summary = models.JSONField(_("riepilogo"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evento in arrivo")
        verbose_name_plural = _("eventi in arrivo")
        indexes = [
            models.Index(fields=["id"], name="inbound_pending", condition=Q(state="pending")),
            models.Index(fields=["state", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.channel} {self.get_state_display()}"


class ServiceWindow(models.Model):
    """When the citizen last wrote to this account. Channel-neutral data: a connector whose channel limits
    free replies to some time after the citizen's last message reads it in `check_send`; the rule is its own."""

    account = models.ForeignKey("municipalities.ChannelAccount", on_delete=models.CASCADE)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="windows")
    last_inbound_at = models.DateTimeField()

    objects = TenantManager("account__municipality")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "citizen"], name="one_window_per_pair")]


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConversationQuerySet:  # type: ignore[no-untyped-def]
        """What a staff member may read and answer (console and API alike): their municipalities' conversations,
        narrowed for department staff to those linked to their departments' cases (`sportello.cases.access`)."""
        from sportello.cases.access import conversation_filter

        return self.filter(conversation_filter(user))


class Conversation(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("aperta")
        CLOSED = "closed", _("chiusa")

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("comune")
    )
    account = models.ForeignKey(
        "municipalities.ChannelAccount", on_delete=models.PROTECT, related_name="conversations", verbose_name=_("canale")
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="conversations", verbose_name=_("cittadino")
    )
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("assegnata a")
    )
    created_at = models.DateTimeField(_("aperta il"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("ultimo messaggio"), null=True, blank=True, db_index=True)
    # Set by the first unanswered citizen message, cleared by an answer: "who has waited longest".
    waiting_since = models.DateTimeField(_("in attesa dal"), null=True, blank=True, db_index=True)
    unread_count = models.PositiveIntegerField(_("non letti"), default=0)

    objects = TenantManager(queryset=ConversationQuerySet)

    class Meta:
        verbose_name = _("conversazione")
        verbose_name_plural = _("conversazioni")
        indexes = [models.Index(fields=["municipality", "state", "waiting_since"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.citizen}"


class Message(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "in", _("ricevuto")
        OUTBOUND = "out", _("inviato")
        NOTE = "note", _("nota interna")  # staff-only, never sent

    class Status(models.TextChoices):
        RECEIVED = "received", _("ricevuto")
        QUEUED = "queued", _("in coda")
        ACCEPTED = "accepted", _("accettato")
        SENT = "sent", _("inviato")
        DELIVERED = "delivered", _("consegnato")
        READ = "read", _("letto")
        PLAYED = "played", _("ascoltato")
        FAILED = "failed", _("non riuscito")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direzione"), max_length=4, choices=Direction.choices)
    kind = models.CharField(_("tipo"), max_length=20)
    original_type = models.CharField(max_length=40, blank=True)
    text = models.TextField(_("testo"), blank=True)
    payload = EncryptedJSONField(_("dettagli"), blank=True, default=dict)
    external_id = EncryptedTextField(blank=True)
    # Blind index of the channel's message id: some channels' ids encode the sender's address, so none is stored clear.
    external_key = models.CharField(max_length=40, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("inviato il"), default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    forwarded = models.BooleanField(_("inoltrato"), default=False)
    frequently_forwarded = models.BooleanField(_("inoltrato molte volte"), default=False)
    edited_at = models.DateTimeField(_("modificato il"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("eliminato dal mittente il"), null=True, blank=True)
    # Moderation: a hidden message is out of the inbox and kept in quarantine for moderators.
    hidden_at = models.DateTimeField(_("nascosto il"), null=True, blank=True)
    hidden_reason = models.CharField(_("motivo"), max_length=200, blank=True)
    # The InboundEvent that carried this message (no foreign key: on SQLite events live in another database).
    # Evidence bundles include that raw body.
    inbound_event_id = models.BigIntegerField(_("evento in arrivo"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("autore")
    )
    status = models.CharField(_("stato"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    status_at = models.DateTimeField(null=True, blank=True)
    error_code = models.IntegerField(_("codice errore"), null=True, blank=True)
    error_title = models.CharField(_("errore"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    callback_data = models.CharField(max_length=64, blank=True, db_index=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("messaggio")
        verbose_name_plural = _("messaggi")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_key"], condition=~Q(external_key=""), name="one_message_per_id"
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], name="outbox_due", condition=Q(status="queued")),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.direction} {self.kind}"

    @property
    def is_inbound(self) -> bool:
        return self.direction == self.Direction.INBOUND


class Attachment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("da scaricare")
        READY = "ready", _("disponibile")
        FAILED = "failed", _("download non riuscito")
        REJECTED = "rejected", _("rifiutato")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("tipo"), max_length=20)
    media_id = models.CharField(max_length=120, blank=True)
    mime_type = models.CharField(max_length=120, blank=True)
    filename = models.CharField(_("nome del file"), max_length=255, blank=True)
    declared_sha256 = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("dimensione"), null=True, blank=True)
    voice = models.BooleanField(_("nota vocale"), default=False)
    file = models.FileField(upload_to="attachments/%Y/%m/", blank=True)
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    last_error = models.CharField(_("ultimo errore"), max_length=300, blank=True)

    objects = TenantManager("message__municipality")

    class Meta:
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")

    def __str__(self) -> str:
        return self.filename or f"{self.kind} #{self.pk}"


class DeliveryStatus(models.Model):
    """Each status the channel reported for one of our messages; the message keeps the highest one."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="statuses")
    # Statuses may arrive before we recorded the send's id; they wait here, matched by key, until we do.
    external_key = models.CharField(max_length=40, db_index=True)
    status = models.CharField(max_length=10)
    at = models.DateTimeField()
    error_code = models.IntegerField(null=True, blank=True)
    error_title = models.CharField(max_length=300, blank=True)
    callback_data = models.CharField(max_length=64, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("stato di consegna")
        verbose_name_plural = _("stati di consegna")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "external_key", "status"], name="one_status_per_kind")
        ]
