"""Issue 14: moderation's quarantine was bypassed through case pages and the case API: a message hidden after the
case was opened stayed readable in the case (title, description, linked messages) and its attachment was served."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from sportello.api.models import ApiToken
from sportello.cases import services
from sportello.conversations.models import Attachment
from tests.cases.conftest import PHOTO, conversation_with

pytestmark = pytest.mark.django_db

WORDS = "Sei un incapace, ti aspetto sotto casa"


@pytest.fixture
def quarantined(town):  # type: ignore[no-untyped-def]
    """A case opened from a message with a photo; the message is then hidden by a moderator."""
    conversation = conversation_with(town, WORDS, "Buca in via Roma")
    hidden, kept = conversation.messages.filter(direction="in").order_by("sent_at")
    photo = Attachment(message=hidden, kind="image", mime_type="image/jpeg", filename="foto.jpg",
                       state=Attachment.State.READY, size=len(PHOTO))
    photo.file.save("foto.jpg", ContentFile(PHOTO), save=True)
    case = services.open_case(
        department=town.department("strade"), title=WORDS[:120], description=f"{WORDS}\nBuca in via Roma",
        conversation=conversation, messages=[hidden, kept], actor=town.urp, latitude=39.2, longitude=9.1,
    )
    linked = case.attachments.get(source=photo)
    # What moderation's quarantine does to a message (sportello.moderation.services.quarantine).
    type(hidden).objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="minacce")
    return case, linked, hidden


def test_case_pages_do_not_show_hidden_words_or_files(town, quarantined):
    case, linked, _hidden = quarantined
    console = Client()
    console.force_login(town.urp)
    for url in (f"/pratiche/{case.pk}/", "/pratiche/", "/pratiche/mappa/segnalazioni.geojson"):
        page = console.get(url)
        assert page.status_code == 200, url
        assert WORDS.encode() not in page.content and b"incapace" not in page.content, url
    detail = console.get(f"/pratiche/{case.pk}/").content
    assert b"Buca in via Roma" in detail  # what is not hidden is still there
    assert f"/allegati/{linked.pk}".encode() not in detail
    assert console.get(f"/pratiche/{case.pk}/allegati/{linked.pk}").status_code == 404


def test_case_search_does_not_match_hidden_words(town, quarantined):
    case, _linked, _hidden = quarantined
    console = Client()
    console.force_login(town.urp)
    assert case.reference.encode() not in console.get("/pratiche/", {"q": "incapace", "stato": "tutte"}).content
    assert case.reference.encode() in console.get("/pratiche/", {"q": case.reference, "stato": "tutte"}).content


def test_case_api_does_not_serve_hidden_words_or_files(town, quarantined):
    case, linked, hidden = quarantined
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(town.urp)[1]}")
    for url in (f"/api/v1/cases/{case.pk}", "/api/v1/cases", f"/api/v1/cases/{case.pk}/attachments"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert b"incapace" not in response.content, url
    assert hidden.pk not in api.get(f"/api/v1/cases/{case.pk}").json()["messages"]
    assert api.get(f"/api/v1/cases/{case.pk}/attachments").json() == []
    assert api.get(f"/api/v1/cases/{case.pk}/attachments/{linked.pk}/content").status_code == 404
    case.refresh_from_db()
    assert WORDS in case.description  # redacted when shown, never rewritten: a release brings it back


def test_a_hidden_message_cannot_be_put_into_a_new_case(town, quarantined):
    _case, _linked, hidden = quarantined
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(town.urp)[1]}")
    refused = api.post("/api/v1/cases", {"conversation": hidden.conversation_id, "department": "strade",
                                         "messages": [hidden.pk]}, content_type="application/json")
    assert refused.status_code == 400
    console = Client()
    console.force_login(town.urp)
    form = console.get(f"/conversazioni/{hidden.conversation_id}/pratica/nuova")
    assert form.status_code == 200 and b"incapace" not in form.content
