"""The figures against numbers worked out by hand (see conftest: three conversations and one case)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sportello.reports import rollup, stats
from sportello.reports.access import ReportScope
from sportello.reports.filters import ReportFilter
from sportello.reports.models import ConversationFact, DailyMessages
from tests.reports.conftest import message

pytestmark = pytest.mark.django_db

MARCH = (date(2025, 3, 1), date(2025, 3, 10))


def _filter(town, *, channel=None, department=None, departments=None, period=MARCH):  # type: ignore[no-untyped-def]
    scope = ReportScope(town.municipality, frozenset(departments) if departments is not None else None)
    return ReportFilter(scope, period[0], period[1], channel, department)


def test_activity_per_channel_in_office_hours(small_town):
    rollup.refresh(small_town.municipality)
    data = stats.activity(_filter(small_town))
    by_channel = {c["channel"]: c for c in data["channels"]}
    assert by_channel["whatsapp"] == {
        "channel": "whatsapp", "label": "WhatsApp", "conversations": 2, "messages_in": 2, "messages_out": 3,
        "answered": 1, "first_response_seconds": 1800, "resolved": 1, "resolution_seconds": 3600,
    }
    assert by_channel["telegram"]["conversations"] == 1
    assert by_channel["telegram"]["first_response_seconds"] == 2700
    assert by_channel["telegram"]["resolution_seconds"] is None
    assert data["totals"]["first_response_seconds"] == 2250
    assert data["totals"]["messages_in"] == 3 and data["totals"]["messages_out"] == 4


def test_filters_channel_department_and_period(small_town):
    rollup.refresh(small_town.municipality)
    assert stats.activity(_filter(small_town, channel="telegram"))["totals"]["conversations"] == 1
    roads = stats.activity(_filter(small_town, department=small_town.roads.pk))
    assert [c["channel"] for c in roads["channels"]] == ["telegram"]
    assert roads["totals"]["messages_in"] == 1
    first_days = stats.activity(_filter(small_town, period=(date(2025, 3, 3), date(2025, 3, 3))))
    assert first_days["totals"]["conversations"] == 1
    with pytest.raises(PermissionDenied):  # a department outside the user's scope
        _filter(small_town, department=small_town.waste.pk, departments={small_town.roads.pk}).departments()


def test_heatmap_sla_states_and_people(small_town):
    rollup.refresh(small_town.municipality)
    f = _filter(small_town)
    grid = stats.heatmap(f)
    assert grid[0][8] == 1 and grid[4][12] == 1 and grid[1][10] == 1 and sum(map(sum, grid)) == 3
    assert stats.sla(f)["percent"] == 100.0 and stats.sla(f)["resolution_seconds"] == 7200
    assert stats.case_states(f) == [("Risolta", 1)]
    operators = stats.per_operator(f)
    assert operators[0]["label"] == "Anna" and operators[0]["conversations"] == 2
    departments = {d["label"]: d for d in stats.per_department(f)}
    assert departments[small_town.roads.name]["cases"] == 1 and departments[small_town.roads.name]["sla_percent"] == 100.0
    assert sum(d["conversations"] for d in departments.values()) == 3


def test_rollup_equals_live_computation_and_follows_late_changes(small_town):
    town = small_town.municipality
    today = timezone.localdate()
    message(small_town.conversations["c"], "in", f"{today.isoformat()} 00:30")  # today: counted live
    rollup.rebuild(town)
    f = _filter(small_town, period=(date(2025, 3, 1), today))
    live = {}
    for day, channel, _dept, direction, n in rollup.message_counts(town, f.since, f.until):
        live.setdefault((day, channel), [0, 0])[0 if direction == "in" else 1] += n
    assert dict(stats.daily_messages(f)) == live
    assert DailyMessages.objects.filter(municipality=town).exists()  # closed days came from the rollup

    # A message stored late with a time on a closed day, and a conversation moving department: still exact.
    message(small_town.conversations["a"], "in", "2025-03-03 11:00")
    from sportello.cases.models import Case

    Case.objects.create(municipality=town, reference="2025/2", year=2025, number=2, department=small_town.waste,
                        conversation=small_town.conversations["c"], title="Rifiuti")
    rollup.refresh(town)
    assert stats.daily_messages(f)[(date(2025, 3, 3), "whatsapp")] == [2, 2]
    assert ConversationFact.objects.get(pk=small_town.conversations["c"].pk).department_id == small_town.waste.pk
    waste = _filter(small_town, department=small_town.waste.pk, period=(date(2025, 3, 1), today))
    assert sum(v[0] for v in stats.daily_messages(waste).values()) == 2  # C's two inbound, moved with it


def test_closing_a_conversation_updates_its_resolution(small_town):
    from sportello.console.services import set_state

    rollup.refresh(small_town.municipality)
    b = small_town.conversations["b"]
    set_state(b, "closed", small_town.operator)  # the console's and the API's one way to close
    rollup.refresh(small_town.municipality)
    assert ConversationFact.objects.get(pk=b.pk).resolution_seconds == 2700
