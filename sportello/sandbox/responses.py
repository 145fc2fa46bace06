"""JSON in and out, shared by the route modules."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response


def json_response(data: Any, status_code: int = 200) -> Response:
    return Response(json.dumps(data, separators=(",", ":")), status_code, media_type="application/json")


def error_response(message: str, status_code: int = 400) -> Response:
    """Errors of the sandbox's own APIs (not the Graph API, which answers in Meta's shape)."""
    return json_response({"error": message}, status_code)


async def read_json(request: Request) -> Any:
    """The request body as JSON; raises ValueError when it is not JSON."""
    body = await request.body()
    return json.loads(body) if body else None


def media_download_url(request: Request, configured_base_url: str) -> Callable[[str], str]:
    """Makes media download URLs from tokens, on the sandbox's public URL: the configured one, else the one
    this request came in on."""
    root = configured_base_url or str(request.base_url).rstrip("/")
    return lambda token: f"{root}/sandbox/media-download/{token}"
