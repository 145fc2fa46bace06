"""Municipalities (the tenants), the channel accounts they own, and the staff who work for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


class Municipality(models.Model):
    slug = models.SlugField(_("codice"), unique=True)
    name = models.CharField(_("nome"), max_length=120)
    office_name = models.CharField(_("nome dell'ufficio"), max_length=120, default="URP")
    timezone = models.CharField(_("fuso orario"), max_length=60, default="Europe/Rome")
    email = models.EmailField(_("e-mail"), blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    phone = models.CharField(_("telefono"), max_length=40, blank=True)
    website = models.URLField(_("sito web"), blank=True)
    address = models.CharField(_("indirizzo"), max_length=200, blank=True)
    languages = models.JSONField(_("lingue"), default=list, blank=True, help_text=_("Per esempio [\"it\", \"en\"]."))
    links = models.JSONField(_("collegamenti"), default=dict, blank=True, help_text=_("Nome → indirizzo."))
    # Off by default: department staff read and answer only the conversations linked to their departments' cases.
    department_staff_see_all_conversations = models.BooleanField(
        _("il personale dei servizi vede tutte le conversazioni"), default=False, db_default=False,
        help_text=_("Se disattivato, chi lavora in un servizio vede solo le conversazioni collegate alle pratiche "
                    "del proprio servizio."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChannelAccount(models.Model):
    """One way citizens reach a municipality. The channel's own details (numbers, secrets, mailboxes) live in its
    connector's account model, reached through this row (e.g. `account.whatsapp`)."""

    class Channel(models.TextChoices):
        WHATSAPP = "whatsapp", "WhatsApp"
        EMAIL = "email", _("E-mail")
        WEBFORM = "webform", _("Modulo web")
        TELEGRAM = "telegram", "Telegram"
        PHONE = "phone", _("Telefono")
        DESK = "desk", _("Sportello fisico")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="accounts")
    channel = models.CharField(_("canale"), max_length=20, choices=Channel.choices)
    label = models.CharField(_("nome"), max_length=120)
    active = models.BooleanField(_("attivo"), default=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("canale")
        verbose_name_plural = _("canali")

    def __str__(self) -> str:
        return f"{self.municipality} · {self.label}"


class StaffMembership(models.Model):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operatore")
        SUPERVISOR = "supervisor", _("Supervisore")
        ADMINISTRATOR = "administrator", _("Amministratore")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices, default=Role.OPERATOR)

    objects = TenantManager()

    class Meta:
        verbose_name = _("membro dello staff")
        verbose_name_plural = _("staff")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_town")]

    def __str__(self) -> str:
        return f"{self.user} · {self.municipality} · {self.get_role_display()}"
