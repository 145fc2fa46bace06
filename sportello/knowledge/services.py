"""The knowledge base's services: suggestions for a message, recording and learning from their use, rendering
an answer, the municipality's automatic-answer choice. Views, the pipeline step and the import call these.

Each municipality's retriever is built from its active entries plus what its operators taught (the terms of the
questions they answered with each entry, `Use` rows), and cached in the process until an entry changes or a new
use is recorded.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from sportello.conversations.models import Message
from sportello.core import configcache
from sportello.core.audit import audit
from sportello.knowledge import calibration
from sportello.knowledge.models import Entry, Settings, Use
from sportello.knowledge.retrieval import LEARNED_LIMIT, Document, Index, learned_terms

SUGGESTIONS = 3
_cache: dict[int, tuple[tuple, Index, dict[int, Entry]]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Suggestion:
    entry: Entry
    confidence: float

    @property
    def percent(self) -> int:
        return round(100 * self.confidence)


def _key(municipality_id: int) -> tuple:
    entries = Entry.objects.filter(municipality_id=municipality_id).aggregate(
        n=Count("id"), at=Max("updated_at"))
    learned = Use.objects.filter(municipality_id=municipality_id, kind=Use.Kind.INSERTED).aggregate(last=Max("id"))
    return entries["n"], entries["at"], learned["last"]


def index_for(municipality_id: int) -> tuple[Index, dict[int, Entry]]:
    key = _key(municipality_id)
    with _lock:
        cached = _cache.get(municipality_id)
        if cached and cached[0] == key:
            return cached[1], cached[2]
    entries = {e.pk: e for e in Entry.objects.filter(municipality_id=municipality_id, active=True)}
    learned: dict[int, list[list[str]]] = {}
    # Only operators' choices teach: an automatic answer learning from itself would only grow more sure of itself.
    uses = Use.objects.filter(municipality_id=municipality_id, kind=Use.Kind.INSERTED, entry__active=True)
    for entry_id, terms in uses.order_by("-id").values_list("entry_id", "terms")[: LEARNED_LIMIT * max(1, len(entries))]:
        if terms and len(learned.setdefault(entry_id, [])) < LEARNED_LIMIT:
            learned[entry_id].append(list(terms))
    index = Index(
        Document(key=e.pk, questions=e.questions, answer=e.answer, title=e.title, tags=list(e.tags or []),
                 learned=learned.get(e.pk, ()))
        for e in entries.values()
    )
    with _lock:
        _cache[municipality_id] = (key, index, entries)
    return index, entries


def suggest(municipality_id: int, text: str, k: int = SUGGESTIONS) -> list[Suggestion]:
    """The k best active entries for a citizen's text, best first, each with its confidence (0–1)."""
    if not text.strip():
        return []
    index, entries = index_for(municipality_id)
    return [Suggestion(entries[int(str(h.key))], h.confidence) for h in index.search(text, k)]


def best_answer(municipality_id: int, text: str) -> Suggestion | None:
    """The entry to answer with automatically, or None (abstain) when confidence is under the shipped threshold."""
    found = suggest(municipality_id, text, k=1)
    if found and found[0].confidence >= calibration.THRESHOLD:
        return found[0]
    return None


def question_messages(conversation: Any) -> list[Message]:
    """What the citizen is asking now: their text messages since an operator last wrote (at most three).

    Automatic replies (closed office, automatic answers) have no author and do not end the question."""
    last_out = (
        Message.objects.filter(conversation=conversation, direction=Message.Direction.OUTBOUND, author__isnull=False)
        .exclude(kind="note").aggregate(last=Max("id"))["last"]
    )
    qs = Message.objects.filter(
        conversation=conversation, direction=Message.Direction.INBOUND, hidden_at__isnull=True,
    ).exclude(text="")
    recent = qs.filter(pk__gt=last_out) if last_out else qs
    messages = list(recent.order_by("-id")[:3])
    if not messages:
        messages = list(qs.order_by("-id")[:1])
    return messages[::-1]


def text_of(messages: list[Message]) -> str:
    return "\n".join(m.text for m in messages if m.text)


def render_answer(entry: Entry) -> str:
    from sportello.policies.services import render

    return render(entry.answer, entry.municipality)


def mode_for(municipality_id: int) -> str:
    """The municipality's automatic-answer choice (read for every inbound message, so cached like other config)."""
    value = configcache.cached("knowledge.mode", municipality_id, lambda: Settings.objects.filter(
        municipality_id=municipality_id).values_list("auto_answers", flat=True).first())
    return value or Settings.AutoAnswers.NEVER


def set_mode(municipality: Any, mode: str, actor: Any = None) -> Settings:
    record, _ = Settings.objects.update_or_create(municipality=municipality, defaults={"auto_answers": mode})
    audit("knowledge.auto_answers_changed", actor=actor, municipality=municipality, target=record, mode=mode)
    return record


def record_insertion(entry: Entry, conversation: Any, user: Any) -> Use:
    """An operator put this entry's answer in the composer: remember it, so similar questions rank it higher."""
    messages = question_messages(conversation)
    with transaction.atomic():
        use = Use.objects.create(
            entry=entry, municipality_id=entry.municipality_id, kind=Use.Kind.INSERTED, conversation=conversation,
            message=messages[-1] if messages else None, user=user if getattr(user, "is_authenticated", False) else None,
            terms=learned_terms(text_of(messages)),
        )
        Entry.objects.filter(pk=entry.pk).update(times_inserted=F("times_inserted") + 1, last_used_at=timezone.now())
    audit("knowledge.inserted", actor=user, municipality=entry.municipality, target=entry, conversation=conversation.pk)
    return use


def count_suggested(entries: list[Entry], message_id: int | None) -> None:
    """Count each entry once per citizen message it was proposed for (the panel is drawn many times)."""
    from django.core.cache import cache

    fresh = [e.pk for e in entries if message_id and cache.add(f"knowledge:suggested:{message_id}:{e.pk}", 1, 86400)]
    if fresh:
        Entry.objects.filter(pk__in=fresh).update(times_suggested=F("times_suggested") + 1)


configcache.watch(Settings)
