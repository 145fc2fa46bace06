"""Citizens and the identifiers that reach them.

A citizen exists independently of any channel; an Identity is one way to recognise and reach them (a phone
number, a WhatsApp business-scoped user id, later an e-mail address or a Telegram id). Identifier values are
encrypted; `value_index` is the keyed blind index used for lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext_lazy as _

from sportello.citizens.masking import mask_identifier
from sportello.core.fields import EncryptedTextField
from sportello.core.scoping import TenantManager


class Citizen(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="citizens", verbose_name=_("comune")
    )
    display_name = models.CharField(_("nome del profilo"), max_length=200, blank=True)
    username = models.CharField(_("nome utente"), max_length=100, blank=True)
    language = models.CharField(_("lingua"), max_length=10, default="it")
    created_at = models.DateTimeField(_("primo contatto"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("ultimo messaggio"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("bloccato il"), null=True, blank=True)
    blocked_reason = models.TextField(_("motivo del blocco"), blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("cittadino")
        verbose_name_plural = _("cittadini")

    def __str__(self) -> str:
        return self.display_name or self.username or _("Cittadino n. %(id)s") % {"id": self.pk}

    @property
    def masked_label(self) -> str:
        """What an operator sees: the profile name and a masked identifier, never the number itself."""
        identity = self.primary_identity()
        masked = identity.masked if identity else ""
        name = self.display_name or (f"@{self.username}" if self.username else "")
        return f"{name} ({masked})" if name and masked else (name or masked or str(self))

    def primary_identity(self) -> "Identity | None":
        identities = [i for i in self.identities.all() if i.active]
        for kind in (Identity.Kind.PHONE, Identity.Kind.BSUID, Identity.Kind.EMAIL, Identity.Kind.TELEGRAM):
            for identity in identities:
                if identity.kind == kind:
                    return identity
        return None


class Identity(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("telefono")
        BSUID = "bsuid", _("ID utente WhatsApp")
        EMAIL = "email", _("e-mail")
        TELEGRAM = "telegram", _("Telegram")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    value = EncryptedTextField(_("valore"))
    value_index = models.CharField(max_length=40, db_index=True)
    masked = models.CharField(_("valore mascherato"), max_length=40)
    active = models.BooleanField(_("attivo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("identificativo")
        verbose_name_plural = _("identificativi")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind", "value_index"], name="one_identity_per_value"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.masked and self.value:
            self.masked = mask_identifier(self.kind, self.value)
        super().save(*args, **kwargs)


class ConsentPolicy(models.Model):
    """A versioned policy text a citizen accepts before joining lists (privacy, contents, conduct, how to leave)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="policies")
    version = models.PositiveIntegerField(_("versione"))
    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo"))
    text_hash = models.CharField(max_length=64, editable=False)
    # Which kinds of list this version covers: a new kind needs a version that names it (no silent re-use).
    list_kinds = models.JSONField(_("tipi di lista coperti"), default=list, blank=True)
    published_at = models.DateTimeField(_("pubblicata il"), auto_now_add=True)
    active = models.BooleanField(_("in vigore"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("informativa")
        verbose_name_plural = _("informative")
        constraints = [models.UniqueConstraint(fields=["municipality", "version"], name="one_policy_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        import hashlib

        self.text_hash = hashlib.sha256(self.text.encode()).hexdigest()
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """Evidence of a citizen's choice: which policy text, when, on which channel, in their exact words."""

    class Action(models.TextChoices):
        ACCEPTED = "accepted", _("accettata")
        DECLINED = "declined", _("rifiutata")
        WITHDRAWN = "withdrawn", _("revocata")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    policy = models.ForeignKey(ConsentPolicy, null=True, blank=True, on_delete=models.PROTECT)
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    policy_hash = models.CharField(max_length=64, blank=True)
    action = models.CharField(_("scelta"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("quando"), default=timezone_now)
    channel = models.CharField(_("canale"), max_length=20, default="whatsapp")
    words = models.TextField(_("parole del cittadino"), blank=True)
    lists = models.JSONField(_("liste"), default=list, blank=True)
    source = models.CharField(_("origine"), max_length=20, default="chat")  # chat, import, console

    objects = TenantManager("citizen__municipality")

    class Meta:
        verbose_name = _("consenso")
        verbose_name_plural = _("consensi")
        ordering = ["-at"]


class CitizenLink(models.Model):
    """Two citizen records an operator confirmed to be the same person (on different channels).

    Only ever created by an operator's confirmed action, never automatically and never by name; undone by setting
    `undone_at` (the row stays as history). Consent, subscriptions and identities stay on each record: a link
    only lets staff see the person's other conversations. `a` is the lower id, so a pair has one active row.
    """

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    a = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="links_as_a")
    b = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="links_as_b")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("collegati da")
    )
    created_at = models.DateTimeField(_("collegati il"), default=timezone_now)
    undone_at = models.DateTimeField(_("scollegati il"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("scollegati da"),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("collegamento tra cittadini")
        verbose_name_plural = _("collegamenti tra cittadini")
        constraints = [
            models.CheckConstraint(condition=models.Q(a__lt=models.F("b")), name="citizen_link_ordered"),
            models.UniqueConstraint(
                fields=["a", "b"], condition=models.Q(undone_at__isnull=True), name="one_active_link_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} ↔ {self.b_id}"

    def other(self, citizen_id: int) -> int:
        return self.b_id if self.a_id == citizen_id else self.a_id
