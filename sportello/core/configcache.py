"""Per-process caches of configuration the inbound pipeline reads for every message.

Without them each message re-read a dozen rows of settings (hours, commands, redirects, moderation actions…).
An entry lives `SPORTELLO_CONFIG_CACHE_SECONDS` (1 s by default, 0 in tests): an administrator's change saved in
another process (the web server, while the worker reads) applies within that; a change saved in this process
applies at once, because saving or deleting any watched configuration model clears the cache.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_entries: dict[tuple[str, Hashable], tuple[float, Any]] = {}
_lock = threading.Lock()


def cached(namespace: str, key: Hashable, loader: Callable[[], T]) -> T:
    ttl = float(getattr(settings, "SPORTELLO_CONFIG_CACHE_SECONDS", 1.0))
    if ttl <= 0:
        return loader()
    now = time.monotonic()
    entry = _entries.get((namespace, key))
    if entry is not None and now - entry[0] < ttl:
        return entry[1]
    value = loader()
    with _lock:
        _entries[(namespace, key)] = (now, value)
    return value


def clear(**_: Any) -> None:
    with _lock:
        _entries.clear()


def watch(*models: type) -> None:
    """Clear every cached entry when any of these models is saved or deleted in this process."""
    for model in models:
        uid = f"configcache-{model._meta.label_lower}"
        post_save.connect(clear, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(clear, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(clear, dispatch_uid=f"{uid}-m2m")
