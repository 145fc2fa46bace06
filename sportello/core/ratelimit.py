"""Rate limits over Django's cache: fixed windows counted per address and, where there is one, per account.

    limit = Limit("open311-post", per_address="60/h", per_account="600/h")   # rates from settings by name
    wait = limit.hit(request, account="key-12")   # None, or the seconds to wait
    if wait: return too_many(wait)                 # 429 with Retry-After

Rates are `SPORTELLO_RATE_LIMITS[name]` (see settings.py): "N/s", "N/m", "N/h" or "N/d", or None for no limit.
The address is REMOTE_ADDR: uvicorn puts the client's address there from `X-Forwarded-For` only for its trusted
proxies (`--forwarded-allow-ips`), so a client cannot choose its own. With the default in-process cache each
process counts alone; with REDIS_URL the counts are shared (see CACHES in settings.py).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_address(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    """The peer address as the ASGI server reports it (also axes' AXES_CLIENT_IP_CALLABLE); None when unknown."""
    return request.META.get("REMOTE_ADDR") or None


def _address(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """"20/m" → (20, 60); None or "" → None (no limit)."""
    if not rate:
        return None
    count, _slash, unit = rate.partition("/")
    return int(count), _UNITS[unit.strip()[:1]]


def _cache() -> Any:
    return caches[getattr(settings, "SPORTELLO_RATE_LIMIT_CACHE", "default")]


def count(scope: str, key: str, rate: str | None, *, peek: bool = False) -> int | None:
    """Count one event of `key` in `scope`; None while within `rate`, else the seconds until the window ends.

    `peek=True` only tells whether the limit is already exceeded, without counting.
    """
    parsed = parse_rate(rate)
    if parsed is None:
        return None
    allowed, window = parsed
    now = time.time()
    start = int(now // window) * window
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # addresses and e-mails are not kept in the cache
    cache_key = f"sportello:rl:{scope}:{digest}:{start}"
    cache = _cache()
    if peek:
        used = cache.get(cache_key, 0)
    else:
        cache.add(cache_key, 0, timeout=window + 1)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window + 1)
            used = 1
    if used > allowed or (peek and used >= allowed):
        return max(1, math.ceil(start + window - now))
    return None


@dataclass(frozen=True)
class Limit:
    """A named pair of limits: per client address and per account (token, API key, e-mail, user)."""

    name: str

    def rates(self) -> dict[str, str | None]:
        return dict(settings.SPORTELLO_RATE_LIMITS.get(self.name, {}))

    def hit(self, request: HttpRequest, account: str | None = None) -> int | None:
        rates = self.rates()
        waits = [count(f"{self.name}:address", _address(request), rates.get("address"))]
        if account:
            waits.append(count(f"{self.name}:account", account.lower(), rates.get("account")))
        worst = [w for w in waits if w]
        return max(worst) if worst else None


def too_many(wait: int, body: str | None = None, content_type: str = "text/plain; charset=utf-8") -> HttpResponse:
    response = HttpResponse(
        body if body is not None else _("Troppe richieste: riprovare tra %(seconds)d secondi.") % {"seconds": wait},
        status=429, content_type=content_type,
    )
    response["Retry-After"] = str(wait)
    return response


def limited_post(limit_name: str, account_field: str | None = None):  # type: ignore[no-untyped-def]
    """View decorator: POSTs beyond the limit get 429 (GETs, e.g. showing the form, are never counted)."""

    def decorator(view):  # type: ignore[no-untyped-def]
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                account = (request.POST.get(account_field) or "").strip() if account_field else None
                wait = Limit(limit_name).hit(request, account=account or None)
                if wait:
                    return too_many(wait)
            return view(request, *args, **kwargs)

        wrapper.__name__ = getattr(view, "__name__", "view")
        wrapper.__doc__ = view.__doc__
        return wrapper

    return decorator


# -- the REST API (django-ninja throttle) --------------------------------------------------------------------------
try:
    from ninja.throttling import BaseThrottle
except ImportError:  # pragma: no cover
    BaseThrottle = object  # type: ignore[misc,assignment]


class ApiThrottle(BaseThrottle):  # type: ignore[misc,valid-type]
    """Per address and per token owner; ninja answers 429 with Retry-After."""

    # One instance serves every request: the wait of the request being checked is kept per thread.
    _state = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        account = f"user:{user.pk}" if getattr(user, "pk", None) else None
        self._state.wait = Limit("api").hit(request, account=account)
        return self._state.wait is None

    def wait(self) -> float | None:
        wait = getattr(self._state, "wait", None)
        return float(wait) if wait else None


# -- login: a per-address ceiling above axes' per-(username, address) lockout -----------------------------------------
def login_address_blocked(request: HttpRequest | None) -> int | None:
    if request is None:
        return None
    return count("login-failures:address", _address(request),
                 settings.SPORTELLO_RATE_LIMITS.get("login", {}).get("address"), peek=True)


def record_login_failure(sender: Any, credentials: Any = None, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        count("login-failures:address", _address(request),
              settings.SPORTELLO_RATE_LIMITS.get("login", {}).get("address"))


class AddressCeilingBackend:
    """First authentication backend: refuses every login from an address past its failure ceiling.

    axes locks the (username, address) pair after a few failures, so one person mistyping does not lock the whole
    office behind its single public address; this ceiling, much higher, stops one address trying many usernames.
    """

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        from django.core.exceptions import PermissionDenied

        if login_address_blocked(request):
            raise PermissionDenied
        return None

    # No get_user(): this backend never signs anyone in (and Django's test client picks the first one that has it).
