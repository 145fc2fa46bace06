"""What happens in the simulated WhatsApp: the municipality sends, citizens write and read, statuses follow.

The HTTP layers (``graph.py``, ``citizen_api.py``, ``phone.py``) parse requests and call these operations;
rules, state and webhook delivery meet only here.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from . import inbound
from .config import BusinessNumber, SandboxConfig
from .dispatcher import Dispatcher
from .errors import GraphError, invalid, unauthorized, unknown_object
from .rules import SendLimits, check_upload, window_open
from .state import Citizen, Conversation, Media, Message, SandboxState, new_message_id
from .validation import ReadRequest, SendRequest
from .webhooks import Update, status_object

# Statuses only move forward (sent < delivered < read < played); failed is terminal.
_RANK = {"accepted": 0, "sent": 1, "delivered": 2, "read": 3, "played": 4, "failed": 5}
TYPING_SECONDS = 25.0  # Meta hides the typing indicator after 25 s or at the next message


class Simulator:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.state = SandboxState(config.numbers, config.max_messages, config.templates)
        self.limits = SendLimits(config)
        self.dispatcher = Dispatcher(config, lambda: self.state.generation)
        self.counters: Counter[str] = Counter()
        self.scheduled = 0  # messages whose automatic statuses are still to come

    async def reset(self) -> None:
        self.state.reset()
        self.limits.reset()
        self.counters.clear()
        await self.dispatcher.reset()

    def add_number(self, number: BusinessNumber) -> None:
        """Register (or replace) a business number at runtime; it survives resets like configured ones."""
        self.state.add_number(number)
        self.config.numbers = [n for n in self.config.numbers if n.phone_number_id != number.phone_number_id]
        self.config.numbers.append(number)

    # -- business side (Graph API) ---------------------------------------------------------------------------
    def check_token(self, authorization: str | None) -> set[str]:
        """The phone_number_ids a bearer token may act for; raises 190 for a bad or missing token."""
        token = authorization[7:].strip() if authorization and authorization[:7].lower() == "bearer " else ""
        allowed = self.state.tokens.get(token)
        if not allowed:
            raise unauthorized()
        return allowed

    def authorize(self, authorization: str | None, phone_number_id: str) -> BusinessNumber:
        """The business number a request acts for; 190 for a bad token, 100 for someone else's number."""
        if phone_number_id not in self.check_token(authorization):
            raise unknown_object(phone_number_id)
        return self.state.numbers[phone_number_id]

    def send(self, number: BusinessNumber, request: SendRequest) -> dict[str, Any]:
        """Accept (or refuse) one outbound message; statuses follow asynchronously."""
        self._injected_fault(number)
        if request.type == "template":  # as Meta: only a template the WABA has, approved, in that language
            self.state.template_store.check_send(number.waba_id, request.body["template"])
        citizen = self._recipient(request)
        if request.media_id is not None:
            self._check_media_reference(request)
        conv = self.state.conversation(number, citizen)
        self.limits.admit(conv, time.monotonic())

        now = time.time()
        message = self.state.add_message(
            conv, outbound=True, type=request.type, body=request.body, timestamp=now, status="accepted"
        )
        message.biz_opaque = request.biz_opaque
        conv.typing_until = 0.0
        if citizen.undeliverable:
            message.error_code = 131026
        elif request.type != "template" and not window_open(conv, now):
            message.error_code = 131047
        self._schedule_statuses(message)
        self.counters["sends_accepted"] += 1

        contact: dict[str, str] = {"input": request.to or request.recipient or ""}
        if citizen.phone:
            contact["wa_id"] = citizen.phone
        if request.to is None:
            contact["user_id"] = citizen.bsuid
        return {"messaging_product": "whatsapp", "contacts": [contact], "messages": [{"id": message.id}]}

    def mark_read(self, number: BusinessNumber, request: ReadRequest) -> None:
        """Sportello read a citizen's message: it and every earlier one show blue ticks on the phone."""
        target = self.state.messages.get(request.message_id)
        if target is None or target.outbound or target.conversation.number is not number:
            raise invalid(f"Invalid message_id: no incoming message {request.message_id!r} on this number.")
        conv = target.conversation
        for message in conv.messages:
            if not message.outbound and message.seq <= target.seq:
                message.status = "read"
        if request.typing:
            conv.typing_until = time.time() + TYPING_SECONDS
        conv.touch()

    def upload(self, data: bytes, mime_type: str, filename: str | None) -> Media:
        kind, animated = check_upload(mime_type, data)
        return self.state.add_media(data, mime_type, filename, kind, animated)

    def media_info(self, media_id: str, download_url: Callable[[str], str]) -> dict[str, Any]:
        media = self.state.media.get(media_id)
        if media is None:
            raise unknown_object(media_id)
        return {
            "url": download_url(self.state.download_token(media.id)),
            "mime_type": media.mime_type,
            "sha256": media.sha256,
            "file_size": str(len(media.data)),  # a string, as in send/resp_media_get_url.json
            "id": media.id,
            "messaging_product": "whatsapp",
        }

    def _injected_fault(self, number: BusinessNumber) -> None:
        for key in (number.phone_number_id, "*"):
            fault = self.state.send_faults.get(key)
            if fault and fault[0] > 0:
                fault[0] -= 1
                raise GraphError(fault[1], http_status=fault[2])

    def _recipient(self, request: SendRequest) -> Citizen:
        if request.to is not None:
            try:
                return self.state.citizen(request.to)
            except ValueError:
                raise invalid(f"Invalid parameter: {request.to!r} is not a valid phone number.") from None
        citizen = self.state.by_bsuid.get(request.recipient or "")
        if citizen is None:
            raise invalid(f"Invalid parameter: {request.recipient!r} is not a known business-scoped user id.")
        return citizen

    def _check_media_reference(self, request: SendRequest) -> None:
        media = self.state.media.get(request.media_id or "")
        if media is None:
            raise invalid(f"Invalid parameter: media id {request.media_id!r} does not exist.")
        if media.kind != request.type and request.type != "document":
            raise invalid(f"Media {media.id} is {media.mime_type}, which cannot be sent as {request.type}.")

    # -- statuses --------------------------------------------------------------------------------------------
    def _schedule_statuses(self, message: Message) -> None:
        if message.error_code is not None:
            steps: tuple[str, ...] = ("failed",)
        else:
            steps = (
                ("sent",)
                + (("delivered",) if self.config.auto_deliver else ())
                + (("read",) if self.config.auto_read else ())
            )
        self.scheduled += 1
        asyncio.get_running_loop().call_later(
            self.config.status_delay_ms / 1000, self._advance, message, steps, 0
        )

    def _advance(self, message: Message, steps: tuple[str, ...], index: int) -> None:
        self._emit_status(message, steps[index])
        if index + 1 < len(steps):
            asyncio.get_running_loop().call_later(
                self.config.status_delay_ms / 1000, self._advance, message, steps, index + 1
            )
        else:
            self.scheduled -= 1

    async def drain(self, timeout: float) -> bool:
        """Wait until every scheduled status has been emitted and every webhook attempted."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.scheduled:
            if loop.time() > deadline:
                return False
            await asyncio.sleep(0.005)
        return await self.dispatcher.drain(max(0.0, deadline - loop.time()))

    def _emit_status(self, message: Message, status: str) -> bool:
        if self.state.messages.get(message.id) is not message:
            return False  # a reset happened since
        if message.status == "failed" or _RANK[status] <= _RANK[message.status]:
            return False
        message.status = status
        conv = message.conversation
        conv.touch()
        category = "service"
        if message.type == "template":
            name = message.body["template"].get("name", "")
            category = self.state.templates.get(name, {}).get("category", "utility")
        obj = status_object(message, status, time.time(), category)
        self.dispatcher.submit(
            Update(conv.number, conv.citizen, obj, is_message=False, generation=self.state.generation)
        )
        self.counters[f"statuses_{status}"] += 1
        return True

    # -- citizen side ----------------------------------------------------------------------------------------
    def number(self, phone_number_id: str | None) -> BusinessNumber:
        if not phone_number_id:
            return self.state.first_number()
        number = self.state.numbers.get(str(phone_number_id))
        if number is None:
            raise inbound.InboundError(f"unknown phone_number_id {phone_number_id!r}")
        return number

    async def citizen_send(self, data: dict[str, Any], media_url: Callable[[str], str]) -> dict[str, Any]:
        """A citizen writes: store it, open the window, POST the webhook and wait for Sportello's answer."""
        try:
            citizen = self.state.citizen(str(data.get("citizen", "")), data.get("name"))
        except ValueError as exc:
            raise inbound.InboundError(str(exc)) from None
        conv = self.state.conversation(self.number(data.get("phone_number_id")), citizen)
        timestamp = data.get("timestamp")
        try:
            sent_at = int(timestamp) if timestamp is not None else int(time.time())
        except (TypeError, ValueError):
            raise inbound.InboundError("timestamp must be unix seconds") from None
        obj = inbound.build(
            data, conv, self.state, message_id=new_message_id(), timestamp=sent_at, media_url=media_url
        )
        message = self.state.add_message(
            conv,
            outbound=False,
            type=str(obj.get("type", "unknown")),
            body=obj,
            timestamp=sent_at,
            status="pending",
            id=str(obj["id"]),
        )
        try:
            opened_at = float(obj.get("timestamp", sent_at))
        except (TypeError, ValueError):
            opened_at = float(sent_at)
        conv.last_inbound_at = max(conv.last_inbound_at or 0.0, opened_at)
        self.counters["inbound_messages"] += 1

        status = await self.dispatcher.deliver(
            Update(conv.number, citizen, obj, is_message=True, generation=self.state.generation)
        )
        message.webhook_status = status
        if message.status == "pending":
            message.status = "delivered" if status == 200 else "failed"
        conv.touch()
        return {"wamid": message.id, "webhook_status": status}

    def citizen_reads(self, citizen: Citizen, phone_number_id: str | None = None) -> int:
        """The citizen opens the chat(s): every municipality message they have received becomes read."""
        count = 0
        for conv in list(citizen.conversations.values()):
            if phone_number_id and conv.number.phone_number_id != phone_number_id:
                continue
            for message in conv.messages:
                if message.outbound and message.status in ("sent", "delivered"):
                    count += self._emit_status(message, "read")
        return count

    def citizen_plays(self, message_id: str) -> bool:
        """The citizen plays a voice message: ``played`` (after ``read`` if it was not read yet)."""
        message = self.state.messages.get(message_id)
        if message is None or not message.outbound or message.type != "audio":
            return False
        if message.status in ("sent", "delivered"):
            self._emit_status(message, "read")
        return self._emit_status(message, "played")

    def conversation_of(self, citizen: Citizen, phone_number_id: str | None) -> Conversation:
        return self.state.conversation(self.number(phone_number_id), citizen)

    def stats(self) -> dict[str, Any]:
        return {
            **self.counters,
            **self.dispatcher.stats(),
            "citizens": len(self.state.citizens),
            "messages": len(self.state.messages),
            "media": len(self.state.media),
            "statuses_pending": self.scheduled,
        }
