"""ASGI entry point. With SPORTELLO_SANDBOX=1 the WhatsApp sandbox is served beside Sportello under /sandbox."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

_django_asgi = get_asgi_application()

from sportello.connectors.telegram import fastpath as telegram  # noqa: E402
from sportello.connectors.whatsapp import fastpath as whatsapp  # noqa: E402
from sportello.core.startup import freeze_loaded_objects  # noqa: E402
from sportello.ops import endpoints as ops  # noqa: E402
from sportello.ops.metrics import observe_webhook  # noqa: E402

# Channels whose webhook POST skips Django (see connectors/fastpath.py), tried in order.
FAST_PATHS = (whatsapp, telegram)


async def django_application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Django, except for the channels' webhook POSTs, which take their fast paths."""
    if scope["type"] == "http":
        for path in FAST_PATHS:
            if path.matches(scope):
                await observe_webhook(path.__name__.split(".")[-2], path.handle, scope, receive, send)
                return
        if ops.matches(scope):  # /healthz, /readyz, /metrics
            await ops.handle(scope, receive, send)
            return
    await _django_asgi(scope, receive, send)


def _with_sandbox(django_app: Any) -> Any:
    from sportello.sandbox.app import beside, create_app
    from sportello.sandbox.config import SandboxConfig

    return beside(create_app(SandboxConfig.from_env()), django_app)


application = _with_sandbox(django_application) if os.environ.get("SPORTELLO_SANDBOX") == "1" else django_application


def _body_timeout(app: Any) -> Any:
    from django.conf import settings

    from sportello.core.body_timeout import BodyTimeout

    return BodyTimeout(app, settings.SPORTELLO_BODY_TIMEOUT_SECONDS)  # slow bodies get 408 (core/body_timeout.py)


application = _body_timeout(application)


freeze_loaded_objects()  # after everything above is loaded

