"""The settings pages. Thin: check access (`access.settings_view`), validate a form, call `services`, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


def town_query(request: HttpRequest) -> str:
    return f"?comune={request.town.slug}"  # type: ignore[attr-defined]


def back_to(request: HttpRequest, url_name: str, *args: Any) -> HttpResponseRedirect:
    """After a change, the page again, in the same municipality."""
    return HttpResponseRedirect(reverse(url_name, args=args) + town_query(request))


def base_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"town": request.town, "towns": request.towns, "town_query": town_query(request), **extra}  # type: ignore[attr-defined]
