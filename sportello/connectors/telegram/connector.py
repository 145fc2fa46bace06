"""The Telegram Bot API connector: everything the neutral layers ask of Telegram goes through here.

Parse webhooks (parser.py) and map /start and /stop to the keyword commands (commands.py), find our bot, say
whether a message may go (always, to a citizen who has written to the bot: Telegram has no window), send one
message or a campaign's batch (outbound.py builds the calls), fetch media with getFile.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from sportello.citizens.models import Identity
from sportello.connectors.base import (
    CampaignItem,
    CampaignOutcome,
    MediaBlob,
    ParsedBatch,
    SendCheck,
    SendResult,
    TransportError,
)
from sportello.connectors.telegram import accounts, commands, parser
from sportello.connectors.telegram.client import BotClient, InDoubt
from sportello.connectors.telegram.outbound import NotSendable, build_call, campaign_call, sent_file_id
from sportello.municipalities.models import ChannelAccount

if TYPE_CHECKING:
    from sportello.citizens.models import Citizen
    from sportello.conversations.models import Message

# File extensions of getFile's file_path → content type (Telegram's file server answers octet-stream).
_EXTENSION_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "oga": "audio/ogg",
    "ogg": "audio/ogg", "mp3": "audio/mpeg", "m4a": "audio/mp4", "mp4": "video/mp4", "pdf": "application/pdf",
}
# The Bot API serves downloads up to 20 MB.
DOWNLOAD_LIMIT = 20 * 1024 * 1024


def client_for(account: ChannelAccount) -> BotClient:
    bot = account.telegram
    return BotClient(bot.base_url, bot.token)


def chat_id_of(citizen: "Citizen") -> str:
    """A Telegram user's private chat with a bot has the user's id."""
    for identity in citizen.identities.all():
        if identity.kind == Identity.Kind.TELEGRAM and identity.active:
            return identity.value
    return ""


def _message_id(external_id: str) -> int | None:
    """Our "<bot>:<chat>:<message>" ids → Telegram's message id, for reply_parameters."""
    tail = external_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _result_id(account: ChannelAccount, result: object) -> str:
    if not isinstance(result, dict) or "message_id" not in result:
        raise TransportError("send accepted without a message id", permanent=False)
    return parser.message_ref(account.telegram.bot_id, (result.get("chat") or {}).get("id"), result["message_id"])


class TelegramConnector:
    channel = "telegram"
    label = "Telegram"
    icon = "it-telegram"  # Bootstrap Italia sprite
    choice_taps = True  # choice questions show as something to tap (see base.offers_choice_taps)
    default_rate: float | None = 30.0  # Telegram: about 30 messages per second per bot

    def __init__(self) -> None:
        # (account, campaign content key) → the file_id Telegram gave the campaign's uploaded file.
        self._uploaded: dict[tuple[int, str], str] = {}

    def configure_from_env(self) -> ChannelAccount | None:
        from sportello.connectors.telegram.setup import configure_from_env

        return configure_from_env()

    def parse(self, body: bytes) -> ParsedBatch:
        batch = parser.parse_body(body)
        for message in batch.messages:
            if "bot_command" in message.payload:
                account = self.account_for(message.account_ref)
                commands.translate(message, account.municipality if account is not None else None)
        return batch

    def account_for(self, account_ref: str) -> ChannelAccount | None:
        """account_ref is the bot's id (the number before the colon of its token)."""
        bot = accounts.bot_for(account_ref)
        return bot.account if bot is not None else None

    def check_send(self, account: ChannelAccount, citizen: "Citizen", kind: str) -> SendCheck:
        # No window on Telegram: a bot may write whenever the citizen has started it.
        if not chat_id_of(citizen):
            return SendCheck(
                False, code="no_recipient",
                reason=_("Il cittadino non ha un account Telegram collegato: non gli si può scrivere da qui."),
            )
        return SendCheck.ok()

    def send(self, account: ChannelAccount, message: "Message") -> SendResult:
        chat_id = chat_id_of(message.conversation.citizen)
        if not chat_id:
            raise TransportError("citizen has no Telegram identity", permanent=True, title=_("nessun destinatario"))
        file, voice = None, False
        attachment = message.attachments.first() if message.kind in ("image", "audio", "video", "document", "sticker") else None
        if attachment is not None and attachment.file:
            with attachment.file.open("rb") as handle:
                file = (attachment.filename or "file", handle.read(), attachment.mime_type)
            voice = attachment.voice
        reply_to = None
        if message.reply_to_id and message.reply_to.external_id:
            reply_to = _message_id(message.reply_to.external_id)
        try:
            call = build_call(
                message.kind, message.text, message.payload, chat_id, file=file, voice=voice,
                reply_to_message_id=reply_to,
            )
        except (NotSendable, KeyError, ValueError) as exc:
            raise TransportError(str(exc), permanent=True, title=_("Questo messaggio non si può inviare su Telegram.")) from exc
        result = client_for(account).call(call.method, call.params, call.files or None)
        return SendResult(external_id=_result_id(account, result), status="sent")  # no later statuses

    def rate_for(self, account: ChannelAccount) -> float:
        """The campaign sender's shared ledger paces each bot at its own configured rate."""
        return float(account.telegram.rate_per_second or self.default_rate or 30.0)

    def send_many(
        self, account: ChannelAccount, items: Sequence[CampaignItem], *, rate: float | None = None
    ) -> list[CampaignOutcome]:
        """One call per copy, each no earlier than its reserved slot (`due`) and at most `rate` per second (the
        bot's, ~30/s). A campaign's file is uploaded once and then sent by its file_id. A 429 makes the rest of the
        batch retry after Telegram's retry_after."""
        client = client_for(account)
        pace = 1.0 / (rate or account.telegram.rate_per_second or self.default_rate or 30.0)
        outcomes: list[CampaignOutcome] = []
        next_at = time.monotonic()
        flood_until = 0.0
        for item in items:
            if time.monotonic() < flood_until:
                outcomes.append(CampaignOutcome(
                    item.delivery_id, "retry", error_code=429, mode="free",
                    retry_after=max(flood_until - time.monotonic(), 0.0),
                ))
                continue
            chat_id = chat_id_of(item.citizen)
            if not chat_id:
                outcomes.append(CampaignOutcome(item.delivery_id, "failed", mode="free", error_title=_("nessun destinatario")))
                continue
            key = str(item.content.get("key") or "")
            try:
                call = campaign_call(item.content, chat_id, self._uploaded.get((account.pk, key)) if key else None)
            except (NotSendable, ValueError) as exc:
                outcomes.append(CampaignOutcome(item.delivery_id, "failed", mode="free", error_title=str(exc)[:300]))
                continue
            wait = max(next_at - time.monotonic(), (item.due - time.time()) if item.due else 0.0)
            if wait > 0:
                time.sleep(wait)
            next_at = time.monotonic() + pace
            try:
                result = client.call(call.method, call.params, call.files or None)
            except InDoubt as exc:
                outcomes.append(CampaignOutcome(item.delivery_id, "in_doubt", mode="free", error_title=exc.title or exc.message))
                continue
            except TransportError as exc:
                retry_after = getattr(exc, "retry_after", None)
                if exc.code == 429:
                    flood_until = time.monotonic() + float(retry_after or 1)
                outcomes.append(CampaignOutcome(
                    item.delivery_id, "failed" if exc.permanent else "retry", error_code=exc.code, mode="free",
                    error_title=exc.title or exc.message, retry_after=float(retry_after) if retry_after else None,
                ))
                continue
            if key and call.files:
                file_id = sent_file_id(result)
                if file_id:
                    self._uploaded[(account.pk, key)] = file_id
            outcomes.append(CampaignOutcome(
                item.delivery_id, "accepted", external_id=_result_id(account, result), mode="free"
            ))
        return outcomes

    def mark_read(self, account: ChannelAccount, message: "Message") -> None:
        return None  # bots cannot show read receipts on Telegram

    def fetch_media(self, account: ChannelAccount, media_id: str, kind: str = "document") -> MediaBlob:
        limit = min(settings.SPORTELLO_MEDIA_LIMITS.get(kind, settings.SPORTELLO_MEDIA_LIMITS["document"]), DOWNLOAD_LIMIT)
        client = client_for(account)
        info = client.call("getFile", {"file_id": media_id})
        file_path = str((info or {}).get("file_path") or "")
        if not file_path:
            raise TransportError("getFile gave no file_path", permanent=True, title=_("file non disponibile"))
        if int((info or {}).get("file_size") or 0) > limit:
            raise TransportError("file larger than allowed", permanent=True, title=_("file troppo grande"))
        content, content_type = client.download(file_path, limit)
        mime = content_type.split(";")[0].strip().lower()
        if not mime or mime == "application/octet-stream":
            mime = _EXTENSION_TYPES.get(file_path.rsplit(".", 1)[-1].lower(), "")
        return MediaBlob(content=content, mime_type=mime)
