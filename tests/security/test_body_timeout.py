"""Issue 14: there was no request-body timeout: a client announcing a body and trickling it held a worker's slot
for as long as it liked (slowloris). Against a live uvicorn server, over a raw socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):  # type: ignore[no-untyped-def]
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="sportello.settings", SPORTELLO_DATA_DIR=str(tmp_path / "data"),
               SPORTELLO_BODY_TIMEOUT_SECONDS="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sportello.asgi:application", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("uvicorn did not start: " + process.stderr.read().decode()[-2000:])
    yield port
    process.terminate()
    process.wait(timeout=20)


def _slow_post(port: int, path: str) -> tuple[bytes, float]:
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        started = time.monotonic()
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: 100000\r\n\r\n{\"entry\":".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)  # the rest of the body never comes
            if not chunk:
                break
            answer += chunk
        return answer, time.monotonic() - started


@pytest.mark.parametrize("path", ["/webhooks/whatsapp", "/accesso/"])
def test_a_body_that_does_not_arrive_gets_408_in_time(server, path):
    answer, elapsed = _slow_post(server, path)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert elapsed < 10


def test_a_complete_body_is_not_affected(server):
    with socket.create_connection(("127.0.0.1", server), timeout=15) as sock:
        sock.sendall(b"POST /webhooks/whatsapp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}")
        answer = sock.recv(4096)
    # Handled (this server has no migrated database, so the webhook answers 503), not cut short as slow.
    assert answer.startswith(b"HTTP/1.1 ") and not answer.startswith(b"HTTP/1.1 408"), answer[:200]
