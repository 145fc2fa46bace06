"""The registry of WhatsApp templates as the channel-neutral composers see it (connectors/templates.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sportello.connectors.templates import TemplateChoice
from sportello.connectors.whatsapp.models import MessageTemplate

if TYPE_CHECKING:
    from sportello.municipalities.models import Municipality


def _choice(template: MessageTemplate, account_ids: list[int]) -> TemplateChoice:
    return TemplateChoice(
        id=template.pk,
        name=template.name,
        language=template.language,
        category=template.category,
        category_label=str(template.get_category_display()),
        body=template.body,
        header_kind=template.header,
        parameter_count=template.parameter_count,
        account_ids=account_ids,
        channel="whatsapp",
        header_text=template.header_text,
        footer=template.footer,
        buttons=template.buttons,
    )


def approved_choices(municipality: "Municipality") -> list[TemplateChoice]:
    """One choice per name and language approved on any of the municipality's numbers; its id is the first row."""
    rows = MessageTemplate.objects.filter(
        account__municipality=municipality, account__active=True, status=MessageTemplate.Status.APPROVED
    ).order_by("name", "language", "pk")
    grouped: dict[tuple[str, str], list[MessageTemplate]] = {}
    for row in rows:
        grouped.setdefault((row.name, row.language), []).append(row)
    return [_choice(same[0], [t.account_id for t in same]) for same in grouped.values()]


def choice(template_id: int) -> TemplateChoice | None:
    template = MessageTemplate.objects.filter(pk=template_id).first()
    if template is None:
        return None
    same = MessageTemplate.objects.filter(
        account__municipality_id=template.account.municipality_id, name=template.name, language=template.language,
        status=MessageTemplate.Status.APPROVED,
    ).values_list("account_id", flat=True)
    return _choice(template, sorted(set(same)) or [template.account_id])
