"""CSV import of knowledge-base entries: the service, the management command and the console page."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.core.files.uploadedfile import SimpleUploadedFile

from sportello.cases.models import Department
from sportello.knowledge.importing import import_csv
from sportello.knowledge.models import Entry
from sportello.municipalities.models import Municipality
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db

CSV = (
    "titolo;domanda;altre_domande;risposta;servizio;parole_chiave;attiva\n"
    "Orari della piscina;Quando apre la piscina comunale?;Orari piscina|La piscina è aperta la domenica?;"
    "\"La piscina è aperta dal lunedì al sabato, 9-21; la domenica 9-13.\";sport;piscina, orari;sì\n"
    "Permesso di pesca;Come si ottiene la licenza di pesca?;;La licenza si chiede alla Regione.;;pesca;no\n"
)


@pytest.fixture
def town():
    town = Municipality.objects.create(slug="borgo", name="Comune di Borgo")
    Department.objects.create(municipality=town, code="sport", name="Sport")
    return town


def test_import_creates_entries_with_every_column(town):
    result = import_csv(town, CSV.encode())
    assert (result.created, result.updated, result.errors) == (2, 0, [])
    pool = Entry.objects.get(question="Quando apre la piscina comunale?")
    assert pool.title == "Orari della piscina"
    assert pool.alternatives == "Orari piscina\nLa piscina è aperta la domenica?"
    assert pool.answer == "La piscina è aperta dal lunedì al sabato, 9-21; la domenica 9-13."
    assert pool.department.code == "sport" and pool.tags == ["piscina", "orari"] and pool.active
    fishing = Entry.objects.get(title="Permesso di pesca")
    assert fishing.department is None and not fishing.active


def test_importing_again_updates_by_question(town):
    import_csv(town, CSV.encode())
    changed = CSV.replace("9-13.", "9-12.")
    result = import_csv(town, changed.encode())
    assert (result.created, result.updated) == (0, 2)
    assert Entry.objects.count() == 2
    assert Entry.objects.get(title="Orari della piscina").answer.endswith("9-12.")


def test_a_wrong_row_saves_nothing_and_says_which(town):
    bad = CSV + "Senza risposta;Come si fa?;;;;;\nAltro;Dove?;;Qui.;urbanistica;;\n"
    result = import_csv(town, bad.encode())
    assert result.created == 0 and not Entry.objects.exists()
    assert result.errors == [
        "Riga 4: domanda e risposta sono obbligatorie.",
        "Riga 5: servizio «urbanistica» sconosciuto.",
    ]


def test_missing_columns_and_excel_encoding(town):
    assert import_csv(town, b"titolo,testo\nA,B\n").errors == ["Mancano le colonne: domanda, risposta."]
    result = import_csv(town, "domanda,risposta\nCos'è la TARI?,È la tassa sui rifiuti.\n".encode("cp1252"))
    assert result.created == 1 and Entry.objects.get().answer == "È la tassa sui rifiuti."


def test_management_command(town, tmp_path):
    path = tmp_path / "kb.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_knowledge", str(path), municipality="borgo")
    assert Entry.objects.filter(municipality=town).count() == 2
    with pytest.raises(CommandError):
        call_command("import_knowledge", str(path), municipality="nessuno")


def test_console_import_page_for_supervisors(town):
    supervisor = make_staff("sup", town, "supervisor")
    client = signed_in(supervisor)
    assert client.get("/conoscenza/importa/").status_code == 200
    upload = SimpleUploadedFile("kb.csv", CSV.encode(), content_type="text/csv")
    response = client.post("/conoscenza/importa/", {"municipality": town.pk, "file": upload})
    assert response.status_code == 302 and Entry.objects.count() == 2
    broken = SimpleUploadedFile("kb.csv", b"domanda;risposta\nSolo domanda;\n", content_type="text/csv")
    response = client.post("/conoscenza/importa/", {"municipality": town.pk, "file": broken})
    assert response.status_code == 200 and "Riga 2: domanda e risposta sono obbligatorie." in response.content.decode()
    operator = make_staff("op", town, "operator")
    assert signed_in(operator).get("/conoscenza/importa/").status_code == 403
