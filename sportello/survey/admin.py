"""Admin: each municipality's survey settings and wording. Responses are read in the statistics, never here with
an identity: invitations and responses are not registered."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sportello.survey.models import SurveySettings


@admin.register(SurveySettings)
class SurveySettingsAdmin(admin.ModelAdmin):
    list_display = ("municipality", "enabled", "snooze_days", "answer_days")
    fieldsets = [
        (None, {"fields": ("municipality", "enabled", "on_conversation_closed", "on_case_resolved",
                           "snooze_days", "answer_days", "template_name")}),
        (_("Wording"), {
            "fields": ("intro_text", "overall_text", "waiting_time_text", "competence_text", "courtesy_text",
                       "comment_text", "thanks_text", "declined_text"),
            "description": _("Leave a field empty to use the default text."),
        }),
    ]
