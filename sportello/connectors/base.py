"""The small interface every channel adapter implements, and the channel-neutral shapes it produces.

A connector parses what its channel sends into InboundMessage / StatusUpdate / OtherUpdate, sends an outbound
message, and fetches media. The inbound pipeline and the outbox never know which channel they are serving.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sportello.citizens.identity import SenderIdentity


class MessageKind:
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    STICKER = "sticker"
    LOCATION = "location"
    CONTACTS = "contacts"
    REACTION = "reaction"
    INTERACTIVE = "interactive"  # button, list or flow reply
    BUTTON = "button"  # template quick-reply
    ORDER = "order"
    SYSTEM = "system"
    EDIT = "edit"
    REVOKE = "revoke"
    TEMPLATE = "template"  # outbound only
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"  # a type this version of Sportello does not know yet

    MEDIA = (IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER)


@dataclass
class MediaRef:
    kind: str
    media_id: str
    mime_type: str = ""
    sha256: str = ""
    filename: str = ""
    caption: str = ""
    voice: bool = False
    animated: bool = False
    url: str = ""


@dataclass
class ReplyContext:
    external_id: str = ""  # the message this one replies to
    forwarded: bool = False
    frequently_forwarded: bool = False
    referred_product: dict[str, Any] | None = None


@dataclass
class InboundMessage:
    channel: str
    account_ref: str  # which of our accounts received it (WhatsApp: phone_number_id)
    external_id: str
    sender: SenderIdentity
    sent_at: datetime
    kind: str
    text: str = ""  # body or caption: what full-text search and screening read
    payload: dict[str, Any] = field(default_factory=dict)  # type-specific, normalised
    media: list[MediaRef] = field(default_factory=list)
    context: ReplyContext = field(default_factory=ReplyContext)
    referral: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    original_type: str = ""  # the channel's own type name, kept for unknown types


@dataclass
class StatusUpdate:
    channel: str
    account_ref: str
    external_id: str
    status: str  # sent, delivered, read, played, failed
    at: datetime
    recipient: SenderIdentity
    errors: list[dict[str, Any]] = field(default_factory=list)
    callback_data: str = ""
    pricing: dict[str, Any] | None = None
    # The first error, as the connector explains it to an operator (set by the channel's parser).
    error_code: int | None = None
    error_title: str = ""


@dataclass
class OtherUpdate:
    """Something the channel told us that is not a message or a status (template review, account update…)."""

    channel: str
    account_ref: str
    field: str
    value: dict[str, Any]


@dataclass
class ParsedBatch:
    messages: list[InboundMessage] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)
    others: list[OtherUpdate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # parts we could not understand (stored, flagged)


class TransportError(Exception):
    """A send or fetch that failed. `permanent` decides between retrying later and giving up."""

    def __init__(self, message: str, *, code: int | None = None, permanent: bool = False, title: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.permanent = permanent
        self.title = title


@dataclass
class SendResult:
    external_id: str


@dataclass
class MediaBlob:
    content: bytes
    mime_type: str
    sha256: str = ""  # as declared by the channel, if any


class Connector(Protocol):
    channel: str

    def parse(self, body: bytes) -> ParsedBatch: ...

    def send(self, account: Any, message: Any) -> SendResult: ...

    def fetch_media(self, account: Any, media_id: str) -> MediaBlob: ...
