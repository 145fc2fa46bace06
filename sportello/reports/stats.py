"""Every figure of the statistics page, the API and the council's report, read from the facts (`rollup`) and, for
what has no fact (lists, campaigns, moderation, waiting now), from the source tables with grouped queries.

Each function takes a `ReportFilter`; call `rollup.refresh(municipality)` once before a batch of reads.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sportello.cases.models import Case, Category, Department
from sportello.conversations.channel import kind_label
from sportello.conversations.models import Conversation, Message
from sportello.core.models import AuditEntry
from sportello.reports import rollup
from sportello.reports.filters import ReportFilter
from sportello.reports.models import CaseFact, ConversationFact, DailyConversations, DailyMessages, DailyOperators

# A row of `conversation_days`: day, channel, department_id, conversations, answered, first-response seconds summed,
# resolved, resolution seconds summed, conversations per opening hour (24).
DayRow = tuple

def _facts(f: ReportFilter):  # type: ignore[no-untyped-def]
    return ConversationFact.objects.filter(f.q())


def _mean(value: Any) -> int | None:
    return int(round(float(value))) if value is not None else None


def daily_messages(f: ReportFilter) -> dict[tuple[date, str], list[int]]:
    """(day, channel) → [inbound, outbound]: closed days from the rollup, today counted live."""
    rollup.ensure_days(f.municipality, f.start, f.end)
    out: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for day, channel, inbound, outbound in DailyMessages.objects.filter(f.q()).values_list(
        "day", "channel", "inbound", "outbound"
    ):
        out[(day, channel)][0] += inbound
        out[(day, channel)][1] += outbound
    today = rollup.today_start(f.municipality)
    if f.until > today:
        departments = f.departments()
        for day, channel, department_id, direction, n in rollup.message_counts(f.municipality, today, f.until):
            if (f.channel and channel != f.channel) or (departments is not None and department_id not in departments):
                continue
            out[(day, channel)][0 if direction == Message.Direction.INBOUND else 1] += n
    return out


def conversation_days(f: ReportFilter, hours: bool = True) -> list[DayRow]:
    """The conversations opened in the period summed per (day, channel, department): closed days from the rollup
    (a year is a few thousand rows), today summed live from its facts. Exact: the rollup rows are those same sums,
    rebuilt whenever a fact of their day changes (`rollup`). Without `hours` the hourly counts are not read."""
    rollup.ensure_days(f.municipality, f.start, f.end)
    today = rollup.today_start(f.municipality).date()
    fields = ["day", "channel", "department_id", "conversations", "answered", "first_response_sum", "resolved",
              "resolution_sum"] + (["hours"] if hours else [])
    rows: list[DayRow] = list(DailyConversations.objects.filter(f.q() & Q(day__lt=today)).values_list(*fields))
    if f.end >= today:
        rows += rollup.conversation_counts(f.q() & Q(day__gte=today))
    return rows


def _by(rows: list[DayRow], key) -> dict[Any, list[int]]:  # type: ignore[no-untyped-def]
    """Sum the rows' five measures per key(row)."""
    out: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in rows:
        sums = out[key(row)]
        for i in range(5):
            sums[i] += row[3 + i]
    return out


def activity(f: ReportFilter, daily: dict[tuple[date, str], list[int]] | None = None,
             days: list[DayRow] | None = None) -> dict[str, Any]:
    """Per channel: conversations opened, messages in and out, mean first-response and resolution office time."""
    rows = {
        channel: {"conversations": n, "answered": answered, "first_response_sum": first, "resolved": resolved,
                  "resolution_sum": resolution}
        for channel, (n, answered, first, resolved, resolution) in _by(
            days if days is not None else conversation_days(f, hours=False), lambda r: r[1]).items()
    }
    for r in rows.values():
        r["first_response"] = r["first_response_sum"] / r["answered"] if r["answered"] else None
        r["resolution"] = r["resolution_sum"] / r["resolved"] if r["resolved"] else None
    messages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_day, channel), (inbound, outbound) in (daily if daily is not None else daily_messages(f)).items():
        messages[channel][0] += inbound
        messages[channel][1] += outbound
    channels = []
    for channel in sorted(set(rows) | set(messages)):
        row = rows.get(channel, {})
        channels.append({
            "channel": channel, "label": kind_label(channel), "conversations": row.get("conversations", 0),
            "messages_in": messages[channel][0], "messages_out": messages[channel][1],
            "answered": row.get("answered", 0), "first_response_seconds": _mean(row.get("first_response")),
            "resolved": row.get("resolved", 0), "resolution_seconds": _mean(row.get("resolution")),
        })
    answered, resolved = sum(r["answered"] for r in rows.values()), sum(r["resolved"] for r in rows.values())
    total = {  # the means over every conversation, from the same grouped sums (no second query)
        "first_response": sum(r["first_response_sum"] or 0 for r in rows.values()) / answered if answered else None,
        "resolution": sum(r["resolution_sum"] or 0 for r in rows.values()) / resolved if resolved else None,
    }
    return {
        "from": f.start.isoformat(), "to": f.end.isoformat(), "channels": channels,
        "totals": {
            "conversations": sum(c["conversations"] for c in channels),
            "messages_in": sum(c["messages_in"] for c in channels),
            "messages_out": sum(c["messages_out"] for c in channels),
            "first_response_seconds": _mean(total["first_response"]),
            "resolution_seconds": _mean(total["resolution"]),
        },
    }


def per_day(f: ReportFilter, daily: dict[tuple[date, str], list[int]] | None = None,
            rows: list[DayRow] | None = None) -> dict[str, Any]:
    """Conversations opened and messages received per day and channel, every day of the period present."""
    days = [f.start + timedelta(days=n) for n in range((f.end - f.start).days + 1)]
    opened: dict[tuple[date, str], int] = {
        key: sums[0] for key, sums in _by(rows if rows is not None else conversation_days(f), lambda r: (r[0], r[1])).items()
    }
    messages = daily if daily is not None else daily_messages(f)
    channels = sorted({c for _, c in opened} | {c for _, c in messages})
    return {
        "days": days,
        "channels": [(c, kind_label(c)) for c in channels],
        "conversations": {c: [opened.get((d, c), 0) for d in days] for c in channels},
        "messages_in": {c: [messages[(d, c)][0] if (d, c) in messages else 0 for d in days] for c in channels},
    }


def heatmap(f: ReportFilter, rows: list[DayRow] | None = None) -> list[list[int]]:
    """Conversations opened per local weekday (rows, Monday first) and hour (24 columns)."""
    grid = [[0] * 24 for _ in range(7)]
    for row in rows if rows is not None else conversation_days(f):
        line = grid[row[0].weekday()]  # `day` is local, so its weekday is the local one
        for hour, n in enumerate(row[8]):
            line[hour] += n
    return grid


def waiting_now(f: ReportFilter) -> dict[str, Any]:
    qs = Conversation.objects.filter(municipality=f.municipality, state=Conversation.State.OPEN, waiting_since__isnull=False)
    if f.channel:
        qs = qs.filter(account__channel=f.channel)
    departments = f.departments()
    if departments is not None:
        qs = qs.filter(report_fact__department_id__in=departments)
    row = qs.aggregate(n=Count("pk"), oldest=Min("waiting_since"))
    oldest = row["oldest"]
    return {"count": row["n"], "longest_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else None}


def operator_days(f: ReportFilter) -> list[tuple]:
    """Like `conversation_days`, per operator too: closed days from DailyOperators, today from the facts.
    Rows: day, channel, department_id, operator_id, conversations, answered, first-response sum, resolved,
    resolution sum."""
    rollup.ensure_days(f.municipality, f.start, f.end)
    today = rollup.today_start(f.municipality).date()
    rows = list(DailyOperators.objects.filter(f.q() & Q(day__lt=today)).values_list(
        "day", "channel", "department_id", "operator_id", "conversations", "answered", "first_response_sum",
        "resolved", "resolution_sum"))
    if f.end >= today:
        rows += rollup.operator_counts(f.q() & Q(day__gte=today))
    return rows


def per_operator(f: ReportFilter) -> list[dict[str, Any]]:
    from django.contrib.auth import get_user_model

    sums: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in operator_days(f):
        total = sums[row[3]]
        for i in range(5):
            total[i] += row[4 + i]
    rows = sorted(sums.items(), key=lambda item: -item[1][0])
    users = {u.pk: (u.get_full_name() or u.get_username()) for u in get_user_model().objects.filter(
        pk__in=[operator_id for operator_id, _ in rows if operator_id])}
    return [{
        "label": users.get(operator_id, _("Not answered yet")), "conversations": n,
        "first_response_seconds": _mean(first / answered if answered else None),
        "resolution_seconds": _mean(resolution / resolved if resolved else None),
    } for operator_id, (n, answered, first, resolved, resolution) in rows]


def per_department(f: ReportFilter, rows: list[DayRow] | None = None) -> list[dict[str, Any]]:
    conversations = {
        department_id: {"conversations": n, "first_response": first / answered if answered else None}
        for department_id, (n, answered, first, _r, _s) in _by(
            rows if rows is not None else conversation_days(f), lambda r: r[2]).items()
    }
    cases = {r["department_id"]: r for r in CaseFact.objects.filter(f.q()).values("department_id").annotate(
        cases=Count("pk"), resolution=Avg("resolution_seconds"),
        on_time=Count("pk", filter=Q(within_target=True)), measured=Count("within_target"))}
    names = dict(Department.objects.filter(pk__in=[k for k in {*conversations, *cases} if k]).values_list("pk", "name"))
    out = []
    for key in sorted({*conversations, *cases}, key=lambda k: names.get(k, "")):
        c, k = conversations.get(key, {}), cases.get(key, {})
        out.append({
            "label": names.get(key, _("No department (front office)")), "conversations": c.get("conversations", 0),
            "first_response_seconds": _mean(c.get("first_response")), "cases": k.get("cases", 0),
            "resolution_seconds": _mean(k.get("resolution")),
            "sla_percent": round(100 * k["on_time"] / k["measured"], 1) if k.get("measured") else None,
        })
    return out


def sla(f: ReportFilter) -> dict[str, Any]:
    row = CaseFact.objects.filter(f.q()).aggregate(
        measured=Count("within_target"), on_time=Count("pk", filter=Q(within_target=True)),
        resolution=Avg("resolution_seconds"),
    )
    open_cases = Case.objects.filter(municipality=f.municipality, state__in=Case.OPEN_STATES)
    departments = f.departments()
    if departments is not None:
        open_cases = open_cases.filter(department_id__in=departments)
    if f.channel:
        open_cases = open_cases.filter(conversation__account__channel=f.channel)
    return {
        "measured": row["measured"], "on_time": row["on_time"],
        "percent": round(100 * row["on_time"] / row["measured"], 1) if row["measured"] else None,
        "resolution_seconds": _mean(row["resolution"]),
        "overdue_now": open_cases.filter(due_at__lt=timezone.now()).count(),
    }


def case_categories(f: ReportFilter) -> list[tuple[str, int]]:
    rows = list(CaseFact.objects.filter(f.q()).values_list("category_id").annotate(n=Count("pk")).order_by("-n"))
    names = {c.pk: str(c) for c in Category.objects.filter(pk__in=[k for k, _ in rows if k]).select_related("department")}
    return [(names.get(k, _("No category")), n) for k, n in rows]


def case_states(f: ReportFilter) -> list[tuple[str, int]]:
    counts = dict(CaseFact.objects.filter(f.q()).values_list("state").annotate(n=Count("pk")))
    return [(str(label).capitalize(), counts[value]) for value, label in Case.State.choices if value in counts]


def redirects(f: ReportFilter) -> list[tuple[str, int]]:
    """Automatic replies that send a citizen elsewhere: information-only redirects and outbound-only answers."""
    from sportello.policies.models import AutoReply

    redirected = AuditEntry.objects.filter(
        municipality=f.municipality, action="policy.redirected", created_at__gte=f.since, created_at__lt=f.until
    )
    redirect_count = redirected.count()
    if f.channel:  # few entries: look up the channel of the messages they answered
        message_ids = [int(t) for t in redirected.values_list("target_id", flat=True) if t.isdigit()]
        redirect_count = Message.objects.filter(pk__in=message_ids, conversation__account__channel=f.channel).count()
    outbound_only = AutoReply.objects.filter(
        account__municipality=f.municipality, kind=AutoReply.Kind.OUTBOUND_ONLY, created_at__gte=f.since,
        created_at__lt=f.until,
    )
    if f.channel:
        outbound_only = outbound_only.filter(account__channel=f.channel)
    return [(_("Information-only number: sent elsewhere"), redirect_count),
            (_("Outbound-only number: automatic answer"), outbound_only.count())]


def subscribers(f: ReportFilter) -> dict[str, Any]:
    """Active subscribers of each list at the end of each month of the period (and at its end)."""
    from sportello.broadcasts.models import MailingList, Subscription

    points: list[date] = []
    cursor = f.start.replace(day=1)
    while cursor <= f.end:
        nxt = (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
        points.append(min(nxt - timedelta(days=1), f.end))
        cursor = nxt
    lists = list(MailingList.objects.filter(municipality=f.municipality).order_by("name"))
    aggregates = {}
    for i, point in enumerate(points):
        moment = datetime.combine(point + timedelta(days=1), time(), f.tz)
        active = Q(subscribed_at__lt=moment) & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=moment))
        aggregates[f"p{i}"] = Count("pk", filter=active)
    series = {}
    for mailing_list in lists:
        qs = Subscription.objects.filter(mailing_list=mailing_list)
        if f.channel:
            qs = qs.filter(account__channel=f.channel)
        row = qs.aggregate(**aggregates) if aggregates else {}
        series[mailing_list.name] = [row.get(f"p{i}", 0) for i in range(len(points))]
    return {"points": points, "series": series}


def campaigns(f: ReportFilter) -> list[dict[str, Any]]:
    from sportello.broadcasts.models import Campaign, Delivery

    reached = (Delivery.State.SENT, Delivery.State.DELIVERED, Delivery.State.READ, Delivery.State.ACCEPTED)
    deliveries = Q()
    if f.channel:
        deliveries = Q(deliveries__account__channel=f.channel)
    rows = Campaign.objects.filter(
        municipality=f.municipality, started_at__gte=f.since, started_at__lt=f.until
    ).annotate(
        total=Count("deliveries", filter=deliveries),
        reached=Count("deliveries", filter=deliveries & Q(deliveries__state__in=reached)),
        read=Count("deliveries", filter=deliveries & Q(deliveries__state=Delivery.State.READ)),
        failed=Count("deliveries", filter=deliveries & Q(deliveries__state=Delivery.State.FAILED)),
    ).order_by("-started_at")[:50]
    return [{"label": c.title, "started_at": c.started_at, "recipients": c.total, "reached": c.reached,
             "read": c.read, "failed": c.failed} for c in rows]


def moderation(f: ReportFilter) -> list[tuple[str, int]]:
    from sportello.moderation.models import Review, Strike

    reviews = Review.objects.filter(municipality=f.municipality, created_at__gte=f.since, created_at__lt=f.until)
    strikes = Strike.objects.filter(municipality=f.municipality, created_at__gte=f.since, created_at__lt=f.until)
    if f.channel:
        reviews = reviews.filter(message__conversation__account__channel=f.channel)
        strikes = strikes.filter(message__conversation__account__channel=f.channel)
    counts = dict(reviews.values_list("state").annotate(n=Count("pk")))
    rows = [(str(label).capitalize(), counts.get(value, 0)) for value, label in Review.State.choices]
    rows.append((_("Violations counted"), strikes.count()))
    return rows


def satisfaction(f: ReportFilter) -> dict[str, Any] | None:
    """The survey per aspect (the survey app's own figures), merged over the departments in scope."""
    try:
        from sportello.survey.stats import satisfaction as survey_satisfaction
    except ImportError:  # pragma: no cover - survey app not installed
        return None
    departments = f.departments()
    kwargs = {"start": f.since, "end": f.until, "channel": f.channel}
    if departments is None:
        return survey_satisfaction(f.municipality, **kwargs)
    parts = [survey_satisfaction(f.municipality, department=d, **kwargs) for d in sorted(departments)]
    return merge_satisfaction(parts)


def merge_satisfaction(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {"responses": sum(p["responses"] for p in parts),
                              "invitations": sum(p["invitations"] for p in parts)}
    merged["response_rate"] = round(merged["responses"] / merged["invitations"], 4) if merged["invitations"] else 0.0
    for aspect in ("overall", "waiting_time", "competence", "courtesy"):
        count = sum(p[aspect]["count"] for p in parts)
        weighted = sum((p[aspect]["mean"] or 0) * p[aspect]["count"] for p in parts)
        merged[aspect] = {
            "count": count, "mean": round(weighted / count, 2) if count else None,
            "faces": {face: sum(p[aspect]["faces"][face] for p in parts) for face in ("positive", "neutral", "negative")},
        }
    return merged
