"""Settings of the sandbox's Telegram side, from the environment (all optional):

=====================================  ======================================================================
``SANDBOX_TELEGRAM_BOT_TOKEN``         the bot's token (default ``7000000001:sandbox-telegram-token``)
``SANDBOX_TELEGRAM_BOT_USERNAME``      its username (default ``ComuneSandboxBot``)
``SANDBOX_TELEGRAM_WEBHOOK_URL``       a webhook already set at start, as if setWebhook had been called
``SANDBOX_TELEGRAM_WEBHOOK_SECRET``    its secret token (sent in ``X-Telegram-Bot-Api-Secret-Token``)
``SANDBOX_TELEGRAM_RATE_PER_SECOND``   messages per second per bot before 429 Too Many Requests (default 30)
=====================================  ======================================================================

More bots can be added at runtime with ``POST /sandbox/api/telegram/bots``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_BOT_TOKEN = "7000000001:sandbox-telegram-token"
DEFAULT_BOT_USERNAME = "ComuneSandboxBot"


@dataclass
class TelegramBotConfig:
    token: str
    username: str
    first_name: str = "Comune (sandbox)"
    webhook_url: str = ""
    webhook_secret: str = ""

    def __post_init__(self) -> None:
        head, sep, tail = self.token.partition(":")
        if not sep or not head.isdigit() or not tail:
            raise ValueError(f"not a bot token: {self.token[:12]!r}…")
        self.username = self.username.lstrip("@")

    @property
    def bot_id(self) -> int:
        return int(self.token.partition(":")[0])


@dataclass
class TelegramSandboxConfig:
    bots: list[TelegramBotConfig] = field(
        default_factory=lambda: [TelegramBotConfig(DEFAULT_BOT_TOKEN, DEFAULT_BOT_USERNAME)]
    )
    rate_per_second: float = 30.0
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 10
    webhook_retry_base_ms: int = 500

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> TelegramSandboxConfig:
        env = os.environ if environ is None else environ
        bot = TelegramBotConfig(
            token=env.get("SANDBOX_TELEGRAM_BOT_TOKEN") or DEFAULT_BOT_TOKEN,
            username=env.get("SANDBOX_TELEGRAM_BOT_USERNAME") or DEFAULT_BOT_USERNAME,
            webhook_url=env.get("SANDBOX_TELEGRAM_WEBHOOK_URL", ""),
            webhook_secret=env.get("SANDBOX_TELEGRAM_WEBHOOK_SECRET", ""),
        )
        rate = env.get("SANDBOX_TELEGRAM_RATE_PER_SECOND", "")
        try:
            return cls(bots=[bot], **({"rate_per_second": float(rate)} if rate else {}))
        except ValueError as exc:
            raise ValueError(f"SANDBOX_TELEGRAM_RATE_PER_SECOND: {exc}") from None
