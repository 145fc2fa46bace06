"""Message templates in the sandbox: Meta's list endpoint (paged), creation and review with the status webhook,
and 132001 for a template the WABA does not have approved in that language."""

from __future__ import annotations

import json

import pytest

from sportello.sandbox.config import SandboxConfig

from .conftest import NUMBER, OTHER_NUMBER, TEMPLATES, Receiver, Sandbox, fixture

CITIZEN = "+393471234500"


def _list(sandbox: Sandbox, waba: str = NUMBER.waba_id, token: str = NUMBER.access_token, **params: str):
    return sandbox.http.get(f"{sandbox.graph}/{waba}/message_templates", params=params,
                            headers={"Authorization": f"Bearer {token}"})


def _template_send(sandbox: Sandbox, name: str, language: str = "it"):
    return sandbox.send({"to": CITIZEN, "type": "template",
                         "template": {"name": name, "language": {"code": language}}})


def test_list_is_paged_with_cursors_and_filters_fields(sandbox: Sandbox) -> None:
    seen: list[dict] = []
    params = {"limit": "4", "fields": "name,status"}
    pages = 0
    while True:
        answer = _list(sandbox, **params)
        assert answer.status_code == 200, answer.text
        document = answer.json()
        pages += 1
        seen += document["data"]
        assert all(set(t) == {"id", "name", "status"} for t in document["data"])
        if "next" not in document["paging"]:
            break
        assert f"after={document['paging']['cursors']['after']}" in document["paging"]["next"]
        params = {**params, "after": document["paging"]["cursors"]["after"]}
    assert [t["name"] for t in seen] == sorted(t["name"] for t in TEMPLATES)
    assert pages == -(-len(TEMPLATES) // 4)
    full = _list(sandbox, name="allerta_immagine").json()["data"]
    assert full == [{
        "id": full[0]["id"], "name": "allerta_immagine", "language": "it", "status": "APPROVED", "category": "UTILITY",
        "parameter_format": "POSITIONAL", "rejected_reason": "NONE", "quality_score": {"score": "UNKNOWN"},
        "components": [{"type": "HEADER", "format": "IMAGE"}, {"type": "BODY", "text": "Comunicazione del {{1}}: {{2}}"}],
    }]


def test_list_needs_a_token_of_that_waba(sandbox: Sandbox) -> None:
    assert _list(sandbox, token="wrong").json()["error"]["code"] == 190
    other = _list(sandbox, token=OTHER_NUMBER.access_token)
    assert other.status_code == 400 and other.json()["error"]["error_subcode"] == 33


def test_unknown_unapproved_or_untranslated_templates_are_refused_with_132001(sandbox: Sandbox) -> None:
    reference = fixture("send/resp_error_130429_rate_limit.json")["error"]  # Meta's error shape
    unknown = _template_send(sandbox, "non_esiste")
    assert unknown.status_code == 400
    error = unknown.json()["error"]
    assert set(error) == set(reference) - {"error_subcode"}  # Meta sends none with 132001
    assert error["code"] == 132001 and error["message"] == "(#132001) Template name does not exist in the translation"
    assert error["error_data"]["details"] == "template name (non_esiste) does not exist in it"
    assert _template_send(sandbox, "risposta_urp", "en").json()["error"]["code"] == 132001
    created = sandbox.http.post(
        f"{sandbox.graph}/{NUMBER.waba_id}/message_templates",
        json={"name": "nuovo_avviso", "language": "it", "category": "UTILITY",
              "components": [{"type": "BODY", "text": "Avviso: {{1}}"}]},
        headers={"Authorization": f"Bearer {NUMBER.access_token}"},
    ).json()
    assert created["status"] == "PENDING"
    pending = _template_send(sandbox, "nuovo_avviso").json()["error"]
    assert pending["code"] == 132001 and "PENDING" in pending["error_data"]["details"]
    assert _template_send(sandbox, "risposta_urp").status_code == 200
    assert sandbox.api("GET", "stats").json()["sends_rejected_132001"] == 3


def _last_template_webhook(receiver: Receiver) -> tuple[dict, dict]:
    """The latest template webhook (status webhooks of earlier sends may arrive around it): its body and headers."""
    for post in reversed(receiver.posts):
        body = json.loads(post["body"])
        if body["entry"][0]["changes"][0]["field"] == "message_template_status_update":
            return body, post["headers"]
    raise AssertionError("no template webhook")


def test_review_sends_metas_status_webhook_and_makes_the_template_usable(sandbox: Sandbox, receiver: Receiver) -> None:
    created = sandbox.http.post(
        f"{sandbox.graph}/{NUMBER.waba_id}/message_templates",
        json={"name": "chiusura_scuole", "language": "it", "category": "UTILITY",
              "components": [{"type": "BODY", "text": "Scuole chiuse il {{1}}."}]},
        headers={"Authorization": f"Bearer {NUMBER.access_token}"},
    ).json()
    answer = sandbox.api("POST", f"message_templates/{created['id']}/review", json={"event": "approved"}).json()
    assert answer["webhook_status"] == 200 and answer["template"]["status"] == "APPROVED"
    body, headers = _last_template_webhook(receiver)
    reference = fixture("template_status_approved.json")
    assert set(body) == set(reference) and body["entry"][0]["id"] == NUMBER.waba_id
    change, expected = body["entry"][0]["changes"][0], reference["entry"][0]["changes"][0]
    assert change["field"] == expected["field"] == "message_template_status_update"
    assert set(change["value"]) == set(expected["value"])
    assert change["value"]["event"] == "APPROVED" and change["value"]["message_template_name"] == "chiusura_scuole"
    assert headers["x-hub-signature-256"].startswith("sha256=")
    assert _template_send(sandbox, "chiusura_scuole").status_code == 200

    sandbox.api("POST", f"message_templates/{created['id']}/review", json={"event": "REJECTED", "reason": "SCAM"})
    rejected = _last_template_webhook(receiver)[0]["entry"][0]["changes"][0]["value"]
    assert (rejected["event"], rejected["reason"], rejected["rejection_info"]["reason"]) == ("REJECTED", "SCAM", "SCAM")
    assert _template_send(sandbox, "chiusura_scuole").json()["error"]["code"] == 132001
    bad = sandbox.api("POST", f"message_templates/{created['id']}/review", json={"event": "MAYBE"})
    assert bad.status_code == 400


def test_seeded_templates_survive_a_reset_and_runtime_ones_do_not(sandbox: Sandbox) -> None:
    sandbox.api("POST", "message_templates", json={"name": "provvisorio", "body": "x"})
    assert _template_send(sandbox, "provvisorio").status_code == 200
    sandbox.api("POST", "reset")
    assert _template_send(sandbox, "provvisorio").json()["error"]["code"] == 132001
    assert _template_send(sandbox, "sondaggio_gradimento").status_code == 200


def test_templates_from_the_environment_are_validated() -> None:
    config = SandboxConfig.from_env({"SANDBOX_TEMPLATES": '[{"name": "a", "body": "b", "category": "utility"}]'})
    assert config.templates == [{"name": "a", "body": "b", "category": "utility"}]
    with pytest.raises(ValueError, match="SANDBOX_TEMPLATES"):
        SandboxConfig.from_env({"SANDBOX_TEMPLATES": '[{"name": "a", "body": "b", "category": "SPAM"}]'})
    assert {t["name"] for t in SandboxConfig().templates} >= {"risposta_urp", "sondaggio_gradimento"}
