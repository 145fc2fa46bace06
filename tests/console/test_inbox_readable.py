"""Codes made readable in one place: audit actions, choice values, connection errors (raw detail for administrators)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from sportello.console import readable
from tests.console.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_actions_choices_and_errors_read_as_sentences():
    assert readable.action_label("moderation.strike") == "Violazione registrata"
    assert readable.action_label("moderation.something_new") == "Moderazione: altra operazione"
    assert readable.action_label("weird") == "Operazione registrata"
    assert readable.choice_label("in_progress", "cases.Case.state") == "in lavorazione"
    assert readable.choice_label("", "cases.Case.state") == "—"
    assert readable.choice_label("nonsense", "cases.Case.state") == "altro"
    refused = readable.friendly_error("[Errno 111] Connection refused")
    assert refused.startswith("Il servizio esterno non risponde") and "Errno" not in refused
    assert "troppo tempo" in readable.friendly_error("HTTPSConnectionPool: Read timed out.")
    assert readable.friendly_error("Message undeliverable") == "Message undeliverable"  # a channel's own words stay
    assert readable.moderation_categories(["threat", "bogus"]) == "minacce, altro"


def test_raw_error_detail_only_for_administrators(town):
    template = Template("{% load readable %}{% friendly_error text %}")
    request = RequestFactory().get("/")
    request.user = make_staff("anna", town)
    shown = template.render(Context({"request": request, "text": "[Errno 111] Connection refused"}))
    assert "Errno" not in shown and "connessione rifiutata" in shown
    request.user = make_staff("root", town, role="administrator")
    shown = template.render(Context({"request": request, "text": "[Errno 111] Connection refused"}))
    assert 'title="[Errno 111] Connection refused"' in shown
