"""In-memory state: business numbers, citizens, conversations, messages and media.

Everything a request needs is one or two dict lookups away, so the send path stays O(1) with 100,000
citizens. Objects use ``__slots__`` to keep that many citizens small.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
import secrets
import time
from typing import Any

from .config import BusinessNumber
from .template_store import SandboxTemplate, TemplateStore

_BSUID_KEY = b"sportello-sandbox-bsuid"
_NAMES = (
    "Giulia Rossi",
    "Marco Bianchi",
    "Francesca Romano",
    "Luca Colombo",
    "Chiara Ricci",
    "Matteo Marino",
    "Sara Greco",
    "Alessandro Bruno",
    "Elena Gallo",
    "Davide Conti",
    "Martina De Luca",
    "Simone Costa",
    "Anna Giordano",
    "Paolo Mancini",
    "Laura Rizzo",
    "Giorgio Lombardi",
    "Valentina Moretti",
    "Andrea Barbieri",
)
DOWNLOAD_URL_TTL = 300.0  # Graph media URLs live 5 minutes
WEBHOOK_MEDIA_URL_TTL = 7 * 86400.0  # media ids in webhooks live 7 days


def normalize_phone(text: str) -> str:
    """E.164 in any common spelling ("+39 333 123 4567", "393331234567") -> bare digits, as ``wa_id``."""
    digits = re.sub(r"[\s\-().]", "", str(text or ""))
    digits = digits.removeprefix("+")
    digits = digits.removeprefix("00")
    if not re.fullmatch(r"[1-9]\d{6,14}", digits):
        raise ValueError(f"not a phone number in international format: {text!r}")
    return digits


def normalize_username(text: str) -> str:
    name = str(text or "").strip().lstrip("@").lower()
    if not re.fullmatch(r"[a-z0-9._]{3,35}", name):
        raise ValueError(f"not a valid username (3-35 letters, digits, '.' or '_'): {text!r}")
    return name


def citizen_key(ref: str) -> str:
    """The canonical key of a citizen reference: ``+<digits>`` for a phone, ``@<name>`` for a username."""
    ref = str(ref or "").strip()
    if ref.startswith("@"):
        return "@" + normalize_username(ref)
    return "+" + normalize_phone(ref)


def new_message_id() -> str:
    # Random, like Meta's opaque ids; never derived from the phone number.
    return "wamid." + base64.b64encode(secrets.token_bytes(27)).decode()


def new_numeric_id() -> str:
    return str(10**15 + secrets.randbelow(9 * 10**15))


class Citizen:
    __slots__ = (
        "_contact",
        "bsuid",
        "conversations",
        "key",
        "lane_key",
        "name",
        "phone",
        "undeliverable",
        "username",
    )

    def __init__(self, key: str, name: str | None = None) -> None:
        self.key = key
        self.phone: str | None = key[1:] if key.startswith("+") else None
        self.username: str | None = key[1:] if key.startswith("@") else None
        # Stable per citizen across restarts, like Meta's business-scoped user id, and not reversible.
        digest = hmac.new(_BSUID_KEY, key.encode(), hashlib.sha256).digest()
        number = int.from_bytes(digest[:9], "big") % 10**19
        self.bsuid = f"IT.{number:019d}"
        self.lane_key = number
        self.name = name or _NAMES[number % len(_NAMES)]
        self.undeliverable = False
        self.conversations: dict[str, Conversation] = {}
        self._contact: dict[str, Any] | None = None

    def rename(self, name: str) -> None:
        if name and name != self.name:
            self.name = name
            self._contact = None

    def contact(self) -> dict[str, Any]:
        """The ``contacts[]`` entry of webhooks about this citizen (built once, shared read-only)."""
        if self._contact is None:
            profile: dict[str, Any] = {"name": self.name}
            if self.username:
                profile["username"] = self.username
            contact: dict[str, Any] = {"profile": profile}
            if self.phone:
                contact["wa_id"] = self.phone
            contact["user_id"] = self.bsuid
            self._contact = contact
        return self._contact

    def view(self) -> dict[str, Any]:
        return {
            "citizen": self.key,
            "phone": "+" + self.phone if self.phone else None,
            "wa_id": self.phone,
            "username": self.username,
            "user_id": self.bsuid,
            "name": self.name,
            "undeliverable": self.undeliverable,
        }


class Conversation:
    """One business number and one citizen: the 24-hour window, the pair limit and the chat history."""

    __slots__ = (
        "billing_expires",
        "billing_id",
        "citizen",
        "last_inbound_at",
        "messages",
        "number",
        "pair_tokens",
        "pair_updated",
        "typing_until",
        "version",
    )

    def __init__(self, number: BusinessNumber, citizen: Citizen) -> None:
        self.number = number
        self.citizen = citizen
        self.last_inbound_at: float | None = None
        self.pair_tokens: float | None = None  # filled by rules.PairLimit on first use
        self.pair_updated = 0.0
        self.messages: list[Message] = []
        self.version = 0  # bumped on every change, so the phone page can skip unchanged polls
        self.typing_until = 0.0
        self.billing_id = ""
        self.billing_expires = 0.0

    def touch(self) -> None:
        self.version += 1


class Message:
    """A message in either direction.

    Outbound (municipality -> citizen): ``body`` is the Graph request body, ``status`` one of accepted,
    sent, delivered, read, played, failed. Inbound (citizen -> municipality): ``body`` is the webhook message
    object, ``status`` one of pending, delivered (Sportello answered 200), failed (it did not), read (it
    marked it read).
    """

    __slots__ = (
        "biz_opaque",
        "body",
        "conversation",
        "error_code",
        "id",
        "outbound",
        "seq",
        "status",
        "timestamp",
        "type",
        "webhook_status",
    )

    def __init__(
        self,
        id: str,
        seq: int,
        outbound: bool,
        conversation: Conversation,
        type: str,
        body: dict[str, Any],
        timestamp: float,
        status: str,
    ) -> None:
        self.id = id
        self.seq = seq
        self.outbound = outbound
        self.conversation = conversation
        self.type = type
        self.body = body
        self.timestamp = timestamp
        self.status = status
        self.error_code: int | None = None
        self.biz_opaque: str | None = None
        self.webhook_status: int | None = None


class Media:
    __slots__ = ("animated", "data", "filename", "id", "kind", "mime_type", "sha256")

    def __init__(
        self, id: str, data: bytes, mime_type: str, filename: str | None, kind: str, animated: bool = False
    ) -> None:
        self.id = id
        self.data = data
        self.mime_type = mime_type
        self.sha256 = base64.b64encode(hashlib.sha256(data).digest()).decode()
        self.filename = filename
        self.kind = kind
        self.animated = animated

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mime_type": self.mime_type,
            "filename": self.filename,
            "sha256": self.sha256,
            "file_size": len(self.data),
        }


class SandboxState:
    def __init__(
        self, numbers: list[BusinessNumber], max_messages: int = 500_000, templates: list[dict[str, Any]] | None = None
    ) -> None:
        self.max_messages = max_messages
        self.seed_templates = list(templates or [])  # each WABA's templates at start and after a reset
        self.template_store = TemplateStore()
        self.numbers: dict[str, BusinessNumber] = {}
        self.tokens: dict[str, set[str]] = {}
        for number in numbers:
            self.add_number(number)
        self.generation = 0
        self.reset()

    def reset(self) -> None:
        """Forget citizens, messages, media and faults; keep the business numbers."""
        self.citizens: dict[str, Citizen] = {}
        self.by_bsuid: dict[str, Citizen] = {}
        self.messages: dict[str, Message] = {}
        self.media: dict[str, Media] = {}
        self.downloads: dict[str, tuple[str, float]] = {}  # token -> (media id, expires at)
        self.media_faults: dict[str, int] = {}  # media id -> downloads still to fail
        self.send_faults: dict[str, list[int]] = {}  # phone_number_id or "*" -> [sends still to fail, code]
        # What the phone and inbox show of a template by name (its body, buttons, category); kept by define_template.
        self.templates: dict[str, dict[str, Any]] = {}
        self.template_store.clear()
        for waba_id in dict.fromkeys(n.waba_id for n in self.numbers.values()):
            self.seed_wabas_templates(waba_id)
        self._seq = itertools.count(1)
        self.generation += 1  # lets late timers and webhooks of a previous run recognise themselves

    # -- numbers ---------------------------------------------------------------------------------------------
    def add_number(self, number: BusinessNumber) -> None:
        old = self.numbers.get(number.phone_number_id)
        if old is not None:
            self.tokens.get(old.access_token, set()).discard(old.phone_number_id)
        self.numbers[number.phone_number_id] = number
        self.tokens.setdefault(number.access_token, set()).add(number.phone_number_id)
        if hasattr(self, "templates") and not self.template_store.of(number.waba_id):  # a new WABA at runtime
            self.seed_wabas_templates(number.waba_id)

    # -- message templates (template_store.py) ----------------------------------------------------------------
    def seed_wabas_templates(self, waba_id: str) -> None:
        for spec in self.seed_templates:
            self.define_template(waba_id, spec)

    def define_template(self, waba_id: str, spec: dict[str, Any]) -> SandboxTemplate:
        template = self.template_store.define(waba_id, spec)
        self.templates[template.name] = {
            "language": template.language, "body": template.body, "buttons": template.buttons,
            "category": template.category.lower(),
        }
        return template

    def first_number(self) -> BusinessNumber:
        return next(iter(self.numbers.values()))

    # -- citizens --------------------------------------------------------------------------------------------
    def find(self, ref: str) -> Citizen | None:
        """A known citizen by phone, @username or business-scoped user id; ValueError if ``ref`` is none."""
        ref = str(ref or "").strip()
        return self.by_bsuid.get(ref) or self.citizens.get(citizen_key(ref))

    def citizen(self, ref: str, name: str | None = None) -> Citizen:
        """The citizen for a phone or @username (or a known user id), created on first sight: every phone
        is on WhatsApp here."""
        citizen = self.by_bsuid.get(str(ref or "").strip())
        if citizen is None:
            key = citizen_key(ref)
            citizen = self.citizens.get(key)
        if citizen is None:
            citizen = Citizen(key, name)
            self.citizens[key] = citizen
            self.by_bsuid[citizen.bsuid] = citizen
        elif name:
            citizen.rename(name)
        return citizen

    def conversation(self, number: BusinessNumber, citizen: Citizen) -> Conversation:
        conv = citizen.conversations.get(number.phone_number_id)
        if conv is None:
            conv = citizen.conversations[number.phone_number_id] = Conversation(number, citizen)
        return conv

    # -- messages --------------------------------------------------------------------------------------------
    def add_message(
        self,
        conv: Conversation,
        *,
        outbound: bool,
        type: str,
        body: dict[str, Any],
        timestamp: float,
        status: str,
        id: str | None = None,
    ) -> Message:
        message = Message(
            id or new_message_id(), next(self._seq), outbound, conv, type, body, timestamp, status
        )
        self.messages[message.id] = message
        conv.messages.append(message)
        conv.touch()
        if len(self.messages) > self.max_messages:
            self._forget_oldest()
        return message

    def _forget_oldest(self) -> None:
        # A long benchmark at 1,000 sends/s must not grow without bound; the oldest message goes first.
        oldest = self.messages.pop(next(iter(self.messages)))
        history = oldest.conversation.messages
        if history and history[0] is oldest:
            history.pop(0)
        elif oldest in history:
            history.remove(oldest)

    # -- media -----------------------------------------------------------------------------------------------
    def add_media(
        self, data: bytes, mime_type: str, filename: str | None, kind: str, animated: bool = False
    ) -> Media:
        media = Media(new_numeric_id(), data, mime_type, filename, kind, animated)
        self.media[media.id] = media
        return media

    def download_token(self, media_id: str, ttl: float = DOWNLOAD_URL_TTL) -> str:
        token = secrets.token_urlsafe(24)
        self.downloads[token] = (media_id, time.time() + ttl)
        return token

    def media_for_download(self, token: str) -> Media | None:
        entry = self.downloads.get(token)
        if entry is None:
            return None
        media_id, expires = entry
        if expires < time.time():
            del self.downloads[token]
            return None
        return self.media.get(media_id)
