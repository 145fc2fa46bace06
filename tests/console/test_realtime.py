"""Server-sent events: fed from another process's writes (database channel) or from Redis, scoped by municipality."""

from __future__ import annotations

import json
import queue
import threading
import time
from typing import Any

import httpx
import pytest
from django.test import Client

from sportello.console.models import ConsoleEvent
from sportello.core import events
from tests.console.conftest import login, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(transactional_db):
    from sportello.asgi import django_application
    from sportello.sandbox.server import serve_in_thread

    url, stop = serve_in_thread(django_application)
    yield url
    stop()


class Stream:
    """Reads an SSE response over a raw socket (so closing it is immediate); `next_event()` → (event, data)."""

    def __init__(self, url: str, cookie: str):
        import socket
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        self.sock.sendall(
            f"GET /eventi/ HTTP/1.1\r\nHost: {parts.netloc}\r\nCookie: sessionid={cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        self.file = self.sock.makefile("rb")
        status = self.file.readline().decode()
        assert " 200 " in status, status
        while self.file.readline() not in (b"\r\n", b""):
            pass  # headers
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        kind = ""
        try:
            for raw in self.file:
                line = raw.decode().strip()
                if line.startswith("event: "):
                    kind = line[7:]
                elif "data: " in line:
                    self.events.put((kind, json.loads(line[line.index("data: ") + 6:])))
        except (OSError, ValueError):
            pass

    def next_event(self, timeout: float = 5) -> tuple[str, dict[str, Any]]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        import socket

        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def _session(user: Any) -> str:
    client = login(Client(), user)
    return client.cookies["sessionid"].value


@pytest.fixture
def two_towns(transactional_db):
    from tests.conftest import make_number

    a = make_number().account.municipality
    b = make_number("9988776655443", slug="sassari").account.municipality
    return a, b


def test_an_event_written_by_another_process_reaches_the_console(server, two_towns):
    town, other = two_towns
    stream = Stream(server, _session(make_staff("anna", town)))
    try:
        time.sleep(0.3)  # the hub has taken its starting position
        # Exactly what `sportello worker` does in its own process: a row, no in-process notification.
        ConsoleEvent.objects.create(municipality_id=other.pk, kind="message.created", data={"conversation": 99, "message": 1})
        ConsoleEvent.objects.create(municipality_id=town.pk, kind="message.created", data={"conversation": 7, "message": 2})
        started = time.monotonic()
        kind, data = stream.next_event()
        assert (kind, data["conversation"], data["message"]) == ("message.created", 7, 2)  # not the other town's
        assert time.monotonic() - started < 2
        events.publish(town.pk, "message.status", {"conversation": 7, "message": 2})  # through the bridge
        assert stream.next_event()[0] == "message.status"
    finally:
        stream.close()


def test_a_worker_batch_is_one_row_per_municipality_and_reaches_the_console_event_by_event(server, two_towns):
    from sportello.console.realtime.bridge import bridge_many

    town, other = two_towns
    stream = Stream(server, _session(make_staff("anna", town)))
    try:
        time.sleep(0.3)
        before = ConsoleEvent.objects.count()
        bridge_many([  # what the worker's pipeline publishes once its batch commits
            (town.pk, "message.created", {"conversation": 7, "message": 2}),
            (other.pk, "message.created", {"conversation": 99, "message": 1}),
            (town.pk, "routing.suggested", {"conversation": 7, "message": 2}),
            (town.pk, "message.created", {"conversation": 7, "message": 3}),
        ])
        assert ConsoleEvent.objects.count() == before + 2
        received = [stream.next_event() for _ in range(3)]
        assert [(kind, data["message"]) for kind, data in received] == [
            ("message.created", 2), ("routing.suggested", 2), ("message.created", 3)]
        events.publish(town.pk, "message.status", {"conversation": 7, "message": 3})  # a lone event: its own row
        assert stream.next_event()[0] == "message.status"  # nothing of the other town's came before it
        assert ConsoleEvent.objects.order_by("-pk").values_list("kind", flat=True).first() == "message.status"
    finally:
        stream.close()


def test_a_console_connecting_while_the_last_one_s_poller_winds_down_still_gets_events(server, two_towns, monkeypatch):
    """An operator moving to another page closes their stream and opens a new one: when theirs was the process's
    only stream, the poller is ending (closing its connection) just as the new stream subscribes. The new stream
    must get a poller of its own, not join the one that is ending."""
    from sportello.console.realtime import hub as hub_module

    town, _ = two_towns
    winding_down = threading.Event()
    close_db = hub_module._close_db

    def slow_close() -> None:
        winding_down.set()
        time.sleep(1.0)  # the window, widened: the poller has left its loop and is still running
        close_db()

    monkeypatch.setattr(hub_module, "_close_db", slow_close)
    session = _session(make_staff("anna", town))
    first = Stream(server, session)
    time.sleep(0.3)
    first.close()
    assert winding_down.wait(5), "the poller never noticed the stream had gone"
    second = Stream(server, session)
    try:
        events.publish(town.pk, "message.created", {"conversation": 7, "message": 2})
        kind, data = second.next_event(timeout=5)
        assert (kind, data["message"]) == ("message.created", 2)
    finally:
        second.close()


def test_a_console_reconnecting_after_a_packed_row_gets_only_what_came_after_it(server, two_towns):
    from sportello.console.realtime.bridge import bridge_many

    town, _ = two_towns
    bridge_many([(town.pk, "message.created", {"conversation": 1, "message": 1}),
                 (town.pk, "message.created", {"conversation": 1, "message": 2})])
    seen = ConsoleEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    bridge_many([(town.pk, "message.created", {"conversation": 1, "message": 3}),
                 (town.pk, "routing.suggested", {"conversation": 1, "message": 3})])
    from sportello.console.realtime.hub import _fetch_after

    read, missed = _fetch_after(seen)
    assert read == 1 and [(e.kind, e.data["message"], e.id) for e in missed] == [
        ("message.created", 3, seen + 1), ("routing.suggested", 3, seen + 1)]


def test_unauthenticated_and_unverified_streams_are_refused(server, two_towns):
    town, _ = two_towns
    assert httpx.get(f"{server}/eventi/").status_code == 401
    supervisor = make_staff("sara", town, role="supervisor")
    response = httpx.get(f"{server}/eventi/", headers={"Cookie": f"sessionid={_session(supervisor)}"})
    assert response.status_code in (302, 403)


def test_redis_backend_fans_out_between_processes(server, two_towns, settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.SPORTELLO_EVENTS_BACKEND = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    town, other = two_towns
    before = ConsoleEvent.objects.count()
    stream = Stream(server, _session(make_staff("anna", town)))
    try:
        deadline = time.monotonic() + 5
        while client.pubsub_numsub("sportello:events")[0][1] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Another process (a worker, another web server) publishing:
        client.publish("sportello:events", json.dumps({"m": other.pk, "k": "message.created", "d": {"conversation": 1}}))
        client.publish("sportello:events", json.dumps({"m": town.pk, "k": "message.created", "d": {"conversation": 5}}))
        kind, data = stream.next_event()
        assert (kind, data["conversation"]) == ("message.created", 5)
        # And this process publishing through core.events goes out on Redis too.
        events.publish(town.pk, "conversation.assigned", {"conversation": 5, "assignee": None})
        assert stream.next_event()[0] == "conversation.assigned"
        assert ConsoleEvent.objects.count() == before  # nothing written to the database channel
    finally:
        stream.close()
        client.close()


def test_on_postgresql_another_process_s_notify_wakes_the_console_before_the_next_poll(server, two_towns, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    import psycopg

    from sportello.console.realtime.hub import _postgres_params

    settings.SPORTELLO_EVENTS_POLL_SECONDS = 30  # only the notification can bring the event within the test's wait
    town, _ = two_towns
    stream = Stream(server, _session(make_staff("anna", town)))
    try:
        with psycopg.connect(autocommit=True, **_postgres_params()) as other_process:
            deadline = time.monotonic() + 5  # the hub's LISTEN is in place
            while time.monotonic() < deadline and not other_process.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE query ILIKE 'LISTEN sportello_console%'").fetchone():
                time.sleep(0.05)
            # What `sportello worker` does in its own process: the rows, then NOTIFY (bridge._notify_postgres).
            ConsoleEvent.objects.create(municipality_id=town.pk, kind="message.created",
                                        data={"conversation": 8, "message": 3})
            started = time.monotonic()
            other_process.execute("NOTIFY sportello_console")
            kind, data = stream.next_event(timeout=3)
        assert (kind, data["message"]) == ("message.created", 3)
        assert time.monotonic() - started < 2
    finally:
        stream.close()
