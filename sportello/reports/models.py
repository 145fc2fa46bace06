"""Pre-computed facts the statistics read: one row per conversation and per case (their business-hours times),
and per-day message counts for closed days. All of it is derived data, rebuilt from the source tables at will
(`sportello manage rebuild_report_rollups`); `rollup.refresh` keeps it exact before every read."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sportello.core.scoping import TenantManager


class ConversationFact(models.Model):
    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.CASCADE, primary_key=True, related_name="report_fact"
    )
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    department = models.ForeignKey("cases.Department", null=True, on_delete=models.SET_NULL, related_name="+")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10)
    opened_at = models.DateTimeField()
    day = models.DateField()  # local to the municipality
    weekday = models.PositiveSmallIntegerField()  # Monday = 0, local
    hour = models.PositiveSmallIntegerField()  # local
    inbound = models.PositiveIntegerField(default=0)
    outbound = models.PositiveIntegerField(default=0)
    first_response_seconds = models.PositiveIntegerField(null=True)  # office-hours seconds
    resolution_seconds = models.PositiveIntegerField(null=True)  # office-hours seconds, closed ones only
    last_message_at = models.DateTimeField(null=True)
    citizen_id = models.BigIntegerField(null=True)  # copied so the open data counts people without a join

    objects = TenantManager()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "day", "channel"]),
            models.Index(fields=["municipality", "day", "channel", "citizen_id", "first_response_seconds"],
                         name="reports_fact_people"),
            # Covering every grouped read of the page, so those are index-only scans of the period.
            models.Index(fields=["municipality", "day", "channel", "department", "operator", "weekday", "hour",
                                 "first_response_seconds", "resolution_seconds"], name="reports_fact_covering"),
        ]


class CaseFact(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="report_fact")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20, blank=True)  # of its conversation; "" when opened elsewhere
    department = models.ForeignKey("cases.Department", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("cases.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=12)
    day = models.DateField()
    resolution_seconds = models.PositiveIntegerField(null=True)
    within_target = models.BooleanField(null=True)  # resolved by its due date; None while open or without one
    citizen_id = models.BigIntegerField(null=True)  # copied so the open data counts people without a join

    objects = TenantManager()

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "day"]),
            models.Index(fields=["municipality", "day", "department", "citizen_id", "resolution_seconds"],
                         name="reports_casefact_people"),
        ]


class DailyMessages(models.Model):
    """Messages per closed local day, channel and department (of the conversation's case)."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20)
    department = models.ForeignKey("cases.Department", null=True, on_delete=models.CASCADE, related_name="+")
    inbound = models.PositiveIntegerField(default=0)
    outbound = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        indexes = [models.Index(fields=["municipality", "day"])]


class DailyConversations(models.Model):
    """Conversation facts of a closed local day summed per channel and department: what the page and the activity
    API read instead of one fact per conversation (a year is a few thousand rows, not 100,000). Sums, not means,
    so that any set of days adds up exactly; `hours` counts the day's conversations per local opening hour."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20)
    department = models.ForeignKey("cases.Department", null=True, on_delete=models.CASCADE, related_name="+")
    conversations = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    first_response_sum = models.BigIntegerField(default=0)  # office-hours seconds
    resolved = models.PositiveIntegerField(default=0)
    resolution_sum = models.BigIntegerField(default=0)  # office-hours seconds
    hours = models.JSONField(default=list)  # 24 counts

    objects = TenantManager()

    class Meta:
        indexes = [models.Index(fields=["municipality", "day", "channel"])]


class DailyOperators(models.Model):
    """The same sums per closed day, channel, department and operator (who answered first, else the assignee):
    the per-operator table reads these, about a third of the facts' rows."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    channel = models.CharField(max_length=20)
    department = models.ForeignKey("cases.Department", null=True, on_delete=models.CASCADE, related_name="+")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    conversations = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    first_response_sum = models.BigIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    resolution_sum = models.BigIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        indexes = [models.Index(fields=["municipality", "day", "channel"])]


class RollupDay(models.Model):
    """A closed day whose DailyMessages, DailyConversations and DailyOperators rows are built."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    objects = TenantManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "day"], name="one_rollup_per_town_day")]


class RollupState(models.Model):
    """How far the facts of a municipality are known to be current."""

    municipality = models.OneToOneField("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    facts_until = models.DateTimeField(null=True)
    last_message_id = models.BigIntegerField(default=0)

    objects = TenantManager()
