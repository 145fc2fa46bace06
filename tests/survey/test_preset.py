"""The Livorno preset turns the survey on and proposes its WhatsApp template (usable once Meta approves it)."""

from __future__ import annotations

import pytest

from sportello.connectors.whatsapp.models import MessageTemplate
from sportello.conversations.channel import template_options
from sportello.policies.presets import apply_preset
from sportello.survey.models import SurveySettings
from tests.survey.helpers import conversation

pytestmark = pytest.mark.django_db


def test_livorno_preset_enables_the_survey_with_a_pending_template(number):
    town = number.account.municipality
    summary = apply_preset("livorno", town)
    assert summary["survey"] == {"enabled": True, "template": "sondaggio_gradimento"}
    conf = SurveySettings.objects.get(municipality=town)
    assert (conf.enabled, conf.on_conversation_closed, conf.on_case_resolved) == (True, True, True)
    template = MessageTemplate.objects.get(account=number.account, name="sondaggio_gradimento")
    assert (template.status, template.category, template.language) == ("pending", "utility", "it")
    assert "{{1}}" in template.body and not template.body.rstrip().endswith("{{1}}")  # Meta refuses a trailing one
    assert template_options(conversation(number)) == []  # not usable before approval
    apply_preset("livorno", town)  # again: nothing duplicated, an approval kept
    MessageTemplate.objects.filter(pk=template.pk).update(status="approved")
    apply_preset("livorno", town)
    assert MessageTemplate.objects.get(name="sondaggio_gradimento").status == "approved"


def test_other_presets_leave_the_survey_off(number):
    apply_preset("cagliari", number.account.municipality)
    assert not SurveySettings.objects.filter(municipality=number.account.municipality, enabled=True).exists()
