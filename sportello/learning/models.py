"""Each municipality's adapters on top of the shipped models, learned from its staff's confirmed decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


class LearnedState(models.Model):
    """One adapter (see adapter.py) for one task in one municipality; `version` grows with every decision."""

    class Task(models.TextChoices):
        MODERATION = "moderation", _("moderazione")
        INTENT = "intent", _("segnalazioni e prenotazioni")
        ROUTING = "routing", _("smistamento agli uffici")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE)
    task = models.CharField(_("compito"), max_length=20, choices=Task.choices)
    state = models.JSONField(_("stato"), default=dict, blank=True)
    learned = models.PositiveIntegerField(_("decisioni apprese"), default=0)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("modello appreso")
        verbose_name_plural = _("modelli appresi")
        constraints = [models.UniqueConstraint(fields=["municipality", "task"], name="one_learned_state_per_task")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.task} ({self.learned})"
