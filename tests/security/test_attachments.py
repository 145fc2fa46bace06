"""Issue 14: a citizen's file is shown in the browser only when it is an inert type whose bytes agree.

An SVG or HTML document, whatever type it was labelled with, is downloaded, never rendered in the operator's
session; every attachment view uses the same helper and sends `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from sportello.api.models import ApiToken
from sportello.cases import services
from sportello.conversations.models import Attachment
from tests.cases.conftest import PHOTO, conversation_with

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>fetch('/api/v1/conversations')</script></body></html>"
HOSTILE = [
    (SVG, "image/svg+xml", "mappa.svg"),
    (SVG, "image/png", "foto.png"),  # mislabelled: the bytes are not a PNG
    (HTML, "text/html", "modulo.html"),
    (HTML, "image/jpeg", "foto.jpg"),
    (b"<?xml version='1.0'?><x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>",
     "application/xhtml+xml", "pagina.xhtml"),
    (b"%PDF-1.7\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj", "application/pdf", "modulo.pdf"),
]


def _attachment(town, content: bytes, mime_type: str, filename: str) -> Attachment:  # type: ignore[no-untyped-def]
    conversation = conversation_with(town, "Vi mando il documento")
    message = conversation.messages.filter(direction="in").first()
    attachment = Attachment(message=message, kind="document", mime_type=mime_type, filename=filename,
                            state=Attachment.State.READY, size=len(content))
    attachment.file.save(filename, ContentFile(content), save=True)
    return attachment


def _assert_download(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;"), response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    essence = response["Content-Type"].split(";")[0]
    assert not any(word in essence for word in ("svg", "html", "xml", "javascript", "pdf"))
    assert "sandbox" in response["Content-Security-Policy"]


def _token(user) -> str:  # type: ignore[no-untyped-def]
    return ApiToken.issue(user, name="test")[1]


@pytest.mark.parametrize(("content", "mime_type", "filename"), HOSTILE)
def test_conversation_attachment_that_could_run_is_downloaded(town, content, mime_type, filename):
    attachment = _attachment(town, content, mime_type, filename)
    console = Client()
    console.force_login(town.urp)
    _assert_download(console.get(f"/attachments/{attachment.pk}"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(town.urp)}")
    _assert_download(api.get(f"/api/v1/attachments/{attachment.pk}/content"))


def test_a_real_photo_is_still_shown_inline(town):
    attachment = _attachment(town, PHOTO, "image/jpeg", "buca.jpg")
    console = Client()
    console.force_login(town.urp)
    response = console.get(f"/attachments/{attachment.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PHOTO


@pytest.mark.parametrize(("content", "mime_type", "filename"), HOSTILE[:4])
def test_case_attachment_that_could_run_is_downloaded(town, content, mime_type, filename):
    case = services.open_case(department=town.department("strade"), title="Buca", actor=town.urp)
    services.add_attachment(case, filename, content, mime_type, town.urp)
    # …and the same file linked from the citizen's message (a case's attachments may point at the chat's file).
    linked = _attachment(town, content, mime_type, filename)
    linked_case = services.open_case(department=town.department("strade"), title="Buca",
                                     conversation=linked.message.conversation, messages=[linked.message],
                                     actor=town.urp)
    console = Client()
    console.force_login(town.urp)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(town.urp)}")
    for item in (case, linked_case):
        for attachment in item.attachments.all():
            _assert_download(console.get(f"/pratiche/{item.pk}/allegati/{attachment.pk}"))
            _assert_download(api.get(f"/api/v1/cases/{item.pk}/attachments/{attachment.pk}/content"))
        assert item.attachments.exists()
