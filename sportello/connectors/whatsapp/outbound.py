"""Sportello's outbound messages → Cloud API send bodies."""

from __future__ import annotations

from typing import Any

from sportello.connectors.base import MessageKind

MEDIA_KINDS = {"image", "audio", "video", "document", "sticker"}


def recipient_fields(phone: str, bsuid: str) -> dict[str, str]:
    """Reply by phone when we have one, else by business-scoped user id (citizens with a username only)."""
    if phone:
        return {"to": phone}
    return {"recipient": bsuid}


def build_body(
    kind: str,
    text: str,
    payload: dict[str, Any],
    recipient: dict[str, str],
    *,
    media_id: str = "",
    filename: str = "",
    reply_to_id: str = "",
    callback_data: str = "",
) -> dict[str, Any]:
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient}
    if kind == MessageKind.TEXT:
        body.update(type="text", text={"body": text, "preview_url": bool(payload.get("preview_url", "http" in text))})
    elif kind in MEDIA_KINDS:
        media: dict[str, Any] = {"id": media_id} if media_id else {"link": payload["link"]}
        if text and kind != "audio" and kind != "sticker":
            media["caption"] = text
        if kind == "document" and filename:
            media["filename"] = filename
        body.update(type=kind, **{kind: media})
    elif kind == MessageKind.INTERACTIVE:
        body.update(type="interactive", interactive=payload["interactive"])
    elif kind == MessageKind.TEMPLATE:
        template = {"name": payload["name"], "language": {"code": payload.get("language", "it")}}
        if payload.get("components"):
            template["components"] = payload["components"]
        body.update(type="template", template=template)
    elif kind == MessageKind.LOCATION:
        body.update(type="location", location={k: payload[k] for k in payload if k in {"latitude", "longitude", "name", "address"}})
    elif kind == MessageKind.REACTION:
        body.update(type="reaction", reaction={"message_id": payload["message_id"], "emoji": payload.get("emoji", "")})
    elif kind == MessageKind.CONTACTS:
        body.update(type="contacts", contacts=payload["contacts"])
    else:
        raise ValueError(f"cannot send a message of kind {kind!r} on WhatsApp")
    if reply_to_id and kind != MessageKind.REACTION:
        body["context"] = {"message_id": reply_to_id}
    if callback_data:
        body["biz_opaque_callback_data"] = callback_data
    return body
