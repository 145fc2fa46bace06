"""A municipality's knowledge base: entries (question, answer, department, tags), how they were used, and the
municipality's choice about automatic answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager

ANSWER_LIMIT = 3500  # leaves room, within a WhatsApp text, for the words that say the answer is automatic


class Entry(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="knowledge_entries",
        verbose_name=_("comune"),
    )
    title = models.CharField(_("titolo"), max_length=200, help_text=_("Breve, per riconoscere la voce negli elenchi."))
    question = models.CharField(_("domanda"), max_length=300, help_text=_("La domanda come la farebbe un cittadino."))
    alternatives = models.TextField(
        _("altre formulazioni"), blank=True, help_text=_("Altri modi di fare la stessa domanda, uno per riga (facoltativo)."),
    )
    answer = models.TextField(
        _("risposta"), max_length=ANSWER_LIMIT,
        help_text=_("Il testo inviato al cittadino. Variabili: {comune}, {ufficio}, {telefono}, {email}, {sito}."),
    )
    department = models.ForeignKey(
        "cases.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="knowledge_entries",
        verbose_name=_("servizio"),
    )
    tags = models.JSONField(_("parole chiave"), default=list, blank=True)
    active = models.BooleanField(_("attiva"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("aggiornata da"),
    )
    # Usage statistics, kept on the row so the editor lists them without counting.
    times_suggested = models.PositiveIntegerField(_("proposta agli operatori"), default=0)
    times_inserted = models.PositiveIntegerField(_("inserita dagli operatori"), default=0)
    times_answered = models.PositiveIntegerField(_("risposte automatiche"), default=0)
    last_used_at = models.DateTimeField(_("ultimo uso"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("voce della base di conoscenza")
        verbose_name_plural = _("base di conoscenza")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["municipality", "active"])]

    def __str__(self) -> str:
        return self.title

    @property
    def questions(self) -> list[str]:
        return [self.question] + [line.strip() for line in self.alternatives.splitlines() if line.strip()]


class Use(models.Model):
    """One use of an entry for a citizen's message: inserted by an operator, or sent automatically.

    `terms` keeps the stems of the citizen's question, not its text: enough to learn from, nothing to read.
    """

    class Kind(models.TextChoices):
        INSERTED = "inserted", _("inserita da un operatore")
        AUTOMATIC = "automatic", _("risposta automatica")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="uses")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "conversations.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("Il messaggio del cittadino a cui la voce ha risposto."),
    )
    reply = models.ForeignKey(
        "conversations.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    terms = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True, help_text=_("Il cittadino ha chiesto un operatore."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("uso di una voce")
        verbose_name_plural = _("usi delle voci")
        ordering = ["-id"]
        indexes = [models.Index(fields=["municipality", "kind"]), models.Index(fields=["conversation", "kind"])]


class Settings(models.Model):
    class AutoAnswers(models.TextChoices):
        NEVER = "never", _("mai")
        OUT_OF_HOURS = "out_of_hours", _("solo fuori dall'orario di apertura")
        ALWAYS = "always", _("sempre")

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="knowledge_settings"
    )
    auto_answers = models.CharField(
        _("risposte automatiche"), max_length=16, choices=AutoAnswers.choices, default=AutoAnswers.NEVER,
        help_text=_("Quando rispondere da soli, con una voce della base di conoscenza, alle domande dei cittadini "
                    "di cui il sistema è molto sicuro. La risposta dice che è automatica e offre sempre un operatore."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("impostazioni della base di conoscenza")
        verbose_name_plural = _("impostazioni della base di conoscenza")

    def __str__(self) -> str:
        return str(self.municipality)
