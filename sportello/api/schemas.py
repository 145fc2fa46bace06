from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema


class CitizenOut(Schema):
    id: int
    name: str
    username: str
    masked_identifier: str


class ConversationOut(Schema):
    id: int
    municipality: str
    channel: str
    citizen: CitizenOut
    state: str
    assigned_to: str | None
    last_message_at: datetime | None
    waiting_since: datetime | None
    unread_count: int
    window_open: bool
    window_closes_at: datetime | None


class AttachmentOut(Schema):
    id: int
    kind: str
    mime_type: str
    filename: str
    size: int | None
    state: str
    error: str
    url: str | None


class MessageOut(Schema):
    id: int
    conversation: int
    direction: str
    kind: str
    text: str
    details: dict[str, Any]
    sent_at: datetime
    status: str
    error_code: int | None
    error: str
    reply_to: int | None
    forwarded: bool
    edited_at: datetime | None
    revoked_at: datetime | None
    attachments: list[AttachmentOut]


class TemplateIn(Schema):
    name: str
    language: str = "it"
    parameters: list[str] = []


class MediaIn(Schema):
    filename: str
    mime_type: str
    content_base64: str


class SendIn(Schema):
    type: Literal["text", "template", "image", "document", "audio", "video"] = "text"
    text: str = ""
    template: TemplateIn | None = None
    media: MediaIn | None = None
    reply_to: int | None = None


class ErrorOut(Schema):
    code: str
    detail: str
    details: dict[str, Any] = {}
