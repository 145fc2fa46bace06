"""Two-factor authentication is mandatory from SPORTELLO_2FA_REQUIRED_ROLE up, and for anyone who enrolled.

A signed-in user who must use a second factor and has not verified it in this session is sent to verify (or to
enrol, when they have no device yet) before any other page, the admin included.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from sportello.municipalities import roles

EXEMPT_PREFIXES = ("/accesso/", "/static/", "/webhooks/", "/api/", "/sandbox", "/favicon")


def needs_second_factor(user: object) -> bool:
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_verified", lambda: False)():
        return False
    if user_has_device(user, confirmed=True):
        return True
    required = getattr(settings, "SPORTELLO_2FA_REQUIRED_ROLE", "supervisor")
    if not required:
        return False
    return roles.ORDER.get(roles.highest_role(user) or "", 0) >= roles.ORDER.get(required, 99)


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_second_factor(request.user):
            target = "console:otp_verify" if user_has_device(request.user, confirmed=True) else "console:otp_enrol"
            url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return HttpResponseRedirect(url)
        return self.get_response(request)
