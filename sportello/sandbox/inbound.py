"""Builds the Cloud API message object for what a citizen does (``POST /sandbox/api/send``, the phone page).

Key order and fields follow the shared fixtures: ``context``, ``from``, ``from_user_id``, ``id``,
``timestamp``, ``type``, then the payload. A citizen without a phone (username only) has no ``from``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from .errors import GraphError
from .rules import MEDIA_KINDS, check_size, is_animated_webp
from .state import WEBHOOK_MEDIA_URL_TTL, Conversation, Message, SandboxState

INBOUND_TYPES = frozenset({"text", "location", "contacts", "reaction", "interactive", "button"} | MEDIA_KINDS)


class InboundError(ValueError):
    """The citizen API request cannot become a message (answered 400)."""


def build(
    data: dict[str, Any],
    conv: Conversation,
    state: SandboxState,
    *,
    message_id: str,
    timestamp: int,
    media_url: Callable[[str], str],
) -> dict[str, Any]:
    """The ``messages[]`` object for one citizen action; ``media_url(token)`` makes media download URLs."""
    citizen = conv.citizen
    raw = data.get("raw")
    if raw is not None:
        if not isinstance(raw, dict):
            raise InboundError("raw must be a message object")
        verbatim: dict[str, Any] = dict(raw)  # only completed with what identifies it
        if citizen.phone:
            verbatim.setdefault("from", citizen.phone)
        verbatim.setdefault("from_user_id", citizen.bsuid)
        verbatim.setdefault("id", message_id)
        verbatim.setdefault("timestamp", str(timestamp))
        return verbatim

    kind = data.get("type", "text")
    if kind not in INBOUND_TYPES:
        raise InboundError(f"unknown type {kind!r}; use one of {', '.join(sorted(INBOUND_TYPES))}, or raw")
    nested = data.get(kind)
    # Fields nested under the type ({"text": {"body": ...}}) or flat ({"body": ...}): both are accepted.
    fields: dict[str, Any] = dict(data)
    if isinstance(nested, dict):
        fields.update(nested)
    context = _context(data, conv, state)
    if kind == "interactive":
        payload, context = _interactive(fields, conv, context)
    elif kind == "button":
        payload, context = _template_button(fields, conv, context, state)
    elif kind in MEDIA_KINDS:
        payload = _media(kind, fields, state, media_url)
    else:
        payload = _SIMPLE[kind](fields)

    obj: dict[str, Any] = {}
    if context:
        obj["context"] = context
    if citizen.phone:
        obj["from"] = citizen.phone
    obj["from_user_id"] = citizen.bsuid
    obj["id"] = message_id
    obj["timestamp"] = str(timestamp)
    obj["type"] = kind
    obj[kind] = payload
    return obj


def _context(data: dict[str, Any], conv: Conversation, state: SandboxState) -> dict[str, Any]:
    context: dict[str, Any] = {}
    reply = data.get("context")
    if reply is not None:
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        if not isinstance(reply_to, str) or not reply_to:
            raise InboundError("context.message_id is required when context is given")
        context = _reply_context(state.messages.get(reply_to), reply_to, conv)
    if data.get("forwarded"):
        context["forwarded"] = True
    if data.get("frequently_forwarded"):
        context["frequently_forwarded"] = True
    return context


def _reply_context(target: Message | None, message_id: str, conv: Conversation) -> dict[str, Any]:
    # "from" is who wrote the quoted message: the business number, or the citizen themself.
    if target is not None and not target.outbound:
        sender = conv.citizen.phone
        return {"from": sender, "id": message_id} if sender else {"id": message_id}
    return {"from": conv.number.display_phone_number, "id": message_id}


def _text(fields: dict[str, Any]) -> dict[str, Any]:
    body = fields.get("body", fields.get("text"))
    if not isinstance(body, str) or not body:
        raise InboundError("text needs a non-empty body")
    return {"body": body}


def _location(fields: dict[str, Any]) -> dict[str, Any]:
    try:
        location: dict[str, Any] = {
            "latitude": float(fields["latitude"]),
            "longitude": float(fields["longitude"]),
        }
    except (KeyError, TypeError, ValueError):
        raise InboundError("location needs numeric latitude and longitude") from None
    for key in ("name", "address", "url"):
        if fields.get(key):
            location[key] = str(fields[key])
    return location


def _contacts(fields: dict[str, Any]) -> list[dict[str, Any]]:
    contacts = fields.get("contacts")
    if not isinstance(contacts, list) or not contacts or not all(isinstance(c, dict) for c in contacts):
        raise InboundError("contacts needs a non-empty list of contact objects")
    return contacts


def _reaction(fields: dict[str, Any]) -> dict[str, Any]:
    message_id = fields.get("message_id")
    if not isinstance(message_id, str) or not message_id:
        raise InboundError("reaction needs message_id")
    reaction = {"message_id": message_id}
    if fields.get("emoji"):  # no emoji means the reaction was removed
        reaction["emoji"] = str(fields["emoji"])
    return reaction


_SIMPLE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "text": _text,
    "location": _location,
    "contacts": _contacts,
    "reaction": _reaction,
}


def _media(
    kind: str, fields: dict[str, Any], state: SandboxState, media_url: Callable[[str], str]
) -> dict[str, Any]:
    mime_type = fields.get("mime_type")
    if not isinstance(mime_type, str) or "/" not in mime_type:
        raise InboundError(f"{kind} needs mime_type")
    try:
        data = base64.b64decode(fields.get("content_base64") or "", validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise InboundError(f"{kind} needs content_base64 (standard base64)") from None
    animated = kind == "sticker" and (bool(fields.get("animated")) or is_animated_webp(data))
    try:
        check_size(kind, len(data), animated)
    except GraphError as exc:
        raise InboundError(exc.details) from None
    filename = fields.get("filename") if kind == "document" else None
    media = state.add_media(data, mime_type, filename, kind, animated)
    payload: dict[str, Any] = {}
    if kind in {"image", "video", "document"} and fields.get("caption"):
        payload["caption"] = str(fields["caption"])
    if filename:
        payload["filename"] = str(filename)
    payload["mime_type"] = mime_type
    payload["sha256"] = media.sha256
    payload["id"] = media.id
    payload["url"] = media_url(state.download_token(media.id, WEBHOOK_MEDIA_URL_TTL))
    if kind == "audio":
        payload["voice"] = bool(fields.get("voice"))
    if kind == "sticker":
        payload["animated"] = animated
    return payload


def _interactive(
    fields: dict[str, Any], conv: Conversation, context: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What tapping a reply button or a list row sends; the choice is looked up in the chat by id."""
    kind = fields.get("type")
    nested = fields.get(kind) if kind in {"button_reply", "list_reply"} else None
    choice: dict[str, Any] = nested if isinstance(nested, dict) else fields
    choice_id = choice.get("id")
    if not isinstance(choice_id, str) or not choice_id:
        raise InboundError("interactive needs the id of the button or list row tapped")
    found = _find_choice(conv, choice_id)
    if found is not None:
        source, found_kind, title, description = found
        kind = kind if kind in {"button_reply", "list_reply"} else found_kind
        context = context or {"from": conv.number.display_phone_number, "id": source.id}
    else:
        kind = kind if kind in {"button_reply", "list_reply"} else "button_reply"
        title, description = None, None
    reply: dict[str, Any] = {"id": choice_id, "title": str(choice.get("title") or title or choice_id)}
    if kind == "list_reply" and (choice.get("description") or description):
        reply["description"] = str(choice.get("description") or description)
    return {"type": kind, kind: reply}, context


def _find_choice(conv: Conversation, choice_id: str) -> tuple[Message, str, str, str | None] | None:
    for message in reversed(conv.messages):
        if not message.outbound or message.type != "interactive":
            continue
        interactive = message.body["interactive"]
        action = interactive.get("action", {})
        if interactive.get("type") == "button":
            for button in action.get("buttons", []):
                if button["reply"]["id"] == choice_id:
                    return message, "button_reply", button["reply"]["title"], None
        elif interactive.get("type") == "list":
            for section in action.get("sections", []):
                for row in section.get("rows", []):
                    if row["id"] == choice_id:
                        return message, "list_reply", row["title"], row.get("description")
    return None


def _template_button(
    fields: dict[str, Any], conv: Conversation, context: dict[str, Any], state: SandboxState
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A quick-reply button of a template: ``{"payload", "text"}``, quoting the template message."""
    payload = fields.get("payload")
    if not isinstance(payload, str) or not payload:
        raise InboundError("button needs the payload of the quick reply tapped")
    text = fields.get("text")
    for message in reversed(conv.messages):
        if message.outbound and message.type == "template":
            buttons = template_buttons(message.body["template"], state)
            match = next((b for b in buttons if b["payload"] == payload), None)
            if match is not None:
                context = context or {"from": conv.number.display_phone_number, "id": message.id}
                text = text or match["text"]
                break
    return {"payload": payload, "text": str(text or payload)}, context


def template_buttons(template: dict[str, Any], state: SandboxState) -> list[dict[str, Any]]:
    """Quick-reply buttons of a sent template: payloads from the send, texts from a registered template."""
    registered = state.templates.get(template.get("name", ""), {})
    texts = registered.get("buttons", [])
    buttons: list[dict[str, Any]] = []
    for component in template.get("components", []):
        if component.get("type") != "button" or component.get("sub_type") != "quick_reply":
            continue
        index = int(component.get("index", len(buttons)))
        params = component.get("parameters") or [{}]
        payload = params[0].get("payload", params[0].get("text"))
        text = texts[index] if index < len(texts) else f"Pulsante {index + 1}"
        buttons.append(
            {"index": index, "payload": str(payload if payload is not None else text), "text": text}
        )
    return buttons
