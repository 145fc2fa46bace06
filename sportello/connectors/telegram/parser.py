"""Telegram Bot API webhook bodies → channel-neutral updates.

What the webhook stores is one line naming the bot the update was for, then Telegram's body unchanged:
``bot:<bot id>\\n{"update_id": …}`` (an Update carries no trace of which bot received it; the webhook knows it
from the secret token). A dispatch table maps each update kind and each message content to a small function
(Zulip's habit); UPDATE_KINDS and MESSAGE_TYPES declare every kind the Bot API documents, and a test keeps tables,
lists and fixtures in step. Anything we do not handle is kept (an `unsupported` message, or an OtherUpdate the
event summary names), never dropped.

Message ids are only unique within a chat, so ours are ``<bot id>:<chat id>:<message id>``; they are stored as
blind keys like every channel's ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sportello.citizens.identity import SenderIdentity
from sportello.connectors.base import (
    InboundMessage,
    MediaRef,
    MessageKind,
    OtherUpdate,
    ParsedBatch,
    ReplyContext,
    UnparseableBody,
    unix_time,
)

CHANNEL = "telegram"
PREFIX = b"bot:"

Parsed = tuple[str, str, dict[str, Any], list[MediaRef]]  # kind, text, payload, media


def envelope(bot_id: str, body: bytes) -> bytes:
    """What the webhook stores: the bot's id on the first line, Telegram's body exactly as received."""
    return PREFIX + bot_id.encode("ascii") + b"\n" + body


def split_envelope(stored: bytes) -> tuple[str, bytes]:
    head, sep, body = stored.partition(b"\n")
    if not sep or not head.startswith(PREFIX) or not head[len(PREFIX):].isdigit():
        raise UnparseableBody("not a stored Telegram update (no bot line)")
    return head[len(PREFIX):].decode("ascii"), body


# -- message contents ------------------------------------------------------------------------------------------
def _text(message: dict[str, Any]) -> Parsed:
    text = str(message.get("text") or "")
    payload: dict[str, Any] = {}
    command = bot_command(message)
    if command is not None:
        payload["bot_command"] = command
    return MessageKind.TEXT, text, payload, []


def bot_command(message: dict[str, Any]) -> dict[str, str] | None:
    """"/start notizie" (or "/start@ComuneBot notizie") → {"command": "start", "argument": "notizie"}."""
    text = str(message.get("text") or "")
    entities = message.get("entities") or []
    first = entities[0] if entities and isinstance(entities[0], dict) else {}
    if first.get("type") != "bot_command" or first.get("offset") != 0 or not text.startswith("/"):
        return None
    length = int(first.get("length") or 0)
    name = text[1:length].split("@", 1)[0].lower()
    return {"command": name, "argument": text[length:].strip()} if name else None


def _ref(kind: str, obj: dict[str, Any], message: dict[str, Any], mime: str = "", **extra: Any) -> MediaRef:
    return MediaRef(
        kind=kind,
        media_id=str(obj.get("file_id", "")),
        mime_type=str(obj.get("mime_type") or mime),
        filename=str(obj.get("file_name") or ""),
        caption=str(message.get("caption") or ""),
        **extra,
    )


def _media_result(ref: MediaRef, payload: dict[str, Any] | None = None) -> Parsed:
    return ref.kind, ref.caption, payload or {}, [ref] if ref.media_id else []


def _photo(message: dict[str, Any]) -> Parsed:
    # Telegram sends every size it made; the largest is the original (or closest to it).
    sizes = [s for s in message.get("photo") or [] if isinstance(s, dict)]
    largest = max(
        sizes, key=lambda s: (int(s.get("file_size") or 0), int(s.get("width") or 0) * int(s.get("height") or 0)),
        default={},
    )
    return _media_result(_ref(MessageKind.IMAGE, largest, message, "image/jpeg"))


def _document(message: dict[str, Any]) -> Parsed:
    return _media_result(_ref(MessageKind.DOCUMENT, message.get("document") or {}, message, "application/octet-stream"))


def _voice(message: dict[str, Any]) -> Parsed:
    ref = _ref(MessageKind.AUDIO, message.get("voice") or {}, message, "audio/ogg", voice=True)
    return _media_result(ref, {"voice": True, "duration": (message.get("voice") or {}).get("duration")})


def _audio(message: dict[str, Any]) -> Parsed:
    audio = message.get("audio") or {}
    payload = {"voice": False, **{k: audio[k] for k in ("duration", "performer", "title") if k in audio}}
    return _media_result(_ref(MessageKind.AUDIO, audio, message, "audio/mpeg"), payload)


def _video(message: dict[str, Any]) -> Parsed:
    video = message.get("video") or {}
    return _media_result(_ref(MessageKind.VIDEO, video, message, "video/mp4"), {"duration": video.get("duration")})


def _video_note(message: dict[str, Any]) -> Parsed:
    note = message.get("video_note") or {}
    return _media_result(_ref(MessageKind.VIDEO, note, message, "video/mp4"), {"video_note": True})


def _animation(message: dict[str, Any]) -> Parsed:
    ref = _ref(MessageKind.VIDEO, message.get("animation") or {}, message, "video/mp4", animated=True)
    return _media_result(ref, {"animated": True})


def _sticker(message: dict[str, Any]) -> Parsed:
    sticker = message.get("sticker") or {}
    mime = "application/x-tgsticker" if sticker.get("is_animated") else (
        "video/webm" if sticker.get("is_video") else "image/webp")
    ref = _ref(MessageKind.STICKER, sticker, message, mime, animated=bool(sticker.get("is_animated")))
    return ref.kind, str(sticker.get("emoji") or ""), {"emoji": str(sticker.get("emoji") or "")}, [ref]


def _location(message: dict[str, Any]) -> Parsed:
    loc = message.get("location") or {}
    payload = {k: loc[k] for k in ("latitude", "longitude") if k in loc}
    if loc.get("live_period"):
        payload["live_period"] = loc["live_period"]
    return MessageKind.LOCATION, "", payload, []


def _venue(message: dict[str, Any]) -> Parsed:
    venue = message.get("venue") or {}
    loc = venue.get("location") or message.get("location") or {}
    payload = {k: loc[k] for k in ("latitude", "longitude") if k in loc}
    payload.update(name=str(venue.get("title") or ""), address=str(venue.get("address") or ""), venue=True)
    text = " — ".join(str(payload[k]) for k in ("name", "address") if payload.get(k))
    return MessageKind.LOCATION, text, payload, []


def _contact(message: dict[str, Any]) -> Parsed:
    # A shared contact card is a third party's personal data: kept only in the encrypted payload, in the same
    # shape as WhatsApp's cards so the console shows both alike.
    contact = message.get("contact") or {}
    first, last = str(contact.get("first_name") or ""), str(contact.get("last_name") or "")
    card: dict[str, Any] = {
        "name": {"formatted_name": " ".join(p for p in (first, last) if p), "first_name": first, "last_name": last},
        "phones": [{"phone": str(contact.get("phone_number") or "")}] if contact.get("phone_number") else [],
    }
    if contact.get("user_id"):
        card["telegram_user_id"] = str(contact["user_id"])
    return MessageKind.CONTACTS, "", {"contacts": [card]}, []


def _unsupported(kind: str) -> Callable[[dict[str, Any]], Parsed]:
    def parse(message: dict[str, Any]) -> Parsed:
        return MessageKind.UNSUPPORTED, "", {"unsupported_type": kind}, []

    return parse


# Checked in this order: a venue also carries "location", an animation also carries "document".
MESSAGE_PARSERS: dict[str, Callable[[dict[str, Any]], Parsed]] = {
    "text": _text,
    "animation": _animation,
    "photo": _photo,
    "document": _document,
    "voice": _voice,
    "audio": _audio,
    "video": _video,
    "video_note": _video_note,
    "sticker": _sticker,
    "venue": _venue,
    "location": _location,
    "contact": _contact,
    "poll": _unsupported("poll"),
    "dice": _unsupported("dice"),
    "game": _unsupported("game"),
    "story": _unsupported("story"),
    "paid_media": _unsupported("paid_media"),
    "invoice": _unsupported("invoice"),
    "checklist": _unsupported("checklist"),
}

# Every message content the Bot API documents that Sportello reads or knowingly flags; a test keeps it complete.
MESSAGE_TYPES = (
    "text animation photo document voice audio video video_note sticker venue location contact poll dice game "
    "story paid_media invoice checklist"
).split()


def _content(message: dict[str, Any]) -> tuple[str, Parsed]:
    for name, handler in MESSAGE_PARSERS.items():
        if name in message:
            return name, handler(message)
    # A service message (someone joined, a pinned message…) or a content newer than this version.
    known = next((k for k in message if k not in _ENVELOPE_FIELDS), "unknown")
    return known, (MessageKind.UNKNOWN, "", {"raw_keys": sorted(message)}, [])


# Fields every Message has whatever its content.
_ENVELOPE_FIELDS = {
    "message_id", "message_thread_id", "from", "sender_chat", "sender_boost_count", "sender_business_bot", "date",
    "business_connection_id", "chat", "forward_origin", "is_topic_message", "is_automatic_forward",
    "reply_to_message", "external_reply", "quote", "reply_to_story", "via_bot", "edit_date", "has_protected_content",
    "is_from_offline", "media_group_id", "author_signature", "entities", "caption", "caption_entities",
    "show_caption_above_media", "has_media_spoiler", "link_preview_options", "effect_id", "reply_markup",
}


# -- updates ---------------------------------------------------------------------------------------------------
def _sender(user: dict[str, Any]) -> SenderIdentity:
    name = " ".join(str(user[k]) for k in ("first_name", "last_name") if user.get(k))
    return SenderIdentity(
        telegram_id=str(user.get("id") or ""), username=str(user.get("username") or ""), name=name
    )


def message_ref(bot_id: str, chat_id: Any, message_id: Any) -> str:
    return f"{bot_id}:{chat_id}:{message_id}"


def _private(message: dict[str, Any]) -> bool:
    return (message.get("chat") or {}).get("type") == "private"


def _parse_message(bot_id: str, message: dict[str, Any]) -> InboundMessage:
    original_type, (kind, text, payload, media) = _content(message)
    chat_id = (message.get("chat") or {}).get("id")
    reply = message.get("reply_to_message") or {}
    context = ReplyContext(
        external_id=message_ref(bot_id, chat_id, reply["message_id"]) if reply.get("message_id") else "",
        forwarded="forward_origin" in message,
    )
    if message.get("media_group_id"):
        payload["media_group_id"] = str(message["media_group_id"])
    return InboundMessage(
        channel=CHANNEL,
        account_ref=bot_id,
        external_id=message_ref(bot_id, chat_id, message.get("message_id")),
        sender=_sender(message.get("from") or {}),
        sent_at=unix_time(message.get("date")),
        kind=kind,
        text=text,
        payload=payload,
        media=media,
        context=context,
        original_type=original_type,
    )


def _message(bot_id: str, update: dict[str, Any], batch: ParsedBatch) -> None:
    message = update["message"]
    if not _private(message):
        # Groups and channels the bot was added to: not a citizen writing to the office.
        batch.others.append(OtherUpdate(CHANNEL, bot_id, "group_message", {"chat_type": str((message.get("chat") or {}).get("type"))}))
        return
    batch.messages.append(_parse_message(bot_id, message))


def _edited_message(bot_id: str, update: dict[str, Any], batch: ParsedBatch) -> None:
    message = update["edited_message"]
    if not _private(message):
        batch.others.append(OtherUpdate(CHANNEL, bot_id, "group_message", {"edited": True}))
        return
    inner = _parse_message(bot_id, message)
    original = inner.external_id
    inner.payload = {"original_message_id": original, "new_kind": inner.kind, "new_payload": inner.payload}
    inner.kind = MessageKind.EDIT
    inner.external_id = f"{original}:edit:{message.get('edit_date') or ''}"
    inner.sent_at = unix_time(message.get("edit_date") or message.get("date"))
    inner.context = ReplyContext()
    batch.messages.append(inner)


def _button_title(message: dict[str, Any], data: str) -> str:
    rows = ((message.get("reply_markup") or {}).get("inline_keyboard")) or []
    for row in rows:
        for button in row if isinstance(row, list) else []:
            if isinstance(button, dict) and button.get("callback_data") == data:
                return str(button.get("text") or "")
    return ""


def _callback_query(bot_id: str, update: dict[str, Any], batch: ParsedBatch) -> None:
    query = update["callback_query"]
    message = query.get("message") or {}
    data = str(query.get("data") or "")
    title = _button_title(message, data)
    chat_id = (message.get("chat") or {}).get("id")
    context = ReplyContext(
        external_id=message_ref(bot_id, chat_id, message["message_id"]) if message.get("message_id") else ""
    )
    batch.messages.append(
        InboundMessage(
            channel=CHANNEL,
            account_ref=bot_id,
            external_id=f"{bot_id}:callback:{query.get('id', '')}",
            sender=_sender(query.get("from") or {}),
            # A callback query has no date of its own; the tap happens now.
            sent_at=datetime.now(tz=timezone.utc),
            kind=MessageKind.INTERACTIVE,
            text=title or data,
            payload={"reply_type": "button_reply", "id": data, "title": title or data},
            context=context,
            original_type="callback_query",
        )
    )


def _other(kind: str) -> Callable[[str, dict[str, Any], ParsedBatch], None]:
    def parse(bot_id: str, update: dict[str, Any], batch: ParsedBatch) -> None:
        value = update[kind]
        summary: dict[str, Any] = {}
        if kind in ("my_chat_member", "chat_member") and isinstance(value, dict):
            # "kicked": the citizen blocked the bot; "member": they unblocked it.
            summary["status"] = str((value.get("new_chat_member") or {}).get("status", ""))
        batch.others.append(OtherUpdate(CHANNEL, bot_id, kind, summary))

    return parse


UPDATE_PARSERS: dict[str, Callable[[str, dict[str, Any], ParsedBatch], None]] = {
    "message": _message,
    "edited_message": _edited_message,
    "callback_query": _callback_query,
    **{
        kind: _other(kind)
        for kind in (
            "channel_post edited_channel_post business_connection business_message edited_business_message "
            "deleted_business_messages message_reaction message_reaction_count inline_query chosen_inline_result "
            "shipping_query pre_checkout_query purchased_paid_media poll poll_answer my_chat_member chat_member "
            "chat_join_request chat_boost removed_chat_boost"
        ).split()
    },
}

# Every field of the Bot API's Update object besides update_id; a test asserts each has a parser.
UPDATE_KINDS = (
    "message edited_message channel_post edited_channel_post business_connection business_message "
    "edited_business_message deleted_business_messages message_reaction message_reaction_count inline_query "
    "chosen_inline_result callback_query shipping_query pre_checkout_query purchased_paid_media poll poll_answer "
    "my_chat_member chat_member chat_join_request chat_boost removed_chat_boost"
).split()


def parse_update(bot_id: str, update: dict[str, Any], batch: ParsedBatch) -> None:
    kinds = [k for k in update if k != "update_id"]
    handled = False
    for kind in kinds:
        handler = UPDATE_PARSERS.get(kind)
        if handler is None:
            continue
        handled = True
        try:
            handler(bot_id, update, batch)
        except (AttributeError, TypeError, KeyError, ValueError) as exc:
            batch.problems.append(f"update {update.get('update_id')} {kind}: {type(exc).__name__}: {exc}")
    if not handled:
        batch.problems.append(f"update {update.get('update_id')}: unknown kind {', '.join(kinds) or '(none)'}")


def parse_body(stored: bytes) -> ParsedBatch:
    """Parse one stored webhook body. Raises UnparseableBody when it is not a Telegram Update at all."""
    bot_id, body = split_envelope(stored)
    try:
        update = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnparseableBody(f"not JSON: {exc}") from exc
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise UnparseableBody("not an Update (no update_id)")
    batch = ParsedBatch()
    parse_update(bot_id, update, batch)
    return batch
