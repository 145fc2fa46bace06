"""Links: extraction (schemes, bare domains, shorteners, handles) and judgement against the allow-list."""

from __future__ import annotations

import pytest

from sportello.moderation.screening.links import domain_allowed, find_links, judge
from sportello.moderation.screening.types import DEFAULT_ALLOWED_DOMAINS
from tests.moderation.screening.helpers import flagged


def hosts(text: str) -> list[str]:
    return [link.host for link in find_links(text)]


def test_links_are_found_with_or_without_scheme() -> None:
    assert hosts("vedi https://www.example.org/a?b=1, poi www.foo.it e bar-baz.xyz/x!") == [
        "example.org", "foo.it", "bar-baz.xyz"]
    assert hosts("accorciato: rb.gy/ab12 e t.me/canale") == ["rb.gy", "t.me"]


def test_abbreviations_file_names_and_emails_are_not_links() -> None:
    assert hosts("la dott.ssa e il sig.ra della S.p.A., file foto.jpg e video.mov, mail a.b@example.org") == []


@pytest.mark.parametrize(
    "host",
    ["comune.pisa.it", "www.comune.sanminiato.pi.it", "servizi.comune.bari.it", "checkout.pagopa.it",
     "io.italia.it", "www.anpr.interno.it", "agenziaentrate.gov.it", "www.inps.it", "cartaidentita.interno.gov.it"],
)
def test_public_administration_domains_are_allowed(host: str) -> None:
    assert domain_allowed(host, DEFAULT_ALLOWED_DOMAINS)


@pytest.mark.parametrize("host", ["pagopa-rimborsi.com", "inps-bonus.info", "comune-pisa.xyz", "gov.it.evil.com"])
def test_lookalikes_are_not_allowed(host: str) -> None:
    assert not domain_allowed(host, DEFAULT_ALLOWED_DOMAINS)


def test_judgement_signals() -> None:
    [short] = find_links("bit.ly/x1")
    assert judge(short, DEFAULT_ALLOWED_DOMAINS).kind == "shortener"
    [phish] = find_links("https://pagopa-rimborsi.top/login")
    reasons = " ".join(r for r, _ in judge(phish, DEFAULT_ALLOWED_DOMAINS).signals)
    assert "throw-away TLD" in reasons and "imitates a public body" in reasons


def test_allow_listed_and_harmless_links_are_not_flagged() -> None:
    assert flagged("Sul sito www.comune.pisa.it non trovo il modulo") == set()
    assert flagged("Il pagamento su checkout.pagopa.it non va a buon fine") == set()
    assert flagged("La buca è qui: https://maps.app.goo.gl/Zx81") == set()
    assert flagged("Il link bit.ly/calendario2025 che ci avete mandato non si apre") == set()


def test_municipality_own_domain_from_context() -> None:
    text = "Le tariffe sono su https://tributi.esempio-servizi.com/tari"
    assert flagged(text, allowed_domains=("tributi.esempio-servizi.com",)) == set()


def test_off_topic_and_scam_links_are_flagged() -> None:
    assert flagged("Hai vinto un buono da 500 euro, ritiralo qui: premi-subito.top/ritira") == {"spam_link"}
    assert flagged("Rendimenti del 20% al giorno con le crypto 👉 tinyurl.com/xk29") == {"spam_link"}
    assert "spam_link" in flagged("Entra nel mio canale con offerte pazze t.me/superoffertexx")


def test_quoted_suspicious_link_shown_to_check_it_is_not_spam() -> None:
    assert flagged("Mi è arrivato un SMS con scritto 'rimborso IMU su bit.ly/3abc', è vostro?") == set()
