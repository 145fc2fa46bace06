"""Sportello's outbound messages → Bot API calls (method, parameters, files to upload)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sportello.connectors.base import MessageKind

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes, as the Bot API counts them

# Our kind → (Bot API method, the field that carries the file).
MEDIA_METHODS = {
    "image": ("sendPhoto", "photo"),
    "document": ("sendDocument", "document"),
    "audio": ("sendAudio", "audio"),
    "video": ("sendVideo", "video"),
    "sticker": ("sendSticker", "sticker"),
}
VOICE = ("sendVoice", "voice")


class NotSendable(ValueError):
    """A message Telegram has no way to carry (a WhatsApp template…)."""


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)


def inline_keyboard(interactive: dict[str, Any]) -> list[list[dict[str, str]]]:
    """WhatsApp-shaped reply buttons or list rows (what the console and policies write) → one button per row."""
    action = interactive.get("action") or {}
    choices: list[tuple[str, str]] = []
    for button in action.get("buttons") or []:
        reply = button.get("reply") or {}
        choices.append((str(reply.get("id", "")), str(reply.get("title", ""))))
    for section in action.get("sections") or []:
        for row in section.get("rows") or []:
            choices.append((str(row.get("id", "")), str(row.get("title", ""))))
    keyboard = []
    for choice_id, title in choices:
        if not choice_id or len(choice_id.encode()) > CALLBACK_DATA_LIMIT:
            raise NotSendable(f"button id {choice_id[:20]!r} is empty or longer than 64 bytes")
        keyboard.append([{"text": title or choice_id, "callback_data": choice_id}])
    return keyboard


def interactive_text(interactive: dict[str, Any]) -> str:
    parts = []
    header = interactive.get("header") or {}
    if header.get("type") == "text" and header.get("text"):
        parts.append(str(header["text"]))
    parts.append(str((interactive.get("body") or {}).get("text", "")))
    footer = (interactive.get("footer") or {}).get("text")
    if footer:
        parts.append(str(footer))
    return "\n\n".join(p for p in parts if p)


def build_call(
    kind: str,
    text: str,
    payload: dict[str, Any],
    chat_id: str,
    *,
    file: tuple[str, bytes, str] | None = None,
    voice: bool = False,
    reply_to_message_id: int | None = None,
) -> Call:
    params: dict[str, Any] = {"chat_id": chat_id}
    if kind == MessageKind.TEXT:
        call = Call("sendMessage", {**params, "text": text[:TEXT_LIMIT]})
        if not payload.get("preview_url", "http" in text):
            call.params["link_preview_options"] = {"is_disabled": True}
    elif kind == MessageKind.INTERACTIVE:
        interactive = payload.get("interactive") or {}
        call = Call("sendMessage", {
            **params,
            "text": (interactive_text(interactive) or text)[:TEXT_LIMIT],
            "reply_markup": {"inline_keyboard": inline_keyboard(interactive)},
        })
    elif kind in MEDIA_METHODS:
        method, field_name = VOICE if kind == MessageKind.AUDIO and voice else MEDIA_METHODS[kind]
        call = Call(method, dict(params))
        if file is not None:
            call.files[field_name] = file
        elif payload.get("link"):
            call.params[field_name] = str(payload["link"])  # a URL Telegram fetches, or a file_id it already has
        else:
            raise NotSendable(f"{kind} without a file or a link")
        if text and kind != MessageKind.STICKER:
            call.params["caption"] = text[:CAPTION_LIMIT]
    elif kind == MessageKind.LOCATION:
        where = {"latitude": float(payload["latitude"]), "longitude": float(payload["longitude"])}
        if payload.get("name") and payload.get("address"):
            call = Call("sendVenue", {**params, **where, "title": str(payload["name"]), "address": str(payload["address"])})
        else:
            call = Call("sendLocation", {**params, **where})
    elif kind == MessageKind.CONTACTS:
        card = (payload.get("contacts") or [{}])[0]
        phones = card.get("phones") or [{}]
        name = card.get("name") or {}
        call = Call("sendContact", {
            **params, "phone_number": str(phones[0].get("phone", "")),
            "first_name": str(name.get("first_name") or name.get("formatted_name") or "-"),
        })
    else:
        raise NotSendable(f"a message of kind {kind!r} cannot be sent on Telegram")
    if reply_to_message_id is not None:
        call.params["reply_parameters"] = {"message_id": reply_to_message_id, "allow_sending_without_reply": True}
    return call


def campaign_call(content: dict[str, Any], chat_id: str, file_id: str | None = None) -> Call:
    """A campaign copy: the title, the text and the link in one message, or as the caption of its media (by
    `file_id` once Telegram has the file)."""
    text = "\n\n".join(str(p) for p in (content.get("title"), content.get("text"), content.get("link")) if p)
    media = content.get("media")
    if media:
        filename, data, mime = media
        kind = str(content.get("media_kind") or "") or (
            "image" if str(mime).startswith("image/") else "video" if str(mime).startswith("video/") else "document")
        if len(text) > CAPTION_LIMIT:
            raise NotSendable("caption longer than 1,024 characters")
        if file_id:
            return build_call(kind, text, {"link": file_id}, chat_id)
        return build_call(kind, text, {}, chat_id, file=(filename, data, mime))
    return build_call(MessageKind.TEXT, text, {"preview_url": bool(content.get("link"))}, chat_id)


def sent_file_id(result: Any) -> str:
    """The file_id of what a send uploaded (the largest photo size, or the document, video…)."""
    if not isinstance(result, dict):
        return ""
    for field_name in ("photo", "document", "video", "audio", "voice", "sticker"):
        value = result.get(field_name)
        if isinstance(value, list) and value:
            value = value[-1]
        if isinstance(value, dict) and value.get("file_id"):
            return str(value["file_id"])
    return ""
