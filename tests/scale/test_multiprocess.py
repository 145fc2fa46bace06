"""Stateless processes over PostgreSQL: two web servers and three workers share one database; a flood of webhooks
from many citizens goes to both servers, one worker is killed outright (SIGKILL) mid-flood, and every message is
still stored exactly once, in order within its conversation. The killed worker's claims expire after a short lease
(SPORTELLO_CLAIM_LEASE_SECONDS) and the other workers take them over."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection

from sportello.conversations.keys import message_key
from sportello.conversations.models import Conversation, InboundEvent, Message
from tests.conftest import make_number
from tests.ops import flood
from tests.ops.processes import Process, child_env, start_web, wait_until, wait_web, wait_worker

pytestmark = pytest.mark.django_db(transaction=True)

CITIZENS = 200
PER_CITIZEN = 12  # 2,400 messages
LEASE_SECONDS = "5"  # renewed while a worker lives (claims.keep_leases): short leases mean fast takeover


@pytest.fixture
def cluster(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several processes writing one database at once need PostgreSQL (SQLite has one writer per file)")
    make_number()
    env = child_env(SPORTELLO_CLAIM_LEASE_SECONDS=LEASE_SECONDS, SPORTELLO_SHUTDOWN_GRACE_SECONDS="2")
    processes: list[Process] = []
    try:
        started = [start_web(env, tmp_path / f"web{n}.log", wait=False) for n in range(2)]
        processes += [web for web, _ in started]
        workers = [Process(["worker", "--only", "ingest,outbox,tasks"], env, tmp_path / f"worker{n}.log") for n in range(3)]
        processes += workers
        for web, base in started:
            wait_web(web, base)
        for worker in workers:
            wait_worker(worker)
        yield [base for _, base in started], workers
    finally:
        for process in processes:
            if process.popen.poll() is None:
                process.kill()


def test_two_webs_three_workers_one_killed_every_message_once_in_order(cluster):
    webs, workers = cluster
    start = int(time.time()) - 3600
    # Each citizen's messages go out in order (as Meta delivers them), alternating between the two servers.
    def citizen_sends(citizen: int) -> list[int]:
        codes = []
        with httpx.Client(timeout=30) as client:
            for seq, base in zip(range(PER_CITIZEN), itertools.cycle(webs[citizen % 2:] + webs[:citizen % 2])):
                body = flood.webhook(citizen, seq, start=start)
                codes.append(client.post(f"{base}/webhooks/whatsapp", content=body, headers=flood.headers(body)).status_code)
        return codes

    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(citizen_sends, citizen) for citizen in range(CITIZENS)]
        # Mid-flood, once the workers are busy: one of them dies without a chance to clean up.
        wait_until(lambda: Message.objects.filter(direction="in").count() >= 100, 180, lambda: _state(workers))
        workers[0].kill()
        codes = [code for future in futures for code in future.result()]
    assert codes.count(200) == len(codes) == CITIZENS * PER_CITIZEN

    pending = InboundEvent.objects.filter(state=InboundEvent.State.PENDING)
    # Upper bounds generous enough for a busy shared machine; the test asserts outcomes, never timings.
    wait_until(lambda: not pending.exists(), 400, lambda: _state(workers))
    assert InboundEvent.objects.count() == CITIZENS * PER_CITIZEN
    assert set(InboundEvent.objects.values_list("state", flat=True)) == {InboundEvent.State.DONE}

    inbound = Message.objects.filter(direction="in")
    keys = list(inbound.values_list("external_key", flat=True))
    expected = {message_key("whatsapp", flood.wamid(c, s)) for c in range(CITIZENS) for s in range(PER_CITIZEN)}
    assert len(keys) == len(set(keys)) == CITIZENS * PER_CITIZEN
    assert set(keys) == expected
    # One conversation per citizen, its messages in the order the citizen wrote them.
    assert Conversation.objects.count() == CITIZENS
    for conversation in Conversation.objects.all():
        texts = list(conversation.messages.filter(direction="in").values_list("text", flat=True))
        assert texts == [f"messaggio {seq}" for seq in range(PER_CITIZEN)], conversation.pk
    for worker in workers[1:]:
        assert worker.terminate() == 0, worker.log()


def _state(workers: list[Process]) -> str:
    from django.db.models import Count

    states = dict(InboundEvent.objects.values_list("state").annotate(n=Count("id")))
    problems = set(InboundEvent.objects.exclude(problem="").values_list("problem", flat=True)[:3])
    return f"events {states}, problems {problems}\n" + "\n".join(w.log() for w in workers)
