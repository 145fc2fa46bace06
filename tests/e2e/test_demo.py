"""`sportello demo` as a newcomer runs it: a real process with server, worker and sandbox on one port.

A message typed on the sandbox's phone page is stored; the reply sent through the REST API appears on the phone
with ticks. The README's demo walkthrough, step by step, gets its answers from the running demo.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser import screenshot

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "SANDBOX_", "DATABASE_URL"))}
    env.update(SPORTELLO_DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")
    env.pop("PYTEST_VERSION", None)  # the demo is not a test run: it uses the data directory it is given
    log = open(tmp_path / "demo.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sportello", "demo", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/sandbox/api/stats", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the demo did not start:\n" + (tmp_path / "demo.log").read_text()[-3000:])
    try:
        yield base, env
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_demo_phone_page_to_api_reply_with_ticks(demo, chromium):
    base, env = demo
    # The municipality side answers (the staff login page, or the console behind it).
    assert httpx.get(f"{base}/", follow_redirects=True, timeout=10).status_code == 200
    token = subprocess.run(
        [sys.executable, "-m", "sportello", "createtoken", "admin"], env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}"}

    context = chromium.new_context(viewport={"width": 1100, "height": 800}, locale="it-IT")
    try:
        page = context.new_page()
        page.goto(f"{base}/sandbox/")
        page.fill("#new-phone", "+39 347 555 0101")
        page.fill("#new-name", "Rosa Melis")
        page.click("#new-citizen button[type=submit]")
        page.fill("#text-input", "Buongiorno, come rinnovo la carta d'identità?")
        page.click("#send-button")
        expect(page.locator("#status-line")).to_contain_text("consegnato a Sportello", timeout=10000)

        conversation = None
        deadline = time.monotonic() + 20
        while conversation is None and time.monotonic() < deadline:
            listing = httpx.get(f"{base}/api/v1/conversations", headers=auth, timeout=10).json()
            conversation = listing[0] if listing else None
            time.sleep(0.2)
        assert conversation and conversation["citizen"]["name"] == "Rosa Melis"
        assert conversation["citizen"]["masked_identifier"].endswith("01")
        messages = httpx.get(f"{base}/api/v1/conversations/{conversation['id']}/messages", headers=auth).json()
        assert messages[0]["text"] == "Buongiorno, come rinnovo la carta d'identità?"

        reply = "Con la CIE: prenoti sull'agenda del Ministero, poi venga all'anagrafe con la foto."
        sent = httpx.post(
            f"{base}/api/v1/conversations/{conversation['id']}/messages", headers=auth, json={"type": "text", "text": reply},
        )
        assert sent.status_code == 201, sent.text
        bubble = page.locator(".bubble.theirs", has_text="prenoti sull'agenda")
        expect(bubble).to_be_visible(timeout=15000)
        # The chat is open on the phone, so the reply is read at once: blue ticks.
        expect(bubble.locator(".ticks.status-read")).to_be_visible(timeout=15000)
        screenshot(page, "sandbox-phone-demo")
    finally:
        context.close()

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        # The office's reply (outside office hours the demo's automatic closed reply is there too).
        statuses = [m["status"] for m in httpx.get(
            f"{base}/api/v1/conversations/{conversation['id']}/messages", headers=auth).json()
            if m["direction"] == "out" and m["text"] == reply]
        if statuses == ["read"]:
            break
        time.sleep(0.3)
    assert statuses == ["read"]


def _sandbox_send(base: str, citizen: str, **message) -> None:  # type: ignore[no-untyped-def]
    """What the README's curl does: no phone_number_id (the demo has one number)."""
    answer = httpx.post(f"{base}/sandbox/api/send", json={"citizen": citizen, **message}, timeout=15).json()
    assert answer.get("webhook_status") == 200, answer


def _inbox_until(base: str, citizen: str, count: int, timeout: float = 20) -> list[dict]:
    """The citizen's phone once it holds at least `count` messages (the demo's worker answers asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        inbox = httpx.get(f"{base}/sandbox/api/inbox", params={"citizen": citizen}, timeout=10).json()["messages"]
        if len(inbox) >= count or time.monotonic() > deadline:
            return inbox
        time.sleep(0.3)


def test_readme_steps_on_the_running_demo(demo):
    """The README's "The demo, step by step" against `sportello demo` itself, with only what the README shows:
    ISCRIVIMI (consent question, Accetto, welcome), STOP, a message timestamped 6:00 this morning (the closed
    reply), Open311 and the REST API with `sportello createtoken admin`, none naming the municipality."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    base, env = demo
    rosa = "+393475550101"
    _sandbox_send(base, rosa, type="text", text={"body": "ISCRIVIMI"})
    inbox = _inbox_until(base, rosa, 1)
    questions = [m for m in inbox if m.get("buttons")]
    assert questions, inbox
    assert "Informativa della lista «Notizie del Comune»" in questions[-1]["text"]
    accept = next(b for b in questions[-1]["buttons"] if b["title"] == "Accetto")
    seen = len(inbox)
    _sandbox_send(base, rosa, type="interactive", interactive={"type": "button_reply", "button_reply": accept})
    inbox = _inbox_until(base, rosa, seen + 1)
    assert any((m.get("text") or "").startswith("Benvenuto nella lista «Notizie del Comune» del Comune di Esempio!")
               for m in inbox[seen:]), inbox[seen:]

    seen = len(inbox)
    _sandbox_send(base, rosa, type="text", text={"body": "STOP"})
    inbox = _inbox_until(base, rosa, seen + 1)
    assert any("Notizie del Comune" in (m.get("text") or "") for m in inbox[seen:]), inbox[seen:]

    # Step 3: "as if written at 6:00 this morning" (yesterday's 6:00 when the night is not over yet).
    rome = ZoneInfo("Europe/Rome")
    six = datetime.now(rome).replace(hour=6, minute=0, second=0, microsecond=0)
    if six > datetime.now(rome) - timedelta(minutes=5):
        six -= timedelta(days=1)
    luca = "+393475550102"
    _sandbox_send(base, luca, type="text", text={"body": "A che ora aprite?"}, timestamp=int(six.timestamp()))
    [closed] = _inbox_until(base, luca, 1)
    assert closed["text"].startswith("Grazie per aver scritto all'URP del Comune di Esempio."), closed
    assert "Riapriamo" in closed["text"]

    # Step 4: no jurisdiction_id, no municipality.
    services = httpx.get(f"{base}/open311/v2/services.json", timeout=10)
    assert services.status_code == 200 and services.json(), services.text
    token = subprocess.run(
        [sys.executable, "-m", "sportello", "createtoken", "admin"], env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]
    conversations = httpx.get(f"{base}/api/v1/conversations", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert conversations.status_code == 200, conversations.text
    assert len(conversations.json()) == 2  # Rosa's and Luca's
