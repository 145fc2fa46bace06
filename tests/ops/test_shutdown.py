"""SIGTERM stops `sportello web`, `worker` and `demo` cleanly (children included); a stopped worker gives back the
work it had claimed and a restarted worker finishes it, each message stored once."""

from __future__ import annotations

import os
import time

import httpx
import pytest
from django.utils import timezone

from sportello.conversations.models import InboundEvent, Message
from tests.conftest import make_number
from tests.ops import flood
from tests.ops.processes import Process, alive, child_env, children_of, free_port, ready, start_web, wait_until, wait_web

pytestmark = pytest.mark.django_db(transaction=True)


def test_web_stops_on_sigterm(tmp_path):
    web, base = start_web(child_env(), tmp_path / "web.log")
    try:
        wait_until(lambda: ready(base), 60, web.log)
    except BaseException:
        web.kill()
        raise
    code = web.terminate(timeout=20)
    # uvicorn finishes what is in flight, then ends by the signal it was given (or 0).
    assert code in (0, -15), web.log()
    assert "Finished server process" in web.log()


def test_stopped_worker_releases_its_claims_and_a_restarted_worker_takes_over(tmp_path):
    make_number()
    count = 30
    InboundEvent.objects.bulk_create(
        [InboundEvent(channel="whatsapp", body=flood.webhook(n, 1)) for n in range(count)]
    )
    # A long lease: what the next worker gets, it gets because the first gave it back, not because it expired.
    slow = Process(
        ["worker", "--only", "ingest"],
        child_env(DJANGO_SETTINGS_MODULE="tests.ops.slow_settings", SPORTELLO_CLAIM_LEASE_SECONDS="600",
                  SPORTELLO_SHUTDOWN_GRACE_SECONDS="0.5"),
        tmp_path / "slow.log",
    )
    wait_until(lambda: InboundEvent.objects.filter(claimed_until__gt=timezone.now()).exists(), 30, slow.log)
    time.sleep(1)  # some messages in, most still in hand
    assert slow.terminate(timeout=20) == 0, slow.log()
    assert "released" in slow.log()
    pending = InboundEvent.objects.filter(state=InboundEvent.State.PENDING)
    assert pending.exists(), "the slow worker finished everything: the test proves nothing"
    assert not pending.filter(claimed_until__gt=timezone.now()).exists()

    worker = Process(["worker", "--only", "ingest"], child_env(SPORTELLO_CLAIM_LEASE_SECONDS="600"), tmp_path / "w.log")
    try:
        wait_until(lambda: not pending.exists(), 60, worker.log)
    finally:
        assert worker.terminate() == 0, worker.log()
    inbound = Message.objects.filter(direction="in")
    assert inbound.count() == count
    assert inbound.values("external_key").distinct().count() == count
    assert set(InboundEvent.objects.values_list("state", flat=True)) == {InboundEvent.State.DONE}


def test_demo_stops_with_its_children(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "SANDBOX_", "DATABASE_URL"))}
    env.pop("PYTEST_VERSION", None)
    env.update(SPORTELLO_DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")
    demo = Process(["demo", "--port", str(port)], env, tmp_path / "demo.log")
    try:
        wait_until(lambda: _ok(f"http://127.0.0.1:{port}/healthz"), 300, demo.log)  # migrates a new database first
        wait_until(lambda: children_of(demo.pid), 10, demo.log)
        children = children_of(demo.pid)
    except BaseException:
        demo.kill()
        raise
    code = demo.terminate(timeout=40)
    assert code in (0, 143, -15), demo.log()
    wait_until(lambda: not [pid for pid in children if alive(pid)], 10, demo.log)


def _ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_web_with_several_processes_shares_metrics_and_stops_with_them(tmp_path):
    from prometheus_client.parser import text_string_to_metric_families

    from tests.ops.flood import headers, webhook

    make_number()
    web, base = start_web(child_env(), tmp_path / "web.log", "--workers", "2", wait=False)
    try:
        wait_web(web, base, timeout=180)
        children = children_of(web.pid)
        for n in range(6):  # spread over both processes by the kernel
            body = webhook(n, 0)
            assert httpx.post(f"{base}/webhooks/whatsapp", content=body, headers=headers(body)).status_code == 200
        text = httpx.get(f"{base}/metrics", timeout=20).text
    except BaseException:
        web.kill()
        raise
    counts = {tuple(sorted(s.labels.items())): s.value for family in text_string_to_metric_families(text)
              for s in family.samples if s.name == "sportello_webhook_ack_seconds_count"}
    # Whichever process answered the scrape, it reports the acknowledgements of both (multiprocess mode).
    assert counts[(("channel", "whatsapp"), ("code", "200"))] == 6
    assert web.terminate(timeout=30) in (0, -15), web.log()
    assert len(children) >= 2
    wait_until(lambda: not [pid for pid in children if alive(pid)], 10, web.log)
