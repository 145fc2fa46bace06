"""The audit log: every access to personal data and every decision, with who, when and what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    action = models.CharField(_("azione"), max_length=100, db_index=True)  # dotted: "citizen.phone_revealed"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chi"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("attore"), max_length=150, blank=True)  # "system", "api-token:ab12", …
    municipality = models.ForeignKey(
        "municipalities.Municipality", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("comune")
    )
    target_type = models.CharField(_("tipo oggetto"), max_length=60, blank=True)
    target_id = models.CharField(_("oggetto"), max_length=60, blank=True)
    data = models.JSONField(_("dettagli"), default=dict, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("voce del registro")
        verbose_name_plural = _("registro delle attività")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
