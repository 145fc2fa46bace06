"""Response headers every page gets: a Content-Security-Policy with a per-request nonce.

Templates mark the few scripts they need inline with `nonce="{{ request.csp_nonce }}"`; everything else is a
static file from this site. Map tiles come from the origins of `SPORTELLO_MAP_TILES_URL` (console) and
`CASES_TILE_URL` (cases map), when configured.
A response that already carries a policy (a served attachment) keeps its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _origin(url: str) -> str:
    parts = urlsplit((url or "").replace("{s}", "*"))  # Leaflet's {s} subdomains: a wildcard
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def tile_origins() -> list[str]:
    """The map tile servers the pages load images from: the console's and the cases map's."""
    from sportello.cases import conf as cases_conf

    urls = [getattr(settings, "SPORTELLO_MAP_TILES_URL", "") or "", cases_conf.get("CASES_TILE_URL") or ""]
    return list(dict.fromkeys(filter(None, map(_origin, urls))))


def content_security_policy(nonce: str) -> str:
    tiles = " ".join(tile_origins())
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # Bootstrap Italia and Leaflet position elements through style attributes; styles cannot run code.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(filter(None, ["'self'", "data:", "blob:", tiles])),
        "font-src": "'self' data:",
        "media-src": "'self' blob:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    directives.update(getattr(settings, "SPORTELLO_CSP_EXTRA", {}) or {})
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(nonce)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        return response
