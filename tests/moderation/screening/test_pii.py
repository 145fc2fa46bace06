"""Personal data: validated finders, and whose data it is."""

from __future__ import annotations

from stdnum.it import codicefiscale

from sportello.moderation.screening.detectors.personal import mask
from sportello.moderation.screening.names import people
from sportello.moderation.screening.normalize import normalize
from sportello.moderation.screening.pii import find_pii, name_code
from sportello.moderation.screening.types import ScreenContext
from tests.moderation.screening.helpers import flagged, verdict

# Invented people; check characters computed, not copied.
VALID_CF = "VRDLGU75M12F205" + codicefiscale.calc_check_digit("VRDLGU75M12F205")  # Luigi Verdi
WRONG_CF = VALID_CF[:-1] + ("A" if VALID_CF[-1] != "A" else "B")
VALID_IBAN = "IT60X0542811101000000123456"  # the well-known example IBAN
WRONG_IBAN = "IT61X0542811101000000123456"


def findings(text: str, **context: object) -> list:
    doc = normalize(text)
    ctx = ScreenContext(**context)  # type: ignore[arg-type]
    return find_pii(doc, ctx, people(doc, ctx.sender_name))


def test_fiscal_codes_are_validated() -> None:
    assert [f.value for f in findings(f"codice {VALID_CF}")] == [VALID_CF]
    assert findings(f"codice {WRONG_CF}") == []
    assert findings("codice ABCDEF12G34H567I") == []


def test_ibans_are_validated_with_or_without_spaces() -> None:
    spaced = " ".join(VALID_IBAN[k:k + 4] for k in range(0, len(VALID_IBAN), 4))
    assert [f.value for f in findings(f"iban {spaced} intestato a me")] == [VALID_IBAN]
    assert findings(f"iban {WRONG_IBAN}") == []


def test_own_phone_is_the_senders() -> None:
    text = "Richiamate pure il 347 111 2233 per la pratica"
    assert findings(text, sender_phone="+393471112233")[0].owner == "self"
    assert flagged(text, sender_phone="+393471112233") == set()
    assert flagged(text, sender_phone="+393289990000") == {"third_party_pii"}


def test_a_number_given_as_ones_own_is_the_senders_even_from_another_phone() -> None:
    assert flagged("Il mio nuovo cellulare è 340 765 4321", sender_phone="+393289990000") == set()


def test_someone_elses_number_is_third_party_data() -> None:
    text = "Il numero della mia ex cognata è 366 123 4567, chiamatela voi"
    assert flagged(text, sender_phone="+393289990000") == {"third_party_pii"}


def test_toll_free_and_office_numbers_are_not_personal() -> None:
    assert flagged("Al numero verde 800 123 456 non risponde nessuno", sender_phone="+393289990000") == set()
    assert flagged("Il numero dell'ufficio tributi è 0586 820111?", sender_phone="+393289990000") == set()


def test_fiscal_code_presented_as_ones_own_is_not_flagged() -> None:
    assert flagged(f"Il mio codice fiscale è {VALID_CF}, mi mandate il certificato?") == set()


def test_fiscal_code_matching_a_named_third_party_is_flagged() -> None:
    assert name_code("Luigi", "Verdi") == VALID_CF[:6]
    text = f"Il mio vicino Luigi Verdi non paga la TARI, codice fiscale {VALID_CF}"
    assert flagged(text) == {"third_party_pii"}


def test_fiscal_code_matching_the_sender_is_theirs() -> None:
    assert flagged(f"Codice fiscale {VALID_CF}, risulta pagata la rata?", sender_name="Luigi Verdi") == set()


def test_iban_ownership() -> None:
    assert flagged(f"Per il rimborso vi do il mio IBAN {VALID_IBAN}") == set()
    assert flagged(f"L'IBAN della tesoreria comunale è ancora {VALID_IBAN}?") == set()
    assert flagged(f"Si paga sul conto {VALID_IBAN}?", official_ibans=(VALID_IBAN,)) == set()
    assert flagged(f"Ecco l'IBAN del mio ex socio Marco Neri: {VALID_IBAN}") == {"third_party_pii"}
    # A collection's account is an appeal for money, not someone's privacy.
    assert flagged(f"Donate per la festa del rione, IBAN {VALID_IBAN} causale festa") == {"fundraising"}


def test_plate_alone_in_a_report_is_not_flagged_but_with_a_name_it_is() -> None:
    assert flagged("Auto targata FX345GT ferma sul marciapiede da una settimana") == set()
    assert flagged("Quello che parcheggia sul mio posto è Ivo Sanna, targa FX345GT") == {"third_party_pii"}


def test_home_address_next_to_a_name() -> None:
    assert flagged("Il tizio si chiama Ivo Sanna e abita in via dei Mille 8") == {"third_party_pii"}
    assert flagged("Buca in via dei Mille 8, davanti al bar") == set()
    assert flagged("Mia madre, Anna Sanna, abita in via dei Mille 8: può venire l'assistente sociale?") == set()


def test_email_addresses() -> None:
    assert flagged("La mia mail è anna.sanna@example.org, scrivetemi lì") == set()
    assert flagged("La mail del vicino è ivo.sanna@example.org, scrivetegli voi") == {"third_party_pii"}


def test_evidence_does_not_copy_personal_data_in_clear() -> None:
    result = verdict("Chiamate il 366 123 4567, è il mio vicino", sender_phone="+393289990000")
    evidence = result.categories[0].evidence[0]
    assert evidence.finder == "pii:phone" and evidence.span == (12, 24)
    assert "123" not in evidence.text and "123" not in evidence.normalized
    assert mask("+393661234567") == "+39********67"
