"""Keeping the derived tables exact.

`refresh(municipality)` runs before every read of the statistics and does only what changed since the last call:
  * conversation facts are recomputed for conversations with a new message, a changed state, a new case (which
    sets their department) or no fact yet; case facts for cases whose state or department changed;
  * closed days' message counts and conversation sums are built once (grouped queries) and rebuilt when a message
    is later stored with a time on a closed day, a conversation opened that day changes (a reply, a close, a move
    to another department) or is deleted; today is always counted live.
`rebuild(municipality)` throws everything away and recomputes it (`sportello manage rebuild_report_rollups`).
A test checks that the figures read through the rollups equal a live computation over the source tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from sportello.cases.calendar import calendar_for
from sportello.cases.models import Case
from sportello.conversations.models import Conversation, Message
from sportello.core.models import AuditEntry
from sportello.reports.business_time import business_seconds
from sportello.reports.models import (
    CaseFact, ConversationFact, DailyConversations, DailyMessages, DailyOperators, RollupDay, RollupState,
)

CHUNK = 2000
COUNTED = (Message.Direction.INBOUND, Message.Direction.OUTBOUND)


def tz_of(municipality) -> ZoneInfo:  # type: ignore[no-untyped-def]
    return ZoneInfo(municipality.timezone or "Europe/Rome")


def today_start(municipality) -> datetime:  # type: ignore[no-untyped-def]
    tz = tz_of(municipality)
    return datetime.combine(timezone.now().astimezone(tz).date(), time(), tz)


def refresh(municipality) -> None:  # type: ignore[no-untyped-def]
    state, _ = RollupState.objects.get_or_create(municipality=municipality)
    started = timezone.now()
    dirty = _refresh_conversations(municipality, state.facts_until, started)
    _refresh_cases(municipality)
    dirty |= _late_message_days(municipality, state.last_message_id)
    if dirty:
        _forget_days(municipality, dirty)
    last_id = Message._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0  # ids are global
    RollupState.objects.filter(pk=state.pk).update(facts_until=started - timedelta(seconds=5), last_message_id=last_id)


def rebuild(municipality) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        for model in (ConversationFact, CaseFact, DailyMessages, RollupDay, RollupState):
            model.objects.filter(municipality=municipality).delete()
    refresh(municipality)
    first = Message.objects.filter(municipality=municipality).order_by("sent_at").values_list("sent_at", flat=True).first()
    if first is not None:
        ensure_days(municipality, first.astimezone(tz_of(municipality)).date(), timezone.now().date())


# -- conversations -------------------------------------------------------------------------------------------------
def _stale_conversations(municipality, since: datetime | None, until: datetime) -> list[int]:  # type: ignore[no-untyped-def]
    """Conversations whose facts may have changed in [since, until); every condition is an indexed range, so a read
    with nothing new costs a few index probes. The windows of successive reads tile the time line (each starts
    where the previous one ended, less a margin), so a change stamped in the future (a clock ahead) is picked up
    once, when its time comes, instead of at every read. State changes are found in the audit log
    (`conversation.closed` and `.reopened`, written by `console.services.set_state`, which the console and the API
    both call)."""
    base = Conversation.objects.filter(municipality=municipality)
    if since is None:
        return list(base.values_list("pk", flat=True))
    newest_fact = (ConversationFact.objects.filter(municipality=municipality).order_by("-pk")
                   .values_list("pk", flat=True).first() or 0)
    ids = set(base.filter(pk__gt=newest_fact).values_list("pk", flat=True))
    # The time range alone in SQL (system code, filtered by town here): with the municipality condition too, SQLite
    # without planner statistics walks the municipality index over every conversation instead of the range.
    ids |= {pk for pk, town in Conversation._base_manager.filter(last_message_at__gte=since, last_message_at__lt=until)
            .order_by().values_list("pk", "municipality_id") if town == municipality.pk}
    ids |= {int(t) for t in AuditEntry.objects.filter(
        created_at__gte=since, created_at__lt=until, action__in=("conversation.closed", "conversation.reopened"),
        municipality=municipality,
    ).values_list("target_id", flat=True) if t.isdigit()}
    ids |= set(Case.objects.filter(municipality=municipality, conversation__isnull=False)
               .filter(Q(created_at__gte=since, created_at__lt=until) | Q(updated_at__gte=since, updated_at__lt=until))
               .order_by().values_list("conversation_id", flat=True))
    return sorted(ids)


def _refresh_conversations(municipality, since: datetime | None, until: datetime) -> set[date]:  # type: ignore[no-untyped-def]
    ids = _stale_conversations(municipality, since, until)
    calendar, tz, dirty = calendar_for(municipality), tz_of(municipality), set()
    today = today_start(municipality).date()
    for offset in range(0, len(ids), CHUNK):
        chunk = ids[offset : offset + CHUNK]
        facts = list(_conversation_facts(municipality, chunk, calendar, tz))
        old = dict(ConversationFact.objects.filter(pk__in=chunk).values_list("pk", "department_id"))
        for fact in facts:
            if fact.pk in old and old[fact.pk] != fact.department_id:
                dirty |= _days_between(fact.day, fact.last_message_at, tz)
            if fact.day < today:  # its opening day's conversation sums change
                dirty.add(fact.day)
        with transaction.atomic():
            ConversationFact.objects.filter(pk__in=chunk).delete()
            ConversationFact.objects.bulk_create(facts, batch_size=CHUNK)
    return dirty


def _days_between(first: date, last: datetime | None, tz: ZoneInfo) -> set[date]:
    end = last.astimezone(tz).date() if last else first
    return {first + timedelta(days=n) for n in range((end - first).days + 1)}


def _conversation_facts(municipality, ids: list[int], calendar, tz: ZoneInfo) -> Iterable[ConversationFact]:  # type: ignore[no-untyped-def]
    messages: dict[int, list[tuple[str, datetime, int | None, int]]] = defaultdict(list)
    # No ORDER BY: the database would walk the sent_at index of every message; a conversation's few are sorted here.
    rows = Message.objects.filter(conversation_id__in=ids, direction__in=COUNTED).order_by()
    for conversation_id, direction, sent_at, author_id, pk in rows.values_list(
        "conversation_id", "direction", "sent_at", "author_id", "pk"
    ):
        messages[conversation_id].append((direction, sent_at, author_id, pk))
    for timeline in messages.values():
        timeline.sort(key=lambda m: (m[1], m[3]))
    departments: dict[int, int] = {}
    for conversation_id, department_id in (
        Case.objects.filter(conversation_id__in=ids).order_by("-created_at", "-id").values_list("conversation_id", "department_id")
    ):
        departments[conversation_id] = department_id  # the oldest case wins (iterated last)
    conversations = Conversation.objects.filter(pk__in=ids).values_list(
        "pk", "account__channel", "state", "created_at", "assigned_to_id", "last_message_at", "citizen_id"
    )
    for pk, channel, state, created_at, assigned_to_id, last_message_at, citizen_id in conversations:
        timeline = messages.get(pk, [])
        first_in = next((at for d, at, _, _ in timeline if d == Message.Direction.INBOUND), None)
        replies = [(at, author) for d, at, author, _ in timeline if d == Message.Direction.OUTBOUND and author is not None]
        first_reply = next(((at, author) for at, author in replies if first_in and at >= first_in), None)
        first_response = business_seconds(calendar, first_in, first_reply[0]) if first_in and first_reply else None
        resolution = None
        if state == Conversation.State.CLOSED and first_in and replies and replies[-1][0] >= first_in:
            resolution = business_seconds(calendar, first_in, replies[-1][0])
        local = created_at.astimezone(tz)
        yield ConversationFact(
            conversation_id=pk, municipality=municipality, channel=channel, department_id=departments.get(pk),
            operator_id=first_reply[1] if first_reply else assigned_to_id, state=state, opened_at=created_at,
            day=local.date(), weekday=local.weekday(), hour=local.hour,
            inbound=sum(1 for m in timeline if m[0] == Message.Direction.INBOUND),
            outbound=sum(1 for m in timeline if m[0] == Message.Direction.OUTBOUND),
            first_response_seconds=first_response, resolution_seconds=resolution, last_message_at=last_message_at,
            citizen_id=citizen_id,
        )


# -- cases -----------------------------------------------------------------------------------------------------------
def _refresh_cases(municipality) -> None:  # type: ignore[no-untyped-def]
    stale = list(Case.objects.filter(municipality=municipality).filter(
        Q(report_fact__isnull=True) | ~Q(report_fact__state=F("state"))
        | ~Q(report_fact__department_id=F("department_id"))
        | ~Q(report_fact__category_id=F("category_id")) | Q(report_fact__category_id__isnull=False, category__isnull=True)
        | ~Q(report_fact__citizen_id=F("citizen_id")) | Q(report_fact__citizen_id__isnull=False, citizen__isnull=True)
    ).values_list("pk", flat=True))
    calendar, tz = calendar_for(municipality), tz_of(municipality)
    for offset in range(0, len(stale), CHUNK):
        chunk = stale[offset : offset + CHUNK]
        facts = []
        for case in Case.objects.filter(pk__in=chunk).values(
            "pk", "conversation__account__channel", "department_id", "category_id", "state", "created_at",
            "resolved_at", "due_at", "citizen_id",
        ):
            resolved = case["resolved_at"]
            facts.append(CaseFact(
                case_id=case["pk"], municipality=municipality, channel=case["conversation__account__channel"] or "",
                department_id=case["department_id"], category_id=case["category_id"], state=case["state"],
                day=case["created_at"].astimezone(tz).date(),
                resolution_seconds=business_seconds(calendar, case["created_at"], resolved) if resolved else None,
                within_target=(resolved <= case["due_at"]) if resolved and case["due_at"] else None,
                citizen_id=case["citizen_id"],
            ))
        with transaction.atomic():
            CaseFact.objects.filter(pk__in=chunk).delete()
            CaseFact.objects.bulk_create(facts, batch_size=CHUNK)


# -- messages per day ----------------------------------------------------------------------------------------------
def _late_message_days(municipality, last_id: int) -> set[date]:  # type: ignore[no-untyped-def]
    """Closed days that received a message after their counts were built."""
    if not RollupDay.objects.filter(municipality=municipality).exists():
        return set()
    tz, today = tz_of(municipality), today_start(municipality)
    # Only the primary-key range in SQL: the messages stored since the last read are few, whatever the town's size.
    late = Message._base_manager.filter(id__gt=last_id).order_by().values_list("municipality_id", "sent_at")
    return {at.astimezone(tz).date() for town, at in late if town == municipality.pk and at < today}


def _forget_days(municipality, days: set[date]) -> None:  # type: ignore[no-untyped-def]
    ordered = sorted(days)
    for offset in range(0, len(ordered), CHUNK):  # bounded IN lists
        chunk = ordered[offset : offset + CHUNK]
        for model in (RollupDay, DailyMessages, DailyConversations, DailyOperators):
            model.objects.filter(municipality=municipality, day__in=chunk).delete()


def forget_deleted_conversation(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """post_delete of a conversation (erasure, retention): the closed days it counted in are built again."""
    from django_scopes import scopes_disabled

    from sportello.municipalities.models import Municipality

    with scopes_disabled():
        town = Municipality.objects.filter(pk=instance.municipality_id).first()
        if town is None or not RollupDay.objects.filter(municipality=town).exists():
            return
        tz = tz_of(town)
        _forget_days(town, _days_between(instance.created_at.astimezone(tz).date(), instance.last_message_at, tz))


def operator_counts(days_q: Q) -> list[tuple]:
    """Live sums of the conversation facts matching `days_q` per (day, channel, department, operator): what
    DailyOperators stores. Rows: those four, conversations, answered, first-response sum, resolved, resolution sum."""
    return [
        (*key, n, answered, first or 0, resolved, resolution or 0)
        for *key, n, answered, first, resolved, resolution in ConversationFact.objects.filter(days_q)
        .values_list("day", "channel", "department_id", "operator_id")
        .annotate(n=Count("pk"), answered=Count("first_response_seconds"), first=Sum("first_response_seconds"),
                  resolved=Count("resolution_seconds"), resolution=Sum("resolution_seconds"))
        .order_by()
    ]


def conversation_counts(days_q: Q) -> list[tuple]:
    """Live sums of the conversation facts matching `days_q` per (day, channel, department): what DailyConversations
    stores for a closed day. Rows: day, channel, department_id, conversations, answered, first-response sum,
    resolved, resolution sum, 24 counts per opening hour."""
    rows = (
        ConversationFact.objects.filter(days_q)
        .values_list("day", "channel", "department_id", "hour")
        .annotate(n=Count("pk"), answered=Count("first_response_seconds"), first=Sum("first_response_seconds"),
                  resolved=Count("resolution_seconds"), resolution=Sum("resolution_seconds"))
        .order_by()
    )
    out: dict[tuple, list] = {}
    for day, channel, department_id, hour, n, answered, first, resolved, resolution in rows:
        row = out.setdefault((day, channel, department_id), [0, 0, 0, 0, 0, [0] * 24])
        row[0] += n
        row[1] += answered
        row[2] += first or 0
        row[3] += resolved
        row[4] += resolution or 0
        row[5][hour] += n
    return [(*key, *values) for key, values in out.items()]


def message_counts(municipality, since: datetime, until: datetime) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Live counts per (local day, channel, department, direction) of messages in [since, until).

    Filtered on the time range alone and grouped per municipality: with a municipality condition in SQL, SQLite
    (without ANALYZE statistics) walks the municipality index over every message instead of the time range; hence
    the base manager, as a request's tenant scope would add that condition back."""
    rows = (
        Message._base_manager.filter(sent_at__gte=since, sent_at__lt=until, direction__in=COUNTED)
        .annotate(d=TruncDate("sent_at", tzinfo=tz_of(municipality)))
        .values_list("municipality_id", "d", "conversation__account__channel",
                     "conversation__report_fact__department_id", "direction")
        .annotate(n=Count("id")).order_by()
    )
    return [row[1:] for row in rows if row[0] == municipality.pk]


def ensure_days(municipality, start: date, end: date) -> None:  # type: ignore[no-untyped-def]
    """Build the message counts and conversation sums of the closed days in [start, end] not built yet."""
    tz = tz_of(municipality)
    last_closed = min(end, today_start(municipality).date() - timedelta(days=1))
    if start > last_closed:
        return
    built = set(RollupDay.objects.filter(municipality=municipality, day__gte=start, day__lte=last_closed)
                .values_list("day", flat=True))
    missing = [start + timedelta(days=n) for n in range((last_closed - start).days + 1)]
    missing = [d for d in missing if d not in built]
    if not missing:
        return
    for run in _runs(missing):  # one grouped query per run of consecutive days, never the span of scattered ones
        _build_days(municipality, run, tz)


def _runs(days: list[date]) -> list[list[date]]:
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][-1] + timedelta(days=1) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _build_days(municipality, days: list[date], tz: ZoneInfo) -> None:  # type: ignore[no-untyped-def]
    since = datetime.combine(days[0], time(), tz)
    until = datetime.combine(days[-1] + timedelta(days=1), time(), tz)
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for day, channel, department_id, direction, n in message_counts(municipality, since, until):
        totals[(day, channel, department_id)][0 if direction == Message.Direction.INBOUND else 1] += n
    in_days = Q(municipality=municipality, day__gte=days[0], day__lte=days[-1])
    conversations, operators = conversation_counts(in_days), operator_counts(in_days)
    with transaction.atomic():
        for model in (DailyMessages, DailyConversations, DailyOperators):
            model.objects.filter(municipality=municipality, day__gte=days[0], day__lte=days[-1]).delete()
        DailyMessages.objects.bulk_create([
            DailyMessages(municipality=municipality, day=day, channel=channel, department_id=department_id,
                          inbound=counts[0], outbound=counts[1])
            for (day, channel, department_id), counts in totals.items()
        ], batch_size=CHUNK)
        DailyConversations.objects.bulk_create([
            DailyConversations(municipality=municipality, day=day, channel=channel, department_id=department_id,
                               conversations=n, answered=answered, first_response_sum=first, resolved=resolved,
                               resolution_sum=resolution, hours=hours)
            for day, channel, department_id, n, answered, first, resolved, resolution, hours in conversations
        ], batch_size=CHUNK)
        DailyOperators.objects.bulk_create([
            DailyOperators(municipality=municipality, day=day, channel=channel, department_id=department_id,
                           operator_id=operator_id, conversations=n, answered=answered, first_response_sum=first,
                           resolved=resolved, resolution_sum=resolution)
            for day, channel, department_id, operator_id, n, answered, first, resolved, resolution in operators
        ], batch_size=CHUNK)
        RollupDay.objects.bulk_create([RollupDay(municipality=municipality, day=d) for d in days],
                                      batch_size=CHUNK, ignore_conflicts=True)
