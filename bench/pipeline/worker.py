"""One process of the pipeline bench (configured by the environment like `sportello worker`).

    worker.py seed N      store N new-citizen message bodies (and some status bodies) as acknowledged events
    worker.py drain       wait for "go" on stdin, run the worker's ingest loop (`ingest.run_once`) until nothing
                          is left to claim, print JSON: events handled, queries, start and end times
    worker.py count       print JSON: messages stored, events still pending

Queries are counted on every database alias with an execute wrapper (no query log kept in memory).
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sportello.settings")


def close_the_office() -> None:
    """The office is closed during the run, whatever the clock says: every message takes the heavier path (the
    out-of-hours automatic reply), as the replies to an evening alert do, and runs at different hours compare."""
    from datetime import timedelta

    from django.utils import timezone

    from sportello.policies.models import Closure, ServicePolicy

    today = timezone.localdate()
    for policy in ServicePolicy.objects.all():
        Closure.objects.create(policy=policy, name="Bench", starts=today - timedelta(days=1),
                               ends=today + timedelta(days=1))


def seed(count: int) -> None:
    from sportello.conversations.models import InboundEvent
    from bench.pipeline.workload import bodies

    close_the_office()
    raw, messages = bodies(count, os.environ["WHATSAPP_PHONE_NUMBER_ID"])
    for start in range(0, len(raw), 500):
        InboundEvent.objects.bulk_create([InboundEvent(channel="whatsapp", body=b) for b in raw[start:start + 500]])
    print(json.dumps({"events": len(raw), "messages": messages}))


def drain() -> None:
    from django.db import connections

    from sportello.conversations import ingest
    from sportello.conversations.models import InboundEvent

    InboundEvent.objects.exists()  # connect before the clock starts
    ingest.prepare()  # as the worker's ingest loop does when it starts
    queries = 0

    def counting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    print("ready", flush=True)
    sys.stdin.readline()
    started = time.time()
    handled = 0
    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(counting))
        while n := ingest.run_once(limit=int(os.environ.get("BENCH_CLAIM_LIMIT", "0")) or ingest.BATCH):
            handled += n
    print(json.dumps({"events": handled, "queries": queries, "started": started, "ended": time.time()}), flush=True)


def count() -> None:
    from sportello.conversations.models import InboundEvent, Message

    print(json.dumps({
        "messages": Message.objects.filter(direction="in").count(),
        "pending": InboundEvent.objects.filter(state="pending").count(),
        "flagged": InboundEvent.objects.exclude(state__in=["pending", "done"]).count(),
    }))


if __name__ == "__main__":
    import django

    django.setup()
    from django_scopes import scopes_disabled  # workers run unscoped (see the tenancy note in the README)

    with scopes_disabled():
        {"seed": lambda: seed(int(sys.argv[2])), "drain": drain, "count": count}[sys.argv[1]]()
