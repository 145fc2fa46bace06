"""What every settings page of this app shares: the town being configured and the town switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sportello.broadcasts.models import MailingList
from sportello.municipalities.models import Municipality
from sportello.organisation.access import towns_choice


def context(request: HttpRequest, town: Municipality, minimum_role: str, **extra: Any) -> dict[str, Any]:
    return {"town": town, "towns": towns_choice(request, minimum_role), "kinds": MailingList.Category.choices, **extra}


def back_to(url_name: str, town: Municipality, *args: Any) -> HttpResponse:
    return redirect(f"{reverse(url_name, args=args)}?comune={town.slug}")
