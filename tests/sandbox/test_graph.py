"""The Graph API side: auth, validation like Meta, the platform rules, mark-as-read."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import NUMBER, OTHER_NUMBER, Receiver, Sandbox, fixture

CITIZEN = "+393331234567"


def error_of(response: Any, http_status: int, code: int) -> dict[str, Any]:
    assert response.status_code == http_status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].startswith(f"(#{code}) ") or error["type"] == "GraphMethodException"
    assert error["fbtrace_id"] and error["type"] in {"OAuthException", "GraphMethodException"}
    return error


def test_bad_or_missing_token_is_401_code_190(sandbox: Sandbox) -> None:
    body = {"to": CITIZEN, "type": "text", "text": {"body": "x"}}
    error = error_of(sandbox.send(body, token="wrong"), 401, 190)
    assert error["type"] == "OAuthException"
    assert error["error_data"] == {
        "messaging_product": "whatsapp",
        "details": "Invalid or missing access token.",
    }
    response = sandbox.http.post(f"{sandbox.graph}/{NUMBER.phone_number_id}/messages", json=body)
    error_of(response, 401, 190)
    # a valid token, but of another business number
    error_of(sandbox.send(body, token=OTHER_NUMBER.access_token), 400, 100)


def test_success_response_has_meta_shape_and_random_ids(sandbox: Sandbox) -> None:
    response = sandbox.send(
        {"to": "393331234567", "type": "text", "text": {"body": "x", "preview_url": True}}
    )
    reference = fixture("send/resp_send_message_ok.json")
    data = response.json()
    assert set(data) == set(reference)
    assert data["contacts"] == [{"input": "393331234567", "wa_id": "393331234567"}]
    other = sandbox.send({"to": "+39 333 123 4567", "text": {"body": "type defaults to text"}}).json()
    assert other["contacts"][0]["wa_id"] == "393331234567"
    assert data["messages"][0]["id"] != other["messages"][0]["id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"type": "text", "text": {"body": "x" * 4097}}, 100),
        ({"type": "text", "text": {}}, 100),
        ({"type": "carrier_pigeon", "carrier_pigeon": {}}, 100),
        ({"type": "image", "image": {"id": "123", "link": "https://x.it/a.png"}}, 131008),
        ({"type": "image", "image": {"id": "does-not-exist"}}, 100),
        (
            {
                "type": "interactive",
                "interactive": {
                    "type": "button",
                    "body": {"text": "Scegli"},
                    "action": {
                        "buttons": [
                            {"type": "reply", "reply": {"id": f"b{i}", "title": f"B{i}"}} for i in range(4)
                        ]
                    },
                },
            },
            131009,
        ),
        (
            {
                "type": "interactive",
                "interactive": {
                    "type": "button",
                    "body": {"text": "Scegli"},
                    "action": {"buttons": [{"type": "reply", "reply": {"id": "b", "title": "x" * 21}}]},
                },
            },
            131009,
        ),
        (
            {
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": "Scegli"},
                    "action": {
                        "button": "Uffici",
                        "sections": [
                            {"title": "A", "rows": [{"id": f"a{i}", "title": f"A{i}"} for i in range(6)]},
                            {"title": "B", "rows": [{"id": f"b{i}", "title": f"B{i}"} for i in range(5)]},
                        ],
                    },
                },
            },
            131009,
        ),
        ({"type": "template", "template": {"name": "avviso"}}, 131008),
        ({"type": "reaction", "reaction": {"emoji": "👍"}}, 131008),
    ],
)
def test_invalid_sends_are_400_like_meta(sandbox: Sandbox, body: dict[str, Any], code: int) -> None:
    error_of(sandbox.send({"to": CITIZEN, **body}), 400, code)


def test_messaging_product_is_required(sandbox: Sandbox) -> None:
    response = sandbox.http.post(
        f"{sandbox.graph}/{NUMBER.phone_number_id}/messages",
        json={"to": CITIZEN, "text": {"body": "x"}},
        headers={"Authorization": f"Bearer {NUMBER.access_token}"},
    )
    error_of(response, 400, 100)


def with_real_links(value: Any) -> Any:
    """The OpenAPI examples hold placeholders such as "http(s)://image-url"."""
    if isinstance(value, dict):
        return {
            k: "https://example.org/file" if k == "link" else with_real_links(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [with_real_links(v) for v in value]
    return value


def test_every_send_type_sportello_uses_is_accepted(sandbox: Sandbox) -> None:
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "Salve"})
    bodies = [
        fixture(f"send/{name}.json")
        for name in (
            "req_text",
            "req_text_preview_url",
            "req_image_by_link",
            "req_audio_by_link",
            "req_document_by_link",
            "req_location",
            "req_contacts",
            "req_reaction",
            "req_interactive_list_doc_example",
            "req_interactive_reply_buttons_doc_example",
            "req_template_text_params",
            "req_template_media_header",
            "req_template_quick_reply_buttons",
            "req_template_sample_issue_resolution",
            "req_interactive_flow_published",
        )
    ]
    for body in bodies:
        body = {**with_real_links(body), "to": CITIZEN}
        if body.get("type") == "interactive" and body["interactive"].get("header", {}).get("type") == "image":
            body["interactive"] = {**body["interactive"], "header": {"type": "text", "text": "Intestazione"}}
        response = sandbox.send(body)
        assert response.status_code == 200, (body, response.text)


def test_window_closed_fails_131047_while_templates_go_through(sandbox: Sandbox, receiver: Receiver) -> None:
    day_ago = int(time.time()) - 25 * 3600
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "ieri"}, timestamp=day_ago)
    text = sandbox.send_text(CITIZEN, "Troppo tardi")
    template = sandbox.send(
        {
            "to": CITIZEN,
            "type": "template",
            "template": {
                "name": "aggiornamento_pratica",
                "language": {"code": "it"},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": "PR-1"}]}],
            },
        }
    ).json()
    failed = receiver.wait_for_status(text, "failed")
    reference = fixture("status_failed.json")["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert set(reference) <= set(failed) | {"recipient_id"}
    assert failed["errors"][0]["code"] == 131047
    assert set(failed["errors"][0]) == set(reference["errors"][0])
    assert "pricing" not in failed and "conversation" not in failed
    template_id = template["messages"][0]["id"]
    sent = receiver.wait_for_status(template_id, "delivered")
    assert sent["pricing"]["category"] == "utility" and sent["pricing"]["billable"] is True
    inbox = {m["id"]: m for m in sandbox.inbox(CITIZEN)}
    assert inbox[text]["status"] == "failed" and inbox[text]["error"] == {
        "code": 131047,
        "title": "Re-engagement message",
    }
    assert inbox[template_id]["template"]["parameters"] == ["PR-1"]

    # once the citizen writes again, the window is open
    sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "oggi"})
    receiver.wait_for_status(sandbox.send_text(CITIZEN, "Ora sì"), "delivered")


def test_throughput_cap_130429(sandbox: Sandbox) -> None:
    sandbox.api("POST", "config", json={"throughput_per_second": 5})
    template = {"type": "template", "template": {"name": "t", "language": {"code": "it"}}}
    started = time.monotonic()
    results = [sandbox.send({"to": f"+39333000000{i}", **template}) for i in range(10)]
    elapsed = time.monotonic() - started
    accepted = [r for r in results if r.status_code == 200]
    # a full bucket of 5 (one second's worth), then 5 more per second: exact, whatever the machine's speed
    assert 5 <= len(accepted) <= 5 + int(elapsed * 5) + 1
    assert all(r.status_code == 200 for r in results[:5])
    rejected = [r for r in results if r.status_code != 200]
    assert rejected, f"ten sends took {elapsed:.2f}s"
    error = error_of(rejected[0], 400, 130429)
    reference = fixture("send/resp_error_130429_rate_limit.json")["error"]
    assert set(error) == set(reference)
    assert error["message"] == reference["message"] and error["error_data"] == reference["error_data"]
    time.sleep(0.25)  # one token back at 5 per second
    assert sandbox.send_text("+393330000009")
    stats = sandbox.api("GET", "stats").json()
    assert (
        stats["sends_rejected_130429"] == 10 - len(accepted) and stats["sends_accepted"] == len(accepted) + 1
    )


def test_pair_limit_131056(sandbox: Sandbox) -> None:
    for i in range(45):
        sandbox.send_text(CITIZEN, f"messaggio {i}")
    error = error_of(sandbox.send({"to": CITIZEN, "text": {"body": "uno di troppo"}}), 400, 131056)
    assert "pair rate limit" in error["message"]
    sandbox.send_text("+393339999999")  # another recipient is not affected
    # the same pair from another business number is not affected either
    response = sandbox.send(
        {"to": CITIZEN, "text": {"body": "dall'altro numero"}},
        token=OTHER_NUMBER.access_token,
        number=OTHER_NUMBER.phone_number_id,
    )
    assert response.status_code == 200


def test_undeliverable_recipient_fails_131026(sandbox: Sandbox, receiver: Receiver) -> None:
    flagged = sandbox.api("POST", "citizens", json={"citizen": "+393470000001", "undeliverable": True}).json()
    assert flagged["undeliverable"] is True
    response = sandbox.send(
        {"to": "+393470000001", "type": "template", "template": {"name": "t", "language": {"code": "it"}}}
    )
    assert response.status_code == 200
    failed = receiver.wait_for_status(response.json()["messages"][0]["id"], "failed")
    assert failed["errors"][0]["code"] == 131026 and failed["errors"][0]["title"] == "Message undeliverable"


def test_mark_as_read_shows_on_the_phone(sandbox: Sandbox) -> None:
    first = sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "uno"})["wamid"]
    second = sandbox.citizen(citizen=CITIZEN, type="text", text={"body": "due"})["wamid"]
    response = sandbox.send({"status": "read", "message_id": second, "typing_indicator": {"type": "text"}})
    assert response.status_code == 200 and response.json() == fixture("send/resp_mark_read_ok.json")
    chat = sandbox.http.get(f"{sandbox.base_url}/sandbox/phone/chat", params={"citizen": CITIZEN}).json()
    assert {m["id"]: m["status"] for m in chat["messages"]} == {first: "read", second: "read"}
    assert chat["typing"] is True
    error_of(sandbox.send({"status": "read", "message_id": "wamid.nope"}), 400, 100)


def test_injected_send_fault(sandbox: Sandbox) -> None:
    sandbox.api("POST", "faults", json={"send_fail_times": 1, "code": 131000})
    error_of(sandbox.send({"to": CITIZEN, "text": {"body": "x"}}), 500, 131000)
    assert sandbox.send({"to": CITIZEN, "text": {"body": "x"}}).status_code == 200
