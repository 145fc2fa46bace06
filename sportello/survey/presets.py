"""A preset's "survey" part (see policies.presets): the survey on or off, its wording, and the approved template
it needs for WhatsApp's closed window, proposed to every account whose channel approves templates."""

from __future__ import annotations

from typing import Any

from sportello.connectors.base import ProposesTemplates, TemplateOption
from sportello.conversations.channel import connector_for
from sportello.municipalities.models import ChannelAccount
from sportello.survey.models import SurveySettings

_FIELDS = {f.name for f in SurveySettings._meta.concrete_fields} - {"id", "municipality"}


def apply_survey(spec: dict[str, Any] | None, municipality: Any) -> dict[str, Any] | None:
    """Set the municipality's survey as the preset says (absent: the survey stays as it is)."""
    if spec is None:
        return None
    conf, _ = SurveySettings.objects.get_or_create(municipality=municipality)
    for field, value in spec.items():
        if field in _FIELDS:
            setattr(conf, field, value)
    template = spec.get("template")
    if template:
        conf.template_name = template["name"]
        option = TemplateOption(key="", name=template["name"], language=template.get("language", "it"),
                                body=template["body"], category="utility")
        for account in ChannelAccount.objects.filter(municipality=municipality, active=True):
            connector = connector_for(account)
            if isinstance(connector, ProposesTemplates):
                connector.propose_template(account, option)
    conf.save()
    return {"enabled": conf.enabled, "template": conf.template_name}
