"""Labels: supervisors manage them (audited, per municipality), operators add and remove them, the inbox filters."""

from __future__ import annotations

import pytest

from sportello.configuration import sections
from sportello.console.models import ConversationLabel, Label
from sportello.core.models import AuditEntry
from tests.console.conftest import incoming, login, make_staff

pytestmark = pytest.mark.django_db


def test_supervisor_creates_renames_and_deletes_labels_audited(client, town, other_town):
    boss = make_staff("bea", town, role="supervisor")
    login(client, boss, verified=True)
    assert "Etichette" in client.get("/etichette/").content.decode()
    response = client.post("/etichette/", {"municipality": town.pk, "name": "  Rifiuti  ", "colour": "verde"})
    assert response.status_code == 302
    label = Label.objects.get()
    assert (label.name, label.colour, label.municipality) == ("Rifiuti", "verde", town)
    # the same name twice and a colour outside the palette are refused with a message
    again = client.post("/etichette/", {"municipality": town.pk, "name": "Rifiuti", "colour": "blu"}).content.decode()
    assert "Esiste già un&#x27;etichetta con questo nome." in again
    assert "tavolozza" in client.post("/etichette/", {"name": "Strade", "colour": "#ff0000"}).content.decode()
    # another town's municipality id is not accepted (the supervisor does not manage it)
    client.post("/etichette/", {"municipality": other_town.pk, "name": "Altrove", "colour": "blu"})
    assert not Label.objects.filter(municipality=other_town).exists()
    client.post(f"/etichette/{label.pk}/", {"name": "Raccolta rifiuti", "colour": "rosso"})
    label.refresh_from_db()
    assert (label.name, label.colour) == ("Raccolta rifiuti", "rosso")
    client.post(f"/etichette/{label.pk}/", {"delete": "1"})
    assert not Label.objects.exists()
    actions = list(AuditEntry.objects.filter(action__startswith="label.").order_by("pk").values_list("action", flat=True))
    assert actions == ["label.created", "label.changed", "label.deleted"]


def test_operators_cannot_manage_labels_and_another_towns_label_is_404(client, town, other_town, operator):
    theirs = Label.objects.create(municipality=other_town, name="Loro", colour="blu")
    login(client, operator)
    assert client.get("/etichette/").status_code == 403
    boss = make_staff("bea", town, role="supervisor")
    login(client, boss, verified=True)
    assert client.post(f"/etichette/{theirs.pk}/", {"delete": "1"}).status_code == 404
    assert Label.objects.filter(pk=theirs.pk).exists()


def test_labels_page_is_a_settings_hub_section():
    entry = next(s for s in sections.all_sections() if s.url_name == "console:labels")
    assert (str(entry.label), entry.order, entry.required_role) == ("Etichette", 35, "supervisor")


def test_operator_labels_a_conversation_and_filters_the_inbox(client, town, other_town, operator):
    rubbish = Label.objects.create(municipality=town, name="Rifiuti", colour="verde")
    roads = Label.objects.create(municipality=town, name="Strade", colour="arancione")
    theirs = Label.objects.create(municipality=other_town, name="Loro", colour="blu")
    first = incoming(client, "Il cassonetto è pieno", phone="393330000001")
    second = incoming(client, "Buca in via Dante", phone="393330000002")
    login(client, operator)
    page = client.get(f"/conversazioni/{first.pk}/").content.decode()
    assert 'id="conversation-labels"' in page and "Rifiuti" in page
    fragment = client.post(f"/conversazioni/{first.pk}/etichette/", {"label": rubbish.pk, "action": "add"},
                           HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "label-chip--verde" in fragment.content.decode()
    assert "console:changed" in fragment["HX-Trigger"]
    client.post(f"/conversazioni/{second.pk}/etichette/", {"label": roads.pk, "action": "add"})
    # adding twice is harmless; another municipality's label does not exist here
    client.post(f"/conversazioni/{first.pk}/etichette/", {"label": rubbish.pk, "action": "add"})
    assert client.post(f"/conversazioni/{first.pk}/etichette/", {"label": theirs.pk}).status_code == 404
    assert ConversationLabel.objects.count() == 2
    inbox = client.get("/").content.decode()
    assert "Rifiuti" in inbox and "Strade" in inbox and 'name="etichetta"' in inbox
    only_rubbish = client.get(f"/?etichetta={rubbish.pk}").content.decode()
    assert "cassonetto" in only_rubbish and "Buca" not in only_rubbish
    assert "Buca" in client.get(f"/conversazioni/?etichetta={roads.pk}").content.decode()
    client.post(f"/conversazioni/{first.pk}/etichette/", {"label": rubbish.pk, "action": "remove"})
    assert "cassonetto" not in client.get(f"/?etichetta={rubbish.pk}").content.decode()
    audited = list(AuditEntry.objects.filter(action__in=["conversation.labelled", "conversation.unlabelled"])
                   .order_by("pk").values_list("action", "data__label"))
    assert audited == [("conversation.labelled", "Rifiuti"), ("conversation.labelled", "Strade"),
                       ("conversation.unlabelled", "Rifiuti")]
