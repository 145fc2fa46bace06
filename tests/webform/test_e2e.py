"""End to end over HTTP: a citizen submits the form to the real ASGI app, the worker turns it into a
conversation, an operator answers through the API, and the answer arrives by SMTP at the citizen's real mailbox
(tests/mailserver.py: OpenSMTPD → Dovecot) with the link to the tracking page, which then shows it."""

from __future__ import annotations

import email
import email.policy
import re

import httpx
import pytest

from tests.webform.conftest import PICTURE, form_fields

pytestmark = pytest.mark.django_db(transaction=True)

CITIZEN = "cittadino@example.test"
URP = "urp@comune.test"


def test_form_to_inbox_to_emailed_answer(world, mailserver, settings):
    from sportello.api.models import ApiToken
    from sportello.connectors.email.setup import ensure_mailbox
    from sportello.connectors.webform.setup import ensure_webform
    from tests.staff import make_staff

    settings.SITE_URL = world.sportello_url
    ensure_webform(world.municipality)
    ensure_mailbox(world.municipality, address=URP, smtp_url=mailserver.smtp_url, display_name="URP di Cagliari")
    mailserver.empty(CITIZEN)
    _, secret = ApiToken.issue(make_staff("anna", world.municipality))
    api = {"Authorization": f"Bearer {secret}"}

    with httpx.Client(base_url=world.sportello_url, timeout=15) as browser:
        page = browser.get("/assistenza/")
        assert page.status_code == 200
        hidden = form_fields(page.text)
        response = browser.post("/assistenza/", data={
            **hidden, "category": "c0", "message": "La fontana di piazza Yenne perde acqua da ieri.",
            "address": "piazza Yenne", "email": CITIZEN, "name": "Carla Deiana", "consent": "on", "sito_web": "",
        }, files=[("attachments", ("fontana.png", PICTURE, "image/png"))])
        assert response.status_code == 302, response.text[:3000]
        tracking = response.headers["location"]
        assert re.fullmatch(r"/assistenza/stato/[\w-]{30,}/\?nuova=1", tracking)
        confirmation = browser.get(tracking).text
        reference = re.search(r"W-\d{4}-\d{6}", confirmation).group(0)
        assert "La Sua richiesta è stata registrata con il numero" in confirmation

        world.settle()

        conversations = browser.get("/api/v1/conversations", headers=api).json()
        [conversation] = [c for c in conversations if c["channel"] == "webform"]
        messages = browser.get(f"/api/v1/conversations/{conversation['id']}/messages", headers=api).json()
        assert "La fontana di piazza Yenne perde acqua da ieri." in messages[0]["text"]
        assert [a["filename"] for a in messages[0]["attachments"]] == ["fontana.png"]
        sent = browser.post(f"/api/v1/conversations/{conversation['id']}/messages", headers=api,
                            json={"type": "text", "text": "Buongiorno, la squadra dell'acquedotto interviene oggi."})
        assert sent.status_code == 201, sent.text

        world.settle()
        [(_, raw, _)] = mailserver.wait_for(CITIZEN, lambda found: len(found) >= 1)
        answer = email.message_from_bytes(raw, policy=email.policy.default)
        assert answer["Subject"] == f"Risposta alla Sua richiesta {reference} – Comune di Cagliari"
        assert answer["From"].addresses[0].addr_spec == URP
        assert answer["To"].addresses[0].addr_spec == CITIZEN
        body = answer.get_body(("plain",)).get_content()
        assert "la squadra dell'acquedotto interviene oggi" in body
        link = re.search(r"https?://\S+/assistenza/stato/[\w-]+/", body).group(0)
        assert link == world.sportello_url + tracking.split("?")[0]

        status_page = browser.get(link).text
        assert "la squadra dell&#x27;acquedotto interviene oggi" in status_page
        assert "Risposta inviata" in status_page and reference in status_page
