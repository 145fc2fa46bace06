"""REST API v1: thin endpoints that scope by municipality, call services and serialise."""

from __future__ import annotations

import base64
import binascii

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.responses import Status

from sportello.api import serializers
from sportello.api.auth import TokenAuth
from sportello.api.docs import OfflineSwagger
from sportello.api.schemas import ConversationOut, ErrorOut, MessageOut, SendIn
from sportello.conversations import outbound
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.core.audit import audit
from sportello.core.audit_reads import audited_read
from sportello.core.ratelimit import ApiThrottle
from sportello.core.security import serve_attachment

api = NinjaAPI(
    title="Sportello API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[ApiThrottle()],  # per address and per token owner: SPORTELLO_RATE_LIMITS["api"]
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=OfflineSwagger(),  # vendored Swagger UI, started from a static file: works offline and under the CSP
    description="Conversazioni, messaggi e invii dell'URP. Autenticazione: `Authorization: Bearer <token>` "
    "(creato con `sportello createtoken UTENTE`).",
)
router = Router(tags=["conversations"])


def scoped_conversations(request: HttpRequest) -> QuerySet[Conversation]:
    return Conversation.objects.visible_to(request.user).select_related(
        "municipality", "account", "citizen", "assigned_to"
    ).prefetch_related("citizen__identities")


@router.get("/conversations", response=list[ConversationOut])
@audited_read("conversation.listed_via_api")
def list_conversations(
    request: HttpRequest, state: str | None = None, municipality: str | None = None, limit: int = 50, offset: int = 0
):
    qs = scoped_conversations(request)
    if state:
        qs = qs.filter(state=state)
    if municipality:
        qs = qs.filter(municipality__slug=municipality)
    qs = qs.order_by("waiting_since", "-last_message_at")[offset : offset + min(limit, 200)]
    return [serializers.conversation_out(c) for c in qs]


@router.get("/conversations/{conversation_id}", response=ConversationOut)
@audited_read("conversation.read_via_api")
def get_conversation(request: HttpRequest, conversation_id: int):
    return serializers.conversation_out(get_object_or_404(scoped_conversations(request), pk=conversation_id))


@router.get("/conversations/{conversation_id}/messages", response=list[MessageOut])
def list_messages(request: HttpRequest, conversation_id: int, after: int = 0, limit: int = 100):
    conversation = get_object_or_404(scoped_conversations(request), pk=conversation_id)
    messages = (
        # Hidden by moderation: in quarantine, for moderators only (sportello.moderation), never in this list.
        conversation.messages.filter(pk__gt=after, hidden_at__isnull=True)
        .select_related("conversation").prefetch_related("attachments")
        .order_by("sent_at", "id")[: min(limit, 500)]
    )
    audit("conversation.read_via_api", actor=request.user, municipality=conversation.municipality, target=conversation)
    return [serializers.message_out(m) for m in messages]


@router.post("/conversations/{conversation_id}/messages", response={201: MessageOut, 409: ErrorOut, 400: ErrorOut})
def send_message(request: HttpRequest, conversation_id: int, data: SendIn):
    conversation = get_object_or_404(scoped_conversations(request), pk=conversation_id)
    reply_to = None
    if data.reply_to:
        reply_to = get_object_or_404(Message, pk=data.reply_to, conversation=conversation)
    try:
        if data.type == "template":
            if data.template is None:
                return Status(400, {"code": "template_missing", "detail": "template is required for type=template"})
            message = outbound.queue_template(
                conversation, data.template.name, data.template.language, data.template.parameters,
                author=request.user, reply_to=reply_to,
            )
        elif data.type == "text":
            if not data.text.strip():
                return Status(400, {"code": "empty", "detail": "text is empty"})
            message = outbound.queue_text(conversation, data.text, author=request.user, reply_to=reply_to)
        else:
            if data.media is None:
                return Status(400, {"code": "media_missing", "detail": "media is required for this type"})
            try:
                content = base64.b64decode(data.media.content_base64, validate=True)
            except (binascii.Error, ValueError):
                return Status(400, {"code": "bad_media", "detail": "content_base64 is not valid base64"})
            message = outbound.queue_message(
                conversation, data.type, text=data.text, author=request.user, reply_to=reply_to,
                file=(data.media.filename, content, data.media.mime_type),
            )
    except outbound.SendRefused as refused:
        return Status(409, {"code": refused.code, "detail": refused.message, "details": refused.details})
    return Status(201, serializers.message_out(message))


@router.get("/attachments/{attachment_id}/content", url_name="attachment_content", response={200: None})
def attachment_content(request: HttpRequest, attachment_id: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__municipality"),
        pk=attachment_id,
        message__conversation__in=Conversation.objects.visible_to(request.user),
        message__hidden_at__isnull=True,
    )
    if not attachment.file:
        raise HttpError(404, "not downloaded yet")
    audit("attachment.downloaded", actor=request.user, municipality=attachment.message.municipality, target=attachment)
    return serve_attachment(attachment.file.open("rb"), attachment.mime_type, attachment.filename)


api.add_router("/", router)
api.add_router("/cases", "sportello.cases.api.router")
api.add_router("/", "sportello.survey.api.router")
api.add_router("/reports", "sportello.reports.api.router")
api.add_router("/citizens", "sportello.privacy.api.router")
api.add_router("/", "sportello.campaigns.api.router")
