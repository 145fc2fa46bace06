"""What happens in the simulated Telegram: bots send (Bot API), users write and tap buttons, updates reach webhooks.

The HTTP layer (routes.py) parses requests and calls these operations. Errors are raised as BotApiError in the
Bot API's own shape (``{"ok": false, "error_code": …, "description": …}``).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import logging
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from .config import TelegramBotConfig, TelegramSandboxConfig

log = logging.getLogger(__name__)
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_RETRY_DELAY = 30.0


class BotApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class User:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    blocked: set[int] = field(default_factory=set)  # bots this user has blocked

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": "it"}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        return user

    def as_chat(self) -> dict[str, Any]:
        chat = {k: v for k, v in self.as_user().items() if k in ("id", "first_name", "last_name", "username")}
        return {**chat, "type": "private"}


@dataclass
class File:
    file_id: str
    file_unique_id: str
    data: bytes
    mime_type: str
    file_path: str
    file_name: str = ""

    def as_file(self) -> dict[str, Any]:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id, "file_size": len(self.data),
                "file_path": self.file_path}


@dataclass
class Chat:
    bot: Bot
    user: User
    messages: list[dict[str, Any]] = field(default_factory=list)  # Telegram Message objects, both directions
    next_message_id: int = 1
    version: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)  # answerCallbackQuery calls received

    def touch(self) -> None:
        self.version += 1


@dataclass
class Bot:
    config: TelegramBotConfig
    webhook_url: str = ""
    webhook_secret: str = ""
    allowed_updates: list[str] = field(default_factory=list)
    next_update_id: int = 100_000_001
    pending: list[dict[str, Any]] = field(default_factory=list)  # updates not yet acknowledged, in order
    last_error_date: int | None = None
    last_error_message: str = ""
    sent_times: list[float] = field(default_factory=list)  # for the per-bot rate limit
    lock: asyncio.Lock | None = None
    retry_task: asyncio.Task[None] | None = None

    @property
    def id(self) -> int:
        return self.config.bot_id

    def as_user(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.config.first_name, "username": self.config.username}


class TelegramSimulator:
    def __init__(self, config: TelegramSandboxConfig | None = None) -> None:
        self.config = config or TelegramSandboxConfig()
        self.bots: dict[str, Bot] = {}  # token → bot
        self.users: dict[int, User] = {}
        self.chats: dict[tuple[int, int], Chat] = {}
        self.files: dict[str, File] = {}
        self.callbacks: dict[str, tuple[Chat, int]] = {}  # callback_query id → (chat, message_id)
        self.send_faults: dict[int, list[Any]] = {}  # bot id → [times, code, description, retry_after]
        self.counters: Counter[str] = Counter()
        self._user_ids = itertools.count(5_550_000_001)
        self._http: httpx.AsyncClient | None = None
        for bot_config in self.config.bots:
            self.add_bot(bot_config)

    # -- setup -----------------------------------------------------------------------------------------------
    def add_bot(self, config: TelegramBotConfig) -> Bot:
        old = next((b for b in self.bots.values() if b.id == config.bot_id), None)
        if old is not None:
            del self.bots[old.config.token]
        bot = Bot(config, webhook_url=config.webhook_url, webhook_secret=config.webhook_secret)
        self.bots[config.token] = bot
        return bot

    def reset(self) -> None:
        """Forget users, chats, files and queued updates; bots and their webhooks stay."""
        self.users.clear()
        self.chats.clear()
        self.files.clear()
        self.callbacks.clear()
        self.send_faults.clear()
        self.counters.clear()
        for bot in self.bots.values():
            bot.pending.clear()
            bot.sent_times.clear()

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def bot_for_token(self, token: str) -> Bot:
        bot = self.bots.get(token)
        if bot is None:
            raise BotApiError(401, "Unauthorized")
        return bot

    def find_bot(self, ref: Any) -> Bot:
        """A bot by id or username; the first one when ref is empty."""
        if not ref:
            return next(iter(self.bots.values()))
        text = str(ref).lstrip("@").lower()
        for bot in self.bots.values():
            if str(bot.id) == text or bot.config.username.lower() == text:
                return bot
        raise ValueError(f"unknown bot {ref!r}")

    def user(self, ref: Any, name: str | None = None, username: str | None = None) -> User:
        """A user by numeric id, @username or name; created on first use (names become first/last name)."""
        text = str(ref or "").strip()
        if not text:
            raise ValueError("give the user: a numeric id, @username or a name")
        if text.isdigit():
            user = self.users.get(int(text))
            if user is None:
                user = self._create(int(text), name or f"Utente {text[-4:]}", username)
            return user
        key = text.lstrip("@").lower()
        for user in self.users.values():
            if user.username.lower() == key or f"{user.first_name} {user.last_name}".strip().lower() == key:
                return user
        is_username = text.startswith("@")
        return self._create(
            next(self._user_ids), name or (key.replace("_", " ").title() if is_username else text),
            username or (key if is_username else None),
        )

    def _create(self, user_id: int, name: str, username: str | None) -> User:
        first, _, last = name.strip().partition(" ")
        user = User(user_id, first or "Utente", last, (username or "").lstrip("@"))
        self.users[user_id] = user
        return user

    def find_user(self, ref: Any) -> User | None:
        try:
            text = str(ref or "").strip()
            if not text:
                return None
            if text.isdigit():
                return self.users.get(int(text))
            key = text.lstrip("@").lower()
            return next((u for u in self.users.values() if u.username.lower() == key
                         or f"{u.first_name} {u.last_name}".strip().lower() == key), None)
        except ValueError:
            return None

    def chat(self, bot: Bot, user: User) -> Chat:
        chat = self.chats.get((bot.id, user.id))
        if chat is None:
            chat = self.chats[(bot.id, user.id)] = Chat(bot, user)
        return chat

    # -- files -----------------------------------------------------------------------------------------------
    def add_file(self, data: bytes, mime_type: str, folder: str, file_name: str = "") -> File:
        unique = hashlib.sha256(data).hexdigest()[:16]
        file_id = "SB" + secrets.token_urlsafe(24)
        extension = _EXTENSIONS.get(mime_type, "") or (file_name.rsplit(".", 1)[-1] if "." in file_name else "bin")
        file = File(file_id, unique, data, mime_type, f"{folder}/file_{len(self.files)}.{extension}", file_name)
        self.files[file_id] = file
        return file

    def file_by_path(self, bot: Bot, path: str) -> File | None:
        return next((f for f in self.files.values() if f.file_path == path), None)

    def get_file(self, file_id: str) -> dict[str, Any]:
        file = self.files.get(file_id)
        if file is None:
            raise BotApiError(400, "Bad Request: invalid file_id")
        return file.as_file()

    # -- the bot side (Bot API) ------------------------------------------------------------------------------
    def set_webhook(self, bot: Bot, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = str(params.get("secret_token") or "")
        if url and not re.match(r"^https?://[^/\s]+", url):
            raise BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret and not SECRET_SHAPE.fullmatch(secret):
            raise BotApiError(400, "Bad Request: secret token contains unallowed characters")
        bot.webhook_url, bot.webhook_secret = url, secret
        allowed = params.get("allowed_updates")
        bot.allowed_updates = list(allowed) if isinstance(allowed, list) else []
        if _truthy(params.get("drop_pending_updates")):
            bot.pending.clear()
        bot.last_error_date, bot.last_error_message = None, ""
        if bot.pending and url:
            self._schedule_retry(bot, 0.0)
        return True

    def webhook_info(self, bot: Bot) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": bot.webhook_url, "has_custom_certificate": False, "pending_update_count": len(bot.pending),
            "max_connections": 40,
        }
        if bot.allowed_updates:
            info["allowed_updates"] = bot.allowed_updates
        if bot.last_error_date:
            info.update(last_error_date=bot.last_error_date, last_error_message=bot.last_error_message)
        return info

    def get_updates(self, bot: Bot, params: dict[str, Any]) -> list[dict[str, Any]]:
        if bot.webhook_url:
            raise BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        if offset:
            bot.pending = [u for u in bot.pending if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        return bot.pending[:limit]

    def _recipient(self, bot: Bot, chat_id: Any) -> Chat:
        try:
            user = self.users.get(int(str(chat_id)))
        except ValueError:
            user = None
        if user is None or (bot.id, user.id) not in self.chats:
            # A bot cannot write first: the user must have started it.
            if user is not None:
                raise BotApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise BotApiError(400, "Bad Request: chat not found")
        if bot.id in user.blocked:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
        return self.chats[(bot.id, user.id)]

    def _admit(self, bot: Bot) -> None:
        fault = self.send_faults.get(bot.id)
        if fault and fault[0] > 0:
            fault[0] -= 1
            raise BotApiError(fault[1], fault[2], fault[3])
        now = time.monotonic()
        bot.sent_times = [t for t in bot.sent_times if now - t < 1.0]
        if len(bot.sent_times) >= self.config.rate_per_second:
            self.counters["rate_limited"] += 1
            raise BotApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        bot.sent_times.append(now)

    def bot_sends(self, bot: Bot, method: str, params: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        """Record one message the bot sends (content: the type-specific fields of the Message)."""
        chat = self._recipient(bot, params.get("chat_id"))
        self._admit(bot)
        message = self._new_message(chat, from_bot=True, content=content)
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        reply = params.get("reply_parameters")
        if isinstance(reply, str):
            reply = json.loads(reply)
        reply_id = (reply or {}).get("message_id") if isinstance(reply, dict) else params.get("reply_to_message_id")
        if reply_id:
            target = next((m for m in chat.messages if m["message_id"] == int(reply_id)), None)
            if target is None and not (isinstance(reply, dict) and reply.get("allow_sending_without_reply")):
                raise BotApiError(400, "Bad Request: message to be replied not found")
            if target is not None:
                message["reply_to_message"] = {k: v for k, v in target.items() if k != "reply_to_message"}
        message["_method"] = method
        chat.messages.append(message)
        chat.touch()
        self.counters[f"sent_{method}"] += 1
        return _public(message)

    def _new_message(self, chat: Chat, *, from_bot: bool, content: dict[str, Any]) -> dict[str, Any]:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        sender = chat.bot.as_user() if from_bot else chat.user.as_user()
        return {"message_id": message_id, "from": sender, "chat": chat.user.as_chat(), "date": int(time.time()),
                **content}

    def answer_callback(self, bot: Bot, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        found = self.callbacks.pop(query_id, None)
        if found is None:
            raise BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        chat, message_id = found
        chat.answers.append({"callback_query_id": query_id, "message_id": message_id, "text": params.get("text", "")})
        chat.touch()
        self.counters["callback_answers"] += 1
        return True

    # -- the user side ---------------------------------------------------------------------------------------
    async def user_sends(self, bot: Bot, user: User, content: dict[str, Any], reply_to: int | None = None) -> dict[str, Any]:
        """A user writes to a bot: the Message is stored and delivered as an Update; returns ids and the webhook's answer."""
        chat = self.chat(bot, user)
        message = self._new_message(chat, from_bot=False, content=content)
        if reply_to:
            target = next((m for m in chat.messages if m["message_id"] == int(reply_to)), None)
            if target is None:
                raise ValueError(f"no message {reply_to} in this chat")
            message["reply_to_message"] = _public({k: v for k, v in target.items() if k != "reply_to_message"})
        chat.messages.append(message)
        chat.touch()
        self.counters["user_messages"] += 1
        status = await self.deliver(bot, {"message": _public(message)})
        message["_webhook_status"] = status
        return {"message_id": message["message_id"], "chat_id": user.id, "webhook_status": status}

    async def user_edits(self, bot: Bot, user: User, message_id: int, text: str) -> dict[str, Any]:
        chat = self.chat(bot, user)
        message = next((m for m in chat.messages if m["message_id"] == message_id and m["from"]["id"] == user.id), None)
        if message is None or "text" not in message:
            raise ValueError(f"no text message {message_id} of this user")
        message["text"] = text
        message["edit_date"] = int(time.time())
        chat.touch()
        status = await self.deliver(bot, {"edited_message": _public(message)})
        return {"message_id": message_id, "webhook_status": status}

    async def user_taps(self, bot: Bot, user: User, message_id: int, data: str) -> dict[str, Any]:
        chat = self.chat(bot, user)
        message = next((m for m in chat.messages if m["message_id"] == message_id and m["from"].get("is_bot")), None)
        if message is None:
            raise ValueError(f"no bot message {message_id} in this chat")
        buttons = [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
        if not any(b.get("callback_data") == data for b in buttons):
            raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
        query_id = str(secrets.randbits(63))
        self.callbacks[query_id] = (chat, message_id)
        query = {"id": query_id, "from": user.as_user(), "message": _public(message),
                 "chat_instance": str(abs(hash((bot.id, user.id)))), "data": data}
        message.setdefault("_taps", []).append(data)
        chat.touch()
        status = await self.deliver(bot, {"callback_query": query})
        return {"callback_query_id": query_id, "webhook_status": status,
                "answered": any(a["callback_query_id"] == query_id for a in chat.answers)}

    def block(self, bot: Bot, user: User, blocked: bool = True) -> None:
        (user.blocked.add if blocked else user.blocked.discard)(bot.id)

    # -- webhook delivery ------------------------------------------------------------------------------------
    async def deliver(self, bot: Bot, content: dict[str, Any], timeout: float = 30.0) -> int | None:
        """Queue an Update and wait for its first POST; returns the webhook's HTTP status (None: no webhook set,
        or it waits behind an earlier update that Telegram is still retrying, as the real one would)."""
        kind = next(iter(content))
        if bot.allowed_updates and kind not in bot.allowed_updates:
            self.counters["updates_filtered"] += 1
            return None
        future: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        update = {"update_id": bot.next_update_id, **content, "_future": future}
        bot.next_update_id += 1
        bot.pending.append(update)
        if not bot.webhook_url or (bot.retry_task is not None and not bot.retry_task.done()):
            return None
        if bot.lock is None or not bot.lock.locked():
            asyncio.get_running_loop().create_task(self._post_pending(bot))
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            return None

    async def _post_pending(self, bot: Bot) -> None:
        """Send waiting updates in order, one at a time; stop at the first failure (retried later, like Telegram)."""
        if bot.lock is None:
            bot.lock = asyncio.Lock()
        async with bot.lock:
            while bot.pending and bot.webhook_url:
                update = bot.pending[0]
                status = await self._post(bot, update)
                if status != 200:
                    self._schedule_retry(bot, self.config.webhook_retry_base_ms / 1000 * 2 ** min(update.get("_attempts", 1) - 1, 6))
                    return
                bot.pending.pop(0)

    async def _post(self, bot: Bot, update: dict[str, Any]) -> int | None:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=self.config.webhook_timeout_seconds)
        update["_attempts"] = update.get("_attempts", 0) + 1
        body = json.dumps({k: v for k, v in update.items() if not k.startswith("_")}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if bot.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = bot.webhook_secret
        try:
            response = await self._http.post(bot.webhook_url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            self._failed(bot, update, f"Connection error: {type(exc).__name__}")
            _settle(update, None)
            return None
        if response.status_code != 200:
            self._failed(bot, update, f"Wrong response from the webhook: {response.status_code}")
            _settle(update, response.status_code)
            return response.status_code
        self.counters["updates_delivered"] += 1
        self._run_reply(bot, response)
        _settle(update, 200)
        return 200

    def _failed(self, bot: Bot, update: dict[str, Any], message: str) -> None:
        self.counters["webhook_failed_attempts"] += 1
        bot.last_error_date, bot.last_error_message = int(time.time()), message
        if update["_attempts"] >= self.config.webhook_max_attempts:
            bot.pending.remove(update)
            self.counters["updates_dropped"] += 1

    def _run_reply(self, bot: Bot, response: httpx.Response) -> None:
        """A webhook may answer with one Bot API call in its body (answerCallbackQuery, sendMessage…)."""
        if not response.headers.get("content-type", "").startswith("application/json"):
            return
        try:
            call = response.json()
        except ValueError:
            return
        if isinstance(call, dict) and call.get("method") == "answerCallbackQuery":
            try:
                self.answer_callback(bot, call)
                self.counters["webhook_replies"] += 1
            except BotApiError:
                pass

    def _schedule_retry(self, bot: Bot, delay: float) -> None:
        if bot.retry_task is not None and not bot.retry_task.done():
            return

        async def retry() -> None:
            await asyncio.sleep(min(delay, MAX_RETRY_DELAY))
            bot.retry_task = None
            await self._post_pending(bot)

        bot.retry_task = asyncio.get_running_loop().create_task(retry())

    async def drain(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while any(b.pending and b.webhook_url for b in self.bots.values()):
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    def stats(self) -> dict[str, Any]:
        return {
            **self.counters,
            "bots": len(self.bots),
            "users": len(self.users),
            "pending_updates": sum(len(b.pending) for b in self.bots.values()),
        }


def _settle(update: dict[str, Any], status: int | None) -> None:
    """The first attempt's answer is what the user's send reports."""
    future = update.get("_future")
    if future is not None and not future.done():
        future.set_result(status)


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """A Message as the Bot API shows it (without the sandbox's own bookkeeping fields)."""
    return {k: v for k, v in message.items() if not k.startswith("_")}


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


_EXTENSIONS = {
    "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "audio/ogg": "oga", "audio/mpeg": "mp3",
    "audio/mp4": "m4a", "video/mp4": "mp4", "application/pdf": "pdf",
}
