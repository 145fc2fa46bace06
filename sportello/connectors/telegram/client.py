"""A small Bot API client: one pooled HTTP connection per thread, errors turned into TransportError.

Bot API answers are ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": 403, "description": …,
"parameters": {"retry_after": 5}}``; the error explanations an operator reads are in errors.py.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx
from django.conf import settings

from sportello.connectors.base import TransportError
from sportello.connectors.telegram.errors import describe, is_transient

_local = threading.local()


def _http() -> httpx.Client:
    client = getattr(_local, "client", None)
    if client is None:
        client = httpx.Client(timeout=settings.TELEGRAM_HTTP_TIMEOUT, limits=httpx.Limits(max_connections=20))
        _local.client = client
    return client


class InDoubt(TransportError):
    """The request left but no answer came back: Telegram may or may not have sent the message."""


def error_from(status: int, document: dict[str, Any]) -> TransportError:
    code = document.get("error_code") if isinstance(document.get("error_code"), int) else status
    description = str(document.get("description") or f"HTTP {status}")
    retry_after = (document.get("parameters") or {}).get("retry_after")
    error = TransportError(
        f"Bot API {code}: {description}",
        code=code,
        permanent=not is_transient(code),
        title=describe(code, description, retry_after)[:300],
    )
    error.retry_after = int(retry_after) if isinstance(retry_after, int) else None  # type: ignore[attr-defined]
    return error


class BotClient:
    def __init__(self, base_url: str, token: str):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def _url(self, method: str) -> str:
        return f"{self.base_url}/bot{self.token}/{method}"

    def call(self, method: str, params: dict[str, Any] | None = None, files: dict[str, Any] | None = None) -> Any:
        """Call a Bot API method; JSON body, or multipart when uploading files (then params travel as fields)."""
        try:
            if files:
                data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (params or {}).items()}
                response = _http().post(self._url(method), data=data, files=files)
            else:
                response = _http().post(self._url(method), json=params or {})
        except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            # Sent, but no answer: a resend could duplicate the message.
            raise InDoubt(f"no answer from the Bot API: {type(exc).__name__}", permanent=False) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"network error: {type(exc).__name__}", permanent=False) from exc
        try:
            document = response.json()
        except ValueError:
            document = {}
        if not isinstance(document, dict):
            document = {}
        if response.status_code >= 400 or not document.get("ok"):
            raise error_from(response.status_code, document)
        return document.get("result")

    def download(self, file_path: str, limit: int) -> tuple[bytes, str]:
        """The file behind getFile's file_path, refusing more than `limit` bytes; (content, content type)."""
        url = f"{self.base_url}/file/bot{self.token}/{file_path}"
        try:
            with _http().stream("GET", url) as response:
                if response.status_code >= 400:
                    response.read()
                    raise TransportError(
                        f"file download: HTTP {response.status_code}", code=response.status_code,
                        permanent=response.status_code in (400, 404),
                    )
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise TransportError("file larger than allowed", permanent=True, title="troppo grande")
                    chunks.append(chunk)
                return b"".join(chunks), response.headers.get("content-type", "")
        except httpx.HTTPError as exc:
            raise TransportError(f"network error: {type(exc).__name__}", permanent=False) from exc
