"""The routing suggester, Django side: built from the departments' configured categories and keywords, with
what it learned from operators' confirmations stored per municipality (`SuggesterState`).

One suggester per municipality is cached in the process; the cache key includes the state's version and the
last edit of departments and categories, so an admin edit or a confirmation in another process is seen at
the next suggestion.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sportello.core import build, configcache
from sportello.cases import conf
from sportello.cases.models import Case, Category, Department, RoutingSuggestion, SuggesterState
from sportello.conversations.models import Message
from sportello.conversations.pipeline import hints
from sportello.core import inserts
from sportello.core import events
from sportello.core.audit import audit
from sportello.routing import Category as ProfileCategory
from sportello.routing import DepartmentProfile, Suggester

_cache: dict[int, tuple[tuple, Suggester]] = {}
_lock = threading.Lock()
# The configuration key costs five queries; the ingest worker asks for every message. Checked at most this often
# per municipality (edits in this process invalidate at once through signals, other processes within this delay).
_KEY_CHECK_SECONDS = 2.0
_checked: dict[int, float] = {}


def invalidate(**_: Any) -> None:
    with _lock:
        _checked.clear()


for _model in (Department, Category, SuggesterState):
    post_save.connect(invalidate, sender=_model, dispatch_uid=f"routing-cache-{_model.__name__}-save")
    post_delete.connect(invalidate, sender=_model, dispatch_uid=f"routing-cache-{_model.__name__}-delete")


def profiles_for(municipality_id: int) -> tuple[list[DepartmentProfile], str | None]:
    departments = list(
        Department.objects.filter(municipality_id=municipality_id, active=True).prefetch_related("categories")
    )
    profiles = [
        DepartmentProfile(
            code=d.code,
            name=d.name,
            description=d.description,
            keywords=tuple(d.keywords or ()),
            categories=tuple(ProfileCategory(c.name, tuple(c.keywords or ())) for c in d.categories.all()),
        )
        for d in departments
    ]
    fallback = next((d.code for d in departments if d.fallback), None)
    return profiles, fallback


def _config_key(municipality_id: int) -> tuple:
    departments = Department.objects.filter(municipality_id=municipality_id)
    categories = Category.objects.filter(department__municipality_id=municipality_id)
    state = SuggesterState.objects.filter(municipality_id=municipality_id).values_list("version", flat=True).first()
    return (
        state,
        departments.aggregate(m=Max("updated_at"))["m"],
        departments.count(),
        categories.aggregate(m=Max("updated_at"))["m"],
        categories.count(),
    )


def suggester_for(municipality_id: int) -> Suggester:
    now = time.monotonic()
    with _lock:
        cached = _cache.get(municipality_id)
        if cached and now - _checked.get(municipality_id, 0.0) < _KEY_CHECK_SECONDS:
            return cached[1]
    key = _config_key(municipality_id)
    with _lock:
        _checked[municipality_id] = now
        if cached and cached[0] == key:
            return cached[1]
    profiles, fallback = profiles_for(municipality_id)
    record = SuggesterState.objects.filter(municipality_id=municipality_id).first()
    suggester = _build(record, profiles, fallback, municipality_id)
    with _lock:
        _cache[municipality_id] = (key, suggester)
    return suggester


def _build(
    record: SuggesterState | None, profiles: list[DepartmentProfile], fallback: str | None, municipality_id: int
) -> Suggester:
    from sportello.learning.services import adapter_for

    # The shipped model as adapted by this municipality's confirmed departments (so they can overrule it).
    model = adapter_for(municipality_id, "routing")
    if record is not None and record.state:
        try:
            return Suggester.from_state(record.state, profiles, fallback, shipped_model=model)
        except (ValueError, KeyError, TypeError):
            pass  # an older state format: start again from the keywords rather than fail every message
    return Suggester(profiles, fallback, shipped_model=model)


def suggest(municipality_id: int, text: str, k: int = 3) -> list[dict[str, Any]]:
    """The k most likely departments for a text, as JSON-ready dicts (code, name, confidence, category, keywords)."""
    if not text.strip():
        return []
    names = configcache.cached("cases.department_names", municipality_id, lambda: dict(
        Department.objects.filter(municipality_id=municipality_id).values_list("code", "name")))
    if not names:
        return []
    out = []
    for s in suggester_for(municipality_id).suggest(text, k=k):
        if s.department not in names:
            continue  # learned for a department that has since been removed
        out.append({
            "department": s.department, "name": names[s.department], "confidence": s.confidence,
            "category": s.category, "keywords": list(s.keywords),
        })
    return out


_NO_TEXT_KINDS = ("location", "reaction", "contacts")  # their text names a place, an emoji, a contact


def current_request(conversation):  # type: ignore[no-untyped-def]
    """The citizen's visible messages not yet part of a case: those after the last message linked to one."""
    qs = Message.objects.filter(conversation=conversation, direction=Message.Direction.INBOUND, hidden_at__isnull=True)
    linked = Message.objects.filter(conversation=conversation, cases__isnull=False).aggregate(last=Max("id"))["last"]
    if linked is not None:
        return qs.filter(pk__gt=linked)
    last_case = Case.objects.filter(conversation=conversation).order_by("-created_at").first()
    return qs.filter(sent_at__gt=last_case.created_at) if last_case is not None else qs


def request_messages(conversation, upto: Message | None = None) -> list[Message]:  # type: ignore[no-untyped-def]
    """The texts of the current request (the last few), oldest first: what the suggester reads."""
    qs = current_request(conversation)
    if upto is not None:
        qs = qs.filter(pk__lte=upto.pk)
    return list(qs.exclude(text="").exclude(kind__in=_NO_TEXT_KINDS).order_by("-id")[: conf.get("CASES_ROUTING_WINDOW")])[::-1]


@dataclass(frozen=True)
class EarlierRequest:
    """A known conversation's current request as it stood before this run's message (see `request_histories`)."""

    messages: list[Message]  # the last window's worth, oldest first
    sent_after: datetime | None  # no message linked to a case yet: a message belongs if sent after the last case

    def with_message(self, message: Message) -> list[Message]:
        """What `request_messages(conversation, upto=message)` reads once `message` is stored."""
        usable = bool(message.text) and message.kind not in _NO_TEXT_KINDS and message.hidden_at is None
        if usable and (self.sent_after is None or message.sent_at > self.sent_after):
            return (self.messages + [message])[-conf.get("CASES_ROUTING_WINDOW"):]
        return self.messages


def request_histories(contexts: Sequence[Any]) -> dict[int, EarlierRequest]:
    """For every known conversation of a pipeline run, the current request before the run's message: three queries
    for the run instead of three per message. Same rows as `current_request`: after the last message linked to a
    case, or else sent after the last case, visible inbound messages with a text."""
    upto = {ctx.conversation.pk: ctx.message.pk for ctx in contexts
            if ctx.message is not None and not hints.is_new_conversation(ctx.conversation)}
    if not upto:
        return {}
    linked = dict(Message.objects.filter(conversation_id__in=upto, cases__isnull=False).values("conversation_id")
                  .annotate(last=Max("id")).values_list("conversation_id", "last"))
    unlinked = [pk for pk in upto if pk not in linked]
    last_case = dict(Case.objects.filter(conversation_id__in=unlinked).values("conversation_id")
                     .annotate(last=Max("created_at")).values_list("conversation_id", "last")) if unlinked else {}
    bounds = Q()
    for pk, message_pk in upto.items():
        if pk in linked:
            bounds |= Q(conversation_id=pk, pk__gt=linked[pk], pk__lt=message_pk)
        elif pk in last_case:
            bounds |= Q(conversation_id=pk, sent_at__gt=last_case[pk], pk__lt=message_pk)
        else:
            bounds |= Q(conversation_id=pk, pk__lt=message_pk)
    rows = (
        # The IN list as well as the bounds: an index scan on the conversation, whatever the planner makes of the OR.
        Message.objects.filter(bounds, conversation_id__in=list(upto), direction=Message.Direction.INBOUND,
                               hidden_at__isnull=True)
        .exclude(text="").exclude(kind__in=_NO_TEXT_KINDS)
        .annotate(rank=Window(RowNumber(), partition_by=F("conversation_id"), order_by=F("id").desc()))
        .filter(rank__lte=conf.get("CASES_ROUTING_WINDOW"))
    )
    found: dict[int, list[Message]] = {}
    for row in sorted(rows, key=lambda m: m.pk):
        found.setdefault(row.conversation_id, []).append(row)
    return {pk: EarlierRequest(found.get(pk, []), None if pk in linked else last_case.get(pk)) for pk in upto}


def text_of(messages: list[Message]) -> str:
    return "\n".join(m.text for m in messages if m.text)


def suggest_for_conversation(  # type: ignore[no-untyped-def]
    conversation, message: Message | None = None, earlier: EarlierRequest | None = None
) -> RoutingSuggestion | None:
    """Store a fresh suggestion for the conversation's current request (called by the inbound pipeline).
    `earlier`: the request before `message`, loaded with the rest of a pipeline run (`request_histories`)."""
    if message is not None and hints.is_new_conversation(conversation):
        # The conversation began with this message: the request is this message alone (same filter as below).
        messages = EarlierRequest([], None).with_message(message)
    elif message is not None and earlier is not None:
        messages = earlier.with_message(message)
    else:
        messages = request_messages(conversation, upto=message)
    suggestions = suggest(conversation.municipality_id, text_of(messages))
    if not suggestions:
        return None
    record = build.new(
        RoutingSuggestion,
        municipality_id=conversation.municipality_id,
        conversation=conversation,
        message=message,
        message_ids=[m.pk for m in messages],
        suggestions=suggestions,
    )

    def announce(record: RoutingSuggestion) -> None:
        events.publish_on_commit(
            conversation.municipality_id, "routing.suggested",
            {"conversation": conversation.pk, "suggestion": record.pk, "top": suggestions[0]["department"]},
        )

    inserts.create_later(record, then=announce)  # with the batch's other rows when the pipeline runs in batches
    return record


def latest_suggestion(conversation) -> RoutingSuggestion | None:  # type: ignore[no-untyped-def]
    return RoutingSuggestion.objects.filter(conversation=conversation, confirmed_at__isnull=True).first()


def learn(municipality_id: int, text: str, department_code: str) -> None:
    """Teach the municipality's suggester one confirmed choice; the row lock keeps concurrent confirmations."""
    if not text.strip():
        return
    with transaction.atomic():
        record, _ = SuggesterState.objects.get_or_create(municipality_id=municipality_id)
        record = SuggesterState.objects.select_for_update().get(pk=record.pk)
        profiles, fallback = profiles_for(municipality_id)
        from sportello.learning.services import learn as learn_model

        try:
            learn_model(municipality_id, "routing", text, [department_code])  # False for a department it lacks
        except Exception:  # the shipped model's adapter is a bonus: the confirmation itself must be kept
            import logging

            logging.getLogger(__name__).exception("routing: adapter learning failed")
        suggester = _build(record, profiles, fallback, municipality_id)
        suggester.learn(text, department_code)
        record.state = suggester.to_state()
        record.learned = suggester.n_learned
        record.version += 1
        record.save(update_fields=["state", "learned", "version", "updated_at"])


def confirm(suggestion: RoutingSuggestion, department: Department, actor: Any, case: Case | None = None) -> None:
    """The operator confirmed (or corrected) the department for a request: remember it and learn from it."""
    if suggestion.confirmed_at is not None:
        return
    suggestion.confirmed_department = department
    suggestion.confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
    suggestion.confirmed_at = timezone.now()
    suggestion.case = case
    suggestion.save(update_fields=["confirmed_department", "confirmed_by", "confirmed_at", "case"])
    texts = Message.objects.filter(pk__in=suggestion.message_ids).order_by("sent_at", "id")
    text = text_of(list(texts))
    learn(suggestion.municipality_id, text, department.code)
    if case is not None:
        # A case opened from the request: someone has to act, which is what report detection looks for.
        from sportello.learning.services import learn as learn_kind

        try:
            learn_kind(suggestion.municipality_id, "intent", text, ["report"])
        except Exception:  # learning must never undo the operator's case
            import logging

            logging.getLogger(__name__).exception("report detection: learning from a case failed")
    top = suggestion.top or {}
    audit(
        "case.routed", actor=actor, municipality=department.municipality, target=case or suggestion,
        department=department.code, suggested=top.get("department"), accepted=top.get("department") == department.code,
    )


configcache.watch(Department, Category)
