"""Shared test fixtures: a municipality with a WhatsApp number, signed webhook posting, worker drains."""

from __future__ import annotations

import json
from pathlib import Path


import pytest  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "whatsapp"
APP_SECRET = "test-app-secret"
ACCESS_TOKEN = "test-access-token"
VERIFY_TOKEN = "test-verify-token"


def pytest_collection_modifyitems(items):
    """Inbound events live in their own database on SQLite: every database test may use both."""
    for item in items:
        for marker in item.iter_markers("django_db"):
            marker.kwargs.setdefault("databases", "__all__")


@pytest.fixture(autouse=True)
def _scopes_disabled_in_test_body():
    """Test bodies set up and inspect every town's rows freely. Requests do not inherit this: the tenant
    middleware starts each one with no scope (as in production), and live servers run in their own threads."""
    from sportello.core.scoping import scopes_disabled

    with scopes_disabled():
        yield


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Nothing in the test suite may ever reach Meta: the default Graph URL is a closed local port.
    settings.WHATSAPP_API_BASE_URL = "http://127.0.0.1:9/graph-unreachable"
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9/telegram-unreachable"  # nor Telegram
    # Rate-limit counters live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def make_number(phone_number_id: str = "1122334455667", *, slug: str = "cagliari", api_base_url: str = ""):
    from sportello.municipalities.models import Municipality
    from sportello.connectors.whatsapp.setup import ensure_whatsapp_number

    municipality, _ = Municipality.objects.get_or_create(slug=slug, defaults={"name": f"Comune di {slug.title()}"})
    return ensure_whatsapp_number(
        municipality,
        phone_number_id=phone_number_id,
        display_phone_number="+39 070 0000000",
        access_token=ACCESS_TOKEN,
        app_secret=APP_SECRET,
        verify_token=VERIFY_TOKEN,
        api_base_url=api_base_url,
    )


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    from sportello.connectors.whatsapp.signature import sign as _sign

    return _sign(body, secret)


def post_webhook(client, body: bytes | dict, *, secret: str = APP_SECRET, signature: str | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=True).encode()
    headers = {"HTTP_X_HUB_SIGNATURE_256": signature if signature is not None else sign(raw, secret)}
    return client.post("/webhooks/whatsapp", data=raw, content_type="application/json", **headers)


def run_tasks() -> None:
    """The task worker until no task is due (media downloads, receipts…), without the ingest loop or the outbox."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test", excluded_queue_names=[],
    ).run()


def drain_all() -> None:
    """Run every background loop until nothing is left: ingest, outbox, tasks (media, receipts)."""
    from sportello.conversations import ingest, outbox

    for _ in range(5):
        handled = ingest.drain() + outbox.drain()
        run_tasks()
        if not handled:
            break


@pytest.fixture
def number(db):
    return make_number()


from tests.browser import chromium  # noqa: E402,F401  (one shared Chromium, see tests/browser.py)
from tests.world import world  # noqa: E402,F401  (the end-to-end fixture, see tests/world.py)
from tests.mailserver import mailserver  # noqa: E402,F401  (Dovecot + OpenSMTPD on free ports, see tests/mailserver.py)
