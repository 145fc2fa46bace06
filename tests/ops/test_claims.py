"""Leases on claimed rows: renewed while held, released on stop, never touching a row that moved on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sportello.conversations import claims
from sportello.conversations.models import InboundEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget():
    claims.release_held()
    yield
    claims.release_held()


def _events(n: int) -> list[int]:
    InboundEvent.objects.bulk_create([InboundEvent(channel="whatsapp", body=b"{}") for _ in range(n)])
    return list(InboundEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_lease_length_setting(settings):
    assert claims.lease_length(timedelta(minutes=2)) == timedelta(minutes=2)
    settings.SPORTELLO_CLAIM_LEASE_SECONDS = 3
    assert claims.lease_length(timedelta(minutes=2)) == timedelta(seconds=3)


def test_renew_and_release_only_what_is_still_held(settings):
    settings.SPORTELLO_CLAIM_LEASE_SECONDS = 30
    ids = _events(3)
    assert claims.claim(InboundEvent.objects.all(), limit=10, lease=timedelta(minutes=2)) == ids
    first_until = InboundEvent.objects.get(pk=ids[0]).claimed_until
    # One row finished (its lease cleared), one rescheduled for a retry (another lease): neither is ours any more.
    InboundEvent.objects.filter(pk=ids[1]).update(claimed_until=None, state="done")
    retry_at = timezone.now() + timedelta(seconds=10)
    InboundEvent.objects.filter(pk=ids[2]).update(claimed_until=retry_at)

    assert claims.renew_held() == 1
    renewed = InboundEvent.objects.get(pk=ids[0]).claimed_until
    assert renewed > first_until
    # Claimed rows are invisible to other claimers until released.
    assert claims.claim(InboundEvent.objects.filter(state="pending"), limit=10, lease=timedelta(minutes=2)) == []

    assert claims.release_held() == 1
    assert InboundEvent.objects.get(pk=ids[0]).claimed_until is None
    assert InboundEvent.objects.get(pk=ids[1]).claimed_until is None
    assert InboundEvent.objects.get(pk=ids[2]).claimed_until == retry_at
    assert claims.claim(InboundEvent.objects.filter(state="pending"), limit=10, lease=timedelta(minutes=2)) == [ids[0]]


def test_claim_rows_leases_and_loads_the_due_rows_in_order(django_assert_max_num_queries):
    from django.db import connection

    ids = _events(5)
    InboundEvent.objects.filter(pk=ids[1]).update(state="done")
    InboundEvent.objects.filter(pk=ids[2]).update(claimed_until=timezone.now() + timedelta(minutes=1))  # held
    InboundEvent.objects.filter(pk=ids[3]).update(claimed_until=timezone.now() - timedelta(seconds=1))  # lapsed
    pending = InboundEvent.objects.filter(state="pending")
    # PostgreSQL: one statement; elsewhere the claim's transaction and the load.
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 5):
        rows = claims.claim_rows(pending, limit=2, lease=timedelta(minutes=2))
    assert [row.pk for row in rows] == [ids[0], ids[3]]  # the first due rows, in id order, limited
    assert all(row.claimed_until > timezone.now() + timedelta(seconds=100) for row in rows)
    assert rows[0].body is not None and bytes(rows[0].body) == b"{}" and rows[0].summary == {}
    assert rows[0].claimed_until == InboundEvent.objects.get(pk=ids[0]).claimed_until
    assert [row.pk for row in claims.claim_rows(pending, limit=10, lease=timedelta(minutes=2))] == [ids[4]]
    assert claims.claim_rows(pending, limit=10, lease=timedelta(minutes=2)) == []
    assert claims.release_held() == 3  # what was claimed is remembered, for renewal and release


def test_a_claim_whose_work_fails_is_let_go_to_lapse_not_renewed_forever(settings):
    settings.SPORTELLO_CLAIM_LEASE_SECONDS = 30
    ids = _events(2)
    claimed = claims.claim(InboundEvent.objects.all(), limit=10, lease=timedelta(minutes=2))
    with pytest.raises(RuntimeError), claims.in_hand(InboundEvent, claimed[:1]):
        raise RuntimeError("deadlock detected")
    # The failed row keeps its lease until it lapses, but this process no longer renews or releases it.
    assert claims.renew_held() == 1
    assert InboundEvent.objects.get(pk=ids[0]).claimed_until < InboundEvent.objects.get(pk=ids[1]).claimed_until
    assert claims.release_held() == 1
    assert InboundEvent.objects.get(pk=ids[0]).claimed_until is not None


def test_an_ingest_batch_that_fails_on_its_last_write_is_retried_once_its_lease_lapses(settings, monkeypatch):
    from django.db import OperationalError

    from sportello.conversations import ingest

    settings.SPORTELLO_CLAIM_LEASE_SECONDS = 30
    ids = _events(3)
    real = ingest.bulk_update_values

    def deadlocked(*args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(ingest, "bulk_update_values", real)
        raise OperationalError("deadlock detected")

    monkeypatch.setattr(ingest, "bulk_update_values", deadlocked)
    with pytest.raises(OperationalError):
        ingest.run_once()
    # Before the fix the worker's lease keeper renewed these rows for as long as it lived: pending forever.
    assert claims.renew_held() == 0
    assert ingest.run_once() == 0  # still leased: nobody takes them before the lease ends
    InboundEvent.objects.filter(pk__in=ids).update(claimed_until=timezone.now() - timedelta(seconds=1))  # lapsed
    assert ingest.run_once() == 3
    assert set(InboundEvent.objects.values_list("state", flat=True)) == {InboundEvent.State.FLAGGED}
