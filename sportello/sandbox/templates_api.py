"""Message templates over HTTP, as the WhatsApp Business Management API offers them, plus the test's controls.

Graph (bearer token of a number of that WABA):

- ``GET  /sandbox/graph/{version}/{waba_id}/message_templates`` — paged (``limit``, ``after``/``before`` cursors,
  ``paging.next``), ``fields`` filter, optional ``name`` / ``status`` / ``language`` filters;
- ``POST /sandbox/graph/{version}/{waba_id}/message_templates`` — create one (``name``, ``language``, ``category``,
  ``components``): it starts PENDING, as Meta's review does.

Sandbox controls (no token, like the rest of ``/sandbox/api``):

- ``GET|POST /sandbox/api/message_templates`` — list, or define approved templates (a seed entry, optional
  ``waba_id``; default every WABA);
- ``POST /sandbox/api/message_templates/{id}/review`` — ``{"event": "APPROVED" | "REJECTED" | "PAUSED" | …,
  "reason"}``: sets the status and sends Meta's ``message_template_status_update`` webhook to Sportello.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import GraphError, invalid, unknown_object
from .httpclient import HttpConnection
from .responses import error_response, json_response
from .simulator import Simulator
from .template_store import STATUSES, SandboxTemplate, check_spec
from .webhooks import encode, signature

PREFIX = "/sandbox/graph/{version}"
DEFAULT_LIMIT = 25  # Meta's default page size
MAX_LIMIT = 100


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i:{index}".encode()).decode().rstrip("=")


def _index(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not text.startswith("i:"):
            raise ValueError
        return int(text[2:])
    except (ValueError, UnicodeDecodeError):
        raise invalid(f"Invalid cursor: {cursor!r}.") from None


def page(templates: list[SandboxTemplate], params: dict[str, str], url: str) -> dict[str, Any]:
    """One page of the list in Meta's shape: ``data`` and ``paging`` (``next`` only when there is more)."""
    for key in ("name", "status", "language", "category"):
        if params.get(key):
            wanted = params[key] if key in ("name", "language") else params[key].upper()
            templates = [t for t in templates if getattr(t, key) == wanted]
    try:
        limit = min(max(int(params.get("limit") or DEFAULT_LIMIT), 1), MAX_LIMIT)
    except ValueError:
        raise invalid("Param limit must be an integer.") from None
    start = _index(params["after"]) + 1 if params.get("after") else 0
    if params.get("before"):
        start = max(_index(params["before"]) - limit, 0)
    chunk = templates[start : start + limit]
    fields = [f.strip() for f in (params.get("fields") or "").split(",") if f.strip()]
    data = [{k: v for k, v in t.meta().items() if not fields or k in fields or k == "id"} for t in chunk]
    result: dict[str, Any] = {"data": data}
    if chunk:
        paging: dict[str, Any] = {"cursors": {"before": _cursor(start), "after": _cursor(start + len(chunk) - 1)}}
        if start + len(chunk) < len(templates):
            query = {k: v for k, v in params.items() if k not in ("after", "before")}
            query["after"] = paging["cursors"]["after"]
            paging["next"] = url + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        if start > 0:
            paging["previous"] = url + f"?before={paging['cursors']['before']}"
        result["paging"] = paging
    return result


def status_webhook(template: SandboxTemplate, event: str, reason: str) -> dict[str, Any]:
    """Meta's ``message_template_status_update`` for one template (see template_status_*.json)."""
    value: dict[str, Any] = {
        "event": event,
        "message_template_id": int(template.id) if template.id.isdigit() else template.id,
        "message_template_name": template.name,
        "message_template_language": template.language,
        "reason": reason or "NONE",
        "message_template_category": template.category,
    }
    if event == "REJECTED" and reason and reason != "NONE":
        value["rejection_info"] = {"reason": reason, "recommendation": ""}
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": template.waba_id, "time": int(time.time()),
                   "changes": [{"value": value, "field": "message_template_status_update"}]}],
    }


def routes(sim: Simulator) -> list[Route]:
    state = sim.state

    def waba_for(request: Request) -> str:
        waba_id = request.path_params["waba_id"]
        allowed = sim.check_token(request.headers.get("authorization"))
        if not any(state.numbers[p].waba_id == waba_id for p in allowed if p in state.numbers):
            raise unknown_object(waba_id)
        return waba_id

    async def message_templates(request: Request) -> Response:
        try:
            waba_id = waba_for(request)
            if request.method == "GET":
                url = str(request.url).split("?", 1)[0]
                return json_response(page(state.template_store.of(waba_id), dict(request.query_params), url))
            try:
                body = await request.json()
                spec = check_spec({**body, "status": "PENDING"})
            except ValueError as exc:
                raise invalid(str(exc)) from None
            if state.template_store.find(waba_id, spec["name"], spec["language"]) is not None:
                raise GraphError(100, f"Message template {spec['name']!r} already exists in {spec['language']}.")
            template = state.define_template(waba_id, spec)
            return json_response({"id": template.id, "status": template.status, "category": template.category})
        except GraphError as exc:
            return Response(exc.encoded(), exc.http_status, media_type="application/json")

    async def define(request: Request) -> Response:
        try:
            if request.method == "GET":
                return json_response({"templates": [t.meta() | {"waba_id": t.waba_id} for t in state.template_store.by_id.values()]})
            data = await request.json()
            items = data if isinstance(data, list) else [data]
            defined = []
            for item in items:
                spec = check_spec(item)
                wabas = [str(item["waba_id"])] if item.get("waba_id") else list(dict.fromkeys(n.waba_id for n in state.numbers.values()))
                defined += [state.define_template(waba_id, spec).meta() for waba_id in wabas]
            return json_response({"templates": defined})
        except ValueError as exc:
            return error_response(str(exc))

    async def review(request: Request) -> Response:
        template = state.template_store.by_id.get(request.path_params["template_id"])
        if template is None:
            return error_response("no such template", 404)
        try:
            data = await request.json()
        except ValueError:
            return error_response("the body must be JSON")
        event = str((data or {}).get("event") or "").upper()
        if event not in STATUSES:
            return error_response(f"event must be one of {', '.join(STATUSES)}")
        reason = str(data.get("reason") or "NONE")
        template.status = event
        template.rejected_reason = reason if event == "REJECTED" else "NONE"
        webhook_status = await _post(sim, status_webhook(template, event, reason))
        return json_response({"template": template.meta(), "webhook_status": webhook_status})

    return [
        Route(PREFIX + "/{waba_id}/message_templates", message_templates, methods=["GET", "POST"]),
        Route("/sandbox/api/message_templates", define, methods=["GET", "POST"]),
        Route("/sandbox/api/message_templates/{template_id}/review", review, methods=["POST"]),
    ]


async def _post(sim: Simulator, payload: dict[str, Any]) -> int | None:
    """POST one signed webhook to Sportello now; its HTTP status, or None if it could not be delivered."""
    url = sim.config.webhook_url
    if not url:
        return None
    body = encode(payload)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature(sim.config.app_secret, body)}
    connection = HttpConnection(url)
    try:
        return await connection.post(body, headers, sim.config.webhook_timeout_seconds)
    except (OSError, TimeoutError):
        return None
    finally:
        connection.close()
