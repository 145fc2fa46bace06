"""Checks a ``POST /{phone_number_id}/messages`` body the way Meta does, before anything is accepted.

Limits are Meta's: text body 4,096 characters; reply buttons 1-3 with titles up to 20 characters; lists up
to 10 sections and 10 rows in all; captions 1,024; ``biz_opaque_callback_data`` 512.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import GraphError
from .rules import MEDIA_KINDS

SEND_TYPES = frozenset({"text", "location", "contacts", "reaction", "interactive", "template"} | MEDIA_KINDS)
_PASSTHROUGH_INTERACTIVE = frozenset(
    {
        "flow",
        "location_request_message",
        "address_message",
        "product",
        "product_list",
        "catalog_message",
        "call_permission_request",
        "voice_call",
    }
)


@dataclass(slots=True)
class SendRequest:
    type: str
    body: dict[str, Any]
    to: str | None
    recipient: str | None
    context_id: str | None
    biz_opaque: str | None
    media_id: str | None  # uploaded media referenced by id


@dataclass(slots=True)
class ReadRequest:
    message_id: str
    typing: bool


def _invalid(details: str) -> GraphError:
    return GraphError(100, details)


def _missing(details: str) -> GraphError:
    return GraphError(131008, details)


def _not_valid(details: str) -> GraphError:
    return GraphError(131009, details)


def _text(
    value: Any, name: str, max_length: int, *, required: bool = True, min_length: int = 1
) -> str | None:
    if value is None or value == "":
        if required:
            raise _missing(f"The parameter {name} is required.")
        return None
    if not isinstance(value, str):
        raise _invalid(f"Param {name} must be a string.")
    if not min_length <= len(value) <= max_length:
        raise _not_valid(f"Param {name} must be between {min_length} and {max_length} characters long.")
    return value


def _object(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        raise _missing(f"The parameter {name} is required.")
    if not isinstance(value, dict):
        raise _invalid(f"Param {name} must be a JSON object.")
    return value


def parse(body: Any) -> SendRequest | ReadRequest:
    if not isinstance(body, dict):
        raise _invalid("The request body must be a JSON object.")
    if body.get("messaging_product") != "whatsapp":
        raise _invalid("The parameter messaging_product is required and must be 'whatsapp'.")
    if body.get("status") is not None:
        return _parse_read(body)
    if body.get("recipient_type", "individual") != "individual":
        raise _invalid("Param recipient_type must be 'individual': the sandbox has no groups.")
    to = _text(body.get("to"), "to", 64, required=False)
    recipient = _text(body.get("recipient"), "recipient", 64, required=False)
    if to is None and recipient is None:
        raise _missing("The parameter to is required.")
    kind = body.get("type", "text")  # Meta defaults a missing type to text
    if kind not in SEND_TYPES:
        raise _invalid(
            f"Param type must be one of {{{', '.join(sorted(t.upper() for t in SEND_TYPES))}}} "
            f"- got {kind!r}."
        )
    if kind == "contacts":  # the only type whose payload is a list
        _check_contacts(body.get("contacts"))
        media_id = None
    else:
        media_id = _CHECKS[kind](_object(body.get(kind), kind))
    context_id = None
    if body.get("context") is not None:
        context_id = _text(
            _object(body["context"], "context").get("message_id"), "context['message_id']", 256
        )
    biz_opaque = _text(body.get("biz_opaque_callback_data"), "biz_opaque_callback_data", 512, required=False)
    return SendRequest(kind, body, to, recipient, context_id, biz_opaque, media_id)


def _parse_read(body: dict[str, Any]) -> ReadRequest:
    if body["status"] != "read":
        raise _invalid("Param status must be 'read'.")
    message_id = _text(body.get("message_id"), "message_id", 256)
    assert message_id is not None
    typing = body.get("typing_indicator")
    if typing is not None and _object(typing, "typing_indicator").get("type") != "text":
        raise _invalid("Param typing_indicator['type'] must be 'text'.")
    return ReadRequest(message_id, typing is not None)


def _check_text(obj: dict[str, Any]) -> None:
    if not obj.get("body"):
        raise _invalid("The parameter text['body'] is required.")
    if not isinstance(obj["body"], str):
        raise _invalid("Param text['body'] must be a string.")
    if len(obj["body"]) > 4096:
        raise _invalid("Param text['body'] must be at most 4096 characters long.")
    if not isinstance(obj.get("preview_url", False), bool):
        raise _invalid("Param text['preview_url'] must be a boolean.")


def _check_media(kind: str) -> Callable[[dict[str, Any]], str | None]:
    def check(obj: dict[str, Any]) -> str | None:
        media_id, link = obj.get("id"), obj.get("link")
        if (media_id is None) == (link is None):
            raise _missing(f"Exactly one of {kind}['id'] or {kind}['link'] is required.")
        if link is not None and not (isinstance(link, str) and link.startswith(("http://", "https://"))):
            raise _invalid(f"Param {kind}['link'] must be an http(s) URL.")
        if kind in {"image", "video", "document"}:
            _text(obj.get("caption"), f"{kind}['caption']", 1024, required=False)
        if kind == "document":
            _text(obj.get("filename"), "document['filename']", 240, required=False)
        return str(media_id) if media_id is not None else None

    return check


def _check_location(obj: dict[str, Any]) -> None:
    for key in ("latitude", "longitude"):
        value = obj.get(key)
        if value is None:
            raise _missing(f"The parameter location['{key}'] is required.")
        try:
            float(value)
        except (TypeError, ValueError):
            raise _invalid(f"Param location['{key}'] must be a number.") from None


def _check_contacts(items: Any) -> None:
    if not isinstance(items, list) or not items:
        raise _invalid("Param contacts must be a non-empty list.")
    for index, contact in enumerate(items):
        name = contact.get("name") if isinstance(contact, dict) else None
        if not isinstance(name, dict) or not name.get("formatted_name"):
            raise _missing(f"The parameter contacts[{index}]['name']['formatted_name'] is required.")


def _check_reaction(obj: dict[str, Any]) -> None:
    _text(obj.get("message_id"), "reaction['message_id']", 256)
    if not isinstance(obj.get("emoji", ""), str):
        raise _invalid("Param reaction['emoji'] must be a string.")


def _check_template(obj: dict[str, Any]) -> None:
    _text(obj.get("name"), "template['name']", 512)
    language = _object(obj.get("language"), "template['language']")
    _text(language.get("code"), "template['language']['code']", 32)
    components = obj.get("components", [])
    if not isinstance(components, list) or not all(isinstance(c, dict) and c.get("type") for c in components):
        raise _invalid("Param template['components'] must be a list of objects with a type.")


def _check_interactive(obj: dict[str, Any]) -> None:
    kind = obj.get("type")
    header = obj.get("header")
    if header is not None and _object(header, "interactive['header']").get("type") == "text":
        _text(header.get("text"), "interactive['header']['text']", 60)
    if obj.get("footer") is not None:
        _text(
            _object(obj["footer"], "interactive['footer']").get("text"), "interactive['footer']['text']", 60
        )
    action = _object(obj.get("action"), "interactive['action']")
    body = obj.get("body")
    if kind == "button":
        _text(_object(body, "interactive['body']").get("text"), "interactive['body']['text']", 1024)
        _check_buttons(action.get("buttons"))
    elif kind == "list":
        _text(_object(body, "interactive['body']").get("text"), "interactive['body']['text']", 4096)
        _text(action.get("button"), "interactive['action']['button']", 20)
        _check_sections(action.get("sections"))
    elif kind == "cta_url":
        parameters = _object(action.get("parameters"), "interactive['action']['parameters']")
        _text(parameters.get("display_text"), "interactive['action']['parameters']['display_text']", 20)
        _text(parameters.get("url"), "interactive['action']['parameters']['url']", 2000)
    elif kind not in _PASSTHROUGH_INTERACTIVE:
        raise _invalid(f"Param interactive['type'] is not a supported interactive type: {kind!r}.")


def _check_buttons(buttons: Any) -> None:
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise _not_valid("Buttons count is invalid: between 1 and 3 reply buttons are allowed.")
    ids, titles = set(), set()
    for index, button in enumerate(buttons):
        reply = button.get("reply") if isinstance(button, dict) else None
        if not isinstance(button, dict) or button.get("type") != "reply" or not isinstance(reply, dict):
            raise _invalid(f"Param interactive['action']['buttons'][{index}] must be a reply button.")
        ids.add(_text(reply.get("id"), f"buttons[{index}]['reply']['id']", 256))
        title = _text(reply.get("title"), f"buttons[{index}]['reply']['title']", 20)
        titles.add(title.strip().lower() if title else title)
    if len(ids) != len(buttons) or len(titles) != len(buttons):
        raise _not_valid("Button ids and titles must be unique.")


def _check_sections(sections: Any) -> None:
    if not isinstance(sections, list) or not 1 <= len(sections) <= 10:
        raise _not_valid("Sections count is invalid: between 1 and 10 sections are allowed.")
    row_ids: list[Any] = []
    for s_index, section in enumerate(sections):
        if not isinstance(section, dict):
            raise _invalid(f"Param sections[{s_index}] must be an object.")
        _text(section.get("title"), f"sections[{s_index}]['title']", 24, required=len(sections) > 1)
        rows = section.get("rows")
        if not isinstance(rows, list) or not rows:
            raise _missing(f"The parameter sections[{s_index}]['rows'] is required.")
        for r_index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise _invalid(f"Param sections[{s_index}]['rows'][{r_index}] must be an object.")
            row_ids.append(_text(row.get("id"), f"rows[{r_index}]['id']", 200))
            _text(row.get("title"), f"rows[{r_index}]['title']", 24)
            _text(row.get("description"), f"rows[{r_index}]['description']", 72, required=False)
    if len(row_ids) > 10:
        raise _not_valid(f"Rows count is invalid: at most 10 rows in all, got {len(row_ids)}.")
    if len(set(row_ids)) != len(row_ids):
        raise _not_valid("Row ids must be unique.")


_CHECKS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "text": _check_text,
    "location": _check_location,
    "reaction": _check_reaction,
    "template": _check_template,
    "interactive": _check_interactive,
    **{kind: _check_media(kind) for kind in MEDIA_KINDS},
}
