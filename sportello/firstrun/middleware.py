"""While the installation is empty, console pages lead to the first-run page.

A signed-in superuser (after their second factor) goes there from any console URL; when nobody can sign in yet,
everyone does (the page then asks for the setup token printed on the server's console). Webhooks, the API, the
sandbox, static files, health checks and public citizen pages pass untouched; once a municipality exists this
costs one indexed `EXISTS` query per console request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from sportello.core.scoping import scopes_disabled
from sportello.firstrun import tokens

# Sign-in pages (the second factor's enrolment among them) and the superusers' Django admin stay reachable: a
# superuser sets up their second factor before anything else, the setup page included.
PASS_THROUGH = (
    tokens.SETUP_PATH, "/accesso/", "/admin/", "/static/", "/webhooks/", "/api/", "/sandbox", "/favicon", "/healthz",
    "/readyz", "/metrics", "/open311/", "/assistenza/", "/bollettino/", "/questionario/", "/stato/", "/attachments/",
    "/comuni/",
)


class FirstRunMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and not request.path.startswith(PASS_THROUGH) and self._leads_to_setup(request):
            return HttpResponseRedirect(tokens.SETUP_PATH)
        return self.get_response(request)

    @staticmethod
    def _leads_to_setup(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        is_superuser = bool(user is not None and user.is_authenticated and user.is_superuser)
        if user is not None and user.is_authenticated and not is_superuser:
            return False
        with scopes_disabled():
            if not tokens.installation_is_empty():
                return False
            return is_superuser or tokens.nobody_can_sign_in()
