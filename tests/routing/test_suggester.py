"""The suggester: cold suggestions from the catalogue, learning, state, configuration changes."""

from __future__ import annotations

import json

import pytest

from sportello.routing import DEFAULT_CATALOGUE, Category, DepartmentProfile, Suggester, Suggestion


@pytest.fixture(scope="module")
def cold() -> Suggester:
    return Suggester()


def top(s: Suggester, text: str) -> str:
    return s.suggest(text)[0].department


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Il lampione all'angolo tra via Puccini e via Rossini non si accende più", "illuminazione"),
        ("mancata illuminazzione nel sottopasso della stazione", "illuminazione"),
        ("quanto si paga di IMU su un box auto pertinenziale?", "tributi"),
        ("Devo rinnovare la carta d'identità che scade a marzo", "anagrafe"),
        ("C'è una voragine nell'asfalto in via dei Tigli", "strade"),
        ("il camion dell'umido non è passato, i bidoni sono pieni", "ambiente"),
        ("Come faccio ricorso contro un verbale per eccesso di velocità?", "polizia_locale"),
        ("Mia nonna vive sola, esiste l'assistenza domiciliare?", "sociale"),
        ("Quando aprono le iscrizioni all'asilo nido comunale?", "scuola"),
        ("Che spettacoli ci sono a teatro a dicembre?", "cultura_eventi"),
        ("Per costruire una tettoia in giardino serve la CILA?", "edilizia"),
        ("È stata diramata l'allerta arancione per domani?", "protezione_civile"),
        ("Buongiorno, che orari ha l'URP il giovedì?", "urp"),
        ("grazie mille, buona giornata", "urp"),
        ("The streetlight outside our flat is broken", "illuminazione"),
    ],
)
def test_cold_top1(cold: Suggester, text: str, department: str) -> None:
    assert top(cold, text) == department


def test_suggest_returns_k_ranked_suggestions_with_confidences(cold: Suggester) -> None:
    out = cold.suggest("buca in via Roma", k=3)
    assert len(out) == 3 and all(isinstance(s, Suggestion) for s in out)
    assert out[0].department == "strade" and out[0].category == "buche" and "buca" in out[0].keywords
    confs = [s.confidence for s in out]
    assert confs == sorted(confs, reverse=True)
    assert sum(confs) <= 1.0 + 1e-9
    assert abs(sum(cold.scores("buca in via Roma").values()) - 1.0) < 1e-9
    assert len(cold.suggest("buca", k=5)) == 5


# A few confirmed requests per department, as a municipality accumulates them (written for these tests).
BACKGROUND = {
    "anagrafe": [
        "devo rinnovare la carta d'identità scaduta",
        "certificato di residenza per il notaio",
        "cambio di indirizzo dopo il trasloco",
    ],
    "tributi": [
        "quando scade la rata dell'IMU",
        "la TARI è arrivata con un importo sbagliato",
        "rimborso di un pagamento doppio",
    ],
    "strade": [
        "buca profonda davanti al civico 3",
        "marciapiede dissestato vicino alla farmacia",
        "semaforo guasto all'incrocio",
    ],
    "illuminazione": ["lampione spento da giorni", "luci del parcheggio spente", "palo della luce piegato"],
    "ambiente": [
        "il camion della carta non è passato",
        "rifiuti abbandonati nel fosso",
        "ritiro di un vecchio divano",
    ],
    "polizia_locale": [
        "auto in doppia fila tutti i giorni",
        "come pago una multa per divieto di sosta",
        "schiamazzi notturni sotto casa",
    ],
    "sociale": [
        "assistenza domiciliare per mio padre",
        "contributo per l'affitto",
        "graduatoria delle case popolari",
    ],
    "scuola": ["iscrizione al nido comunale", "menù della mensa per celiaci", "orari dello scuolabus"],
    "cultura_eventi": [
        "programma della festa patronale",
        "orari della biblioteca civica",
        "biglietti per il museo",
    ],
    "edilizia": [
        "serve la CILA per rifare il bagno",
        "certificato di destinazione urbanistica",
        "ponteggio pericolante",
    ],
    "protezione_civile": ["c'è l'allerta meteo domani", "il fiume sta esondando", "odore di gas in strada"],
    "urp": [
        "grazie mille per la risposta",
        "orari dell'ufficio relazioni con il pubblico",
        "buongiorno, come funziona questo servizio",
    ],
}


def warmed(**kwargs) -> Suggester:  # type: ignore[no-untyped-def]
    s = Suggester(**kwargs)
    for dept, texts in BACKGROUND.items():
        for t in texts:
            s.learn(t, dept)
    return s


def test_learning_a_topic_the_catalogue_lacks() -> None:
    s = warmed(shipped_model=None)  # a topic neither the keywords nor (here) the shipped model know
    text = "le bancarelle del mercato settimanale lasciano sporco il piazzale"
    assert top(s, text) != "polizia_locale"
    # In this municipality the weekly market is handled by the local police: operators confirm it.
    for t in (
        "il mercato settimanale occupa tutti i posti del piazzale",
        "i banchi del mercato del sabato restano fino a tardi",
        "spostamento del mercato settimanale per lavori",
        "orari di montaggio delle bancarelle al mercato",
        "le bancarelle del mercato bloccano il passaggio",
        "nuove regole per il mercato ambulante",
        "il mercato rionale si sposta in piazza",
    ):
        s.learn(t, "polizia_locale")
    assert top(s, text) == "polizia_locale"


def test_learning_overrides_a_keyword_configured_elsewhere() -> None:
    s = Suggester()
    text = "vorrei un nuovo cartello di passo carrabile per il garage"
    # The default catalogue's keyword says polizia locale; the shipped model has said tributi (the driveway's
    # fee) and, with the weights of batches 1-35, strade (a road sign). Neither says the building office...
    assert top(s, text) != "edilizia"
    # ...which issues driveway permits here, as operators confirm. How many confirmations that takes depends on
    # how sure the shipped model is: with the weights of batches 1-25 six left the confirmed office at 0.28 (a
    # dozen: 0.71); with those of batches 1-35 six give 0.90. A dozen holds for both.
    phrasings = (
        "rilascio del cartello passo carrabile",
        "rinnovo autorizzazione passo carrabile",
        "passo carrabile per il nuovo cancello",
        "il mio passo carrabile va spostato di due metri",
        "domanda di passo carrabile per un capannone",
        "voltura del passo carrabile dopo la vendita",
    )
    for t in phrasings + phrasings:
        s.learn(t, "edilizia")
    assert top(s, text) == "edilizia"


def test_unlearn_is_the_exact_inverse_of_learn() -> None:
    s = Suggester()
    base = s.scores("vetri rotti al parco giochi")
    s.learn("vetri rotti sul marciapiede", "strade")
    s.unlearn("vetri rotti sul marciapiede", "strade")
    assert s.n_learned == 0
    assert s.scores("vetri rotti al parco giochi") == pytest.approx(base)


def test_state_round_trips_through_json() -> None:
    s = Suggester()
    s.learn("caditoia intasata davanti al bar", "strade")
    s.learn("cestino pieno ai giardini", "ambiente")
    state = json.loads(json.dumps(s.to_state()))
    s2 = Suggester.from_state(state)
    for text in ("caditoia intasata", "cestini pieni nel parco", "orari anagrafe"):
        a, b = s.scores(text), s2.scores(text)
        assert a.keys() == b.keys()
        assert all(abs(a[d] - b[d]) < 1e-9 for d in a)
    assert s2.n_learned == 2


def test_state_rejects_unknown_versions() -> None:
    with pytest.raises(ValueError):
        Suggester.from_state({"version": 99, "model": {}})


def test_profiles_come_from_configuration_and_can_change() -> None:
    mobility = DepartmentProfile(
        "mobilita", "Mobilità", (Category("bus", ("autobus", "fermata", "abbonamento bus")),)
    )
    s = Suggester([*DEFAULT_CATALOGUE, mobility])
    assert top(s, "la fermata dell'autobus non ha la pensilina") == "mobilita"
    s.learn("corse soppresse della linea 4", "mobilita")
    s.set_profiles(DEFAULT_CATALOGUE)  # keywords edited away: learned evidence stays
    assert "mobilita" in s.departments


def test_a_department_learned_without_profile_is_suggested() -> None:
    s = Suggester()
    for _ in range(30):
        s.learn("richiesta di uso della palestra comunale per il torneo di pallavolo", "sport")
    assert top(s, "posso usare la palestra comunale per un torneo?") == "sport"


def test_thousands_of_suggestions_per_second() -> None:
    import time

    # The keyword and learned path; the shipped model's time per message is measured by bench/routing.
    cold = Suggester(shipped_model=None)
    texts = [f"lampione spento in via Roma {i}" for i in range(500)]
    t0 = time.perf_counter()
    for t in texts:
        cold.suggest(t)
    assert len(texts) / (time.perf_counter() - t0) > 1000


def test_forget_a_deleted_department() -> None:
    s = warmed()
    s.learn("uso della palestra comunale per un torneo", "sport")
    assert "sport" in s.departments
    s.forget("sport")
    assert "sport" not in s.departments
    assert all("sport" not in row for row in s.keyword_stats.values())


def test_state_restores_with_a_new_configuration() -> None:
    from sportello.routing import SuggesterConfig

    s = warmed()
    state = json.loads(json.dumps(s.to_state()))
    state["config"]["a_parameter_from_the_future"] = 1
    s2 = Suggester.from_state(state, config=SuggesterConfig(sharpness=2.0))
    assert s2.config.sharpness == 2.0 and s2.n_learned == s.n_learned
    assert Suggester.from_state(state).config == s.config
