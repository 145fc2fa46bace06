"""GET /eventi/: the console's server-sent event stream (an async view; needs ASGI).

Each event is `id: …\nevent: <kind>\ndata: {json}` with only ids in the data (conversation, message, …): the
browser fetches what it needs through the normal, scoped views, so the stream never carries message contents.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from sportello.console.middleware import needs_second_factor
from sportello.console.realtime.hub import Event, get_hub
from sportello.municipalities import roles
from sportello.municipalities.scoping import municipalities_for

KEEPALIVE_SECONDS = 15
RETRY_MS = 2000


def _allowed(user: object) -> tuple[bool, frozenset[int]]:
    if roles.highest_role(user) is None or needs_second_factor(user):
        return False, frozenset()
    return True, frozenset(municipalities_for(user).values_list("pk", flat=True))


def _format(event: Event) -> str:
    data = json.dumps({**event.data, "kind": event.kind}, separators=(",", ":"))
    prefix = f"id: {event.id}\n" if event.id else ""
    return f"{prefix}event: {event.kind}\ndata: {data}\n\n"


async def events(request: HttpRequest) -> HttpResponse:
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(status=401)
    ok, municipality_ids = await sync_to_async(_allowed)(user)
    if not ok:
        return HttpResponse(status=403)
    raw_last = request.headers.get("Last-Event-ID", "")
    last_event_id = int(raw_last) if raw_last.isdigit() else None
    hub = get_hub()
    listener = await hub.subscribe(municipality_ids, last_event_id)

    async def body() -> AsyncIterator[str]:
        try:
            yield f"retry: {RETRY_MS}\n: connected\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(listener.queue.get(), timeout=KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield _format(event)
        finally:
            hub.unsubscribe(listener)

    response = StreamingHttpResponse(body(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response
