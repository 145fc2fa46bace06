"""The sandbox's Telegram side: a Bot-API-compatible server (``/sandbox/bot<token>/<method>``, file downloads under
``/sandbox/file/bot<token>/<path>``), Telegram users who write to bots and tap their buttons, and webhook delivery
with the secret-token header. Nothing here ever reaches Telegram.
"""

from .config import DEFAULT_BOT_TOKEN, DEFAULT_BOT_USERNAME, TelegramBotConfig, TelegramSandboxConfig
from .simulator import TelegramSimulator

__all__ = [
    "DEFAULT_BOT_TOKEN", "DEFAULT_BOT_USERNAME", "TelegramBotConfig", "TelegramSandboxConfig", "TelegramSimulator",
]
