"""Privacy state of a citizen (restriction, objection), retention settings per municipality, purge runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager

# Defaults documented in docs/privacy.md; each can be changed per municipality (admin, "Data retention").
DEFAULT_RETENTION_DAYS: dict[str, int] = {
    "messages": 730,  # two years after the last message of a closed conversation
    "media": 365,  # files are heavier and more revealing than text: one year
    "raw_webhooks": 30,  # the raw bodies only serve to re-process or investigate: one month
    "deliveries": 90,  # per-recipient broadcast rows and channel statuses: a quarter, for delivery reports
    "audit": 730,  # who read or changed personal data: two years
    "survey": 365,  # satisfaction answers: one year (the aggregated statistics are kept)
}


def _default(kind: str) -> int:
    return int(getattr(settings, "SPORTELLO_RETENTION_DAYS", {}).get(kind, DEFAULT_RETENTION_DAYS[kind]))


# Named functions, not lambdas: migrations serialise field defaults by reference.
def default_messages_days() -> int:
    return _default("messages")


def default_media_days() -> int:
    return _default("media")


def default_raw_webhooks_days() -> int:
    return _default("raw_webhooks")


def default_deliveries_days() -> int:
    return _default("deliveries")


def default_audit_days() -> int:
    return _default("audit")


def default_survey_days() -> int:
    return _default("survey")


class CitizenPrivacy(models.Model):
    """What the data subject asked: restriction of processing (art. 18) and objection to broadcasts (art. 21)."""

    citizen = models.OneToOneField("citizens.Citizen", on_delete=models.CASCADE, related_name="privacy")
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)
    restriction_reason = models.TextField(_("reason for the restriction"), blank=True)
    objected_at = models.DateTimeField(_("objected to broadcasts since"), null=True, blank=True)

    objects = TenantManager("citizen__municipality")

    class Meta:
        verbose_name = _("citizen's privacy state")
        verbose_name_plural = _("citizens' privacy states")


class RetentionPolicy(models.Model):
    """How long each kind of personal data is kept in one municipality, in days (0: never purged)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="retention", verbose_name=_("municipality")
    )
    messages_days = models.PositiveIntegerField(_("messages (days)"), default=default_messages_days)
    media_days = models.PositiveIntegerField(_("media (days)"), default=default_media_days)
    raw_webhooks_days = models.PositiveIntegerField(
        _("raw webhook bodies (days)"), default=default_raw_webhooks_days
    )
    deliveries_days = models.PositiveIntegerField(_("delivery rows (days)"), default=default_deliveries_days)
    audit_days = models.PositiveIntegerField(_("audit log (days)"), default=default_audit_days)
    survey_days = models.PositiveIntegerField(_("survey answers (days)"), default=default_survey_days)

    objects = TenantManager()

    class Meta:
        verbose_name = _("data retention")
        verbose_name_plural = _("data retention")

    def days(self, kind: str) -> int:
        return int(getattr(self, f"{kind}_days"))


class PurgeRun(models.Model):
    """One run of the retention purge: what it removed, per data kind (a dry run counts without removing)."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    counts = models.JSONField(_("removed per kind"), default=dict, blank=True)
    problem = models.TextField(_("problem"), blank=True)

    class Meta:
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        ordering = ["-started_at"]
