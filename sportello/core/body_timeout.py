"""Slow-body defence (slowloris): a request whose body has not fully arrived within N seconds of the request's
start is answered 408 and its connection closed, so a client trickling bytes cannot hold a worker's slot. Each
MIN_RATE bytes received earn one more second, so a large upload over a modest link is never cut.

An ASGI middleware around the whole application (webhook fast paths and Django alike). Only the body is timed:
once it is complete, the application may wait on `receive()` as long as it likes (the console's live stream waits
there for the disconnect). Oversized headers are uvicorn's (`h11_max_incomplete_event_size`), idle keep-alive
connections too (`timeout_keep_alive`); see `sportello web` in cli.py.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger("sportello.http")


MIN_RATE = 50_000  # bytes per second: an honest upload, even over a poor mobile link, is faster


class BodyTimedOut(Exception):
    pass


class BodyTimeout:
    def __init__(self, app: Any, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.seconds:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        body_done = False
        started = False
        received = 0

        async def timed_receive() -> dict[str, Any]:
            nonlocal body_done, received
            if body_done:
                return await receive()
            try:
                remaining = deadline + received / MIN_RATE - loop.time()
                message = await asyncio.wait_for(receive(), max(0.0, remaining))
            except TimeoutError:
                raise BodyTimedOut from None
            received += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body"):
                body_done = True
            return message

        async def tracked_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, timed_receive, tracked_send)
        except BodyTimedOut:
            log.warning("request body not received within %ss: %s %s", self.seconds, scope.get("method"),
                        scope.get("path"))
            if not started:
                await send({"type": "http.response.start", "status": 408,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": b"request body timeout"})
