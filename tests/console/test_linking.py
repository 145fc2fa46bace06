"""One person on several channels: links made only by an operator's confirmed action, undone as easily, per town."""

from __future__ import annotations

import pytest

from sportello.citizens import links
from sportello.citizens.models import Citizen, CitizenLink, Identity
from sportello.console.channels import channel_choices
from sportello.connectors.desk import services as desk
from sportello.core.models import AuditEntry
from sportello.municipalities.models import ChannelAccount
from tests.cases.conftest import build_town, conversation_with
from tests.staff import login


@pytest.fixture
def town(number):  # type: ignore[no-untyped-def]
    return build_town(number.account.municipality)


def _call(town, **kw):  # type: ignore[no-untyped-def]
    args = {"municipality": town.municipality, "channel": "phone", "actor": town.urp, "question": "Orari?",
            "answer": "9-12", "name": "Maria Rossi", "email": "maria@example.it"}
    args.update(kw)
    return desk.record_contact(**args).conversation


def test_link_and_unlink_service_is_transitive_audited_and_never_merges(town):
    whatsapp = conversation_with(town, "Buongiorno").citizen
    phone = _call(town).citizen
    desk_visit = _call(town, channel="desk", email="", phone="+393470009999").citizen
    link = links.link(whatsapp, phone, town.urp)
    links.link(phone, desk_visit, town.urp)
    assert links.linked_ids(whatsapp) == {phone.pk, desk_visit.pk}
    assert links.linked_ids(desk_visit) == {whatsapp.pk, phone.pk}
    # Nothing moves between records: identities (and so consent and subscriptions) stay where they were.
    assert set(Identity.objects.filter(citizen=whatsapp).values_list("kind", flat=True)) == {"phone"}
    assert set(Identity.objects.filter(citizen=phone).values_list("kind", flat=True)) == {"email"}
    with pytest.raises(links.LinkError) as error:
        links.link(desk_visit, whatsapp, town.urp)
    assert error.value.code == "already_linked"
    with pytest.raises(links.LinkError) as error:
        links.link(whatsapp, whatsapp, town.urp)
    assert error.value.code == "same_citizen"
    links.unlink(link, town.urp)
    assert links.linked_ids(whatsapp) == set()
    assert links.linked_ids(phone) == {desk_visit.pk}
    with pytest.raises(links.LinkError):
        links.unlink(link, town.urp)
    link.refresh_from_db()
    assert link.undone_by == town.urp and link.undone_at is not None
    assert AuditEntry.objects.filter(action="citizen.linked").count() == 2
    assert AuditEntry.objects.get(action="citizen.unlinked").target_id == str(link.pk)
    # Linked again after an undo: a new row, the old one kept as history.
    links.link(whatsapp, phone, town.urp)
    assert CitizenLink.objects.filter(a=min(whatsapp, phone, key=lambda c: c.pk)).count() == 2


def test_citizens_of_two_towns_cannot_be_linked(town):
    from sportello.municipalities.models import Municipality

    mine = _call(town).citizen
    theirs = Citizen.objects.create(municipality=Municipality.objects.get(slug="altrove"))
    with pytest.raises(links.LinkError) as error:
        links.link(mine, theirs, town.urp)
    assert error.value.code == "other_municipality"


def test_operator_links_by_phone_confirms_sees_other_channels_and_undoes(town, client):
    whatsapp_conv = conversation_with(town, "Buongiorno, la buca è ancora lì")
    whatsapp = whatsapp_conv.citizen
    number = whatsapp.identities.get(kind="phone").value
    phone_conv = _call(town)
    login(client, town.urp)

    page = client.get(f"/conversazioni/{phone_conv.pk}/").content.decode()
    assert "Collega a un altro cittadino" in page and "Nessun collegamento" in page

    # Search by name finds nobody: only an exact identifier does.
    by_name = client.get(f"/conversazioni/{phone_conv.pk}/collega/", {"q": whatsapp.display_name or "Mario"})
    assert "Scegli questo cittadino" not in by_name.content.decode()
    found = client.get(f"/conversazioni/{phone_conv.pk}/collega/", {"q": number}).content.decode()
    assert f"/conversazioni/{phone_conv.pk}/collega/{whatsapp.pk}/" in found
    results = found.split('id="results-heading"')[1]
    assert number not in results and number[3:] not in results  # masked, never the number (only the query echoes)
    assert AuditEntry.objects.filter(action="citizen.searched", data__by="phone", data__found=1).exists()

    confirm = client.get(f"/conversazioni/{phone_conv.pk}/collega/{whatsapp.pk}/").content.decode()
    assert "Conferma collegamento" in confirm and "m•••@example.it" in confirm and number not in confirm
    assert not CitizenLink.objects.exists()  # a page is not a confirmation
    response = client.post(f"/conversazioni/{phone_conv.pk}/collega/{whatsapp.pk}/")
    assert response.status_code == 302
    link = CitizenLink.objects.get(undone_at__isnull=True)
    assert link.created_by == town.urp

    # Both sides show the other's conversations with their channel, and the undo button.
    page = client.get(f"/conversazioni/{phone_conv.pk}/").content.decode()
    assert f'href="/conversazioni/{whatsapp_conv.pk}/"' in page and "WhatsApp" in page
    assert "Annulla collegamento" in page
    other_side = client.get(f"/conversazioni/{whatsapp_conv.pk}/").content.decode()
    assert f'href="/conversazioni/{phone_conv.pk}/"' in other_side and "Telefono" in other_side

    client.post(f"/conversazioni/{whatsapp_conv.pk}/collegamenti/{link.pk}/annulla/")
    link.refresh_from_db()
    assert link.undone_at is not None and link.undone_by == town.urp
    assert "Annulla collegamento" not in client.get(f"/conversazioni/{phone_conv.pk}/").content.decode()


def test_search_by_case_reference(town, client):
    from sportello.cases import services as cases

    whatsapp_conv = conversation_with(town, "Lampione spento")
    case = cases.open_case(department=town.department("illuminazione"), title="Lampione", conversation=whatsapp_conv,
                           actor=town.urp, notify_citizen=False)
    phone_conv = _call(town)
    login(client, town.urp)
    found = client.get(f"/conversazioni/{phone_conv.pk}/collega/", {"q": case.reference.lower()}).content.decode()
    assert f"/conversazioni/{phone_conv.pk}/collega/{whatsapp_conv.citizen_id}/" in found


def test_another_towns_operator_gets_404_and_never_finds_citizens(town, client):
    from sportello.municipalities.models import Municipality

    whatsapp_conv = conversation_with(town, "Buongiorno")
    phone_conv = _call(town)
    link = links.link(whatsapp_conv.citizen, phone_conv.citizen, town.urp)
    login(client, town.outsider)
    assert client.get(f"/conversazioni/{phone_conv.pk}/collega/", {"q": "maria@example.it"}).status_code == 404
    assert client.get(f"/conversazioni/{phone_conv.pk}/collega/{whatsapp_conv.citizen_id}/").status_code == 404
    assert client.post(f"/conversazioni/{phone_conv.pk}/collega/{whatsapp_conv.citizen_id}/").status_code == 404
    assert client.post(f"/conversazioni/{phone_conv.pk}/collegamenti/{link.pk}/annulla/").status_code == 404
    # In their own town, the same e-mail finds nobody, and town-A ids answer 404.
    other_town = Municipality.objects.get(slug="altrove")
    own = desk.record_contact(municipality=other_town, channel="phone", actor=town.outsider, question="Orari?",
                              name="Qualcuno", phone="+393479990000").conversation
    found = client.get(f"/conversazioni/{own.pk}/collega/", {"q": "maria@example.it"}).content.decode()
    assert "Scegli questo cittadino" not in found
    assert client.get(f"/conversazioni/{own.pk}/collega/{phone_conv.citizen_id}/").status_code == 404
    assert client.post(f"/conversazioni/{own.pk}/collega/{phone_conv.citizen_id}/").status_code == 404
    assert client.post(f"/conversazioni/{own.pk}/collegamenti/{link.pk}/annulla/").status_code == 404
    assert CitizenLink.objects.filter(undone_at__isnull=True).count() == 1


def test_inbox_filter_lists_every_channel_with_an_account_labelled_by_its_connector(town, client):
    for kind, label in [("telegram", "Bot"), ("email", "URP"), ("webform", "Modulo")]:
        ChannelAccount.objects.create(municipality=town.municipality, channel=kind, label=label)
    _call(town)
    _call(town, channel="desk", email="altro@example.it")
    choices = dict(channel_choices([town.municipality]))
    assert list(choices) == ["whatsapp", "email", "webform", "telegram", "phone", "desk"]
    assert choices["phone"] == "Telefono" and choices["desk"] == "Sportello fisico" and choices["whatsapp"] == "WhatsApp"
    login(client, town.urp)
    inbox = client.get("/", {"vista": "tutte"}).content.decode()
    for label in ("WhatsApp", "Telegram", "E-mail", "Modulo web", "Telefono", "Sportello fisico"):
        assert f">{label}</option>" in inbox, label
    narrowed = client.get("/conversazioni/", {"vista": "tutte", "canale": "desk"}).content.decode()
    assert 'channel-badge--desk' in narrowed and 'channel-badge--phone' not in narrowed
