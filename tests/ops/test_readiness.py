"""/readyz follows the database: 503 when it is unreachable or not migrated, while /healthz stays 200 (the process
itself is fine: an orchestrator must not restart it, only stop sending it traffic)."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest
from django.db import connection

from tests.ops.processes import child_env, free_port, ready, start_web, wait_until


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    closed = free_port()  # nothing listens there
    env = child_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed}/sportello", SPORTELLO_DATA_DIR=str(tmp_path))
    web, base = start_web(env, tmp_path / "web.log")
    try:
        assert httpx.get(f"{base}/healthz").status_code == 200
        response = httpx.get(f"{base}/readyz", timeout=20)
        assert response.status_code == 503
        assert response.json()["ready"] is False
        assert response.json()["database:default"].startswith("unreachable")
        metrics = httpx.get(f"{base}/metrics", timeout=20)
        assert metrics.status_code == 200 and "sportello_database_up 0.0" in metrics.text
    finally:
        web.terminate()


def test_readyz_waits_for_migrations(tmp_path):
    from tests.ops.test_backup import _manage

    env = child_env(SPORTELLO_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL")  # a new, empty SQLite database: never migrated
    web, base = start_web(env, tmp_path / "web.log")
    try:
        response = httpx.get(f"{base}/readyz", timeout=20)
        assert response.status_code == 503
        assert response.json()["migrations:default"] == "not applied"
        assert _manage(env, "migrate", "--noinput").returncode == 0
        wait_until(lambda: ready(base), 60, web.log)
    finally:
        web.terminate()


class _Relay:
    """A TCP relay in front of PostgreSQL that can be cut: the database "stops" for the server behind it."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.open = False
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self) -> None:
        self.open = True


@pytest.mark.django_db(transaction=True)
def test_readyz_follows_the_database_stopping_and_coming_back(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite is a file in the process: it cannot stop while the process runs")
    db = connection.settings_dict
    relay = _Relay(int(db["PORT"] or 5432))
    env = child_env(DATABASE_URL=f"postgres://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}",
                    SPORTELLO_CONN_MAX_AGE="600")  # a kept connection must notice the loss too
    web, base = start_web(env, tmp_path / "web.log")
    try:
        wait_until(lambda: ready(base), 60, web.log)
        relay.cut()
        wait_until(lambda: httpx.get(f"{base}/readyz", timeout=20).status_code == 503, 30, web.log)
        assert httpx.get(f"{base}/healthz").status_code == 200
        relay.restore()
        wait_until(lambda: ready(base), 30, web.log)
    finally:
        web.terminate()
