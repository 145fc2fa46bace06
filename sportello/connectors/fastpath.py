"""What every channel's webhook fast path shares: a bare ASGI handler that reads the body within a limit,
verifies it, hands it to the group-commit writer and answers, without Django's middleware or URL routing.

Each channel's own `fastpath.py` keeps only what differs (how the request is verified, what it stores and how it
answers); `sportello/asgi.py` tries them in order (`FAST_PATHS`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from sportello.core.scoping import scopes_disabled

T = TypeVar("T")
TEXT = "text/plain; charset=utf-8"


async def respond(send: Any, status: int, text: bytes, content_type: str = TEXT) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", content_type.encode())]})
    await send({"type": "http.response.body", "body": text})


async def read_body(receive: Any, send: Any, limit: int) -> bytes | None:
    """The whole body, or None when the client left or the body was over `limit` (413 already answered)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            await respond(send, 413, b"too large")
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def header(scope: dict[str, Any], name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == name), None)


def client_of(scope: dict[str, Any]) -> str:
    return str((scope.get("client") or ("?",))[0])


async def in_thread(load: Callable[[], T]) -> T:
    """Run a database read off the event loop, releasing its connection as CONN_MAX_AGE says (at once in tests).

    The read finds which account (and so which municipality) a webhook belongs to: system code, unscoped."""

    def call() -> T:
        try:
            with scopes_disabled():
                return load()
        finally:
            close_old_connections()

    return await sync_to_async(call, thread_sensitive=False)()


def posted_to(scope: dict[str, Any], path: str) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/") == path
