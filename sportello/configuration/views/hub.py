from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from sportello.configuration import sections
from sportello.configuration.access import settings_view
from sportello.configuration.views import base_context, town_query
from sportello.municipalities import roles
from sportello.policies.models import ServicePolicy


@settings_view
def hub(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    visible = []
    for section in sections.all_sections():
        if not roles.has_role(request.user, town, section.required_role):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        visible.append({"label": section.label, "description": section.description, "url": url + town_query(request)})
    policy = ServicePolicy.objects.filter(municipality=town).first()
    return render(request, "configuration/hub.html", base_context(request, sections=visible, policy=policy))
