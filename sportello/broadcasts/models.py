"""Lists citizens subscribe to (alerts, public utility, news, the daily bulletin) and their subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


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

    objects = TenantManager()

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
    # The channel account the citizen joined through: campaigns reach them there (and nowhere else). Empty only for
    # rows written before channels were tracked: the municipality's first active account is used for them.
    account = models.ForeignKey(
        "municipalities.ChannelAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("canale"),
    )

    objects = TenantManager("mailing_list__municipality")

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [models.UniqueConstraint(fields=["mailing_list", "citizen"], name="one_subscription_per_list")]
        indexes = [models.Index(fields=["mailing_list", "active"])]


class Campaign(models.Model):
    """One message to the members of some lists, or (with `recurrence`) a series that spawns one per occurrence."""

    class Category(models.TextChoices):
        EMERGENCY = "emergency", _("emergenza")
        PUBLIC_UTILITY = "public_utility", _("pubblica utilità")
        NEWS = "news", _("notizie")

    class State(models.TextChoices):
        DRAFT = "draft", _("bozza")
        AWAITING_APPROVAL = "awaiting_approval", _("in attesa di approvazione")
        SCHEDULED = "scheduled", _("programmata")
        SENDING = "sending", _("in invio")
        PAUSED = "paused", _("in pausa")
        DONE = "done", _("completata")
        CANCELLED = "cancelled", _("annullata")
        RECURRING = "recurring", _("ricorrente attiva")  # a series: its occurrences are the campaigns that send

    PRIORITY = {Category.EMERGENCY: 0, Category.PUBLIC_UTILITY: 5, Category.NEWS: 9}

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("titolo"), max_length=200)
    category = models.CharField(_("categoria"), max_length=20, choices=Category.choices, default=Category.NEWS)
    text = models.TextField(_("testo"), blank=True)
    link = models.URLField(_("collegamento"), blank=True)
    media = models.FileField(_("immagine o documento"), upload_to="campaigns/%Y/%m/", blank=True)
    media_kind = models.CharField(
        _("tipo di allegato"), max_length=10, blank=True,
        choices=[("image", _("immagine")), ("document", _("documento"))],
    )
    lists = models.ManyToManyField(MailingList, verbose_name=_("liste"), related_name="campaigns", blank=True)
    # Only subscribers who joined through these channels ("whatsapp", "telegram"…); empty: every channel.
    channels = models.JSONField(_("canali"), default=list, blank=True)
    # For channels that allow only an approved template at times (WhatsApp outside the 24-hour window): sent by
    # name and language on every account of that channel.
    template = models.ForeignKey(
        "whatsapp.MessageTemplate", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("modello (finestra chiusa)"),
    )
    # One entry per {{n}}: a literal or a field of the campaign: {titolo}, {testo}, {link}, {comune}, {data}.
    template_params = models.JSONField(_("parametri del modello"), default=list, blank=True)
    state = models.CharField(_("stato"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    send_at = models.DateTimeField(_("invio programmato"), null=True, blank=True)
    # {"weekdays": [1, 4], "time": "10:00"}: Monday is 0. Occurrences gather the news items queued since the last.
    recurrence = models.JSONField(_("ricorrenza"), default=dict, blank=True)
    # What an occurrence of a series says: the text as written, the news queued since the last, today's bulletin.
    source = models.CharField(
        _("contenuto"), max_length=10, default="text",
        choices=[("text", _("testo della campagna")), ("news", _("notizie in coda")), ("bulletin", _("bollettino del giorno"))],
    )
    next_run_at = models.DateTimeField(_("prossima esecuzione"), null=True, blank=True)
    series = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences", verbose_name=_("serie")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("creata da"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("approvata da"),
    )
    approved_at = models.DateTimeField(_("approvata il"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("destinatari"), default=0)
    started_at = models.DateTimeField(_("iniziata il"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminata il"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("campagna")
        verbose_name_plural = _("campagne")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def priority(self) -> int:
        return self.PRIORITY.get(self.category, 9)


class NewsItem(models.Model):
    """A news item queued for the next occurrence of a recurring news campaign."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="news")
    series = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="news_queue",
        verbose_name=_("campagna ricorrente"), help_text=_("Vuoto: la prossima campagna ricorrente del comune."),
    )
    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo"), blank=True)
    link = models.URLField(_("collegamento"), blank=True)
    queued_at = models.DateTimeField(_("in coda dal"), default=timezone.now)
    sent_in = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="news_items", editable=False
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("notizia in coda")
        verbose_name_plural = _("notizie in coda")
        ordering = ["queued_at", "id"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One citizen's copy of one campaign: the durable outbox row and the proof of what happened to it.

    States: queued → sending (claimed: a request may be in flight) → accepted (the channel answered with an id)
    → sent → delivered → read; or failed (permanent), cancelled, unknown (in doubt, not resent: see
    docs/broadcasts.md).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("in coda")
        SENDING = "sending", _("in invio")
        ACCEPTED = "accepted", _("accettato")
        SENT = "sent", _("inviato")
        DELIVERED = "delivered", _("consegnato")
        READ = "read", _("letto")
        FAILED = "failed", _("non riuscito")
        CANCELLED = "cancelled", _("annullato")
        UNKNOWN = "unknown", _("esito incerto")

    class Mode(models.TextChoices):
        FREE_FORM = "free", _("messaggio libero (finestra aperta)")
        TEMPLATE = "template", _("modello (finestra chiusa)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="deliveries")
    account = models.ForeignKey("municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField(default=9)
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.QUEUED)
    mode = models.CharField(_("modalità"), max_length=10, choices=Mode.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentativi"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    attempt_at = models.DateTimeField(_("ultimo tentativo"), null=True, blank=True)
    external_key = models.CharField(max_length=40, blank=True)
    accepted_at = models.DateTimeField(_("accettato il"), null=True, blank=True)
    sent_at = models.DateTimeField(_("inviato il"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("consegnato il"), null=True, blank=True)
    read_at = models.DateTimeField(_("letto il"), null=True, blank=True)
    failed_at = models.DateTimeField(_("non riuscito il"), null=True, blank=True)
    error_code = models.IntegerField(_("codice errore"), null=True, blank=True)
    error_title = models.CharField(_("motivo"), max_length=300, blank=True)
    # Statuses received for an earlier attempt after a later one was sent: evidence of a duplicate.
    extra_copies = models.PositiveSmallIntegerField(default=0)
    sent_attempt = models.PositiveSmallIntegerField(null=True, blank=True)  # the attempt that reached the citizen

    objects = TenantManager("campaign__municipality")

    class Meta:
        verbose_name = _("recapito")
        verbose_name_plural = _("recapiti")
        constraints = [models.UniqueConstraint(fields=["campaign", "citizen"], name="one_delivery_per_citizen")]
        indexes = [
            models.Index(fields=["priority", "id"], name="delivery_due", condition=models.Q(state="queued")),
            models.Index(fields=["claimed_until"], name="delivery_in_doubt", condition=models.Q(state="sending")),
            models.Index(fields=["campaign", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.citizen_id} {self.state}"

    @property
    def callback_data(self) -> str:
        return callback_for(self.pk, self.attempts)


CALLBACK_PREFIX = "sp-bc:"


def callback_for(delivery_id: int, attempt: int) -> str:
    """The callback data of a campaign send (echoed by the channel's statuses): the delivery and the attempt,
    nothing personal."""
    return f"{CALLBACK_PREFIX}{delivery_id}:{attempt}"


def parse_callback(data: str) -> tuple[int, int] | None:
    if not data.startswith(CALLBACK_PREFIX):
        return None
    try:
        delivery, attempt = data[len(CALLBACK_PREFIX):].split(":")
        return int(delivery), int(attempt)
    except ValueError:
        return None


class RateLedger(models.Model):
    """Per channel account, the end of the send time already reserved by sender processes: they share the rate."""

    account = models.OneToOneField("municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    reserved_until = models.FloatField(default=0.0)  # unix seconds

    objects = TenantManager("account__municipality")


class Notice(models.Model):
    """An item of the daily bulletin (Livorno's "Stato"): notices, calls and deadlines."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("avviso")
        CALL = "call", _("bando")
        DEADLINE = "deadline", _("scadenza")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo"), blank=True)
    link = models.URLField(_("collegamento"), blank=True)
    valid_from = models.DateField(_("valido dal"), default=timezone.localdate)
    valid_to = models.DateField(_("valido fino al"), null=True, blank=True)
    published = models.BooleanField(_("pubblicato"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("avviso del bollettino")
        verbose_name_plural = _("avvisi del bollettino")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return self.title
