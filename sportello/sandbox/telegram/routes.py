"""HTTP for the sandbox's Telegram side.

Bot API (what a bot, Sportello or any Bot API client library, calls), with the Bot API's parameter forms (query
string, JSON, url-encoded or multipart form; objects as JSON strings in forms) and answers
(``{"ok": true, "result": …}``):

- ``GET|POST /sandbox/bot<token>/<method>``: getMe, setWebhook, getWebhookInfo, deleteWebhook, getUpdates,
  sendMessage, sendPhoto, sendDocument, sendVoice, sendAudio, sendVideo, sendSticker, sendLocation, sendVenue,
  sendContact, getFile, answerCallbackQuery
- ``GET /sandbox/file/bot<token>/<file_path>``: file downloads (getFile's file_path)

The users' side, JSON, under ``/sandbox/api/telegram/`` (the Telegram tab of the phone page and tests use it):

- ``POST send``: ``{user, bot?, name?, type, text?, caption?, content_base64?, mime_type?, filename?, latitude?,
  longitude?, title?, address?, phone_number?, first_name?, reply_to?}`` → ``{message_id, chat_id, webhook_status}``
- ``POST edit`` ``{user, bot?, message_id, text}``; ``POST tap`` ``{user, bot?, message_id, data}`` (an inline
  button); ``POST block`` ``{user, bot?, blocked}``
- ``GET inbox?user=&bot=&since=``: what the bot sent the user; ``GET chat?user=&bot=&version=``: both sides
- ``GET|POST bots`` (POST ``{token, username, webhook_url?, webhook_secret?}``), ``GET users``
- ``POST faults`` ``{bot?, fail_times, error_code, description, retry_after?}``, ``POST reset``, ``GET stats?drain=``
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..responses import error_response, json_response, read_json
from .config import TelegramBotConfig
from .simulator import Bot, BotApiError, File, TelegramSimulator

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# method → (the field carrying the file, the folder getFile's file_path puts it in)
_MEDIA = {
    "sendPhoto": ("photo", "photos"),
    "sendDocument": ("document", "documents"),
    "sendVoice": ("voice", "voice"),
    "sendAudio": ("audio", "music"),
    "sendVideo": ("video", "videos"),
    "sendSticker": ("sticker", "stickers"),
}
_DEFAULT_MIME = {"photo": "image/jpeg", "voice": "audio/ogg", "audio": "audio/mpeg", "video": "video/mp4",
                 "sticker": "image/webp", "document": "application/octet-stream"}


def sniff(data: bytes, declared: str = "") -> str:
    """The content type of an upload from its first bytes (clients often send application/octet-stream)."""
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:5] == b"%PDF-":
        return "application/pdf"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[4:8] == b"ftyp":
        return "video/mp4"
    if data[:3] == b"ID3":
        return "audio/mpeg"
    return declared if declared and declared != "application/octet-stream" else ""


def media_object(field: str, file: File, extra: dict[str, Any] | None = None) -> Any:
    """The Message field for a file: PhotoSize list for photos, one object otherwise (as the Bot API gives)."""
    base = {"file_id": file.file_id, "file_unique_id": file.file_unique_id, "file_size": len(file.data)}
    if field == "photo":
        return [{**base, "width": 90, "height": 90, "file_size": min(len(file.data), 1000)},  # the thumbnail
                {**base, "width": 1280, "height": 960}]
    obj = {**base, "mime_type": file.mime_type}
    if field in ("document", "audio", "video") and file.file_name:
        obj["file_name"] = file.file_name
    if field in ("voice", "audio", "video"):
        obj["duration"] = int((extra or {}).get("duration") or 1)
    if field == "video":
        obj.update(width=640, height=360)
    if field == "sticker":
        obj = {**base, "type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False}
    return obj


async def _params(request: Request) -> tuple[dict[str, Any], dict[str, UploadFile]]:
    params: dict[str, Any] = dict(request.query_params)
    files: dict[str, UploadFile] = {}
    if request.method != "POST":
        return params, files
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        body = await request.body()
        if body:
            try:
                data = json.loads(body)
            except ValueError:
                raise BotApiError(400, "Bad Request: can't parse JSON") from None
            if isinstance(data, dict):
                params.update(data)
    elif content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files[key] = value
            else:
                params[key] = value
    # Forms carry objects as JSON strings.
    for key in ("reply_markup", "reply_parameters", "allowed_updates", "link_preview_options"):
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                raise BotApiError(400, f"Bad Request: can't parse {key} JSON object") from None
    return params, files


def routes(tg: TelegramSimulator) -> list[Route]:
    async def bot_api(request: Request) -> Response:
        method = request.path_params["method"]
        try:
            bot = tg.bot_for_token(request.path_params["token"])
            params, files = await _params(request)
            handler = _METHODS.get(method.lower())
            if handler is None:
                raise BotApiError(404, "Not Found: method not found")
            result = await handler(tg, bot, _CANONICAL.get(method.lower(), method), params, files)
        except BotApiError as exc:
            tg.counters[f"api_errors_{exc.code}"] += 1
            return json_response(exc.body(), exc.code)
        except (ValueError, TypeError, KeyError) as exc:
            return json_response(BotApiError(400, f"Bad Request: {exc}").body(), 400)
        return json_response({"ok": True, "result": result})

    async def file_download(request: Request) -> Response:
        try:
            bot = tg.bot_for_token(request.path_params["token"])
        except BotApiError as exc:
            return json_response(exc.body(), exc.code)
        file = tg.file_by_path(bot, request.path_params["path"])
        if file is None:
            return json_response(BotApiError(404, "Not Found").body(), 404)
        return Response(file.data, media_type="application/octet-stream")

    return [
        Route("/sandbox/bot{token}/{method}", bot_api, methods=["GET", "POST"]),
        Route("/sandbox/file/bot{token}/{path:path}", file_download, methods=["GET"]),
        *_user_routes(tg),
    ]


# -- Bot API methods -----------------------------------------------------------------------------------------
async def _get_me(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return {**bot.as_user(), "can_join_groups": False, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}


async def _set_webhook(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.set_webhook(bot, params)


async def _delete_webhook(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.set_webhook(bot, {"url": "", "drop_pending_updates": params.get("drop_pending_updates")})


async def _webhook_info(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.webhook_info(bot)


async def _get_updates(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return [{k: v for k, v in u.items() if not k.startswith("_")} for u in tg.get_updates(bot, params)]


async def _send_message(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    text = str(params.get("text") or "")
    if not text.strip():
        raise BotApiError(400, "Bad Request: message text is empty")
    if len(text) > 4096:
        raise BotApiError(400, "Bad Request: message is too long")
    return tg.bot_sends(bot, method, params, {"text": text})


async def _send_media(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: dict[str, UploadFile]) -> Any:
    field, folder = _MEDIA[method]
    upload = files.get(field)
    if upload is not None:
        data = await upload.read()
        if not data:
            raise BotApiError(400, "Bad Request: file must be non-empty")
        mime = sniff(data, upload.content_type or "") or _DEFAULT_MIME[field]
        if field == "photo" and not mime.startswith("image/"):
            raise BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        file = tg.add_file(data, mime, folder, upload.filename or "")
    else:
        ref = str(params.get(field) or "")
        if not ref:
            raise BotApiError(400, f"Bad Request: there is no {field} in the request")
        existing = tg.files.get(ref)
        if existing is None:
            raise BotApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        file = existing
    content: dict[str, Any] = {field: media_object(field, file, params)}
    caption = str(params.get("caption") or "")
    if caption and field != "sticker":
        if len(caption) > 1024:
            raise BotApiError(400, "Bad Request: message caption is too long")
        content["caption"] = caption
    return tg.bot_sends(bot, method, params, content)


def _coordinates(params: dict[str, Any]) -> dict[str, float]:
    try:
        latitude, longitude = float(params["latitude"]), float(params["longitude"])
    except (KeyError, TypeError, ValueError):
        raise BotApiError(400, "Bad Request: latitude and longitude are required") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BotApiError(400, "Bad Request: wrong location")
    return {"latitude": latitude, "longitude": longitude}


async def _send_location(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.bot_sends(bot, method, params, {"location": _coordinates(params)})


async def _send_venue(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    where = _coordinates(params)
    venue = {"location": where, "title": str(params.get("title") or ""), "address": str(params.get("address") or "")}
    return tg.bot_sends(bot, method, params, {"venue": venue, "location": where})


async def _send_contact(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    if not params.get("phone_number") or not params.get("first_name"):
        raise BotApiError(400, "Bad Request: phone_number and first_name are required")
    contact = {"phone_number": str(params["phone_number"]), "first_name": str(params["first_name"])}
    return tg.bot_sends(bot, method, params, {"contact": contact})


async def _get_file(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.get_file(str(params.get("file_id") or ""))


async def _answer_callback(tg: TelegramSimulator, bot: Bot, method: str, params: dict[str, Any], files: Any) -> Any:
    return tg.answer_callback(bot, params)


_METHODS = {
    "getme": _get_me,
    "setwebhook": _set_webhook,
    "deletewebhook": _delete_webhook,
    "getwebhookinfo": _webhook_info,
    "getupdates": _get_updates,
    "sendmessage": _send_message,
    **{name.lower(): _send_media for name in _MEDIA},
    "sendlocation": _send_location,
    "sendvenue": _send_venue,
    "sendcontact": _send_contact,
    "getfile": _get_file,
    "answercallbackquery": _answer_callback,
}
# Method names are case-insensitive in the Bot API; the handlers take the canonical spelling.
_CANONICAL = {name.lower(): name for name in _MEDIA}
_FOLDERS = dict(_MEDIA.values())


# -- the users' side -----------------------------------------------------------------------------------------
def _user_content(tg: TelegramSimulator, data: dict[str, Any]) -> dict[str, Any]:
    kind = str(data.get("type") or "text")
    if kind == "text":
        text = str(data.get("text") or "")
        if not text.strip():
            raise ValueError("text is empty")
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return content
    if kind in ("photo", "document", "voice", "audio", "video"):
        raw = data.get("content_base64")
        if not raw:
            raise ValueError(f"a {kind} needs content_base64")
        blob = base64.b64decode(raw)
        mime = str(data.get("mime_type") or "") or sniff(blob) or _DEFAULT_MIME[kind]
        file = tg.add_file(blob, mime, _FOLDERS[kind], str(data.get("filename") or ""))
        content = {kind: media_object(kind, file, data)}
        if data.get("caption"):
            content["caption"] = str(data["caption"])
        return content
    if kind in ("location", "venue"):
        where = {"latitude": float(data["latitude"]), "longitude": float(data["longitude"])}
        if kind == "location":
            return {"location": where}
        return {"venue": {"location": where, "title": str(data.get("title") or ""),
                          "address": str(data.get("address") or "")}, "location": where}
    if kind == "contact":
        contact = {"phone_number": str(data.get("phone_number") or ""), "first_name": str(data.get("first_name") or "")}
        if not contact["phone_number"] or not contact["first_name"]:
            raise ValueError("a contact needs phone_number and first_name")
        if data.get("last_name"):
            contact["last_name"] = str(data["last_name"])
        return {"contact": contact}
    raise ValueError(f"unknown message type {kind!r}")


def message_view(message: dict[str, Any], tg: TelegramSimulator) -> dict[str, Any]:
    """One message as the page and tests read it."""
    view: dict[str, Any] = {
        "message_id": message["message_id"],
        "from_bot": bool(message["from"].get("is_bot")),
        "date": message["date"],
        "method": message.get("_method", ""),
        "text": message.get("text") or message.get("caption") or "",
    }
    for field in ("photo", "document", "voice", "audio", "video", "sticker"):
        if field in message:
            obj = message[field][-1] if field == "photo" else message[field]
            file = tg.files.get(obj["file_id"])
            view["type"] = field
            view["file"] = {"file_id": obj["file_id"], "mime_type": file.mime_type if file else "",
                            "file_name": obj.get("file_name", ""), "size": obj.get("file_size", 0),
                            "url": f"../api/telegram/media/{quote(obj['file_id'])}"}
            break
    else:
        view["type"] = ("venue" if "venue" in message else "location" if "location" in message
                        else "contact" if "contact" in message else "text")
    if "location" in message:
        view["location"] = message["location"]
    if "venue" in message:
        view["venue"] = {k: message["venue"][k] for k in ("title", "address")}
    if "contact" in message:
        view["contact"] = message["contact"]
    if message.get("reply_markup"):
        view["buttons"] = [[{"text": b.get("text", ""), "data": b.get("callback_data", "")} for b in row]
                           for row in message["reply_markup"]["inline_keyboard"]]
    if message.get("reply_to_message"):
        view["reply_to"] = message["reply_to_message"]["message_id"]
    if message.get("edit_date"):
        view["edited"] = True
    if message.get("_taps"):
        view["taps"] = list(message["_taps"])
    if "_webhook_status" in message:
        view["webhook_status"] = message["_webhook_status"]
    return view


def _user_routes(tg: TelegramSimulator) -> list[Route]:
    page = (TEMPLATES / "telegram.html").read_text(encoding="utf-8")

    def endpoint(handler: Any) -> Any:
        async def run(request: Request) -> Response:
            try:
                data = await read_json(request) if request.method == "POST" else dict(request.query_params)
                if data is None:
                    data = {}
                if not isinstance(data, dict):
                    raise ValueError("the body must be a JSON object")
                return await handler(data)
            except (ValueError, KeyError, TypeError) as exc:
                return error_response(str(exc) or "invalid request")

        return run

    def chat_of(data: dict[str, Any]) -> tuple[Bot, Any]:
        bot = tg.find_bot(data.get("bot"))
        user = tg.find_user(data.get("user"))
        if user is None:
            raise ValueError(f"unknown user {data.get('user')!r}")
        return bot, user

    async def send(data: dict[str, Any]) -> Response:
        bot = tg.find_bot(data.get("bot"))
        user = tg.user(data.get("user"), data.get("name"), data.get("username"))
        content = _user_content(tg, data)
        reply_to = int(data["reply_to"]) if data.get("reply_to") else None
        return json_response(await tg.user_sends(bot, user, content, reply_to))

    async def edit(data: dict[str, Any]) -> Response:
        bot, user = chat_of(data)
        return json_response(await tg.user_edits(bot, user, int(data["message_id"]), str(data.get("text") or "")))

    async def tap(data: dict[str, Any]) -> Response:
        bot, user = chat_of(data)
        return json_response(await tg.user_taps(bot, user, int(data["message_id"]), str(data.get("data") or "")))

    async def block(data: dict[str, Any]) -> Response:
        bot, user = chat_of(data)
        tg.block(bot, user, bool(data.get("blocked", True)))
        return json_response({"ok": True})

    async def inbox(data: dict[str, Any]) -> Response:
        bot = tg.find_bot(data.get("bot"))
        user = tg.find_user(data.get("user"))
        chat = tg.chats.get((bot.id, user.id)) if user else None
        messages = [m for m in (chat.messages if chat else []) if m["from"].get("is_bot")]
        since = int(data.get("since") or 0)
        return json_response({
            "chat_id": user.id if user else None,
            "messages": [message_view(m, tg) for m in messages if m["message_id"] > since],
            "callback_answers": list(chat.answers) if chat else [],
        })

    async def chat(data: dict[str, Any]) -> Response:
        bot, user = chat_of(data)
        conversation = tg.chat(bot, user)
        if data.get("version") == str(conversation.version):
            return json_response({"version": conversation.version, "unchanged": True})
        return json_response({
            "version": conversation.version,
            "bot": {"id": bot.id, "username": bot.config.username, "first_name": bot.config.first_name,
                    "webhook": bool(bot.webhook_url)},
            "user": user.as_user(),
            "messages": [message_view(m, tg) for m in conversation.messages],
        })

    async def bots(data: dict[str, Any]) -> Response:
        if data.get("token"):
            tg.add_bot(TelegramBotConfig(
                token=str(data["token"]), username=str(data.get("username") or "SandboxBot"),
                webhook_url=str(data.get("webhook_url") or ""), webhook_secret=str(data.get("webhook_secret") or ""),
            ))
        return json_response({"bots": [
            {"id": b.id, "username": b.config.username, "first_name": b.config.first_name,
             "webhook_url": b.webhook_url, "pending_update_count": len(b.pending)}
            for b in tg.bots.values()
        ]})

    async def users(data: dict[str, Any]) -> Response:
        return json_response({"users": [u.as_user() for u in reversed(tg.users.values())]})

    async def faults(data: dict[str, Any]) -> Response:
        bot = tg.find_bot(data.get("bot"))
        if data.get("clear"):
            tg.send_faults.clear()
        if data.get("fail_times") is not None:
            tg.send_faults[bot.id] = [
                int(data["fail_times"]), int(data.get("error_code", 500)),
                str(data.get("description") or "Internal Server Error"),
                int(data["retry_after"]) if data.get("retry_after") is not None else None,
            ]
        return json_response({"send": {str(k): v for k, v in tg.send_faults.items()}})

    async def reset(data: dict[str, Any]) -> Response:
        tg.reset()
        return json_response({"ok": True})

    async def stats(data: dict[str, Any]) -> Response:
        if data.get("drain"):
            await tg.drain(float(data["drain"]))
        return json_response(tg.stats())

    async def media(request: Request) -> Response:
        # The user's own app: no token, unlike the Bot API's file download.
        file = tg.files.get(request.path_params["file_id"])
        if file is None:
            return error_response("unknown file", 404)
        headers = {"Content-Disposition": f"inline; filename*=UTF-8''{quote(file.file_name)}"} if file.file_name else {}
        return Response(file.data, media_type=file.mime_type, headers=headers)

    async def index(request: Request) -> Response:
        return HTMLResponse(page)

    async def to_index(request: Request) -> Response:
        return RedirectResponse(request.url.path + "/")

    prefix = "/sandbox/api/telegram"
    return [
        Route(f"{prefix}/send", endpoint(send), methods=["POST"]),
        Route(f"{prefix}/edit", endpoint(edit), methods=["POST"]),
        Route(f"{prefix}/tap", endpoint(tap), methods=["POST"]),
        Route(f"{prefix}/block", endpoint(block), methods=["POST"]),
        Route(f"{prefix}/inbox", endpoint(inbox), methods=["GET"]),
        Route(f"{prefix}/chat", endpoint(chat), methods=["GET"]),
        Route(f"{prefix}/bots", endpoint(bots), methods=["GET", "POST"]),
        Route(f"{prefix}/users", endpoint(users), methods=["GET"]),
        Route(f"{prefix}/faults", endpoint(faults), methods=["POST"]),
        Route(f"{prefix}/reset", endpoint(reset), methods=["POST"]),
        Route(f"{prefix}/stats", endpoint(stats), methods=["GET"]),
        Route(f"{prefix}/media/{{file_id}}", media, methods=["GET"]),
        Route("/sandbox/telegram", to_index, methods=["GET"]),
        Route("/sandbox/telegram/", index, methods=["GET"]),
    ]
