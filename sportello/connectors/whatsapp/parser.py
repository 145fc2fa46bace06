"""WhatsApp Cloud API webhook bodies → channel-neutral updates.

A dispatch table maps each message type to a small function (Zulip's habit); MESSAGE_TYPES declares every type
we know, and a test keeps table and list in step. Anything we do not recognise is kept as `unknown` with its raw
object, never dropped. Every entry, change, message and status of a batched body is visited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sportello.citizens.identity import SenderIdentity
from sportello.connectors.base import (
    InboundMessage,
    MediaRef,
    MessageKind,
    OtherUpdate,
    ParsedBatch,
    ReplyContext,
    StatusUpdate,
    UnparseableBody,
    unix_time,
)
from sportello.connectors.whatsapp.errors import describe

CHANNEL = "whatsapp"

Parsed = tuple[str, str, dict[str, Any], list[MediaRef]]  # kind, text, payload, media


def _media(kind: str) -> Callable[[dict[str, Any]], Parsed]:
    def parse(message: dict[str, Any]) -> Parsed:
        obj = message.get(kind) or {}
        ref = MediaRef(
            kind=kind,
            media_id=str(obj.get("id", "")),
            mime_type=str(obj.get("mime_type", "")),
            sha256=str(obj.get("sha256", "")),
            filename=str(obj.get("filename", "")),
            caption=str(obj.get("caption", "")),
            voice=bool(obj.get("voice", False)),
            animated=bool(obj.get("animated", False)),
            url=str(obj.get("url", "")),
        )
        payload = {"voice": ref.voice} if kind == "audio" else {}
        if kind == "sticker":
            payload = {"animated": ref.animated}
        return kind, ref.caption, payload, [ref] if ref.media_id else []

    return parse


def _text(message: dict[str, Any]) -> Parsed:
    return MessageKind.TEXT, str((message.get("text") or {}).get("body", "")), {}, []


def _location(message: dict[str, Any]) -> Parsed:
    loc = message.get("location") or {}
    payload = {k: loc[k] for k in ("latitude", "longitude", "name", "address", "url") if k in loc}
    text = " — ".join(str(loc[k]) for k in ("name", "address") if loc.get(k))
    return MessageKind.LOCATION, text, payload, []


def _contacts(message: dict[str, Any]) -> Parsed:
    # Shared contact cards are third parties' personal data: kept only in the encrypted payload.
    return MessageKind.CONTACTS, "", {"contacts": message.get("contacts") or []}, []


def _reaction(message: dict[str, Any]) -> Parsed:
    reaction = message.get("reaction") or {}
    emoji = str(reaction.get("emoji") or "")
    payload = {"message_id": str(reaction.get("message_id", "")), "emoji": emoji, "removed": not emoji}
    return MessageKind.REACTION, emoji, payload, []


def _interactive(message: dict[str, Any]) -> Parsed:
    interactive = message.get("interactive") or {}
    reply_type = str(interactive.get("type", ""))
    reply = interactive.get(reply_type) or {}
    payload: dict[str, Any] = {"reply_type": reply_type}
    if reply_type in ("button_reply", "list_reply"):
        payload.update(id=str(reply.get("id", "")), title=str(reply.get("title", "")))
        if reply.get("description"):
            payload["description"] = str(reply["description"])
        return MessageKind.INTERACTIVE, payload["title"], payload, []
    if reply_type == "nfm_reply":
        raw = reply.get("response_json") or "{}"
        try:
            response = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError:
            response = {"unparsed": raw}
        payload.update(name=str(reply.get("name", "")), body=str(reply.get("body", "")), response=response)
        return MessageKind.INTERACTIVE, payload["body"], payload, []
    payload["raw"] = interactive
    return MessageKind.INTERACTIVE, "", payload, []


def _button(message: dict[str, Any]) -> Parsed:
    button = message.get("button") or {}
    payload = {"payload": str(button.get("payload", "")), "text": str(button.get("text", ""))}
    return MessageKind.BUTTON, payload["text"], payload, []


def _order(message: dict[str, Any]) -> Parsed:
    order = message.get("order") or {}
    return MessageKind.ORDER, str(order.get("text", "")), {"order": order}, []


def _system(message: dict[str, Any]) -> Parsed:
    system = message.get("system") or {}
    payload = {
        "type": str(system.get("type", "")),
        "body": str(system.get("body", "")),
        # Older payloads say new_wa_id, current ones wa_id.
        "new_wa_id": str(system.get("wa_id") or system.get("new_wa_id") or ""),
    }
    if message.get("identity"):
        payload["identity"] = message["identity"]
    # The body names the old and new phone numbers: it stays in the encrypted payload, never in searchable text.
    return MessageKind.SYSTEM, "", payload, []


def _edit(message: dict[str, Any]) -> Parsed:
    edit = message.get("edit") or {}
    inner = edit.get("message") or {}
    inner_type = str(inner.get("type", ""))
    handler = MESSAGE_PARSERS.get(inner_type)
    kind, text, inner_payload, media = handler(inner) if handler and inner_type != "edit" else ("unknown", "", {}, [])
    payload = {
        "original_message_id": str(edit.get("original_message_id", "")),
        "new_kind": kind,
        "new_payload": inner_payload,
    }
    return MessageKind.EDIT, text, payload, media


def _revoke(message: dict[str, Any]) -> Parsed:
    revoke = message.get("revoke") or {}
    return MessageKind.REVOKE, "", {"original_message_id": str(revoke.get("original_message_id", ""))}, []


def _unsupported(message: dict[str, Any]) -> Parsed:
    detail = message.get("unsupported") or {}
    return MessageKind.UNSUPPORTED, "", {"unsupported_type": str(detail.get("type", ""))}, []


MESSAGE_PARSERS: dict[str, Callable[[dict[str, Any]], Parsed]] = {
    "text": _text,
    "image": _media("image"),
    "audio": _media("audio"),
    "video": _media("video"),
    "document": _media("document"),
    "sticker": _media("sticker"),
    "location": _location,
    "contacts": _contacts,
    "reaction": _reaction,
    "interactive": _interactive,
    "button": _button,
    "order": _order,
    "system": _system,
    "edit": _edit,
    "revoke": _revoke,
    "unsupported": _unsupported,
    "unknown": _unsupported,
}

# Every message type the Cloud API documents; a test asserts each has a parser.
MESSAGE_TYPES = (
    "text image audio video document sticker location contacts reaction interactive button order system "
    "edit revoke unsupported unknown"
).split()

STATUS_ORDER = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3, "played": 4}


def _synthetic_id(message: dict[str, Any]) -> str:
    """Some error payloads carry no id; a stable digest still lets retries deduplicate."""
    digest = hashlib.sha256(json.dumps(message, sort_keys=True).encode()).hexdigest()[:32]
    return f"sportello.noid.{digest}"


def _contact_for(contacts: list[dict[str, Any]], wa_id: str, user_id: str) -> dict[str, Any]:
    for contact in contacts:
        if (wa_id and contact.get("wa_id") == wa_id) or (user_id and contact.get("user_id") == user_id):
            return contact
    return contacts[0] if len(contacts) == 1 else {}


def _sender(contacts: list[dict[str, Any]], phone: str, user_id: str) -> SenderIdentity:
    contact = _contact_for(contacts, phone, user_id)
    profile = contact.get("profile") or {}
    return SenderIdentity(
        phone=phone or "",
        bsuid=user_id or str(contact.get("user_id") or ""),
        username=str(profile.get("username") or ""),
        name=str(profile.get("name") or ""),
    )


def parse_message(
    message: dict[str, Any], contacts: list[dict[str, Any]], account_ref: str, value_errors: list[Any]
) -> InboundMessage:
    original_type = str(message.get("type", ""))
    handler = MESSAGE_PARSERS.get(original_type)
    if handler is None:
        kind, text, payload, media = MessageKind.UNKNOWN, "", {"raw": message}, []
    else:
        kind, text, payload, media = handler(message)
    context_obj = message.get("context") or {}
    context = ReplyContext(
        external_id=str(context_obj.get("id", "")),
        forwarded=bool(context_obj.get("forwarded", False)),
        frequently_forwarded=bool(context_obj.get("frequently_forwarded", False)),
        referred_product=context_obj.get("referred_product"),
    )
    return InboundMessage(
        channel=CHANNEL,
        account_ref=account_ref,
        external_id=str(message.get("id") or _synthetic_id(message)),
        sender=_sender(contacts, str(message.get("from") or ""), str(message.get("from_user_id") or "")),
        sent_at=unix_time(message.get("timestamp")),
        kind=kind,
        text=text,
        payload=payload,
        media=media,
        context=context,
        referral=message.get("referral"),
        errors=list(message.get("errors") or []) + list(value_errors),
        original_type=original_type,
    )


def parse_echo(message: dict[str, Any], contacts: list[dict[str, Any]], account_ref: str) -> InboundMessage:
    """A message the office sent from the WhatsApp Business app (coexistence): recorded as outbound."""
    parsed = parse_message(message, contacts, account_ref, [])
    parsed.sender = _sender(contacts, str(message.get("to") or ""), str(message.get("to_user_id") or ""))
    parsed.payload["echo"] = True
    return parsed


def parse_status(status: dict[str, Any], contacts: list[dict[str, Any]], account_ref: str) -> StatusUpdate:
    errors = list(status.get("errors") or [])
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    code = first.get("code") if isinstance(first.get("code"), int) else None
    recipient_phone = str(status.get("recipient_id") or "")
    if status.get("recipient_type") == "group":
        recipient_phone = ""
    return StatusUpdate(
        channel=CHANNEL,
        account_ref=account_ref,
        external_id=str(status.get("id", "")),
        status=str(status.get("status", "")),
        at=unix_time(status.get("timestamp")),
        recipient=_sender(contacts, recipient_phone, str(status.get("recipient_user_id") or "")),
        errors=errors,
        callback_data=str(status.get("biz_opaque_callback_data") or ""),
        pricing=status.get("pricing"),
        error_code=code,
        error_title=describe(code, str(first.get("title") or first.get("message") or ""))[:300],
    )


def parse_body(body: bytes) -> ParsedBatch:
    """Parse a whole webhook body. Raises UnparseableBody when it is not a Cloud API notification at all."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnparseableBody(f"not JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("entry"), list):
        raise UnparseableBody("no entry list")
    batch = ParsedBatch()
    for e_index, entry in enumerate(document["entry"]):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            batch.problems.append(f"entry[{e_index}] has no changes list")
            continue
        for c_index, change in enumerate(changes):
            where = f"entry[{e_index}].changes[{c_index}]"
            try:
                _parse_change(change, batch, str(entry.get("id") or ""))
            except (AttributeError, TypeError, KeyError, ValueError) as exc:
                batch.problems.append(f"{where}: {type(exc).__name__}: {exc}")
    return batch


def _parse_change(change: dict[str, Any], batch: ParsedBatch, entry_id: str = "") -> None:
    value = change.get("value")
    if not isinstance(value, dict):
        raise ValueError("change without a value object")
    field = str(change.get("field") or "messages")
    metadata = value.get("metadata") or {}
    account_ref = str(metadata.get("phone_number_id") or "")
    contacts = [c for c in (value.get("contacts") or []) if isinstance(c, dict)]
    known = False
    if "messages" in value:
        known = True
        for message in value["messages"]:
            batch.messages.append(parse_message(message, contacts, account_ref, list(value.get("errors") or [])))
    if "statuses" in value:
        known = True
        for status in value["statuses"]:
            batch.statuses.append(parse_status(status, contacts, account_ref))
    if "message_echoes" in value:
        known = True
        for message in value["message_echoes"]:
            batch.messages.append(parse_echo(message, contacts, account_ref))
    if not known:
        # Template reviews, account updates, marketing preferences, groups: recorded for administrators; template
        # updates are applied by the connector (template_webhook). They name the WABA (the entry's id), not a number.
        ref = account_ref or entry_id
        batch.others.append(OtherUpdate(channel=CHANNEL, account_ref=ref, field=field, value=value))
