"""The citizen's phone page (``GET /sandbox/``) and the small JSON endpoints only it uses.

The page is static HTML + vanilla JS (``templates/phone.html``, ``static/``); it sends through the citizen
API (``/sandbox/api/send``) and polls ``/sandbox/phone/chat`` about once a second.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from .inbox import inbound_view, outbound_view
from .responses import error_response, json_response, read_json
from .simulator import Simulator

HERE = Path(__file__).parent


def routes(sim: Simulator) -> list[BaseRoute]:
    page = (HERE / "templates" / "phone.html").read_text(encoding="utf-8")

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def to_index(request: Request) -> Response:
        return RedirectResponse(request.url.path + "/")

    async def chat(request: Request) -> Response:
        """One conversation as the citizen sees it; ``viewing=1``: the chat is on screen (read receipts)."""
        params = request.query_params
        try:
            citizen = sim.state.find(params.get("citizen", ""))
            if citizen is None:
                return error_response("unknown citizen", 404)
            conv = sim.conversation_of(citizen, params.get("phone_number_id"))
        except ValueError as exc:
            return error_response(str(exc))
        if params.get("viewing") == "1":
            sim.citizen_reads(citizen, conv.number.phone_number_id)
        typing = conv.typing_until > time.time()
        if params.get("version") == str(conv.version):
            return json_response({"version": conv.version, "unchanged": True, "typing": typing})
        return json_response(
            {
                "version": conv.version,
                "typing": typing,
                "citizen": citizen.view(),
                "number": {
                    "phone_number_id": conv.number.phone_number_id,
                    "display_phone_number": conv.number.display_phone_number,
                },
                "messages": [
                    outbound_view(m, sim.state) if m.outbound else inbound_view(m) for m in conv.messages
                ],
            }
        )

    async def played(request: Request) -> Response:
        try:
            data = await read_json(request)
        except ValueError:
            return error_response("the body must be JSON")
        message_id = data.get("message_id") if isinstance(data, dict) else None
        return json_response({"played": sim.citizen_plays(str(message_id or ""))})

    async def media(request: Request) -> Response:
        # The citizen's own device: no bearer token, unlike the Graph download URL.
        item = sim.state.media.get(request.path_params["media_id"])
        if item is None:
            return error_response("unknown media", 404)
        headers = {}
        if item.filename:
            headers["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(item.filename)}"
        return Response(item.data, media_type=item.mime_type, headers=headers)

    return [
        Route("/sandbox", to_index, methods=["GET"]),
        Route("/sandbox/", index, methods=["GET"]),
        Route("/sandbox/phone/chat", chat, methods=["GET"]),
        Route("/sandbox/phone/played", played, methods=["POST"]),
        Route("/sandbox/phone/media/{media_id}", media, methods=["GET"]),
        Mount("/sandbox/static", StaticFiles(directory=HERE / "static"), name="sandbox-static"),
    ]
