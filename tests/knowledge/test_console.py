"""The knowledge base in the console: suggestions beside the conversation with one-click insertion (and learning
from it), the editor for supervisors, tenant scoping."""

from __future__ import annotations

import pytest

from sportello.knowledge import services
from sportello.knowledge.models import Entry, Settings, Use
from tests.console.conftest import incoming, other_town, town  # noqa: F401  (fixtures)
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db(transaction=True)


def entry(town, title, question, answer, **extra):
    return Entry.objects.create(municipality=town, title=title, question=question, answer=answer, **extra)


@pytest.fixture
def kb(town):
    return {
        "library": entry(town, "Biblioteca", "Quando è aperta la biblioteca civica e come si prendono libri in prestito?",
                         "La biblioteca del {comune} apre dal lunedì al venerdì, 9-19.", tags=["biblioteca", "prestito"]),
        "pool": entry(town, "Piscina", "Quali sono gli orari della piscina comunale?", "La piscina apre alle 8.",
                      tags=["piscina", "nuoto"]),
        "market": entry(town, "Mercato", "Quando c'è il mercato settimanale?", "Il mercoledì mattina.",
                        tags=["mercato"]),
        "old": entry(town, "Vecchia voce", "Come si prenotano i libri della biblioteca?", "Non più valida.",
                     active=False),
    }


def test_operator_sees_suggestions_and_inserts_one(client, town, kb):
    conversation = incoming(client, "buongiorno, fino a che ora è aperta la biblioteca? vorrei prendere un libro")
    operator = make_staff("anna", town)
    console = signed_in(operator)
    page = console.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "Risposte dalla base di conoscenza" in page and "Biblioteca" in page
    assert "Vecchia voce" not in page  # deactivated entries are never proposed
    assert f"/conversazioni/{conversation.pk}/conoscenza/{kb['library'].pk}/inserisci/" in page
    assert "knowledge/suggestions.js" in page and "<script>" not in page.split("knowledge-panel")[1].split("</section>")[0]

    response = console.post(f"/conversazioni/{conversation.pk}/conoscenza/{kb['library'].pk}/inserisci/")
    assert response.status_code == 200
    assert response.json() == {"text": f"La biblioteca del {town.name} apre dal lunedì al venerdì, 9-19."}
    use = Use.objects.get()
    assert (use.kind, use.entry, use.user, use.conversation) == (Use.Kind.INSERTED, kb["library"], operator, conversation)
    assert "bibliotec" in use.terms and "buongiorno" not in " ".join(use.terms)  # stems, not the citizen's text
    kb["library"].refresh_from_db()
    assert kb["library"].times_inserted == 1 and kb["library"].times_suggested == 1
    assert console.post(f"/conversazioni/{conversation.pk}/conoscenza/{kb['old'].pk}/inserisci/").status_code == 404


def test_entries_operators_use_rank_higher_for_similar_questions(client, town, kb):
    question = "si possono noleggiare i film in dvd?"
    before = {s.entry.pk: s.confidence for s in services.suggest(town.pk, question)}
    conversation = incoming(client, "avete anche i film in dvd da noleggiare?")
    console = signed_in(make_staff("anna", town))
    for _ in range(3):
        console.post(f"/conversazioni/{conversation.pk}/conoscenza/{kb['library'].pk}/inserisci/")
    after = services.suggest(town.pk, question)
    assert after[0].entry == kb["library"]
    assert after[0].confidence > before.get(kb["library"].pk, 0.0)


def test_another_towns_conversation_and_entries_are_not_found(client, town, other_town, kb):
    conversation = incoming(client, "orari della biblioteca?")
    foreign = entry(other_town, "Altrove", "Quando è aperta la biblioteca?", "Mai.")
    stranger = signed_in(make_staff("ugo", other_town, "supervisor"))
    assert stranger.post(f"/conversazioni/{conversation.pk}/conoscenza/{kb['library'].pk}/inserisci/").status_code == 404
    console = signed_in(make_staff("anna", town))
    assert console.post(f"/conversazioni/{conversation.pk}/conoscenza/{foreign.pk}/inserisci/").status_code == 404
    assert stranger.get(f"/conoscenza/{kb['library'].pk}/").status_code == 404
    assert stranger.post(f"/conoscenza/{kb['library'].pk}/attiva/").status_code == 404
    assert "Biblioteca" not in stranger.get("/conoscenza/?stato=tutte").content.decode()


def test_operators_cannot_edit(town, kb):
    console = signed_in(make_staff("anna", town))
    for url in ("/conoscenza/", "/conoscenza/nuova/", f"/conoscenza/{kb['pool'].pk}/"):
        assert console.get(url).status_code == 403
    assert console.post(f"/conoscenza/{kb['pool'].pk}/attiva/").status_code == 403
    assert console.post(f"/conoscenza/impostazioni/{town.pk}/", {f"m{town.pk}-auto_answers": "always"}).status_code == 403
    assert Entry.objects.get(pk=kb["pool"].pk).active and services.mode_for(town.pk) == Settings.AutoAnswers.NEVER


def test_supervisor_lists_creates_edits_and_deactivates(town, kb):
    supervisor = make_staff("sara", town, "supervisor")
    console = signed_in(supervisor)
    listing = console.get("/conoscenza/").content.decode()
    assert "Piscina" in listing and "Vecchia voce" not in listing
    assert "Vecchia voce" in console.get("/conoscenza/?stato=disattivate").content.decode()
    assert "Piscina" in console.get("/conoscenza/?q=comunale").content.decode()  # the question is searched
    assert "Mercato" not in console.get("/conoscenza/?q=piscina").content.decode()

    response = console.post("/conoscenza/nuova/", {
        "municipality": town.pk, "title": "Cimitero", "question": "Quali sono gli orari del cimitero?",
        "alternatives": "Il cimitero è aperto la domenica?", "answer": "Tutti i giorni 8-18.",
        "tags_text": "cimitero, orari", "active": "on",
    })
    assert response.status_code == 302
    created = Entry.objects.get(title="Cimitero")
    assert created.tags == ["cimitero", "orari"] and created.updated_by == supervisor
    assert created.questions == ["Quali sono gli orari del cimitero?", "Il cimitero è aperto la domenica?"]

    response = console.post(f"/conoscenza/{created.pk}/", {
        "title": "Cimitero comunale", "question": created.question, "answer": "Tutti i giorni 8-19.",
        "tags_text": "cimitero", "active": "on",
    })
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.title, created.answer, created.tags) == ("Cimitero comunale", "Tutti i giorni 8-19.", ["cimitero"])

    console.post(f"/conoscenza/{created.pk}/attiva/")
    assert not Entry.objects.get(pk=created.pk).active
    assert all(s.entry.pk != created.pk for s in services.suggest(town.pk, "orari del cimitero?"))

    console.post(f"/conoscenza/impostazioni/{town.pk}/", {f"m{town.pk}-auto_answers": "out_of_hours"})
    assert services.mode_for(town.pk) == Settings.AutoAnswers.OUT_OF_HOURS


def test_department_must_belong_to_the_same_town(town, other_town):
    from sportello.cases.models import Department

    foreign = Department.objects.create(municipality=other_town, code="strade", name="Strade")
    supervisor = make_staff("sara", town, "supervisor")
    response = signed_in(supervisor).post("/conoscenza/nuova/", {
        "municipality": town.pk, "title": "X", "question": "Domanda?", "answer": "Risposta.", "department": foreign.pk,
    })
    assert response.status_code == 200 and not Entry.objects.exists()
