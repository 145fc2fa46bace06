"""Lists and the versioned consent policy: validation, versions as the pipeline reads them, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sportello.broadcasts.models import MailingList, Subscription
from sportello.citizens.identity import SenderIdentity, resolve_citizen
from sportello.citizens.models import ConsentPolicy, ConsentRecord
from sportello.core.models import AuditEntry
from sportello.policies.services import valid_consent, policy_covering

pytestmark = pytest.mark.django_db


def _list(town, **extra):
    data = {"municipality": town, "slug": "allerta", "name": "Allerta meteo", "category": "emergency",
            "tags": ["#ALLERTA"]}
    data.update(extra)
    return MailingList.objects.create(**data)


def test_create_list_normalises_tags_and_audits(supervisor, town):
    response = supervisor.post(reverse("organisation:list_new"), {
        "comune": town.slug, "name": "Notizie dal Comune", "slug": "notizie", "category": "news",
        "tags_text": "#notizie, Novità del comune, #NOTIZIE", "requires_consent": "on", "active": "on",
    })
    assert response.status_code == 302
    created = MailingList.objects.get(municipality=town, slug="notizie")
    assert created.tags == ["#NOTIZIE", "#NOVITÀDELCOMUNE"]
    assert created.requires_consent and created.active
    entry = AuditEntry.objects.get(action="organisation.list.created")
    assert entry.municipality == town and entry.actor.username == "sara" and entry.target_id == str(created.pk)


def test_list_validation_duplicate_slug_and_tag(supervisor, town):
    _list(town)
    response = supervisor.post(reverse("organisation:list_new"), {
        "comune": town.slug, "name": "Altra", "slug": "allerta", "category": "news", "tags_text": "allerta",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "slug" in form.errors and "tags_text" in form.errors
    assert "#ALLERTA" in form.errors["tags_text"][0]
    assert MailingList.objects.filter(municipality=town).count() == 1
    assert not AuditEntry.objects.filter(action__startswith="organisation.").exists()


def test_list_page_shows_subscriber_counts_and_uncovered_kind(supervisor, town):
    mailing_list = _list(town)
    for n in range(3):
        citizen = resolve_citizen(town, SenderIdentity(phone=f"39347000000{n}"))
        Subscription.objects.create(mailing_list=mailing_list, citizen=citizen, active=n != 2)
    ConsentPolicy.objects.create(municipality=town, version=1, title="Informativa", text="Testo", list_kinds=["news"])
    page = supervisor.get(reverse("organisation:lists")).content.decode()
    row = page[page.index("Allerta meteo"):]
    assert "<td class=\"text-end\">2</td>" in row[:1200]
    assert "non coperta dall'informativa in vigore" in row[:1200]


def test_edit_list_changes_fields_and_audits_changed_fields(supervisor, town):
    mailing_list = _list(town)
    response = supervisor.post(reverse("organisation:list", args=[mailing_list.pk]), {
        "name": "Allerta", "slug": "allerta", "category": "emergency", "tags_text": "#ALLERTA", "active": "on",
    })
    assert response.status_code == 302
    mailing_list.refresh_from_db()
    assert mailing_list.name == "Allerta" and mailing_list.requires_consent is False
    entry = AuditEntry.objects.get(action="organisation.list.changed")
    assert set(entry.data["fields"]) == {"name", "requires_consent"}


def _publish(client, town, **extra):
    data = {"comune": town.slug, "title": "Informativa", "text": "Trattiamo i Suoi dati per inviarle avvisi.",
            "list_kinds": ["news", "emergency"], "publish": "1"}
    data.update(extra)
    return client.post(reverse("organisation:policy"), data)


def test_publishing_creates_versions_and_keeps_the_old_one(supervisor, town):
    assert _publish(supervisor, town).status_code == 302
    first = ConsentPolicy.objects.get(municipality=town)
    assert (first.version, first.active) == (1, True)
    citizen = resolve_citizen(town, SenderIdentity(phone="393471112233"))
    record = ConsentRecord.objects.create(citizen=citizen, policy=first, policy_version=1, policy_hash=first.text_hash,
                                          action="accepted", lists=["allerta"])
    mailing_list = _list(town)
    assert policy_covering(town, [mailing_list]) == first

    assert _publish(supervisor, town, text="Nuovo testo dell'informativa.").status_code == 302
    first.refresh_from_db()
    second = ConsentPolicy.objects.get(municipality=town, version=2)
    assert first.active is False and first.text == "Trattiamo i Suoi dati per inviarle avvisi."
    assert second.active is True and second.text == "Nuovo testo dell'informativa."
    # New subscribers are asked to accept the new version; the old acceptance still counts for its kinds.
    assert policy_covering(town, [mailing_list]) == second
    assert valid_consent(citizen, mailing_list) == record
    entry = AuditEntry.objects.filter(action="organisation.policy.published").latest("id")
    assert entry.data["version"] == 2 and entry.data["replaced_versions"] == [1]

    history = supervisor.get(reverse("organisation:policy")).context["history"]
    assert [(row.policy.version, row.accepted) for row in history] == [(2, 0), (1, 1)]
    old_page = supervisor.get(reverse("organisation:policy_version", args=[first.pk])).content.decode()
    assert "Trattiamo i Suoi dati" in old_page and first.text_hash in old_page


def test_policy_validation(supervisor, town):
    _list(town, category="traffic")
    response = _publish(supervisor, town, list_kinds=["news"])
    assert response.status_code == 200
    assert "Allerta meteo" in response.context["form"].errors["list_kinds"][0]
    assert not ConsentPolicy.objects.exists()
    _publish(supervisor, town, list_kinds=["news", "traffic"])
    same = _publish(supervisor, town, list_kinds=["news", "traffic"])
    assert same.status_code == 200 and same.context["form"].non_field_errors()
    assert ConsentPolicy.objects.count() == 1


def test_policy_preview_shows_the_message_as_sent_without_publishing(supervisor, town):
    _list(town)
    response = supervisor.post(reverse("organisation:policy"), {
        "comune": town.slug, "title": "Informativa breve", "text": "Testo di prova.", "list_kinds": ["emergency"],
        "preview": "1",
    })
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["text"].startswith("*Informativa breve*\n\nTesto di prova.")
    assert "«Allerta meteo»" in preview["text"]
    assert preview["buttons"] == ["Accetto", "Non accetto"]
    assert not ConsentPolicy.objects.exists()
