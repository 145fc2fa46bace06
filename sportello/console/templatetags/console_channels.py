"""`{% channel_badge kind %}`: a conversation's channel as an icon (decorative) and its label (the meaning)."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sportello.conversations.channel import kind_icon as channel_icon
from sportello.conversations.channel import kind_label as channel_label

register = template.Library()


@register.simple_tag
def channel_badge(kind: str) -> SafeString:
    return format_html(
        '<span class="channel-badge channel-badge--{}"><svg class="icon icon-xs" aria-hidden="true" '
        'focusable="false"><use href="{}#{}"></use></svg> <span class="channel-label">{}</span></span>',
        kind, static("vendor/bootstrap-italia/svg/sprites.svg"), channel_icon(kind), channel_label(kind),
    )


@register.filter
def channel_name(kind: str) -> str:
    return channel_label(kind)
