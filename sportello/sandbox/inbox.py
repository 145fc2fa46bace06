"""Messages as a citizen sees them: the JSON of ``GET /sandbox/api/inbox`` and of the phone page's chat."""

from __future__ import annotations

import re
from typing import Any

from .errors import TITLES
from .inbound import template_buttons
from .rules import MEDIA_KINDS
from .state import Message, SandboxState


def outbound_view(message: Message, state: SandboxState) -> dict[str, Any]:
    """A message the municipality sent, with everything a test or the phone page needs to show or tap."""
    body = message.body
    conv = message.conversation
    view: dict[str, Any] = {
        "id": message.id,
        "seq": message.seq,
        "direction": "out",
        "type": message.type,
        "phone_number_id": conv.number.phone_number_id,
        "citizen": conv.citizen.key,
        "timestamp": int(message.timestamp),
        "status": message.status,
    }
    if message.status == "failed" and message.error_code is not None:
        view["error"] = {"code": message.error_code, "title": TITLES[message.error_code][0]}
    if message.biz_opaque is not None:
        view["biz_opaque_callback_data"] = message.biz_opaque
    reply_to = (body.get("context") or {}).get("message_id")
    if reply_to:
        view["context"] = {"message_id": reply_to}
    payload: Any = body.get(message.type)  # validated on the way in
    if message.type == "text":
        view["text"] = payload["body"]
        view["preview_url"] = bool(payload.get("preview_url", False))
    elif message.type in MEDIA_KINDS:
        view["media"] = _media(message.type, payload, state)
        if payload.get("caption"):
            view["text"] = payload["caption"]
    elif message.type == "interactive":
        view.update(_interactive(payload))
    elif message.type == "template":
        view["template"] = _template(payload, state)
        if view["template"].get("text"):
            view["text"] = view["template"]["text"]
    elif message.type in ("location", "reaction", "contacts"):
        view[message.type] = payload
    view["request"] = body
    return view


def inbound_view(message: Message) -> dict[str, Any]:
    """A message the citizen sent, with whether Sportello received (webhook 200) and read it."""
    obj = message.body
    view: dict[str, Any] = {
        "id": message.id,
        "seq": message.seq,
        "direction": "in",
        "type": message.type,
        "timestamp": int(message.timestamp),
        "status": message.status,
        "webhook_status": message.webhook_status,
    }
    context = obj.get("context")
    if isinstance(context, dict) and context:
        view["context"] = {"message_id": context["id"]} if context.get("id") else {}
        view["context"].update({k: True for k in ("forwarded", "frequently_forwarded") if context.get(k)})
    payload = obj.get(message.type)
    if not isinstance(payload, dict):
        if message.type == "contacts":
            view["contacts"] = payload
    elif message.type == "text":
        view["text"] = payload.get("body")
    elif message.type in MEDIA_KINDS:
        view["media"] = {k: payload.get(k) for k in ("id", "mime_type", "sha256", "filename", "voice")}
        if payload.get("caption"):
            view["text"] = payload["caption"]
    elif message.type == "interactive":
        reply = payload.get(payload.get("type", ""), {})
        view["text"] = reply.get("title")
        view["interactive"] = {"type": payload.get("type"), **reply}
    elif message.type == "button":
        view["text"] = payload.get("text")
        view["button"] = payload
    else:
        view[message.type] = payload
    view["message"] = obj
    return view


def _media(kind: str, payload: dict[str, Any], state: SandboxState) -> dict[str, Any]:
    media_id = payload.get("id")
    stored = state.media.get(str(media_id)) if media_id is not None else None
    view: dict[str, Any] = stored.view() if stored else {"id": None, "link": payload.get("link")}
    if kind == "document" and payload.get("filename"):
        view["filename"] = payload["filename"]
    return view


def _interactive(payload: dict[str, Any]) -> dict[str, Any]:
    action = payload.get("action", {})
    view: dict[str, Any] = {"text": (payload.get("body") or {}).get("text")}
    header = payload.get("header")
    if header:
        view["header"] = header
    if payload.get("footer"):
        view["footer"] = payload["footer"].get("text")
    kind = payload.get("type")
    view["interactive_type"] = kind
    if kind == "button":
        view["buttons"] = [{"id": b["reply"]["id"], "title": b["reply"]["title"]} for b in action["buttons"]]
    elif kind == "list":
        view["list"] = {
            "button": action["button"],
            "sections": [
                {
                    "title": section.get("title"),
                    "rows": [
                        {"id": r["id"], "title": r["title"], "description": r.get("description")}
                        for r in section["rows"]
                    ],
                }
                for section in action["sections"]
            ],
        }
    elif kind == "cta_url":
        view["cta_url"] = action.get("parameters", {})
    return view


def _parameter_text(parameter: dict[str, Any]) -> str:
    kind = parameter.get("type", "text")
    value = parameter.get(kind)
    if isinstance(value, dict):
        return str(value.get("fallback_value") or value.get("link") or value.get("id") or value)
    return str(value if value is not None else "")


def _template(payload: dict[str, Any], state: SandboxState) -> dict[str, Any]:
    language = payload.get("language", {}).get("code")
    components = payload.get("components", [])
    parameters: list[str] = []
    named: dict[str, str] = {}
    header: dict[str, Any] | None = None
    for component in components:
        if component.get("type") == "body":
            for parameter in component.get("parameters", []):
                parameters.append(_parameter_text(parameter))
                if parameter.get("parameter_name"):
                    named[parameter["parameter_name"]] = parameters[-1]
        elif component.get("type") == "header":
            header = (component.get("parameters") or [None])[0]
    view: dict[str, Any] = {
        "name": payload.get("name"),
        "language": language,
        "parameters": parameters,
        "buttons": template_buttons(payload, state),
        "components": components,
    }
    if header is not None:
        view["header"] = header
    registered = state.templates.get(payload.get("name", ""))
    if registered and registered.get("body"):
        view["text"] = _fill(registered["body"], parameters, named)
    return view


def _fill(text: str, positional: list[str], named: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        if key.isdigit() and 0 < int(key) <= len(positional):
            return positional[int(key) - 1]
        return named.get(key, match.group(0))

    return re.sub(r"\{\{\s*([^}]+?)\s*\}\}", value, text)
