"""ASGI entry point. With SPORTELLO_SANDBOX=1 the WhatsApp sandbox is served beside Sportello under /sandbox."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

_django_asgi = get_asgi_application()

from sportello.connectors.whatsapp import fastpath  # noqa: E402
from sportello.connectors.telegram import fastpath as telegram_fastpath  # noqa: E402


async def django_application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Django, except for the webhook POST, which takes the fast path (see connectors/whatsapp/fastpath.py)."""
    if scope["type"] == "http" and fastpath.matches(scope):
        await fastpath.handle(scope, receive, send)
    elif scope["type"] == "http" and telegram_fastpath.matches(scope):
        await telegram_fastpath.handle(scope, receive, send)
    else:
        await _django_asgi(scope, receive, send)


def _with_sandbox(django_app: Any) -> Any:
    from sportello.sandbox.app import beside, create_app
    from sportello.sandbox.config import SandboxConfig

    return beside(create_app(SandboxConfig.from_env()), django_app)


application = _with_sandbox(django_application) if os.environ.get("SPORTELLO_SANDBOX") == "1" else django_application
