"""The citizen page: every conversation, cases, subscriptions, consents, moderation; audited; scoped."""

from __future__ import annotations

import pytest

from sportello.broadcasts.models import MailingList, Subscription
from sportello.cases.models import Case, Department
from sportello.citizens import links
from sportello.citizens.models import ConsentRecord
from sportello.core.models import AuditEntry
from sportello.moderation.models import Strike
from sportello.moderation.services import block_citizen
from sportello.cases.models import DepartmentMembership
from tests.console.conftest import incoming, login, make_staff

pytestmark = pytest.mark.django_db


def test_supervisor_sees_everything_about_the_person_readably(client, town):
    first = incoming(client, "Prima conversazione", phone="393330000001")
    other = incoming(client, "Dall'altro numero", phone="393330000009")
    boss = make_staff("bea", town, role="supervisor")
    links.link(first.citizen, other.citizen, boss)
    registry = Department.objects.create(municipality=town, name="Anagrafe", code="anagrafe")
    Case.objects.create(municipality=town, department=registry, conversation=first, citizen=first.citizen,
                        title="Certificato di residenza", reference="2026/7", year=2026, number=7,
                        state=Case.State.IN_PROGRESS)
    news = MailingList.objects.create(municipality=town, name="Notizie dal Comune", slug="notizie")
    consent = ConsentRecord.objects.create(citizen=first.citizen, action=ConsentRecord.Action.ACCEPTED, words="SI")
    Subscription.objects.create(mailing_list=news, citizen=first.citizen, consent=consent)
    Strike.objects.create(municipality=town, citizen=other.citizen, categories=["threat"])
    block_citizen(other.citizen, actor=boss, reason="minacce")
    login(client, boss, verified=True)
    conversation_page = client.get(f"/conversazioni/{first.pk}/").content.decode()
    assert f'href="/cittadini/{first.citizen.pk}/"' in conversation_page
    html = client.get(f"/cittadini/{first.citizen.pk}/").content.decode()
    for expected in (f"/conversazioni/{first.pk}/", f"/conversazioni/{other.pk}/", "2026/7", "in lavorazione",
                     "Notizie dal Comune", "Accettata", "minacce", "Cittadino bloccato",
                     f"/privacy/cittadini/{first.citizen.pk}/"):
        assert expected in html, expected
    assert "393330000001" not in html and "in_progress" not in html and "citizen.blocked" not in html
    assert AuditEntry.objects.filter(action="citizen.viewed", target_id=str(first.citizen.pk),
                                     data__page="console").exists()


def test_department_staff_see_only_their_conversations_and_no_lists(client, town, other_town):
    ours = incoming(client, "Per l'anagrafe", phone="393330000001")
    registry = Department.objects.create(municipality=town, name="Anagrafe", code="anagrafe")
    Case.objects.create(municipality=town, department=registry, conversation=ours, citizen=ours.citizen,
                        title="Certificato", reference="2026/1", year=2026, number=1)
    stranger = incoming(client, "Nessun servizio", phone="393330000002")
    clerk = make_staff("dario", town, role="operator")
    DepartmentMembership.objects.create(user=clerk, department=registry)
    login(client, clerk)
    html = client.get(f"/cittadini/{ours.citizen.pk}/").content.decode()
    assert f"/conversazioni/{ours.pk}/" in html and "Iscrizioni alle liste" not in html
    assert client.get(f"/cittadini/{stranger.citizen.pk}/").status_code == 404
    outsider = make_staff("olga", other_town)
    login(client, outsider)
    assert client.get(f"/cittadini/{ours.citizen.pk}/").status_code == 404
