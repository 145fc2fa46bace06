"""Channel modes and redirects: channel-neutral labels, validation, audit."""

from __future__ import annotations

import pytest

from sportello.core.models import AuditEntry
from sportello.policies.models import ChannelPolicy, Redirect


@pytest.mark.django_db
def test_channel_list_names_accounts_without_channel_codes(office):
    body = office.client().get("/impostazioni/canali/").content.decode()
    assert "Telegram · Borgo informa" in body and "bidirezionale" in body
    assert "Altrove" not in body.split("<main", 1)[1]


@pytest.mark.django_db
def test_information_only_needs_a_redirect_text(office):
    url = f"/impostazioni/canali/{office.account.pk}/"
    response = office.client().post(url, {"mode": "info_only", "report_redirect_text": "  "})
    assert response.status_code == 200 and "dove inviare segnalazioni e reclami" in response.content.decode()
    assert not ChannelPolicy.objects.exists()


@pytest.mark.django_db
def test_changing_the_mode_is_saved_and_audited(office):
    url = f"/impostazioni/canali/{office.account.pk}/"
    client = office.client()
    response = client.post(url, {"mode": "info_only", "report_redirect_text": "Le segnalazioni su {sito}."})
    assert response.status_code == 302
    policy = ChannelPolicy.objects.get(account=office.account)
    assert policy.mode == "info_only"
    entry = AuditEntry.objects.get(action="settings.channel_changed")
    assert entry.actor == office.supervisor and entry.data["mode"] == "info_only"
    assert "solo informazioni" in client.get("/impostazioni/canali/").content.decode()


@pytest.mark.django_db
def test_redirect_topics_as_tokens(office):
    client = office.client()
    response = client.post("/impostazioni/rinvii/nuovo/", {
        "name": "Carta d'identità", "kind": "booking", "topics": "carta d'identità, CIE\nresidenza, cie",
        "text": "Prenoti su {sito}.", "active": "on",
    })
    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert redirect.municipality == office.town and redirect.topics == ["carta d'identità", "CIE", "residenza"]
    assert AuditEntry.objects.get(action="settings.redirect_created").data["topics"] == redirect.topics
    client.post(f"/impostazioni/rinvii/{redirect.pk}/elimina/")
    assert not Redirect.objects.exists()
    assert AuditEntry.objects.filter(action="settings.redirect_deleted").count() == 1


@pytest.mark.django_db
def test_redirect_needs_a_text(office):
    response = office.client().post("/impostazioni/rinvii/nuovo/", {"name": "X", "kind": "report", "text": " "})
    assert response.status_code == 200 and not Redirect.objects.exists()
    assert "Scriva la risposta che riceverà il cittadino." in response.content.decode()  # not Django's generic words
