"""Readable codes in templates: `{% load readable %}` then `|action_label`, `|choice_label:"app.Model.field"`,
`{% friendly_error text %}` (the raw text in a tooltip for administrators only). See console/readable.py."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from sportello.console import readable
from sportello.municipalities import roles

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return readable.action_label(str(code or ""))


@register.filter
def choice_label(value: Any, field_path: str) -> str:
    return readable.choice_label(value, field_path)


def _is_administrator(context: template.Context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or roles.highest_role(user) == "administrator"


@register.simple_tag(takes_context=True)
def friendly_error(context: template.Context, text: Any) -> str:
    raw = str(text or "").strip()
    sentence = readable.friendly_error(raw)
    if sentence == raw or not _is_administrator(context):
        return format_html("{}", sentence)
    return format_html('<span class="error-friendly" title="{}">{}</span>', raw, sentence)


@register.filter
def moderation_categories(codes: Any) -> str:
    return readable.moderation_categories(codes)
