"""The API's interactive documentation, offline: Swagger UI vendored under static/vendor/swagger-ui.

django-ninja's own page loads Swagger UI from a CDN (or from its package when "ninja" is an installed app) and
starts it with a script of its own; this one serves the vendored copy (VERSION says which) and starts it from a
static file, so it works without Internet access and under the strict Content-Security-Policy (no inline script).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(Swagger):
    template = "api/docs.html"
    default_settings: ClassVar[dict[str, Any]] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # Swagger UI would otherwise send the schema to validator.swagger.io
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"api": api, "swagger_settings": settings})
