"""The Graph API routes a Cloud API client calls: send, mark read, upload and download media (and, from
``templates_api.py``, the WABA's message templates).

Mounted at ``/sandbox/graph/{version}/`` (``v23.0`` or any ``vN.M``), so Sportello's
``WHATSAPP_API_BASE_URL`` is e.g. ``http://127.0.0.1:8000/sandbox/graph/v23.0``.
"""

from __future__ import annotations

import json
import re

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import validation
from .errors import GraphError, invalid, unknown_object
from .responses import json_response, media_download_url
from .simulator import Simulator

_VERSION = re.compile(r"v\d+\.\d+")
PREFIX = "/sandbox/graph/{version}"


def routes(sim: Simulator) -> list[Route]:
    config = sim.config
    counters = sim.counters

    def check_version(request: Request) -> None:
        version = request.path_params["version"]
        if not _VERSION.fullmatch(version):
            raise unknown_object(version)

    async def messages(request: Request) -> Response:
        try:
            check_version(request)
            number = sim.authorize(
                request.headers.get("authorization"), request.path_params["phone_number_id"]
            )
            try:
                body = json.loads(await request.body())
            except ValueError:
                raise invalid("The request body is not valid JSON.") from None
            parsed = validation.parse(body)
            if isinstance(parsed, validation.ReadRequest):
                sim.mark_read(number, parsed)
                return json_response({"success": True})
            return json_response(sim.send(number, parsed))
        except GraphError as exc:
            counters[f"sends_rejected_{exc.code}"] += 1
            return Response(exc.encoded(), exc.http_status, media_type="application/json")

    async def upload(request: Request) -> Response:
        try:
            check_version(request)
            sim.authorize(request.headers.get("authorization"), request.path_params["phone_number_id"])
            try:
                form = await request.form()
            except HTTPException:  # Starlette's answer to malformed multipart
                raise invalid("The request must be multipart/form-data with a file part.") from None
            if form.get("messaging_product") != "whatsapp":
                raise invalid("The parameter messaging_product is required and must be 'whatsapp'.")
            upload_file = form.get("file")
            if not isinstance(upload_file, UploadFile):
                raise GraphError(131008, "The parameter file is required.")
            mime_type = str(form.get("type") or upload_file.content_type or "")
            media = sim.upload(await upload_file.read(), mime_type, upload_file.filename)
            return json_response({"id": media.id})
        except GraphError as exc:
            return Response(exc.encoded(), exc.http_status, media_type="application/json")

    async def media_object(request: Request) -> Response:
        try:
            check_version(request)
            sim.check_token(request.headers.get("authorization"))
            media_id = request.path_params["media_id"]
            if request.method == "DELETE":
                if sim.state.media.pop(media_id, None) is None:
                    raise unknown_object(media_id)
                return json_response({"success": True})
            return json_response(sim.media_info(media_id, media_download_url(request, config.base_url)))
        except GraphError as exc:
            return Response(exc.encoded(), exc.http_status, media_type="application/json")

    async def download(request: Request) -> Response:
        try:
            sim.check_token(request.headers.get("authorization"))
        except GraphError as exc:
            return Response(exc.encoded(), exc.http_status, media_type="application/json")
        media = sim.state.media_for_download(request.path_params["token"])
        if media is None:
            return Response(
                unknown_object(request.path_params["token"]).encoded(), 404, media_type="application/json"
            )
        remaining = sim.state.media_faults.get(media.id, 0)
        if remaining > 0:  # fault injection (POST /sandbox/api/faults): let Sportello's retry be tested
            sim.state.media_faults[media.id] = remaining - 1
            return Response(b"Internal Server Error", 500, media_type="text/plain")
        return Response(media.data, media_type=media.mime_type)

    from . import templates_api  # message templates (the Business Management API) and their sandbox controls

    return [
        Route(PREFIX + "/{phone_number_id}/messages", messages, methods=["POST"]),
        *templates_api.routes(sim),
        Route(PREFIX + "/{phone_number_id}/media", upload, methods=["POST"]),
        Route(PREFIX + "/{media_id}", media_object, methods=["GET", "DELETE"]),
        Route("/sandbox/media-download/{token}", download, methods=["GET"]),
    ]
