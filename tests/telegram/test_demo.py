"""`sportello demo` works for Telegram out of the box: the phone page's Telegram tab talks to a configured bot."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_bot_answers_start_with_the_welcome(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "SANDBOX_", "TELEGRAM_", "DATABASE_URL"))}
    env.update(SPORTELLO_DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")
    env.pop("PYTEST_VERSION", None)
    log = open(tmp_path / "demo.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sportello", "demo", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/sandbox"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/api/telegram/bots", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("the demo did not start:\n" + (tmp_path / "demo.log").read_text()[-3000:])
            time.sleep(0.3)
        assert httpx.get(f"{base}/telegram/").status_code == 200
        bots = httpx.get(f"{base}/api/telegram/bots").json()["bots"]
        assert bots[0]["webhook_url"] == f"http://127.0.0.1:{port}/webhooks/telegram"
        sent = httpx.post(f"{base}/api/telegram/send", json={"user": "Demo Utente", "type": "text", "text": "/start"}).json()
        assert sent["webhook_status"] == 200
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            inbox = httpx.get(f"{base}/api/telegram/inbox", params={"user": sent["chat_id"]}).json()["messages"]
            if inbox:
                break
            time.sleep(0.3)
        assert inbox and inbox[0]["text"].startswith("Benvenuto nel canale Telegram"), inbox
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
