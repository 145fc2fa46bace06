"""Per-municipality adapters: read them (cached per process) and teach them confirmed decisions.

Moderation learns from moderators' reviews (confirmed: its categories; restored: clean); report detection learns
from operators opening a case from a conversation (someone has to act: a report). Routing keeps its own
per-municipality learning (`cases.routing`, `SuggesterState`). A failure to learn never fails the decision.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from django.db import transaction

from sportello.learning.adapter import Adapter
from sportello.learning.linear import shipped
from sportello.learning.models import LearnedState

log = logging.getLogger(__name__)

_cache: dict[tuple[int, str], tuple[int, Adapter]] = {}
_checked: dict[tuple[int, str], float] = {}
_lock = threading.Lock()
# The version check costs a query; the pipeline asks for every message. A decision taken in this process is
# seen at once (the cache entry is replaced), one taken in another process within this delay.
_CHECK_SECONDS = 2.0


def adapter_for(municipality_id: int, task: str) -> Adapter | None:
    """The municipality's adapted model for a task, or the shipped model alone; None when nothing is shipped."""
    model = shipped(task)
    if model is None:
        return None
    key = (municipality_id, task)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached and now - _checked.get(key, 0.0) < _CHECK_SECONDS:
            return cached[1]
    row = LearnedState.objects.filter(municipality_id=municipality_id, task=task).values_list(
        "version", "state").first()
    version, state = row if row else (0, {})
    with _lock:
        _checked[key] = now
        if cached and cached[0] == version:
            return cached[1]
    adapter = _build(model, state)
    with _lock:
        _cache[key] = (version, adapter)
    return adapter


def _build(model, state):  # type: ignore[no-untyped-def]
    try:
        return Adapter(model, state or None)
    except (ValueError, KeyError, TypeError):
        return Adapter(model)  # retrained shipped weights: start the adapter again rather than fail


def learn(municipality_id: int, task: str, text: str, labels: Iterable[str]) -> bool:
    """Teach one confirmed decision; the row lock keeps concurrent decisions. False when nothing was learned."""
    model = shipped(task)
    if model is None or not text.strip():
        return False
    labels = list(labels)
    try:
        with transaction.atomic():
            record, _ = LearnedState.objects.get_or_create(municipality_id=municipality_id, task=task)
            record = LearnedState.objects.select_for_update().get(pk=record.pk)
            adapter = _build(model, record.state)
            adapter.learn(text, labels)
            record.state = adapter.to_state()
            record.learned = adapter.learned
            record.version += 1
            record.save(update_fields=["state", "learned", "version", "updated_at"])
    except ValueError:
        log.warning("learning: %s decision with unknown labels ignored", task)
        return False
    with _lock:
        _cache[(municipality_id, task)] = (record.version, adapter)
        _checked[(municipality_id, task)] = time.monotonic()
    return True


def forget(municipality_id: int, task: str | None = None) -> int:
    """Drop a municipality's adapters (back to the shipped models)."""
    rows = LearnedState.objects.filter(municipality_id=municipality_id)
    if task:
        rows = rows.filter(task=task)
    deleted, _ = rows.delete()
    with _lock:
        for key in [k for k in _cache if k[0] == municipality_id and (task is None or k[1] == task)]:
            _cache.pop(key, None)
            _checked.pop(key, None)
    return deleted


def kind_classifier(municipality_id: int, config=None):  # type: ignore[no-untyped-def]
    """Report/booking detection for a municipality: the cue rules, the shipped model and its adapter."""
    from sportello.intent import KindClassifier

    adapter = adapter_for(municipality_id, "intent")
    key = (municipality_id, id(adapter), config)
    with _lock:
        found = _classifiers.get(key)
    if found is None:
        found = KindClassifier(config, shipped_model=adapter)
        with _lock:
            for old in [k for k in _classifiers if k[0] == municipality_id]:
                _classifiers.pop(old, None)
            _classifiers[key] = found
    return found


_classifiers: dict[tuple, object] = {}
