"""The sandbox's settings: business numbers, webhook target, platform limits and timing.

``SandboxConfig.from_env()`` reads these environment variables (all optional):

=================================  ==========================================================================
``SANDBOX_PHONE_NUMBER_ID``        the single business number's id (default ``109876543210001``)
``SANDBOX_DISPLAY_PHONE_NUMBER``   its display number, digits (default ``390612345678``)
``SANDBOX_ACCESS_TOKEN``           its bearer token (default ``sandbox-token``)
``SANDBOX_WABA_ID``                its WhatsApp Business Account id (default ``209876543210001``)
``SANDBOX_NUMBERS_JSON``           several numbers instead: a JSON list of objects with the four keys above
                                   in lower case (``phone_number_id``, ``display_phone_number``, ...)
``SANDBOX_APP_SECRET``             signs webhooks (``X-Hub-Signature-256``); default ``sandbox-app-secret``
``SANDBOX_WEBHOOK_URL``            where Sportello listens; empty means webhooks are not delivered
``SANDBOX_BASE_URL``               public URL of the sandbox, used in media download URLs; empty means
                                   "the URL the request came in on"
``SANDBOX_THROUGHPUT_PER_SECOND``  messages per second per business number (default 80, 1-second burst)
``SANDBOX_PAIR_BURST``             messages to one recipient before the pair limit bites (default 45)
``SANDBOX_PAIR_INTERVAL_SECONDS``  then one message per this many seconds per recipient (default 6)
``SANDBOX_AUTO_DELIVER``           send ``delivered`` after ``sent`` (default true)
``SANDBOX_AUTO_READ``              send ``read`` after ``delivered`` (default false)
``SANDBOX_STATUS_DELAY_MS``        delay before each status webhook (default 20)
``SANDBOX_WEBHOOK_BATCH_MAX``      updates coalesced into one POST under backlog (default 100; 1 = never)
``SANDBOX_WEBHOOK_CONCURRENCY``    parallel webhook connections; one citizen always uses the same one, so
                                   their order is kept (default 8)
``SANDBOX_WEBHOOK_TIMEOUT_SECONDS``  per webhook POST (default 10)
``SANDBOX_WEBHOOK_MAX_ATTEMPTS``   attempts before an update is dropped (default 10; Meta keeps trying for
                                   7 days, which no test wants)
``SANDBOX_WEBHOOK_RETRY_BASE_MS``  first retry delay, doubled on each attempt up to 60 s (default 500)
``SANDBOX_MAX_MESSAGES``           messages kept in memory; the oldest are forgotten beyond (default 500,000)
``SANDBOX_TEMPLATES``              the message templates every WABA has, a JSON list (see template_store.py;
                                   default: the approved templates Sportello's presets and demo send)
=================================  ==========================================================================

Booleans accept 1/0, true/false, yes/no, on/off. A bad value raises ``ValueError`` naming the variable.
The same fields (except ``numbers``, ``webhook_concurrency`` and ``max_messages``) can be changed at runtime
with ``POST /sandbox/api/config``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class BusinessNumber:
    """One WhatsApp business phone number, as Meta identifies it."""

    phone_number_id: str
    display_phone_number: str
    access_token: str
    waba_id: str

    def __post_init__(self) -> None:
        for name in ("phone_number_id", "display_phone_number", "access_token", "waba_id"):
            value = str(getattr(self, name) or "").strip()
            if not value:
                raise ValueError(f"business number: {name} is required")
            setattr(self, name, value)
        # Webhook metadata carries the display number as bare digits ("15550783881").
        self.display_phone_number = re.sub(r"\D", "", self.display_phone_number)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BusinessNumber:
        try:
            return cls(
                phone_number_id=data["phone_number_id"],
                display_phone_number=data["display_phone_number"],
                access_token=data["access_token"],
                waba_id=data["waba_id"],
            )
        except KeyError as exc:
            raise ValueError(f"business number: {exc.args[0]} is required") from None


def _default_numbers() -> list[BusinessNumber]:
    return [BusinessNumber("109876543210001", "390612345678", "sandbox-token", "209876543210001")]


def _default_templates() -> list[dict[str, Any]]:
    from .template_store import DEFAULT_TEMPLATES

    return [dict(t) for t in DEFAULT_TEMPLATES]


def _templates(value: Any) -> list[dict[str, Any]]:
    from .template_store import check_spec

    items = json.loads(value) if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("expected a JSON list of templates")
    for item in items:
        check_spec(item)
    return [dict(item) for item in items]


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _positive(kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"not a number: {value!r}")
        number = kind(value)
        if number <= 0:
            raise ValueError(f"must be positive: {value!r}")
        return number

    return parse


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    number = int(value)
    if number < 0:
        raise ValueError(f"must not be negative: {value!r}")
    return number


def _url(value: Any) -> str:
    text = str(value or "").strip().rstrip("/")
    if text and not re.match(r"^https?://[^/\s]+", text):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return text


@dataclass
class SandboxConfig:
    numbers: list[BusinessNumber] = field(default_factory=_default_numbers)
    app_secret: str = "sandbox-app-secret"
    webhook_url: str = ""
    throughput_per_second: float = 80.0
    pair_burst: int = 45
    pair_interval_seconds: float = 6.0
    auto_deliver: bool = True
    auto_read: bool = False
    status_delay_ms: int = 20
    webhook_batch_max: int = 100
    base_url: str = ""
    webhook_concurrency: int = 8
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = 10
    webhook_retry_base_ms: int = 500
    max_messages: int = 500_000
    templates: list[dict[str, Any]] = field(default_factory=_default_templates)

    def __post_init__(self) -> None:
        self.numbers = [
            n if isinstance(n, BusinessNumber) else BusinessNumber.from_mapping(n) for n in self.numbers
        ]
        for name, parse in _PARSERS.items():
            setattr(self, name, parse(getattr(self, name)))

    def update(self, changes: Mapping[str, Any]) -> None:
        """Apply runtime changes (``POST /sandbox/api/config``), all or nothing."""
        unknown = set(changes) - (set(_PARSERS) - _STARTUP_ONLY)
        if unknown:
            raise ValueError(f"unknown or read-only setting: {', '.join(sorted(unknown))}")
        parsed = {}
        for name, value in changes.items():
            try:
                parsed[name] = _PARSERS[name](value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name}: {exc}") from None
        for name, value in parsed.items():
            setattr(self, name, value)

    def public(self) -> dict[str, Any]:
        """Settings without secrets, for ``GET /sandbox/api/config``."""
        data = asdict(self)
        data.pop("app_secret")
        data["numbers"] = [{k: v for k, v in n.items() if k != "access_token"} for n in data["numbers"]]
        return data

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SandboxConfig:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            variable = f"SANDBOX_{f.name.upper()}"
            if f.name in _PARSERS and env.get(variable, "") != "":
                try:
                    values[f.name] = _PARSERS[f.name](env[variable])
                except (TypeError, ValueError) as exc:
                    raise ValueError(f"{variable}: {exc}") from None
        values["numbers"] = _numbers_from_env(env)
        return cls(**values)


def _numbers_from_env(env: Mapping[str, str]) -> list[BusinessNumber]:
    raw = env.get("SANDBOX_NUMBERS_JSON", "").strip()
    if raw:
        try:
            items = json.loads(raw)
            if not isinstance(items, list) or not items:
                raise ValueError("expected a non-empty JSON list")
            return [BusinessNumber.from_mapping(item) for item in items]
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"SANDBOX_NUMBERS_JSON: {exc}") from None
    default = _default_numbers()[0]
    return [
        BusinessNumber(
            phone_number_id=env.get("SANDBOX_PHONE_NUMBER_ID") or default.phone_number_id,
            display_phone_number=env.get("SANDBOX_DISPLAY_PHONE_NUMBER") or default.display_phone_number,
            access_token=env.get("SANDBOX_ACCESS_TOKEN") or default.access_token,
            waba_id=env.get("SANDBOX_WABA_ID") or default.waba_id,
        )
    ]


# Read once at start: a citizen must keep its webhook lane to keep its order, and the store is sized once.
_STARTUP_ONLY = {"webhook_concurrency", "max_messages", "templates"}

# One parser per settable field: used by __post_init__, update() and from_env() alike.
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "app_secret": str,
    "webhook_url": _url,
    "throughput_per_second": _positive(float),
    "pair_burst": _positive(int),
    "pair_interval_seconds": _positive(float),
    "auto_deliver": _as_bool,
    "auto_read": _as_bool,
    "status_delay_ms": _non_negative_int,
    "webhook_batch_max": _positive(int),
    "base_url": _url,
    "webhook_concurrency": _positive(int),
    "webhook_timeout_seconds": _positive(float),
    "webhook_max_attempts": _positive(int),
    "webhook_retry_base_ms": _non_negative_int,
    "max_messages": _positive(int),
    "templates": _templates,
}
