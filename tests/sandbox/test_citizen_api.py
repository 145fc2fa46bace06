"""The citizen side: inbox, tapping buttons, reading, the phone page, configuration and reset."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from sportello.sandbox import SandboxConfig, beside, create_app, serve_in_thread

from .conftest import NUMBER, Receiver, Sandbox

CITIZEN = "+393331234567"
BUTTONS = {
    "type": "interactive",
    "interactive": {
        "type": "button",
        "body": {"text": "Vuole prenotare?"},
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": "book-yes", "title": "Sì, prenota"}},
                {"type": "reply", "reply": {"id": "book-no", "title": "No, grazie"}},
            ]
        },
    },
}
LIST = {
    "type": "interactive",
    "interactive": {
        "type": "list",
        "body": {"text": "Quale ufficio?"},
        "action": {
            "button": "Uffici",
            "sections": [
                {
                    "title": "Servizi",
                    "rows": [
                        {"id": "anagrafe", "title": "Anagrafe", "description": "Certificati e residenza"},
                        {"id": "tributi", "title": "Tributi"},
                    ],
                }
            ],
        },
    },
}


def test_inbox_shows_buttons_and_tapping_sends_the_interactive_reply(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Vorrei un appuntamento"})
    asked = sandbox.send({"to": CITIZEN, **BUTTONS}).json()["messages"][0]["id"]
    listed = sandbox.send({"to": CITIZEN, **LIST}).json()["messages"][0]["id"]
    inbox = sandbox.inbox(CITIZEN)
    assert [m["id"] for m in inbox] == [asked, listed]
    assert inbox[0]["buttons"] == [
        {"id": "book-yes", "title": "Sì, prenota"},
        {"id": "book-no", "title": "No, grazie"},
    ]
    assert inbox[0]["text"] == "Vuole prenotare?"
    assert inbox[1]["list"]["sections"][0]["rows"][0] == {
        "id": "anagrafe",
        "title": "Anagrafe",
        "description": "Certificati e residenza",
    }

    tap = sandbox.citizen(citizen=CITIZEN, type="interactive", interactive={"id": "book-yes"})["wamid"]
    message, _ = receiver.message(tap)
    assert message["type"] == "interactive"
    assert message["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "book-yes", "title": "Sì, prenota"},
    }
    assert message["context"] == {"from": NUMBER.display_phone_number, "id": asked}

    row = sandbox.citizen(citizen=CITIZEN, type="interactive", interactive={"id": "anagrafe"})["wamid"]
    assert receiver.message(row)[0]["interactive"] == {
        "type": "list_reply",
        "list_reply": {"id": "anagrafe", "title": "Anagrafe", "description": "Certificati e residenza"},
    }
    assert [m["id"] for m in sandbox.inbox(CITIZEN)[1:]] == [listed]  # `since` not given: all, oldest first
    assert (
        sandbox.api("GET", "inbox", params={"citizen": CITIZEN, "since": asked}).json()["messages"][0]["id"]
        == listed
    )


def test_template_rendered_and_quick_reply(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.api(
        "POST",
        "templates",
        json={
            "name": "conferma_appuntamento",
            "body": "Gentile {{1}}, confermi il {{2}}?",
            "buttons": ["Confermo", "Annulla"],
        },
    )
    sent = sandbox.send(
        {
            "to": CITIZEN,
            "type": "template",
            "template": {
                "name": "conferma_appuntamento",
                "language": {"code": "it"},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": "Anna"}, {"type": "text", "text": "3 marzo"}],
                    },
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "0",
                        "parameters": [{"type": "payload", "payload": "CONFIRM-7"}],
                    },
                    {
                        "type": "button",
                        "sub_type": "quick_reply",
                        "index": "1",
                        "parameters": [{"type": "payload", "payload": "CANCEL-7"}],
                    },
                ],
            },
        }
    ).json()["messages"][0]["id"]
    template = sandbox.inbox(CITIZEN)[0]["template"]
    assert template["name"] == "conferma_appuntamento" and template["language"] == "it"
    assert template["parameters"] == ["Anna", "3 marzo"]
    assert template["text"] == "Gentile Anna, confermi il 3 marzo?"
    assert [b["payload"] for b in template["buttons"]] == ["CONFIRM-7", "CANCEL-7"]
    tap = sandbox.citizen(citizen=CITIZEN, type="button", button={"payload": "CONFIRM-7"})["wamid"]
    message, _ = receiver.message(tap)
    assert message["button"] == {"payload": "CONFIRM-7", "text": "Confermo"}
    assert message["context"]["id"] == sent


def test_citizen_reading_sends_read_statuses(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    wamid = sandbox.send_text(CITIZEN)
    receiver.wait_for_status(wamid, "delivered")
    assert sandbox.api("POST", "read", json={"citizen": CITIZEN}).json() == {"read": 1}
    read = receiver.wait_for_status(wamid, "read")
    assert read["recipient_id"] == "393331234567"
    assert sandbox.api("POST", "read", json={"citizen": CITIZEN}).json() == {"read": 0}  # only once

    # the phone page viewing the chat does the same
    other = sandbox.send_text(CITIZEN, "Altro")
    receiver.wait_for_status(other, "delivered")
    sandbox.http.get(f"{sandbox.base_url}/sandbox/phone/chat", params={"citizen": CITIZEN, "viewing": "1"})
    receiver.wait_for_status(other, "read")


def test_voice_note_played(sandbox: Sandbox, receiver: Receiver) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    wamid = sandbox.send(
        {"to": CITIZEN, "type": "audio", "audio": {"link": "https://example.org/a.ogg"}}
    ).json()
    wamid = wamid["messages"][0]["id"]
    receiver.wait_for_status(wamid, "delivered")
    played = sandbox.http.post(f"{sandbox.base_url}/sandbox/phone/played", json={"message_id": wamid})
    assert played.json() == {"played": True}
    receiver.wait_for_status(wamid, "played")
    assert [s["status"] for s in receiver.statuses(wamid)] == ["sent", "delivered", "read", "played"]


def test_raw_message_is_sent_verbatim(sandbox: Sandbox, receiver: Receiver) -> None:
    raw = {
        "type": "unsupported",
        "errors": [{"code": 131051, "title": "Message type unknown"}],
        "id": "wamid.raw-1",
        "timestamp": "1700000000",
    }
    result = sandbox.citizen(citizen=CITIZEN, raw=raw)
    assert result["wamid"] == "wamid.raw-1"
    message, _ = receiver.message("wamid.raw-1")
    assert message == {**raw, "from": "393331234567", "from_user_id": message["from_user_id"]}


def test_citizens_api_and_bad_input(sandbox: Sandbox) -> None:
    created = sandbox.api("POST", "citizens", json={"citizen": "@lucia_b", "name": "Lucia"}).json()
    assert (
        created["phone"] is None and created["username"] == "lucia_b" and created["user_id"].startswith("IT.")
    )
    bulk = sandbox.api(
        "POST", "citizens", json={"citizens": [{"citizen": f"+3934000000{i:02d}"} for i in range(50)]}
    )
    assert bulk.json() == {"count": 50}
    listing = sandbox.api("GET", "citizens", params={"q": "lucia"}).json()
    assert listing["count"] == 1 and listing["citizens"][0]["name"] == "Lucia"
    assert (
        sandbox.api("POST", "send", json={"citizen": "not a phone", "text": {"body": "x"}}).status_code == 400
    )
    assert sandbox.api("POST", "send", json={"citizen": CITIZEN, "type": "hologram"}).status_code == 400
    assert sandbox.api("POST", "config", json={"throughput_per_second": -1}).status_code == 400
    assert sandbox.api("POST", "config", json={"no_such_setting": 1}).status_code == 400


def test_runtime_numbers_and_config(sandbox: Sandbox, receiver: Receiver) -> None:
    number = {
        "phone_number_id": "555000000000001",
        "display_phone_number": "+39 011 555 0001",
        "access_token": "token-torino",
        "waba_id": "555000000000009",
    }
    listing = sandbox.api("POST", "numbers", json=number).json()["numbers"]
    assert {
        "phone_number_id": "555000000000001",
        "display_phone_number": "390115550001",
        "waba_id": "555000000000009",
    } in listing
    assert all("access_token" not in n for n in listing)
    wamid = sandbox.citizen(
        citizen=CITIZEN, phone_number_id="555000000000001", type="text", text={"body": "Torino"}
    )["wamid"]
    _, value = receiver.message(wamid)
    assert value["metadata"]["phone_number_id"] == "555000000000001"
    response = sandbox.send(
        {"to": CITIZEN, "text": {"body": "Risposta"}}, token="token-torino", number="555000000000001"
    )
    assert response.status_code == 200

    sandbox.api("POST", "config", json={"app_secret": "rotated"})
    post = receiver.posts[-1]
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "dopo la rotazione"})
    assert receiver.posts[-1]["headers"]["x-hub-signature-256"] != post["headers"]["x-hub-signature-256"]
    assert sandbox.api("GET", "config").json()["webhook_url"] == receiver.url  # type: ignore[attr-defined]
    assert "app_secret" not in sandbox.api("GET", "config").json()


def test_reset_forgets_everything(sandbox: Sandbox) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    sandbox.send_text(CITIZEN)
    assert sandbox.api("POST", "reset").json() == {"ok": True}
    stats = sandbox.api("GET", "stats").json()
    assert stats["citizens"] == 0 and stats["messages"] == 0 and stats.get("sends_accepted", 0) == 0
    assert sandbox.inbox(CITIZEN) == []


def test_phone_page_and_static_files(sandbox: Sandbox) -> None:
    page = sandbox.http.get(f"{sandbox.base_url}/sandbox/")
    assert page.status_code == 200 and 'lang="it"' in page.text and "Nuovo cittadino" in page.text
    assert sandbox.http.get(f"{sandbox.base_url}/sandbox/static/phone.js").status_code == 200
    assert sandbox.http.get(f"{sandbox.base_url}/sandbox/static/phone.css").status_code == 200
    redirect = sandbox.http.get(f"{sandbox.base_url}/sandbox", follow_redirects=False)
    assert redirect.status_code in (302, 307) and redirect.headers["location"].endswith("/sandbox/")
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    chat = sandbox.http.get(f"{sandbox.base_url}/sandbox/phone/chat", params={"citizen": CITIZEN}).json()
    unchanged = sandbox.http.get(
        f"{sandbox.base_url}/sandbox/phone/chat", params={"citizen": CITIZEN, "version": chat["version"]}
    ).json()
    assert unchanged["unchanged"] is True


def test_from_env() -> None:
    config = SandboxConfig.from_env(
        {
            "SANDBOX_WEBHOOK_URL": "http://127.0.0.1:8000/webhooks/whatsapp",
            "SANDBOX_APP_SECRET": "s3cret",
            "SANDBOX_THROUGHPUT_PER_SECOND": "1000",
            "SANDBOX_AUTO_READ": "yes",
            "SANDBOX_NUMBERS_JSON": '[{"phone_number_id": "1", "display_phone_number": "+39 06 1",'
            ' "access_token": "t", "waba_id": "w"}]',
        }
    )
    assert config.webhook_url == "http://127.0.0.1:8000/webhooks/whatsapp"
    assert config.throughput_per_second == 1000.0 and config.auto_read is True and config.auto_deliver is True
    assert config.numbers[0].display_phone_number == "39061"
    assert SandboxConfig.from_env({}).numbers[0].access_token == "sandbox-token"
    with pytest.raises(ValueError, match="SANDBOX_AUTO_READ"):
        SandboxConfig.from_env({"SANDBOX_AUTO_READ": "maybe"})
    with pytest.raises(ValueError, match="SANDBOX_WEBHOOK_BATCH_MAX"):
        SandboxConfig.from_env({"SANDBOX_WEBHOOK_BATCH_MAX": "0"})


def test_beside_routes_by_prefix() -> None:
    other = Starlette(routes=[Route("/admin/", lambda r: PlainTextResponse("django"))])
    base, stop = serve_in_thread(beside(create_app(SandboxConfig()), other))
    try:
        assert httpx.get(f"{base}/admin/").text == "django"
        assert httpx.get(f"{base}/sandbox/api/stats").json()["citizens"] == 0
    finally:
        stop()


def test_sandbox_does_not_import_django() -> None:
    code = "import sys, sportello.sandbox.server; print(any('django' in m for m in sys.modules))"
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )


def test_oldest_messages_are_forgotten_beyond_max_messages() -> None:
    from sportello.sandbox.state import SandboxState

    state = SandboxState(SandboxConfig().numbers, max_messages=3)
    conv = state.conversation(state.first_number(), state.citizen(CITIZEN))
    ids = [
        state.add_message(conv, outbound=True, type="text", body={}, timestamp=0, status="accepted").id
        for _ in range(5)
    ]
    assert list(state.messages) == ids[2:] and [m.id for m in conv.messages] == ids[2:]
