"""Issue 14: a WhatsApp webhook must be signed with the app secret of every account it names; any other town's
valid secret used to pass, and the events were then routed by phone_number_id into that other town's inbox."""

from __future__ import annotations

import asyncio
import json

import pytest

from sportello.connectors.whatsapp import accounts, fastpath, named
from sportello.conversations.models import InboundEvent
from tests.conftest import make_number, post_webhook, sign
from tests.connectors import payloads as p

pytestmark = pytest.mark.django_db

OURS, THEIRS, SIBLING = "1122334455667", "9988776655443", "5566778899001"


@pytest.fixture
def two_towns(db):
    ours = make_number(OURS, slug="cagliari")
    theirs = make_number(THEIRS, slug="quartu")
    theirs.app_secret, theirs.waba_id = "quartu-app-secret", "WABA-QUARTU"
    theirs.save()
    accounts.invalidate()
    return ours, theirs


def _body(*phone_number_ids: str) -> bytes:
    document = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA0", "changes": [p.change(p.text_message("ciao"), pid) for pid in phone_number_ids]}],
    }
    return json.dumps(document).encode()


def test_a_body_naming_another_towns_number_is_refused_with_our_secret(client, two_towns, caplog):
    assert post_webhook(client, _body(THEIRS)).status_code == 401  # signed with Cagliari's secret
    assert "another account" in caplog.text
    assert post_webhook(client, _body(OURS, THEIRS)).status_code == 401  # one foreign number among ours
    assert post_webhook(client, _body(THEIRS), secret="quartu-app-secret").status_code == 200
    assert post_webhook(client, _body(OURS)).status_code == 200
    assert InboundEvent.objects.count() == 2


def test_numbers_of_one_app_share_its_secret(client, two_towns):
    make_number(SIBLING, slug="cagliari")  # a second number of Cagliari's app: same secret
    accounts.invalidate()
    assert post_webhook(client, _body(OURS, SIBLING)).status_code == 200
    assert post_webhook(client, _body(SIBLING, THEIRS)).status_code == 401


def test_the_waba_named_by_an_entry_counts_too(client, two_towns):
    document = json.loads(_body(OURS))
    document["entry"][0]["id"] = "WABA-QUARTU"
    assert post_webhook(client, json.dumps(document).encode()).status_code == 401


@pytest.mark.parametrize("spelling", [
    '"phone_number_i\\u0064": "{id}"',        # the key escaped: json.loads still reads phone_number_id
    '"phone\\u005Fnumber_id": "{id}"',
    '"phone_number_id": "99887766\\u00355443"',  # the value escaped (THEIRS with one digit as \\u0035)
    '"phone_number_id": {id}',                # a number: the parser turns it into the same text
])
def test_the_named_number_cannot_be_hidden_by_json_spelling(client, two_towns, spelling):
    raw = _body(OURS).replace(f'"phone_number_id": "{OURS}"'.encode(), spelling.format(id=THEIRS).encode())
    assert THEIRS in {str(v) for v in [json.loads(raw)["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"]]}
    assert post_webhook(client, raw).status_code == 401


def test_a_citizens_words_cannot_name_an_account():
    text = json.dumps({"text": {"body": '"phone_number_id": "9988776655443", "id": "WABA-QUARTU"'}}).encode()
    assert named.phone_number_ids(text) == set() and "WABA-QUARTU" not in named.ids(text)


def test_the_asgi_fast_path_applies_the_same_rule(two_towns, monkeypatch):
    stored: list[bytes] = []

    async def store(channel: str, body: bytes) -> None:
        stored.append(body)

    monkeypatch.setattr(fastpath.writer, "store", store)
    accounts.secrets()  # warm the cache: the fast path reads it without the database

    def post(raw: bytes, secret: str) -> int:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/webhooks/whatsapp", "client": ("10.0.0.1", 1),
                 "headers": [(b"x-hub-signature-256", sign(raw, secret).encode())]}
        asyncio.run(fastpath.handle(scope, receive, send))
        return sent[0]["status"]

    assert post(_body(THEIRS), "test-app-secret") == 401
    assert post(_body(THEIRS), "quartu-app-secret") == 200
    assert len(stored) == 1
