"""A municipality's service rules, all edited in the Italian admin: office hours, holidays and closures, the
emergency switch, channel modes, redirects, keyword commands and the automatic replies they produce.

Nothing here is cached: every inbound message reads the current rows, so a change in the admin applies to the
next message without a restart.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager

PLACEHOLDERS_HELP = _(
    "Segnaposto disponibili: {comune}, {ufficio}, {riapertura} (per esempio «martedì 9 dicembre alle 9:00»), "
    "{liste}, {etichette}."
)


class ServicePolicy(models.Model):
    """The municipality-wide rules of its messaging service (one per municipality)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="service_policy",
        verbose_name=_("comune"),
    )
    preset = models.CharField(_("modello applicato"), max_length=40, blank=True, editable=False)
    # Holidays
    observe_national_holidays = models.BooleanField(_("chiuso nelle festività nazionali"), default=True)
    holidays_subdivision = models.CharField(
        _("provincia per le festività"), max_length=4, blank=True,
        help_text=_(
            "Sigla della provincia (per esempio CA, RN): aggiunge il santo patrono del capoluogo. Solo per i "
            "capoluoghi di provincia; negli altri comuni lasciare vuoto e indicare il patrono qui sotto."
        ),
    )
    patron_saint = models.CharField(_("santo patrono"), max_length=120, blank=True)
    patron_month = models.PositiveSmallIntegerField(
        _("mese del patrono"), null=True, blank=True, choices=[(m, str(m)) for m in range(1, 13)]
    )
    patron_day = models.PositiveSmallIntegerField(
        _("giorno del patrono"), null=True, blank=True, choices=[(d, str(d)) for d in range(1, 32)]
    )
    # Outside hours
    closed_reply_enabled = models.BooleanField(_("risposta automatica fuori orario"), default=True)
    closed_reply_text = models.TextField(
        _("risposta fuori orario"), blank=True,
        help_text=_("Inviata al massimo una volta per ogni periodo di chiusura. Vuoto: il testo predefinito. ")
        + PLACEHOLDERS_HELP,
    )
    emergency_active = models.BooleanField(
        _("emergenza in corso"), default=False,
        help_text=_("Il servizio resta attivo anche fuori orario («salvo emergenze»)."),
    )
    emergency_since = models.DateTimeField(_("emergenza attiva dal"), null=True, blank=True, editable=False)
    emergency_text = models.TextField(
        _("messaggio durante l'emergenza"), blank=True,
        help_text=_("Inviato fuori orario, una volta per cittadino e per emergenza. ") + PLACEHOLDERS_HELP,
    )
    # Report detection: the municipality's own words, added to the classifier's cues.
    report_keywords = models.JSONField(
        _("parole delle segnalazioni"), default=list, blank=True,
        help_text=_("Parole o frasi che indicano una segnalazione o un reclamo, per esempio [\"tombino\"]."),
    )
    booking_keywords = models.JSONField(
        _("parole delle prenotazioni"), default=list, blank=True,
        help_text=_("Parole o frasi che indicano una prenotazione, per esempio [\"fissare un appuntamento\"]."),
    )
    # Replies of the subscription service (empty: Sportello's default text).
    consent_question_text = models.TextField(
        _("domanda di consenso"), blank=True,
        help_text=_("Accompagna i pulsanti «Accetto» / «Non accetto». ") + PLACEHOLDERS_HELP,
    )
    consent_declined_text = models.TextField(_("risposta a «Non accetto»"), blank=True, help_text=PLACEHOLDERS_HELP)
    unsubscribed_text = models.TextField(_("conferma di cancellazione"), blank=True, help_text=PLACEHOLDERS_HELP)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("regole del servizio")
        verbose_name_plural = _("regole del servizio")

    def __str__(self) -> str:
        return str(self.municipality)

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Each time the switch goes on starts a new emergency (citizens get its message once per emergency).
        if self.emergency_active and self.emergency_since is None:
            self.emergency_since = timezone.now()
        elif not self.emergency_active:
            self.emergency_since = None
        super().save(*args, **kwargs)


class OpeningInterval(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("lunedì")
        TUESDAY = 1, _("martedì")
        WEDNESDAY = 2, _("mercoledì")
        THURSDAY = 3, _("giovedì")
        FRIDAY = 4, _("venerdì")
        SATURDAY = 5, _("sabato")
        SUNDAY = 6, _("domenica")

    policy = models.ForeignKey(ServicePolicy, on_delete=models.CASCADE, related_name="intervals")
    weekday = models.PositiveSmallIntegerField(_("giorno"), choices=Weekday.choices)
    opens = models.TimeField(_("apre alle"))
    closes = models.TimeField(_("chiude alle"))

    objects = TenantManager("policy__municipality")

    class Meta:
        verbose_name = _("orario di apertura")
        verbose_name_plural = _("orari di apertura")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A period the office is closed (Livorno in August), once or every year."""

    policy = models.ForeignKey(ServicePolicy, on_delete=models.CASCADE, related_name="closures")
    name = models.CharField(_("motivo"), max_length=120)
    starts = models.DateField(_("dal"))
    ends = models.DateField(_("al (compreso)"))
    every_year = models.BooleanField(_("ogni anno"), default=False, help_text=_("Ripete le stesse date ogni anno."))
    reply_text = models.TextField(
        _("risposta durante la chiusura"), blank=True,
        help_text=_("Vuoto: la risposta fuori orario. ") + PLACEHOLDERS_HELP,
    )

    objects = TenantManager("policy__municipality")

    class Meta:
        verbose_name = _("chiusura")
        verbose_name_plural = _("chiusure")
        ordering = ["starts"]

    def __str__(self) -> str:
        return self.name


class ChannelPolicy(models.Model):
    """How one number (channel account) is run."""

    class Mode(models.TextChoices):
        TWO_WAY = "two_way", _("bidirezionale (informazioni e segnalazioni)")
        INFO_ONLY = "info_only", _("solo informazioni (segnalazioni e reclami rinviati)")
        OUTBOUND_ONLY = "outbound_only", _("solo invio (i messaggi in arrivo non sono gestiti)")

    account = models.OneToOneField(
        "municipalities.ChannelAccount", on_delete=models.CASCADE, related_name="policy", verbose_name=_("canale")
    )
    mode = models.CharField(_("modalità"), max_length=20, choices=Mode.choices, default=Mode.TWO_WAY)
    report_redirect_text = models.TextField(
        _("risposta alle segnalazioni"), blank=True,
        help_text=_("Modalità «solo informazioni»: dove inviare segnalazioni e reclami. ") + PLACEHOLDERS_HELP,
    )
    outbound_only_text = models.TextField(
        _("risposta ai messaggi in arrivo"), blank=True,
        help_text=_("Modalità «solo invio»: al massimo una volta al giorno per cittadino. ") + PLACEHOLDERS_HELP,
    )

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("modalità del canale")
        verbose_name_plural = _("modalità dei canali")

    def __str__(self) -> str:
        return f"{self.account} · {self.get_mode_display()}"


class Redirect(models.Model):
    """Something not done on this channel (booking an identity card appointment…) and where to do it."""

    class Kind(models.TextChoices):
        REPORT = "report", _("segnalazioni e reclami")
        BOOKING = "booking", _("prenotazioni")

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="redirects", verbose_name=_("comune")
    )
    name = models.CharField(_("nome"), max_length=120)
    kind = models.CharField(_("tipo di richiesta"), max_length=20, choices=Kind.choices)
    topics = models.JSONField(
        _("argomenti"), default=list, blank=True,
        help_text=_("Solo se il messaggio parla di uno di questi, per esempio [\"carta d'identità\", \"residenza\"]."),
    )
    text = models.TextField(_("risposta"), help_text=PLACEHOLDERS_HELP)
    active = models.BooleanField(_("attivo"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("rinvio ad altro canale")
        verbose_name_plural = _("rinvii ad altri canali")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class KeywordCommand(models.Model):
    """A word citizens send to manage their subscriptions ("ISCRIZIONE ON", "👍", "STOP")."""

    class Action(models.TextChoices):
        SUBSCRIBE = "subscribe", _("iscrive")
        UNSUBSCRIBE = "unsubscribe", _("cancella")
        LIST = "list", _("mostra le iscrizioni")
        STOP = "stop", _("cancella da tutte le liste (stop)")

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="commands", verbose_name=_("comune")
    )
    action = models.CharField(_("azione"), max_length=20, choices=Action.choices)
    phrases = models.TextField(
        _("parole chiave"),
        help_text=_(
            "Una per riga. Maiuscole, accenti, apostrofi, spazi e punteggiatura finale non contano; le "
            "emoji valgono con ogni tonalità di pelle."
        ),
    )
    lists = models.ManyToManyField(
        "broadcasts.MailingList", blank=True, related_name="commands", verbose_name=_("liste"),
        help_text=_(
            "Le liste del comando senza etichette. Vuoto: tutte le liste attive. Con le etichette (#EMERGENZE) "
            "il cittadino sceglie tra queste."
        ),
    )
    accepts_tags = models.BooleanField(_("accetta le etichette (#LISTA)"), default=True)
    reply_text = models.TextField(
        _("risposta"), blank=True,
        help_text=_("Iscrizione: il benvenuto (dopo l'accettazione dell'informativa). ") + PLACEHOLDERS_HELP,
    )
    active = models.BooleanField(_("attivo"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("comando")
        verbose_name_plural = _("comandi")
        ordering = ["id"]

    def __str__(self) -> str:
        return " / ".join(self.phrase_list()) or self.get_action_display()

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]


class ConsentRequest(models.Model):
    """A policy sent to a citizen who asked to join lists, waiting for «Accetto» / «Non accetto»."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="consent_requests")
    account = models.ForeignKey("municipalities.ChannelAccount", on_delete=models.CASCADE)
    policy = models.ForeignKey("citizens.ConsentPolicy", on_delete=models.PROTECT, verbose_name=_("informativa"))
    lists = models.ManyToManyField("broadcasts.MailingList", verbose_name=_("liste"))
    command = models.ForeignKey(KeywordCommand, null=True, blank=True, on_delete=models.SET_NULL)
    words = models.TextField(_("richiesta del cittadino"), blank=True)
    created_at = models.DateTimeField(_("inviata il"), default=timezone.now)
    answered_at = models.DateTimeField(_("risposta il"), null=True, blank=True)
    answer = models.CharField(_("risposta"), max_length=10, blank=True)  # accepted, declined, superseded

    objects = TenantManager()

    class Meta:
        verbose_name = _("richiesta di consenso")
        verbose_name_plural = _("richieste di consenso")
        ordering = ["-created_at", "-id"]


class AutoReply(models.Model):
    """An automatic reply already sent for a period: at most one per citizen, kind and period."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("fuori orario")
        EMERGENCY = "emergency", _("emergenza")
        OUTBOUND_ONLY = "outbound_only", _("canale solo invio")

    account = models.ForeignKey("municipalities.ChannelAccount", on_delete=models.CASCADE)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="auto_replies")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("periodo"), max_length=64)
    message = models.ForeignKey("conversations.Message", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("account__municipality")

    class Meta:
        verbose_name = _("risposta automatica")
        verbose_name_plural = _("risposte automatiche")
        constraints = [
            models.UniqueConstraint(fields=["account", "citizen", "kind", "period"], name="one_auto_reply_per_period")
        ]
