"""Moderation: per-municipality rules, what the screen found, the review queue, strikes and evidence exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.fields import EncryptedJSONField
from sportello.core.scoping import TenantManager
from sportello.moderation import conf
from sportello.moderation.screening import Category

CATEGORY_LABELS = {
    Category.VULGAR: _("linguaggio offensivo o scurrile"),
    Category.THREAT: _("minacce"),
    Category.DEFAMATION: _("diffamazione"),
    Category.THIRD_PARTY_PII: _("dati personali di terzi"),
    Category.HATE: _("attacchi a persone o gruppi"),
    Category.SPAM_LINK: _("spam o link fuori tema"),
    Category.PROMOTION: _("promozione di prodotti, servizi od organizzazioni politiche"),
    Category.COPYRIGHT: _("violazione del diritto d'autore o di marchi"),
    Category.FUNDRAISING: _("raccolta fondi"),
    Category.ILLEGAL: _("attività illegali"),
}
CATEGORY_CHOICES = [(c.value, CATEGORY_LABELS[c]) for c in Category]


class ModerationPolicy(models.Model):
    """A municipality's moderation settings (defaults from the environment, see conf.py)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="moderation_policy",
        verbose_name=_("comune"),
    )
    enabled = models.BooleanField(_("controllo automatico attivo"), default=conf.enabled_default)
    strikes_to_block = models.PositiveSmallIntegerField(
        _("violazioni prima del blocco"), default=conf.strikes_default,
        help_text=_("Dopo questo numero di violazioni il cittadino è bloccato automaticamente. 0: mai."),
    )
    strike_days = models.PositiveSmallIntegerField(
        _("validità di una violazione (giorni)"), default=conf.strike_days_default
    )
    notice_text = models.TextField(
        _("avviso sulle regole di utilizzo"), blank=True,
        help_text=_("Inviato al cittadino quando un suo messaggio viola le regole. Vuoto: il testo predefinito."),
    )
    block_notice_text = models.TextField(
        _("avviso di blocco"), blank=True,
        help_text=_("Inviato una sola volta, al momento del blocco automatico. Vuoto: il testo predefinito."),
    )
    official_ibans = models.JSONField(
        _("IBAN ufficiali del comune"), default=list, blank=True,
        help_text=_("Tesoreria e conti ufficiali per le donazioni: citarli non è mai una violazione."),
    )
    official_accounts = models.JSONField(
        _("altri canali ufficiali di pagamento"), default=list, blank=True,
        help_text=_("Indirizzi e-mail o identificativi PayPal ufficiali."),
    )
    extra_domains = models.JSONField(
        _("altri domini ammessi"), default=list, blank=True,
        help_text=_("Oltre al sito del comune e ai suoi collegamenti (per esempio [\"turismo.esempio.it\"])."),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("regole di moderazione")
        verbose_name_plural = _("regole di moderazione")

    def __str__(self) -> str:
        return str(self.municipality)


class CategoryAction(models.Model):
    """What happens, in one municipality, when the screen flags one category (absent: conf.DEFAULT_ACTIONS)."""

    policy = models.ForeignKey(ModerationPolicy, on_delete=models.CASCADE, related_name="actions")
    category = models.CharField(_("categoria"), max_length=20, choices=CATEGORY_CHOICES)
    hide = models.BooleanField(_("nascondi subito"), default=True)
    notify = models.BooleanField(_("invia l'avviso al cittadino"), default=True)
    strike = models.BooleanField(_("conta come violazione"), default=True)
    threshold = models.FloatField(
        _("soglia"), null=True, blank=True, help_text=_("Da 0 a 1. Vuoto: la soglia predefinita (0,5).")
    )

    objects = TenantManager("policy__municipality")

    class Meta:
        verbose_name = _("azione per categoria")
        verbose_name_plural = _("azioni per categoria")
        constraints = [models.UniqueConstraint(fields=["policy", "category"], name="one_action_per_category")]

    def __str__(self) -> str:
        return self.get_category_display()


class Screening(models.Model):
    """What the automatic screen said about one message (its text or caption and its documents' names)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="screening", verbose_name=_("messaggio")
    )
    flagged = models.BooleanField(_("segnalato"), default=False, db_index=True)
    categories = models.JSONField(_("categorie"), default=list, blank=True)  # flagged ones, highest score first
    top_score = models.FloatField(_("punteggio"), default=0.0)
    # Findings a safe context set aside (a place name, the sender's own number): kept to explain a non-flag.
    cleared = EncryptedJSONField(_("scartati"), blank=True, default=list)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("controllo automatico")
        verbose_name_plural = _("controlli automatici")

    def __str__(self) -> str:
        return f"#{self.message_id} {', '.join(self.categories) or '-'}"


class Finding(models.Model):
    """One category's verdict on one part of a message, with the evidence that explains the score."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    part = models.CharField(_("parte"), max_length=300)  # "text", "filename:<name>"
    category = models.CharField(_("categoria"), max_length=20, choices=CATEGORY_CHOICES)
    score = models.FloatField(_("punteggio"))
    flagged = models.BooleanField(_("oltre la soglia"))
    # The evidence quotes the message (which may name third parties): encrypted like the payload.
    evidence = EncryptedJSONField(_("elementi"), blank=True, default=list)

    objects = TenantManager("screening__municipality")

    class Meta:
        verbose_name = _("rilievo")
        verbose_name_plural = _("rilievi")
        ordering = ["-score", "id"]


class Review(models.Model):
    """A message waiting for (or having had) a moderator's decision. Quarantine = the hidden ones."""

    class State(models.TextChoices):
        PENDING = "pending", _("da esaminare")
        CONFIRMED = "confirmed", _("violazione confermata")
        RESTORED = "restored", _("ripristinato")

    class Origin(models.TextChoices):
        SCREEN = "screen", _("controllo automatico")
        STAFF = "staff", _("segnalato dallo staff")
        BLOCKED = "blocked", _("cittadino bloccato")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="review", verbose_name=_("messaggio")
    )
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("cittadino")
    )
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    state = models.CharField(_("stato"), max_length=10, choices=State.choices, default=State.PENDING)
    categories = models.JSONField(_("categorie"), default=list, blank=True)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("deciso il"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("deciso da")
    )
    decision_reason = models.TextField(_("motivazione"), blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("revisione")
        verbose_name_plural = _("coda di revisione")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["municipality", "state", "created_at"])]
        # The `moderate` capability: a user or group holding it moderates the municipalities they are staff of.
        permissions = [("moderate", _("può moderare i messaggi (quarantena, blocchi, prove)"))]

    def __str__(self) -> str:
        return f"#{self.message_id} {self.get_state_display()}"

    @property
    def category_labels(self) -> list[str]:
        return [str(CATEGORY_LABELS.get(Category(c), c)) for c in self.categories if c in Category._value2member_map_]


class Strike(models.Model):
    """One violation counted against a citizen; revoked when a moderator restores the message or unblocks."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="strikes")
    message = models.OneToOneField(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="strike"
    )
    categories = models.JSONField(_("categorie"), default=list, blank=True)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("annullata il"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("violazione")
        verbose_name_plural = _("violazioni")
        indexes = [models.Index(fields=["citizen", "revoked_at", "created_at"])]


class EvidenceExport(models.Model):
    """A record of every evidence bundle produced: who, when, why, about whom, and the bundle's fingerprint.

    The bundle itself is not kept (it holds the full phone number in clear); it can be rebuilt from the same rows.
    """

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("da")
    )
    reason = models.TextField(_("motivo"))
    citizen = models.ForeignKey(
        "citizens.Citizen", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("cittadino")
    )
    message_ids = models.JSONField(_("messaggi"), default=list)
    manifest_sha256 = models.CharField(_("impronta del manifest"), max_length=64, blank=True)
    bundle_sha256 = models.CharField(_("impronta del pacchetto"), max_length=64, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("esportazione di prove")
        verbose_name_plural = _("esportazioni di prove")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M}"
