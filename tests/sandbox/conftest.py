"""Real HTTP: one sandbox and one stand-in for Sportello's webhook receiver, each in a thread, per session."""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sportello.sandbox import BusinessNumber, SandboxConfig, serve_in_thread, start_in_thread
from sportello.sandbox.template_store import DEFAULT_TEMPLATES

# shared/ sits beside the repository (here and in CI).
FIXTURES = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[3] / "shared" / "whatsapp-fixtures",
            Path("/work/shared/whatsapp-fixtures"),
        )
        if p.is_dir()
    ),
    None,
)
APP_SECRET = "test-app-secret"
NUMBER = BusinessNumber("111000000000001", "390600000001", "token-one", "999000000000001")
OTHER_NUMBER = BusinessNumber("111000000000002", "390200000002", "token-two", "999000000000002")
# Settings every test starts from (each test may change them through the API).
DEFAULTS: dict[str, Any] = {
    "app_secret": APP_SECRET,
    "throughput_per_second": 1000,
    "pair_burst": 45,
    "pair_interval_seconds": 6,
    "auto_deliver": True,
    "auto_read": False,
    "status_delay_ms": 1,
    "webhook_batch_max": 100,
    "webhook_max_attempts": 5,
    "webhook_retry_base_ms": 20,
}
# Templates the sandbox knows, approved (it refuses any other with 132001): its defaults, the short one these tests
# send, and those named by Meta's send examples (shared/whatsapp-fixtures/send/req_template_*.json).
TEMPLATES = [
    *DEFAULT_TEMPLATES,
    {"name": "t", "body": "Avviso"},
    {"name": "template-name", "language": "language-and-locale-code", "body": "{{1}} {{2}}"},
    {"name": "sample_issue_resolution", "language": "en_US", "body": "Hi {{1}}, was your issue resolved?"},
]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def fixture(name: str) -> dict[str, Any]:
    if FIXTURES is None:
        pytest.skip("shared/whatsapp-fixtures not found beside the repository")
    return json.loads((FIXTURES / name).read_text())


class Receiver:
    """Stands in for Sportello's webhook endpoint: records every POST, answers with scripted statuses."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.answers: deque[int] = deque()  # statuses to answer next; 200 when empty
        self.delay = 0.0  # seconds to wait before answering
        self.lock = threading.Lock()

    async def endpoint(self, request: Request) -> Response:
        body = await request.body()
        with self.lock:
            answer = self.answers.popleft() if self.answers else 200
            self.posts.append({"body": body, "headers": dict(request.headers), "answered": answer})
        if self.delay:
            await asyncio.sleep(self.delay)
        return Response("ok" if answer == 200 else "nope", answer)

    def clear(self) -> None:
        with self.lock:
            self.posts.clear()
            self.answers.clear()
        self.delay = 0.0

    def updates(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        """Every message/status delivered with 200, flattened: (kind, object, the change's value)."""
        with self.lock:
            posts = [p for p in self.posts if p["answered"] == 200]
        found = []
        for post in posts:
            for entry in json.loads(post["body"])["entry"]:
                for change in entry["changes"]:
                    value = change["value"]
                    found += [("message", m, value) for m in value.get("messages", [])]
                    found += [("status", s, value) for s in value.get("statuses", [])]
        return found

    def statuses(self, message_id: str) -> list[dict[str, Any]]:
        return [obj for kind, obj, _ in self.updates() if kind == "status" and obj["id"] == message_id]

    def message(self, message_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        for kind, obj, value in self.updates():
            if kind == "message" and obj["id"] == message_id:
                return obj, value
        raise AssertionError(f"no webhook for {message_id}")

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for webhooks")
            time.sleep(0.005)

    def wait_for_status(self, message_id: str, status: str, timeout: float = 5.0) -> dict[str, Any]:
        return self.wait_for(
            lambda: next((s for s in self.statuses(message_id) if s["status"] == status), None), timeout
        )


class Sandbox:
    """A thin client for the sandbox under test."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.graph = f"{base_url}/sandbox/graph/v23.0"
        self.http = httpx.Client(timeout=10)

    def send(
        self, body: dict[str, Any], token: str = NUMBER.access_token, number: str = NUMBER.phone_number_id
    ) -> httpx.Response:
        return self.http.post(
            f"{self.graph}/{number}/messages",
            json={"messaging_product": "whatsapp", **body},
            headers={"Authorization": f"Bearer {token}"},
        )

    def send_text(self, to: str, text: str = "Buongiorno", **extra: Any) -> str:
        response = self.send({"to": to, "type": "text", "text": {"body": text}, **extra})
        assert response.status_code == 200, response.text
        return response.json()["messages"][0]["id"]

    def citizen(self, **body: Any) -> dict[str, Any]:
        response = self.http.post(f"{self.base_url}/sandbox/api/send", json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, f"{self.base_url}/sandbox/api/{path}", **kwargs)

    def inbox(self, citizen: str) -> list[dict[str, Any]]:
        return self.api("GET", "inbox", params={"citizen": citizen}).json()["messages"]


@pytest.fixture(autouse=True)
def _isolated() -> None:
    """Replaces tests/conftest.py's Django settings fixture: the sandbox never touches Django."""


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    base, stop = serve_in_thread(
        Starlette(routes=[Route("/webhooks/whatsapp", receiver.endpoint, methods=["POST"])])
    )
    receiver.url = f"{base}/webhooks/whatsapp"  # type: ignore[attr-defined]
    yield receiver
    stop()


@pytest.fixture(scope="session")
def running_sandbox(receiver: Receiver) -> Iterator[Sandbox]:
    config = SandboxConfig(
        numbers=[NUMBER, OTHER_NUMBER],
        webhook_url=receiver.url,  # type: ignore[attr-defined]
        templates=TEMPLATES,
        **DEFAULTS,
    )
    running = start_in_thread(config)
    yield Sandbox(running.base_url)
    running.stop()


@pytest.fixture
def sandbox(running_sandbox: Sandbox, receiver: Receiver) -> Sandbox:
    """The shared sandbox, reset to defaults, with an empty receiver."""
    config = {**DEFAULTS, "webhook_url": receiver.url}  # type: ignore[attr-defined]
    assert running_sandbox.api("POST", "config", json=config).status_code == 200
    assert running_sandbox.api("POST", "reset").status_code == 200
    receiver.clear()
    return running_sandbox
