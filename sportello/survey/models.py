"""Survey settings per municipality, one invitation per conversation, and the (possibly partial) response.

The data contract is shared with `sportello.reports`: field names of SurveyInvitation and SurveyResponse are stable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class SurveySettings(models.Model):
    """A municipality's survey. Empty wording fields mean the default Italian text (see `wording.py`)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="survey_settings",
        verbose_name=_("municipality"),
    )
    enabled = models.BooleanField(_("survey active"), default=False)
    on_conversation_closed = models.BooleanField(_("send when an operator closes a conversation"), default=True)
    on_case_resolved = models.BooleanField(_("send when a case is resolved"), default=True)
    snooze_days = models.PositiveSmallIntegerField(
        _("days without surveys after a refusal"), default=90,
        help_text=_("A citizen who answers no is not asked again for this many days."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=7,
        help_text=_("Answers arriving later are ignored and the invitation expires."),
    )
    intro_text = models.TextField(_("invitation text"), blank=True)
    overall_text = models.CharField(_("question: overall satisfaction"), max_length=300, blank=True)
    waiting_time_text = models.CharField(_("question: waiting time"), max_length=300, blank=True)
    competence_text = models.CharField(_("question: competence"), max_length=300, blank=True)
    courtesy_text = models.CharField(_("question: courtesy"), max_length=300, blank=True)
    comment_text = models.CharField(_("invitation to comment"), max_length=300, blank=True)
    thanks_text = models.TextField(_("thank-you text"), blank=True)
    declined_text = models.TextField(_("text after a refusal"), blank=True)
    template_name = models.CharField(
        _("WhatsApp template for the survey"), max_length=512, blank=True,
        help_text=_("Approved utility template (its {{1}} is the survey link), used when free messages may not go."),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("survey settings")
        verbose_name_plural = _("survey settings")

    def __str__(self) -> str:
        return str(self.municipality)


class SurveyInvitation(models.Model):
    class State(models.TextChoices):
        SENT = "sent", _("sent")
        PARTIAL = "partial", _("partly answered")
        ANSWERED = "answered", _("answered")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        FAILED = "failed", _("not delivered")

    class Mode(models.TextChoices):
        CHAT = "chat", _("questions in the chat")
        LINK = "link", _("link to the survey page")
        TEMPLATE = "template", _("template with the link")

    class Trigger(models.TextChoices):
        CONVERSATION_CLOSED = "conversation_closed", _("conversation closed")
        CASE_RESOLVED = "case_resolved", _("case resolved")

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="survey_invitations",
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="survey_invitations")
    account = models.ForeignKey(
        "municipalities.ChannelAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "cases.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.CHAT)
    token = models.CharField(max_length=120, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SENT)
    # The next chat question (index into scale.ASPECTS); len(ASPECTS) when the chat part is over.
    step = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    problem = models.TextField(_("problem"), blank=True)
    # Channel message keys of the replies already applied: a redelivered webhook changes nothing.
    replies = models.JSONField(default=list, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["conversation"], name="one_survey_per_conversation")]
        indexes = [
            models.Index(fields=["municipality", "sent_at"]),
            models.Index(fields=["citizen", "declined_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.channel} {self.state}"


class SurveyResponse(models.Model):
    """What the citizen answered; no identity here on purpose (reports read this table)."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE, related_name="response")
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="survey_responses"
    )
    channel = models.CharField(_("channel"), max_length=20)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "cases.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overall = models.PositiveSmallIntegerField(_("overall"), null=True, blank=True, validators=SCORE_VALIDATORS)
    waiting_time = models.PositiveSmallIntegerField(
        _("waiting time"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    competence = models.PositiveSmallIntegerField(_("competence"), null=True, blank=True, validators=SCORE_VALIDATORS)
    courtesy = models.PositiveSmallIntegerField(_("courtesy"), null=True, blank=True, validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["municipality", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__isnull=True) | models.Q(overall__gte=1, overall__lte=5),
                name="survey_overall_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(waiting_time__isnull=True) | models.Q(waiting_time__gte=1, waiting_time__lte=5),
                name="survey_waiting_time_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(competence__isnull=True) | models.Q(competence__gte=1, competence__lte=5),
                name="survey_competence_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(courtesy__isnull=True) | models.Q(courtesy__gte=1, courtesy__lte=5),
                name="survey_courtesy_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.channel}"
