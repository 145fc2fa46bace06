"""Template tags of the console: the shared header (municipality name, navigation) and message helpers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from sportello.console import navigation

register = template.Library()


def _municipalities(context: template.Context) -> list[Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    cached = getattr(request, "_console_municipalities", None)
    if cached is None:
        from sportello.municipalities.scoping import municipalities_for

        cached = list(municipalities_for(user)) if user is not None else []
        if request is not None:
            request._console_municipalities = cached  # type: ignore[attr-defined]
    return cached


@register.simple_tag(takes_context=True)
def header_title(context: template.Context) -> str:
    """The municipality's name when the user works for one, else the product name."""
    towns = _municipalities(context)
    if len(towns) == 1:
        return towns[0].name
    if towns and context.get("municipality") is not None:
        return str(context["municipality"])
    return "Sportello"


@register.inclusion_tag("console/header.html", takes_context=True)
def console_header(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    towns = _municipalities(context)
    office = towns[0].office_name if len(towns) == 1 else _("Ufficio relazioni con il pubblico")
    return {
        "request": request,  # the language switch returns to the current page
        "user": user,
        "title": header_title(context),
        "office": office,
        "entries": navigation.entries_for(user, request.path if request else ""),
    }


@register.filter
def filesize(value: Any) -> str:
    """1234567 → '1,2 MB' (decimal comma in Italian through number formatting)."""
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(value) if value else ""


@register.simple_tag
def icon(name: str, extra_class: str = "icon-sm") -> str:
    """A Bootstrap Italia sprite icon, decorative (aria-hidden): the text next to it carries the meaning."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        extra_class, static("vendor/bootstrap-italia/svg/sprites.svg"), name,
    )


THUMBNAIL_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


@register.filter
def thumbnail_ready(attachment: Any) -> bool:
    """A case or message attachment that can be shown as an <img> thumbnail: a raster image with its file stored."""
    if (getattr(attachment, "mime_type", "") or "").split(";")[0].lower() not in THUMBNAIL_TYPES:
        return False
    if getattr(attachment, "file", None):
        return True
    source = getattr(attachment, "source", None)
    return bool(source is not None and source.file)


@register.simple_tag
def file_icon(mime_type: str) -> str:
    """The sprite icon for a file type (PDF, picture, audio, video, other)."""
    mime = (mime_type or "").lower()
    name = ("it-file-pdf" if mime == "application/pdf" else "it-file-image" if mime.startswith("image/")
            else "it-file-audio" if mime.startswith("audio/") else "it-file-video" if mime.startswith("video/")
            else "it-file")
    return icon(name)
