"""The emergency switch: one control, confirmation required, audited, a banner on the hub while on; the pipeline
answers out of hours with the emergency message."""

from __future__ import annotations

import pytest

from sportello.core.models import AuditEntry
from sportello.policies.models import ServicePolicy

URL = "/impostazioni/emergenza/"


@pytest.mark.django_db
def test_switch_needs_confirmation(office):
    response = office.client().post(URL, {"switch": "1"})
    assert response.status_code == 200 and "Spunti la conferma" in response.content.decode()
    assert not ServicePolicy.objects.get(municipality=office.town).emergency_active
    assert not AuditEntry.objects.filter(action__startswith="settings.emergency").exists()


@pytest.mark.django_db
def test_switch_on_and_off_is_audited_and_shown_on_the_hub(office):
    client = office.client()
    client.post(URL, {"emergency_text": "Allerta meteo: per urgenze chiami il {telefono}."})
    assert client.post(URL, {"switch": "1", "confirm": "on"}).status_code == 302
    policy = ServicePolicy.objects.get(municipality=office.town)
    assert policy.emergency_active and policy.emergency_since is not None
    hub = client.get("/impostazioni/").content.decode()
    assert "Emergenza in corso" in hub
    page = client.get(URL).content.decode()
    assert "Disattiva l&#x27;emergenza" in page or "Disattiva l'emergenza" in page
    assert client.post(URL, {"switch": "1", "confirm": "on"}).status_code == 302
    policy.refresh_from_db()
    assert not policy.emergency_active and policy.emergency_since is None
    assert "Emergenza in corso" not in client.get("/impostazioni/").content.decode()
    actions = list(AuditEntry.objects.filter(action__startswith="settings.emergency").order_by("id")
                   .values_list("action", "actor__username", "municipality__slug"))
    assert actions == [("settings.emergency_text_changed", "sara", "borgo"),
                       ("settings.emergency_activated", "sara", "borgo"),
                       ("settings.emergency_deactivated", "sara", "borgo")]


@pytest.mark.django_db
def test_emergency_message_preview_fills_placeholders(office):
    office.town.phone = "070 123456"
    office.town.save()
    client = office.client()
    client.post(URL, {"emergency_text": "Allerta meteo: per urgenze chiami il {telefono}."})
    assert "Allerta meteo: per urgenze chiami il 070 123456." in client.get(URL).content.decode()
