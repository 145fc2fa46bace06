"""Routing suggestions: built from the departments' configuration, stored by the pipeline, learned on confirm."""

from __future__ import annotations

from sportello.cases import routing, services
from sportello.cases.models import Category, RoutingSuggestion, SuggesterState
from tests.cases.conftest import conversation_with


def test_seeded_catalogue(town):
    codes = set(town.municipality.departments.values_list("code", flat=True))
    assert {"strade", "illuminazione", "ambiente", "anagrafe", "tributi", "urp"} <= codes
    urp = town.department("urp")
    assert urp.coordinates and urp.fallback
    buche = Category.objects.get(department__municipality=town.municipality, code="buche")
    assert "buca" in buche.keywords and buche.target_hours == 20
    from sportello.cases.seed import seed_departments

    assert seed_departments(town.municipality) == []  # idempotent


def test_pipeline_stores_three_suggestions_for_the_request(town):
    conversation = conversation_with(town, "Buongiorno", "C'è una buca enorme in via Dante, pericolosa")
    suggestion = RoutingSuggestion.objects.filter(conversation=conversation).first()
    assert suggestion.suggestions[0]["department"] == "strade"
    assert len(suggestion.suggestions) == 3
    top = suggestion.suggestions[0]
    assert top["name"] == "Strade e manutenzione" and top["category"] == "buche" and 0.5 < top["confidence"] <= 1
    assert len(suggestion.message_ids) == 2  # the whole request, greeting included


def test_location_only_message_keeps_the_suggestion(town):
    conversation = conversation_with(town, "Lampione spento", location={"latitude": 39.2, "longitude": 9.1, "address": "Via Roma 1"})
    assert RoutingSuggestion.objects.filter(conversation=conversation).count() == 1
    assert routing.latest_suggestion(conversation).top["department"] == "illuminazione"


def test_admin_keywords_drive_the_suggester(town):
    # A message the catalogue gives to another department (the antiques fair is an event) until the town's
    # administrator files it under the local police's parking and vehicles.
    text = "le bancarelle del mercatino dell'antiquariato restano montate fino a sera"
    assert routing.suggest(town.municipality.pk, text)[0]["department"] != "polizia_locale"
    category = Category.objects.get(department=town.department("polizia_locale"), code="sosta-e-veicoli")
    category.keywords = [*category.keywords, "mercatino dell'antiquariato"]
    category.save()
    assert routing.suggest(town.municipality.pk, text)[0]["department"] == "polizia_locale"


def test_confirmed_choices_are_learned_and_persisted(town):
    text = "come partecipare al progetto Nonni Vigili"
    assert routing.suggest(town.municipality.pk, text)[0]["department"] == "polizia_locale"  # "vigili"
    for i in range(12):
        conversation = conversation_with(town, f"{text} {i}")
        services.open_case(department=town.department("sociale"), title="Nonni vigili", conversation=conversation,
                           messages=list(conversation.messages.all()), actor=town.urp, notify_citizen=False)
    state = SuggesterState.objects.get(municipality=town.municipality)
    assert state.learned == 12 and state.version == 12
    assert RoutingSuggestion.objects.filter(confirmed_department__code="sociale").count() == 12
    routing._cache.clear()  # as another process would: only the database knows
    assert routing.suggest(town.municipality.pk, text)[0]["department"] == "sociale"


def test_failure_never_blocks_the_message(town, monkeypatch):
    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("broken state")

    monkeypatch.setattr(routing, "suggest", boom)
    conversation = conversation_with(town, "buca")
    assert conversation.messages.count() == 1
    assert not RoutingSuggestion.objects.exists()


def test_failure_in_a_batch_leaves_the_batch_whole(town, monkeypatch):
    """In a batch the step runs without a savepoint: a failure is caught without spoiling the batch's transaction."""
    from django.db import transaction
    from django.utils import timezone

    from sportello.citizens.identity import SenderIdentity
    from sportello.connectors.base import InboundMessage
    from sportello.conversations.models import Message
    from sportello.conversations.pipeline import InboundContext
    from sportello.conversations.pipeline.batch import run_batch

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("broken state")

    monkeypatch.setattr(routing, "suggest", boom)
    account = town.municipality.accounts.first()
    contexts = [
        InboundContext(inbound=InboundMessage(
            channel="whatsapp", account_ref="x", external_id=f"wamid.batch{i}", sender=SenderIdentity(phone=f"+39347111000{i}"),
            sent_at=timezone.now(), kind="text", text="C'è una buca in via Dante"), account=account,
            municipality=town.municipality)
        for i in range(3)
    ]
    with transaction.atomic():
        run_batch(contexts)
        stored = [ctx.message.pk for ctx in contexts]
        assert Message.objects.filter(pk__in=stored).count() == 3  # the transaction still takes queries
    assert Message.objects.filter(pk__in=stored).count() == 3
    assert not RoutingSuggestion.objects.exists()


def test_seed_command_and_demo(db, number):
    from django.core.management import call_command

    from sportello.cases.models import Department
    from sportello.cases.seed import seed_demo

    municipality = number.account.municipality
    call_command("seed_departments", municipality.slug)
    assert Department.objects.filter(municipality=municipality).count() == 12
    seed_demo(municipality, "x" * 12)
    assert municipality.departments.get(code="strade").members.get().username == "strade"
