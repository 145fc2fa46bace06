"""The per-day rollup of conversation facts and the open data's people counts against live computations, also after
late changes (a reply on a closed day, a close, a move to another department, an erasure), and the menu link."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from sportello.reports import opendata, rollup, stats
from sportello.reports.access import ReportScope
from sportello.reports.filters import ReportFilter
from sportello.reports.models import ConversationFact, DailyConversations, DailyOperators
from tests.reports.conftest import at, message

pytestmark = pytest.mark.django_db


def _filter(town, start=date(2025, 3, 1), end=None, **kwargs):  # type: ignore[no-untyped-def]
    return ReportFilter(ReportScope(town, None), start, end or timezone.localdate(), **kwargs)


def _live(f: ReportFilter) -> dict:
    """The figures straight from one fact per conversation, as the page computed them before the rollup."""
    facts = ConversationFact.objects.filter(f.q())
    channels = {r["channel"]: r for r in facts.values("channel").annotate(
        n=Count("pk"), answered=Count("first_response_seconds"), first=Sum("first_response_seconds"),
        resolved=Count("resolution_seconds"), resolution=Sum("resolution_seconds")).order_by()}
    grid = [[0] * 24 for _ in range(7)]
    for weekday, hour, n in facts.values_list("weekday", "hour").annotate(n=Count("pk")).order_by():
        grid[weekday][hour] = n
    per_day = defaultdict(int)
    for day, channel, n in facts.values_list("day", "channel").annotate(n=Count("pk")).order_by():
        per_day[(day, channel)] = n
    departments = dict(facts.values_list("department_id").annotate(n=Count("pk")).order_by())
    operators = {operator: (n, round(first / answered) if answered else None)
                 for operator, n, answered, first in facts.values_list("operator__first_name").annotate(
                     n=Count("pk"), answered=Count("first_response_seconds"), first=Sum("first_response_seconds"))
                 .order_by()}
    return {"channels": channels, "grid": grid, "per_day": dict(per_day), "departments": departments,
            "operators": operators}


def _through_rollup(f: ReportFilter) -> dict:
    rows = stats.conversation_days(f)
    activity = {c["channel"]: c for c in stats.activity(f, days=rows)["channels"] if c["conversations"]}
    days = stats.per_day(f, rows=rows)
    per_day = {(d, c): days["conversations"][c][i] for c, _ in days["channels"] for i, d in enumerate(days["days"])
               if days["conversations"][c][i]}
    operators = {o["label"]: (o["conversations"], o["first_response_seconds"]) for o in stats.per_operator(f)}
    return {"activity": activity, "grid": stats.heatmap(f, rows), "per_day": per_day, "rows": rows,
            "operators": operators}


def _assert_exact(town) -> None:  # type: ignore[no-untyped-def]
    rollup.refresh(town)
    f = _filter(town)
    live, read = _live(f), _through_rollup(f)
    assert read["grid"] == live["grid"] and read["per_day"] == live["per_day"]
    assert read["operators"] == {name or gettext("Not answered yet"): v for name, v in live["operators"].items()}
    assert set(read["activity"]) == set(live["channels"])
    for channel, row in live["channels"].items():
        got = read["activity"][channel]
        assert (got["conversations"], got["answered"], got["resolved"]) == (row["n"], row["answered"], row["resolved"])
        assert got["first_response_seconds"] == (round(row["first"] / row["answered"]) if row["answered"] else None)
        assert got["resolution_seconds"] == (round(row["resolution"] / row["resolved"]) if row["resolved"] else None)
    by_department = defaultdict(int)
    for r in read["rows"]:
        by_department[r[2]] += r[3]
    assert dict(by_department) == live["departments"]


def test_daily_conversation_rollup_equals_the_facts_and_follows_late_changes(small_town):
    from sportello.cases.models import Case
    from sportello.console.services import set_state
    from sportello.conversations.models import Conversation

    town = small_town.municipality
    rollup.rebuild(town)
    _assert_exact(town)
    assert DailyConversations.objects.filter(municipality=town, day=date(2025, 3, 3)).exists()  # built, then read
    assert DailyOperators.objects.filter(municipality=town, day=date(2025, 3, 3)).exists()

    a, b, c = (small_town.conversations[k] for k in "abc")
    message(c, "out", "2025-03-04 11:00", author=small_town.operator)  # a late first answer on a closed day
    Conversation.objects.filter(pk=c.pk).update(last_message_at=timezone.now())  # as storing it now would set
    set_state(b, "closed", small_town.operator)
    Case.objects.create(municipality=town, reference="2025/2", year=2025, number=2, department=small_town.waste,
                        conversation=a, title="Rifiuti")  # A's department is now its first case's
    _assert_exact(town)
    rows = {(r[0], r[1]): r for r in stats.conversation_days(_filter(town))}
    assert rows[(date(2025, 3, 4), "whatsapp")][5] == 3600  # C answered after one office hour
    assert rows[(date(2025, 3, 7), "telegram")][7] == 2700  # B closed: resolved in 45 office minutes

    c.delete()  # an erasure: the day it counted in is built again without it
    _assert_exact(town)
    assert date(2025, 3, 4) not in {r[0] for r in stats.conversation_days(_filter(town))}


def test_open_data_counts_distinct_people_per_month(small_town, monkeypatch):
    from sportello.conversations.models import Conversation

    town = small_town.municipality
    monkeypatch.setattr(opendata, "suppress", lambda cells: cells)  # look at the counts before suppression
    april = Conversation.objects.create(municipality=town, account=small_town.whatsapp,
                                        citizen=small_town.conversations["a"].citizen)
    Conversation.objects.filter(pk=april.pk).update(created_at=at("2025-04-02 10:00"))
    rollup.refresh(town)
    cells = opendata.cells(_filter(town, end=date(2025, 4, 30)))
    got = {(c.month, c.group, c.count) for c in cells}
    # One person wrote twice on WhatsApp in March (A and C) and once more in April: counted once per month.
    assert ("2025-03", "WhatsApp", 1) in got and ("2025-03", "Telegram", 1) in got and ("2025-04", "WhatsApp", 1) in got
    assert ("2025-03", small_town.roads.name, 1) in got
    assert all(c.month in ("2025-03", "2025-04") for c in cells)


def test_department_staff_get_the_statistics_menu_entry(small_town):
    from sportello.cases.models import DepartmentMembership
    from sportello.console import navigation
    from tests.staff import make_staff

    url = reverse("reports:dashboard")
    staff = make_staff("rino", small_town.municipality)
    assert url not in [e["url"] for e in navigation.entries_for(staff)]  # a front-office operator: nothing to see
    DepartmentMembership.objects.create(department=small_town.roads, user=staff)
    assert url in [e["url"] for e in navigation.entries_for(staff)]
    supervisor = make_staff("sara", small_town.municipality, role="supervisor")
    assert url in [e["url"] for e in navigation.entries_for(supervisor)]
