"""Stored e-mail (an envelope line + the raw RFC 822 bytes) → channel-neutral updates.

Every message is first classified (Zulip's dispatch habit): a PEC receipt, a delivery report (bounce), an
automatic reply or list mail, a loop (our own address as sender), or a citizen's message. Only the last becomes an
InboundMessage; the others are OtherUpdates (kept on the event, visible to administrators), and receipts and
bounces that concern one of our sent messages also become its StatusUpdate. KINDS declares every class and a test
keeps the fixtures covering all of them.

The stored body is `{"mailbox": id, "address": "urp@…", …}\\n` followed by the message exactly as the server gave
it: the envelope says which mailbox fetched it (the account reference) and what our own address is (loops).
"""

from __future__ import annotations

import hashlib
import html as htmlmod
import json
import re
from collections.abc import Callable
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import nh3
from mailparser_reply import EmailReplyParser

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
)

CHANNEL = "email"

# Every class of e-mail we tell apart; the dispatch table below has one entry per class.
KINDS = ("pec_receipt", "delivery_report", "auto_reply", "loop", "message")

# PEC receipts (DPR 68/2005, DM 2/11/2005): X-Ricevuta → the status of the message it confirms.
PEC_STATUSES = {
    "accettazione": "sent",
    "avvenuta-consegna": "delivered",
    "non-accettazione": "failed",
    "errore-consegna": "failed",
    "preavviso-errore-consegna": "failed",
    "rilevazione-virus": "failed",
}
PEC_TITLES = {
    "non-accettazione": "PEC non accettata dal gestore",
    "errore-consegna": "PEC non consegnata",
    "preavviso-errore-consegna": "PEC non consegnata entro 12 ore",
    "rilevazione-virus": "PEC respinta: virus rilevato",
}
BOUNCE_SENDERS = {"mailer-daemon", "postmaster"}
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
MEDIA_KINDS_BY_TYPE = {
    "image": {"image/jpeg", "image/png", "image/webp"},
    "audio": {"audio/ogg", "audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/wav", "audio/webm"},
    "video": {"video/mp4", "video/3gpp"},
}
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote|table|ul|ol)\s*>")
_ID = re.compile(r"<([^<>\s]+)>")

_reply_parser = EmailReplyParser(languages=["it", "en", "de", "fr", "es"])


# -- the stored envelope --------------------------------------------------------------------------------------------


def pack(raw: bytes, *, mailbox_id: int, address: str, **meta: Any) -> bytes:
    """What the poller (and the sandbox) store as the InboundEvent body."""
    head = json.dumps({"mailbox": mailbox_id, "address": address, **meta}, separators=(",", ":"))
    return head.encode() + b"\n" + raw


def unpack(body: bytes) -> tuple[dict[str, Any], bytes]:
    head, sep, raw = bytes(body).partition(b"\n")
    try:
        meta = json.loads(head)
    except ValueError as exc:
        raise UnparseableBody("e-mail event without its envelope line") from exc
    if not sep or not isinstance(meta, dict) or "mailbox" not in meta:
        raise UnparseableBody("e-mail event without its envelope line")
    return meta, raw


def read_message(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


# -- headers ---------------------------------------------------------------------------------------------------------


def message_ids(value: str | None) -> list[str]:
    """The ids in a Message-ID / In-Reply-To / References header, without angle brackets."""
    if not value:
        return []
    found = _ID.findall(str(value))
    if not found and str(value).strip() and " " not in str(value).strip():
        found = [str(value).strip()]
    return found


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a malformed header: treat as absent, never fail the message
        return ""
    return str(value).strip() if value is not None else ""


def _address(message: Message, name: str) -> tuple[str, str]:
    """(display name, address) of the first address in a header, lower-cased address."""
    raw = _header(message, name)
    pairs = [(n, a) for n, a in getaddresses([raw]) if a and "@" in a] if raw else []
    if not pairs:
        # "MAILER-DAEMON" without a domain is common in bounces.
        return "", raw.strip("<> ").lower()
    name_, addr = pairs[0]
    return name_.strip(), addr.strip().lower()


def _date(message: Message) -> datetime:
    now = datetime.now(timezone.utc)
    try:
        when = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return now
    if when is None:
        return now
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    # A sender's clock may be wrong; a message never counts as written in the future.
    return min(when, now)


def external_id(message: Message, raw: bytes) -> str:
    ids = message_ids(_header(message, "Message-ID"))
    if ids:
        return ids[0]
    # No Message-ID (rare, but legal): the same bytes fetched twice still give the same id.
    return "sportello-" + hashlib.sha256(raw).hexdigest()[:40] + "@missing-message-id"


# -- bodies ----------------------------------------------------------------------------------------------------------


def html_to_text(markup: str) -> str:
    """HTML reduced to safe plain text: nh3 drops every tag (and script/style contents), line breaks kept."""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", markup)
    cleaned = nh3.clean(marked, tags=set(), attributes={}, strip_comments=True)
    text = htmlmod.unescape(cleaned).replace("\xa0", " ")
    lines = [line.strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def strip_reply(text: str) -> str:
    """The new part of a reply: quoted history and signature removed (mail-parser-reply), trailing quotes too."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return ""
    try:
        replies = _reply_parser.read(text=text).replies
        latest = (replies[0].body if replies else "").strip()
    except Exception:  # noqa: BLE001 - a library failure must never lose the text: keep it whole
        latest = text
    lines = (latest or text).split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip() or text


def leaves(message: Message) -> list[tuple[int, Message]]:
    """Every non-multipart part with its index in document order; attached e-mails are not descended into.

    fetch_media finds an attachment again by this index."""
    found: list[tuple[int, Message]] = []
    counter = 0

    def visit(part: Message) -> None:
        nonlocal counter
        index = counter
        counter += 1
        if part.get_content_maintype() == "multipart":
            for sub in part.get_payload() or []:
                if isinstance(sub, Message):
                    visit(sub)
        else:
            found.append((index, part))

    visit(message)
    return found


def part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes(policy=policy.SMTP) if isinstance(inner, Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _part_text(part: Message) -> str:
    data = part_bytes(part)
    charset = part.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _is_attachment(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "").lower()
    return disposition == "attachment" or bool(part.get_filename())


def _media_kind(mime: str) -> str:
    for kind, types in MEDIA_KINDS_BY_TYPE.items():
        if mime in types:
            return kind
    return MessageKind.DOCUMENT


def media_id(external: str, index: str) -> str:
    """An attachment's reference: the blind key of the message's id and the part's index (no address in it)."""
    from sportello.conversations.keys import message_key

    return f"{message_key(CHANNEL, external)}:{index}"


# -- the classes -----------------------------------------------------------------------------------------------------


def classify(message: Message, own_address: str) -> str:
    if _header(message, "X-Ricevuta"):
        return "pec_receipt"
    content_type = message.get_content_type()
    _name, sender = _address(message, "From")
    local = sender.split("@")[0]
    if content_type == "multipart/report" or local in BOUNCE_SENDERS:
        return "delivery_report"
    auto = _header(message, "Auto-Submitted").lower()
    if (auto and auto != "no") or _header(message, "Precedence").lower() in AUTO_PRECEDENCE:
        return "auto_reply"
    if any(_header(message, h) for h in ("X-Autoreply", "X-Autorespond", "List-Id")):
        return "auto_reply"
    if own_address and sender == own_address.lower():
        return "loop"
    return "message"


def _pec_receipt(message: Message, raw: bytes, meta: dict[str, Any], batch: ParsedBatch) -> None:
    ref = str(meta["mailbox"])
    kind = _header(message, "X-Ricevuta").lower()
    batch.others.append(OtherUpdate(CHANNEL, ref, f"pec:{kind}", {"receipt": kind}))
    target = message_ids(_header(message, "X-Riferimento-Message-ID"))
    status = PEC_STATUSES.get(kind)
    if target and status:
        batch.statuses.append(
            StatusUpdate(
                channel=CHANNEL, account_ref=ref, external_id=target[0], status=status, at=_date(message),
                recipient=SenderIdentity(), error_title=PEC_TITLES.get(kind, ""),
            )
        )


def _report_fields(message: Message) -> tuple[list[str], dict[str, str]]:
    """The original message's ids and the first recipient's delivery-status fields (Action, Status)."""
    originals: list[str] = []
    fields: dict[str, str] = {}
    for _index, part in leaves(message):
        content_type = part.get_content_type()
        if content_type in {"message/rfc822", "text/rfc822-headers", "message/rfc822-headers"}:
            inner = read_message(part_bytes(part) if content_type == "message/rfc822" else _part_text(part).encode())
            originals += message_ids(_header(inner, "Message-ID"))
        elif content_type in {"message/delivery-status", "message/global-delivery-status"}:
            # Parsed as blocks of fields: the message's, then one per recipient.
            blocks = part.get_payload()
            for block in blocks if isinstance(blocks, list) else []:
                for key in ("action", "status"):
                    value = _header(block, key).lower().split(" ")[0]
                    if value and key not in fields:
                        fields[key] = value
    if not originals:
        originals = message_ids(_header(message, "In-Reply-To")) + message_ids(_header(message, "References"))
    return originals, fields


def _bounce_title(status: str) -> str:
    if status.startswith("5.1."):
        return "indirizzo del destinatario inesistente"
    if status.startswith("5.2.2") or status.startswith("4.2.2"):
        return "casella del destinatario piena"
    return "messaggio non consegnato"


def _delivery_report(message: Message, raw: bytes, meta: dict[str, Any], batch: ParsedBatch) -> None:
    ref = str(meta["mailbox"])
    originals, fields = _report_fields(message)
    action = fields.get("action", "failed" if message.get_content_type() != "multipart/report" else "")
    code = fields.get("status", "")
    batch.others.append(OtherUpdate(CHANNEL, ref, "bounce", {"action": action, "status": code}))
    status = {"failed": "failed", "delivered": "delivered"}.get(action)
    if originals and status:
        batch.statuses.append(
            StatusUpdate(
                channel=CHANNEL, account_ref=ref, external_id=originals[0], status=status, at=_date(message),
                recipient=SenderIdentity(), error_title=_bounce_title(code) if status == "failed" else "",
            )
        )


def _auto_reply(message: Message, raw: bytes, meta: dict[str, Any], batch: ParsedBatch) -> None:
    reason = {
        "auto-submitted": _header(message, "Auto-Submitted").lower(),
        "precedence": _header(message, "Precedence").lower(),
        "list": bool(_header(message, "List-Id")),
    }
    batch.others.append(OtherUpdate(CHANNEL, str(meta["mailbox"]), "auto_reply", reason))


def _loop(message: Message, raw: bytes, meta: dict[str, Any], batch: ParsedBatch) -> None:
    batch.others.append(OtherUpdate(CHANNEL, str(meta["mailbox"]), "loop", {}))


def _unwrap_pec(message: EmailMessage) -> tuple[EmailMessage, dict[str, Any]]:
    """A certified message arrives as a PEC envelope (X-Trasporto: posta-certificata) around the sender's own
    e-mail (postacert.eml): the citizen's message is the inner one."""
    if _header(message, "X-Trasporto").lower() != "posta-certificata":
        return message, {}
    for _index, part in leaves(message):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, EmailMessage):
                return inner, {"pec": True, "pec_envelope_id": (message_ids(_header(message, "Message-ID")) or [""])[0]}
    return message, {"pec": True}


def _message(message: Message, raw: bytes, meta: dict[str, Any], batch: ParsedBatch) -> None:
    assert isinstance(message, EmailMessage)
    ref = str(meta["mailbox"])
    external = external_id(message, raw)
    content, pec = _unwrap_pec(message)
    if content is not message:
        # The citizen's client knows the inner id: threads and dedup follow it, not the provider's envelope.
        external = external_id(content, raw)
    name, address = _address(content, "From")
    if not address or "@" not in address:
        batch.problems.append("e-mail without a usable sender address")
        return
    body_part = content.get_body(preferencelist=("plain", "html"))
    html_part = content.get_body(preferencelist=("html",))
    html_source = _part_text(html_part) if html_part is not None else ""
    if body_part is not None and body_part.get_content_type() == "text/plain":
        full = _part_text(body_part)
    else:
        full = html_to_text(html_source)
    media: list[MediaRef] = []
    prefix = "p" if content is not message else ""  # parts of a PEC's inner message: fetch_media unwraps first
    for index, part in leaves(content):
        if part is body_part or part is html_part:
            if part is html_part:
                media.append(MediaRef(
                    kind=MessageKind.DOCUMENT, media_id=media_id(external, f"{prefix}{index}"),
                    mime_type="text/html", filename="messaggio-originale.html",
                ))
            continue
        if not _is_attachment(part) and part.get_content_maintype() == "text":
            continue  # an alternative body we did not choose (e.g. text/enriched)
        mime = part.get_content_type()
        media.append(MediaRef(
            kind=_media_kind(mime), media_id=media_id(external, f"{prefix}{index}"), mime_type=mime,
            filename=part.get_filename() or "",
        ))
    text = strip_reply(full)
    subject = _header(content, "Subject")
    in_reply_to = message_ids(_header(content, "In-Reply-To"))
    references = message_ids(_header(content, "References"))
    payload: dict[str, Any] = {
        "subject": subject,
        "message_id": external,
        "in_reply_to": in_reply_to,
        "references": references,
        "full_text": full,
        **pec,
    }
    if not text and media:
        kind = media[0].kind if media[0].mime_type != "text/html" else MessageKind.TEXT
    else:
        kind = MessageKind.TEXT
    if not text and subject:
        text = subject
    batch.messages.append(
        InboundMessage(
            channel=CHANNEL,
            account_ref=ref,
            external_id=external,
            sender=SenderIdentity(email=address, name=name),
            sent_at=_date(content),
            kind=kind,
            text=text,
            payload=payload,
            media=media,
            context=ReplyContext(external_id=(in_reply_to or references[-1:] or [""])[0]),
            original_type=content.get_content_type(),
        )
    )


HANDLERS: dict[str, Callable[[Message, bytes, dict[str, Any], ParsedBatch], None]] = {
    "pec_receipt": _pec_receipt,
    "delivery_report": _delivery_report,
    "auto_reply": _auto_reply,
    "loop": _loop,
    "message": _message,
}


def parse_body(body: bytes) -> ParsedBatch:
    meta, raw = unpack(body)
    if not raw.strip():
        raise UnparseableBody("empty e-mail")
    message = read_message(raw)
    if not message.keys():
        raise UnparseableBody("not an e-mail: no headers")
    batch = ParsedBatch()
    HANDLERS[classify(message, str(meta.get("address", "")))](message, raw, meta, batch)
    return batch


def find_part(raw: bytes, index: str) -> Message | None:
    """The part a media id names: "3" in the message, "p3" in a PEC envelope's inner message."""
    message = read_message(raw)
    if index.startswith("p"):
        message, _pec = _unwrap_pec(message)
        index = index[1:]
    for number, part in leaves(message):
        if str(number) == index:
            return part
    return None
