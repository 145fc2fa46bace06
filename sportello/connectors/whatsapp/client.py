"""A small Graph API client: one pooled HTTP connection per base URL, errors turned into TransportError."""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
from django.conf import settings

from sportello.connectors.base import MediaBlob, TransportError
from sportello.connectors.whatsapp.errors import describe, is_transient

_local = threading.local()
# Graph media ids are numeric; letters, "-" and "_" are tolerated (test doubles), nothing that changes the path.
MEDIA_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _http() -> httpx.Client:
    # One client per thread: httpx clients are not shared across threads safely, and reuse keeps connections warm.
    client = getattr(_local, "client", None)
    if client is None:
        client = httpx.Client(timeout=settings.WHATSAPP_HTTP_TIMEOUT, limits=httpx.Limits(max_connections=20))
        _local.client = client
    return client


def _error_from(response: httpx.Response) -> TransportError:
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details") or error.get("message") or response.text[:200]
    transient = is_transient(code) or response.status_code >= 500 or response.status_code == 429
    return TransportError(
        f"HTTP {response.status_code}: {details}",
        code=code,
        permanent=not transient,
        title=describe(code, str(details))[:300],
    )


class GraphClient:
    def __init__(self, base_url: str, token: str, phone_number_id: str):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.phone_number_id = phone_number_id

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = _http().request(method, url, headers=self._auth, **kwargs)
        except httpx.HTTPError as exc:
            raise TransportError(f"network error: {type(exc).__name__}", permanent=False) from exc
        if response.status_code >= 400:
            raise _error_from(response)
        return response

    def send(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", f"{self.base_url}/{self.phone_number_id}/messages", json=body).json()

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """A Graph read (e.g. the WABA's template list): the decoded JSON answer."""
        return self._request("GET", url, params=params).json()

    def upload_media(self, content: bytes, mime_type: str, filename: str) -> str:
        response = self._request(
            "POST",
            f"{self.base_url}/{self.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": mime_type},
            files={"file": (filename or "file", content, mime_type)},
        )
        return str(response.json()["id"])

    def media_info(self, media_id: str) -> dict[str, Any]:
        # The id comes from a webhook: it must name a media object, not another Graph path or query.
        if not isinstance(media_id, str) or not MEDIA_ID.fullmatch(media_id):
            raise TransportError("invalid media id", permanent=True, title="invalid media id")
        return self._request("GET", f"{self.base_url}/{media_id}").json()

    def download(self, url: str, max_bytes: int) -> bytes:
        try:
            with _http().stream("GET", url, headers=self._auth) as response:
                if response.status_code >= 400:
                    response.read()
                    raise _error_from(response)
                chunks, total = [], 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise TransportError("media larger than allowed", permanent=True, title="too large")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise TransportError(f"network error: {type(exc).__name__}", permanent=False) from exc

    def fetch_media(self, media_id: str, max_bytes: int) -> MediaBlob:
        info = self.media_info(media_id)
        content = self.download(str(info["url"]), max_bytes)
        return MediaBlob(content=content, mime_type=str(info.get("mime_type", "")), sha256=str(info.get("sha256", "")))
