"""Two workers' batches holding the same new senders in different orders, at the same time (PostgreSQL).

A multi-row INSERT takes the unique index's locks row by row. Without one order for every worker, each batch can
hold a row the other is waiting for, and the server kills one with a deadlock; the worker then loses its whole
batch's work until the retry. With one order, one batch waits for the other and then fails on the unique index,
which the pipeline handles by redoing its batch one message at a time.

The interleaving is forced, not hoped for: a third transaction holds a sender both batches need, so the first batch
stops half-way through its insert while the second starts.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from sportello.citizens.batch import resolve_citizens
from sportello.citizens.identity import SenderIdentity
from sportello.citizens.models import Identity
from sportello.core.scoping import tenant_scope

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="SQLite has one writer at a time: inserts never interleave")

X, Z, Y = (SenderIdentity(phone=f"3934700000{n}", name=f"Cittadino {n}") for n in (1, 2, 3))


def _waiting_on_locks() -> int:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = "
                       "current_database()")
        return cursor.fetchone()[0]


def _until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_same_new_senders_in_opposite_orders_never_deadlock(number):
    municipality = number.municipality
    holding, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def hold_z() -> None:  # another worker, mid-batch, holding one of the senders
        try:
            with tenant_scope(municipality), transaction.atomic():
                resolve_citizens([(municipality, Z)])
                holding.set()
                release.wait(30)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        finally:
            connection.close()

    def batch(name: str, senders: list[SenderIdentity]) -> None:
        try:
            with tenant_scope(municipality), transaction.atomic():  # a thread starts with no scope
                resolve_citizens([(municipality, s) for s in senders])
            outcomes[name] = "stored"
        except IntegrityError:
            outcomes[name] = "lost the race"  # the pipeline redoes this batch message by message
        except Exception as exc:  # a deadlock is an OperationalError: the failure this test is about
            outcomes[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    holder = threading.Thread(target=hold_z)
    holder.start()
    assert holding.wait(10)
    first = threading.Thread(target=batch, args=("first", [X, Z, Y]))
    first.start()
    assert _until(lambda: _waiting_on_locks() >= 1), "the first batch should wait for the held sender"
    second = threading.Thread(target=batch, args=("second", [Y, X]))
    second.start()
    _until(lambda: _waiting_on_locks() >= 2 or "second" in outcomes, 3.0)
    release.set()
    for thread in (holder, first, second):
        thread.join(30)
    assert sorted(outcomes.values()) == ["lost the race", "stored"], outcomes
    stored = {"first": 3, "second": 2}[next(name for name, outcome in outcomes.items() if outcome == "stored")]
    assert Identity.objects.filter(municipality=municipality).count() == stored  # the holder's Z was rolled back
