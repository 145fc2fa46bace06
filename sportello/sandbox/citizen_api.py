"""The sandbox's own JSON API under ``/sandbox/api/``: act as citizens, inspect, configure, reset.

- ``POST /send``: a citizen sends a message; waits for the webhook; returns ``{wamid, webhook_status}``
- ``GET /inbox``: what the municipality sent a citizen (``?citizen=&since=&phone_number_id=``)
- ``POST /read``: a citizen reads everything received (``{citizen, phone_number_id?}``)
- ``GET|POST /citizens``: list (``?q=&limit=&offset=``); create or flag (``undeliverable``), one or a list
- ``GET|POST /numbers``: business numbers (the listing leaves out tokens)
- ``GET|POST /config``: settings (see ``config.py``); POST changes any subset at runtime
- ``POST /reset``: forget citizens, messages, media, faults, counters and queued webhooks
- ``POST /faults``: ``{media_id, fail_times}``; ``{send_fail_times, code?, http_status?, phone_number_id?}``;
  ``{clear: true}``
- ``GET|POST /templates``: register approved templates on every WABA (texts the phone page and inbox render)
- ``GET /outbound-summary``: business-sent messages per citizen (``?callback_prefix=`` filters), read-only
- ``GET /stats``: counters; ``?drain=SECONDS`` first waits for pending statuses and webhooks to go out
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from itertools import islice
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .config import BusinessNumber
from .inbox import outbound_view
from .responses import error_response, json_response, media_download_url, read_json
from .simulator import Simulator
from .state import Citizen

Handler = Callable[[Request], Awaitable[Response]]


def _json_endpoint(handler: Callable[[Request, Any], Awaitable[Response]]) -> Handler:
    """Parse the JSON body and turn bad input (ValueError) into a 400 with the reason."""

    async def endpoint(request: Request) -> Response:
        try:
            data = await read_json(request) if request.method == "POST" else None
            return await handler(request, data)
        except ValueError as exc:  # InboundError, bad JSON, bad config values
            return error_response(str(exc) or "invalid request")

    return endpoint


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def routes(sim: Simulator) -> list[Route]:
    state = sim.state  # reset() clears it in place, so holding it is safe

    async def send(request: Request, data: Any) -> Response:
        result = await sim.citizen_send(_object(data), media_download_url(request, sim.config.base_url))
        return json_response(result)

    async def inbox(request: Request, _: Any) -> Response:
        citizen = state.find(request.query_params.get("citizen", ""))
        if citizen is None:
            return json_response({"citizen": None, "messages": []})
        only = request.query_params.get("phone_number_id")
        messages = sorted(
            (
                m
                for conv in citizen.conversations.values()
                for m in conv.messages
                if m.outbound and (not only or conv.number.phone_number_id == only)
            ),
            key=lambda m: m.seq,
        )
        messages = _since(messages, request.query_params.get("since"), state)
        return json_response(
            {"citizen": citizen.view(), "messages": [outbound_view(m, state) for m in messages]}
        )

    async def read(request: Request, data: Any) -> Response:
        data = _object(data)
        citizen = state.find(str(data.get("citizen", "")))
        if citizen is None:
            return error_response("unknown citizen", 404)
        return json_response({"read": sim.citizen_reads(citizen, data.get("phone_number_id"))})

    async def citizens(request: Request, data: Any) -> Response:
        if request.method == "GET":
            return json_response(_list_citizens(state.citizens, request.query_params))
        data = _object(data)
        if isinstance(data.get("citizens"), list):
            for item in data["citizens"]:
                _upsert_citizen(sim, _object(item))
            return json_response({"count": len(data["citizens"])})
        return json_response(_upsert_citizen(sim, data).view())

    async def numbers(request: Request, data: Any) -> Response:
        if request.method == "POST":
            for item in data if isinstance(data, list) else [_object(data)]:
                sim.add_number(BusinessNumber.from_mapping(_object(item)))
        return json_response({"numbers": sim.config.public()["numbers"]})

    async def config(request: Request, data: Any) -> Response:
        if request.method == "POST":
            sim.config.update(_object(data))
        return json_response(sim.config.public())

    async def reset(request: Request, _: Any) -> Response:
        await sim.reset()
        return json_response({"ok": True})

    async def faults(request: Request, data: Any) -> Response:
        data = _object(data)
        if data.get("clear"):
            state.media_faults.clear()
            state.send_faults.clear()
        if data.get("media_id") is not None:
            state.media_faults[str(data["media_id"])] = int(data.get("fail_times", 1))
        if data.get("send_fail_times") is not None:
            key = str(data.get("phone_number_id") or "*")
            state.send_faults[key] = [
                int(data["send_fail_times"]),
                int(data.get("code", 131000)),
                int(data.get("http_status", 500)),
            ]
        return json_response({"media": state.media_faults, "send": state.send_faults})

    async def templates(request: Request, data: Any) -> Response:
        if request.method == "POST":
            for item in data if isinstance(data, list) else [_object(data)]:
                item = _object(item)
                if not item.get("name"):
                    raise ValueError("a template needs a name")
                # Registered on every WABA, approved (see templates_api.py for review and Meta's own endpoints).
                for waba_id in dict.fromkeys(n.waba_id for n in state.numbers.values()):
                    state.define_template(waba_id, item)
        return json_response({"templates": state.templates})

    async def stats(request: Request, _: Any) -> Response:
        drain = request.query_params.get("drain")
        if drain:
            await sim.drain(float(drain))
        return json_response(sim.stats())

    async def outbound_summary(request: Request, _: Any) -> Response:
        # Read-only: how many business-sent messages each citizen holds (benchmarks count duplicates and misses).
        prefix = request.query_params.get("callback_prefix") or ""
        per_citizen: dict[str, int] = {}
        for message in state.messages.values():
            if message.outbound and (not prefix or (message.biz_opaque or "").startswith(prefix)):
                key = message.conversation.citizen.key
                per_citizen[key] = per_citizen.get(key, 0) + 1
        histogram: dict[int, int] = {}
        for count in per_citizen.values():
            histogram[count] = histogram.get(count, 0) + 1
        return json_response(
            {
                "outbound": sum(per_citizen.values()),
                "recipients": len(per_citizen),
                "extra_copies": sum(c - 1 for c in per_citizen.values()),
                "copies_histogram": {str(k): v for k, v in sorted(histogram.items())},
            }
        )

    return [
        Route("/sandbox/api/outbound-summary", _json_endpoint(outbound_summary), methods=["GET"]),
        Route("/sandbox/api/send", _json_endpoint(send), methods=["POST"]),
        Route("/sandbox/api/inbox", _json_endpoint(inbox), methods=["GET"]),
        Route("/sandbox/api/read", _json_endpoint(read), methods=["POST"]),
        Route("/sandbox/api/citizens", _json_endpoint(citizens), methods=["GET", "POST"]),
        Route("/sandbox/api/numbers", _json_endpoint(numbers), methods=["GET", "POST"]),
        Route("/sandbox/api/config", _json_endpoint(config), methods=["GET", "POST"]),
        Route("/sandbox/api/reset", _json_endpoint(reset), methods=["POST"]),
        Route("/sandbox/api/faults", _json_endpoint(faults), methods=["POST"]),
        Route("/sandbox/api/templates", _json_endpoint(templates), methods=["GET", "POST"]),
        Route("/sandbox/api/stats", _json_endpoint(stats), methods=["GET"]),
    ]


def _upsert_citizen(sim: Simulator, data: dict[str, Any]) -> Citizen:
    ref = (
        data.get("citizen") or data.get("phone") or (f"@{data['username']}" if data.get("username") else None)
    )
    if not ref:
        raise ValueError("give citizen (a phone number or @username), phone, or username")
    citizen = sim.state.citizen(str(ref), data.get("name"))
    if "undeliverable" in data:
        citizen.undeliverable = bool(data["undeliverable"])
    return citizen


def _list_citizens(citizens: dict[str, Citizen], params: Any) -> dict[str, Any]:
    """Newest first; with 100,000 citizens, only a search walks them all."""
    query = (params.get("q") or "").strip().lower()
    limit = min(int(params.get("limit", 100)), 1000)
    offset = int(params.get("offset", 0))
    if not query:
        page = islice(reversed(citizens.values()), offset, offset + limit)
        return {"count": len(citizens), "citizens": [c.view() for c in page]}
    found = [c for c in reversed(citizens.values()) if query in c.key or query in c.name.lower()]
    return {"count": len(found), "citizens": [c.view() for c in found[offset : offset + limit]]}


def _since(messages: list[Any], since: str | None, state: Any) -> list[Any]:
    """``since`` is a message id (newer messages only) or unix seconds (messages at or after it)."""
    if not since:
        return messages
    anchor = state.messages.get(since)
    if anchor is not None:
        return [m for m in messages if m.seq > anchor.seq]
    return [m for m in messages if m.timestamp >= float(since)]
