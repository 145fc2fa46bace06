"""Search results show the matching words in <mark>, escaped, and never words moderation hid."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sportello.console.snippets import highlight
from sportello.conversations.models import Message
from tests.console.conftest import incoming, login

pytestmark = pytest.mark.django_db


def test_highlight_marks_every_match_and_escapes_the_rest():
    assert highlight("La buca in via Dante è profonda", "buca") == "La <mark>buca</mark> in via Dante è profonda"
    assert highlight("<b>Buche</b> ovunque & buca", "buca") == (
        "&lt;b&gt;Buche&lt;/b&gt; ovunque &amp; <mark>buca</mark>")
    assert highlight("Certificato anagrafico", "anagr") == "Certificato <mark>anagrafico</mark>"
    long = "parola " * 40 + "tributi " + "altro " * 40
    excerpt = highlight(long, "tributi")
    assert excerpt.startswith("…") and excerpt.endswith("…") and "<mark>tributi</mark>" in excerpt
    assert len(excerpt) < 160
    assert highlight("niente qui", "buca") is None


def test_inbox_search_shows_the_words_that_matched(client, town, operator):
    conversation = incoming(client, "Buongiorno, c'è una buca <script>x</script> in via Dante", phone="393330000001")
    incoming(client, "Grazie mille", phone="393330000001")
    login(client, operator)
    html = client.get("/?q=buca").content.decode()
    assert "una <mark>buca</mark> &lt;script&gt;x&lt;/script&gt; in via Dante" in html
    assert "<script>x" not in html
    # a hidden message is never the excerpt, nor a reason to match
    Message.objects.filter(conversation=conversation, text__contains="buca").update(
        hidden_at=timezone.now(), hidden_reason="moderazione")
    listed = client.get("/?q=buca").content.decode().split('id="conversation-list"')[1].split("</nav>")[0]
    assert "<mark>" not in listed and "0 conversazioni" in listed and "Dante" not in listed
