"""/healthz, /readyz and /metrics as bare ASGI handlers: answered before Django, so probes from a load balancer
or an orchestrator (whose Host header is a pod address, not in ALLOWED_HOSTS) work and cost almost nothing."""

from __future__ import annotations

import asyncio
import hmac
import json
from typing import Any

from django.conf import settings

from sportello.connectors.fastpath import header, in_thread, respond
from sportello.ops import metrics, probes

PATHS = ("/healthz", "/readyz", "/metrics")
READY_TIMEOUT = 10.0  # a database that hangs is as unready as one that refuses
JSON = "application/json"


def matches(scope: dict[str, Any]) -> bool:
    return scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"] in PATHS


async def handle(scope: dict[str, Any], receive: Any, send: Any) -> None:
    path = scope["path"]
    if path == "/healthz":
        await respond(send, 200, b'{"status": "ok"}', JSON)
    elif path == "/readyz":
        await _ready(send)
    elif _authorised(scope):
        body = await in_thread(metrics.exposition)
        await respond(send, 200, body, "text/plain; version=0.0.4; charset=utf-8")
    else:
        await respond(send, 401, b"a bearer token is required")


async def _ready(send: Any) -> None:
    try:
        ready, results = await asyncio.wait_for(in_thread(probes.readiness), READY_TIMEOUT)
    except TimeoutError:
        ready, results = False, {"database": "timeout"}
    await respond(send, 200 if ready else 503, json.dumps({"ready": ready, **results}).encode(), JSON)


def _authorised(scope: dict[str, Any]) -> bool:
    token = settings.SPORTELLO_METRICS_TOKEN
    if not token:
        return True
    given = header(scope, b"authorization") or ""
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
