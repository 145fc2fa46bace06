"""Import of existing opt-ins, approval rules, capacity, status ordering, the bulletin and the staff pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sportello.broadcasts import bulletin, delivery_status, services
from sportello.broadcasts.models import Campaign, Delivery, Notice, Subscription, callback_for
from sportello.connectors.whatsapp.campaigns import record_tier_usage
from sportello.connectors.whatsapp.models import MessagingTier
from sportello.citizens.models import Identity
from sportello.connectors.base import StatusUpdate
from sportello.citizens.identity import SenderIdentity
from sportello.conversations.statuses import deferred, offer
from sportello.municipalities.models import StaffMembership
from tests.broadcasts import helpers as h

pytestmark = pytest.mark.django_db

CSV = """telefono,data,evidenza,nome
+39 347 111 2222,2024-03-01,modulo cartaceo URP n. 118,Anna
00393471113333,01/04/2024,
3471114444,,iscrizione da sito
non-un-numero,2024-03-01,modulo
+393471115555,2024-05-02,messaggio WhatsApp "ATTIVA" del 2/5/2024
"""


def test_import_refuses_rows_without_evidence(number):
    town = number.account.municipality
    news = h.make_list(town, "notizie")
    report = services.import_optins(news, CSV.encode())
    assert report.imported == 2
    assert [line for line, _ in report.refused] == [3, 4, 5]
    assert "prova" in report.refused[0][1] and "data" in report.refused[1][1] and "telefono" in report.refused[2][1]
    identity = Identity.objects.get(masked__endswith="22")
    assert identity.value == "+393471112222" and "+39347" not in identity.value_index  # encrypted, blind-indexed
    consent = Subscription.objects.get(citizen=identity.citizen).consent
    assert (consent.source, consent.words, consent.at.date()) == ("import", "modulo cartaceo URP n. 118", date(2024, 3, 1))
    # Importing again changes nothing; a citizen who left after that consent is not re-subscribed.
    Subscription.objects.filter(citizen=identity.citizen).update(active=False, unsubscribed_at=timezone.now())
    again = services.import_optins(news, CSV)
    assert again.imported == 0 and again.already == 1 and len(again.refused) == 4
    assert services.member_count(news) == 1
    assert services.growth(news, 3)[-1][1] == 1


def test_approval_rules(number, settings):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    author, colleague = h.staff(town, "a"), h.staff(town, "b")
    supervisor = h.staff(town, "s", StaffMembership.Role.SUPERVISOR)
    small = h.campaign(town, [alerts], author=author, category=Campaign.Category.NEWS)
    services.submit(small, author)
    assert small.state == Campaign.State.SCHEDULED  # under the threshold: no second pair of eyes needed
    services.APPROVAL_THRESHOLD, old = 0, services.APPROVAL_THRESHOLD
    try:
        h.subscribe(alerts, h.citizen(town, "+393470000001"))
        big = h.campaign(town, [alerts], author=author, category=Campaign.Category.PUBLIC_UTILITY)
        services.submit(big, author)
        assert big.state == Campaign.State.AWAITING_APPROVAL
        assert not services.can_approve(big, author)
        services.approve(big, colleague)
        assert big.state == Campaign.State.SCHEDULED and big.approved_by == colleague
        own = h.campaign(town, [alerts], author=supervisor, category=Campaign.Category.EMERGENCY)
        services.submit(own, supervisor)
        services.approve(own, supervisor)  # an emergency: one supervisor is enough, even the author
        assert own.state == Campaign.State.SCHEDULED
    finally:
        services.APPROVAL_THRESHOLD = old


def test_capacity_against_the_messaging_limit(number):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    for i in range(5):
        h.subscribe(alerts, h.citizen(town, f"+39347000010{i}"))
    MessagingTier.objects.create(number=number, tier=MessagingTier.Tier.T250)
    record_tier_usage(number.pk, 247, timezone.now())
    cap = services.capacity(h.campaign(town, [alerts]))
    assert (cap.recipients, cap.tier_remaining, cap.fit_today, cap.wait) == (5, 3, 3, 2)


def test_statuses_before_the_send_is_recorded_and_out_of_order(number):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    h.subscribe(alerts, h.citizen(town, "+393470000201"))
    campaign = h.campaign(town, [alerts], state=Campaign.State.SCHEDULED)
    services.start(campaign.pk)
    row = Delivery.objects.get()
    Delivery.objects.filter(pk=row.pk).update(state="sending", attempts=1)
    now = timezone.now()

    def status(kind, **extra):
        return StatusUpdate(channel="whatsapp", account_ref=number.phone_number_id, external_id="wamid.X", status=kind,
                            at=now, recipient=SenderIdentity(), callback_data=callback_for(row.pk, 1), **extra)

    with deferred():
        assert offer(town.pk, status("read"))
        assert offer(town.pk, status("sent"))
        assert not offer(town.pk, StatusUpdate("whatsapp", "", "wamid.Y", "sent", now, SenderIdentity()))  # not ours
        assert Delivery.objects.get().state == "sending"  # applied together at the end of the block
    row.refresh_from_db()
    assert (row.state, row.sent_attempt) == ("read", 1) and row.sent_at and row.read_at
    delivery_status.apply_many([(town.pk, status("delivered")), (town.pk, status("failed", errors=[{"code": 131026}]))])
    row.refresh_from_db()
    assert row.state == "read" and row.delivered_at  # failed never beats delivered/read


def test_bulletin_text_page_and_feed(client, number):
    town = number.account.municipality
    today = timezone.localdate()
    assert "Oggi non ci sono avvisi" in bulletin.current_bulletin_text(town)
    Notice.objects.create(municipality=town, kind="call", title="Bando contributi affitto", text="Domande entro il 30.",
                          link="https://comune.example/bando", valid_from=today - timedelta(days=2), valid_to=today + timedelta(days=5))
    Notice.objects.create(municipality=town, title="Scaduto", valid_from=today - timedelta(days=9), valid_to=today - timedelta(days=1))
    Notice.objects.create(municipality=town, title="Futuro", valid_from=today + timedelta(days=1))
    Notice.objects.create(municipality=town, title="Bozza", published=False)
    text = bulletin.current_bulletin_text(town)
    assert "Bando contributi affitto" in text and "https://comune.example/bando" in text
    assert "Scaduto" not in text and "Futuro" not in text and "Bozza" not in text
    assert f"/bollettino/{town.slug}/" in text and len(text) <= 4096
    for i in range(60):
        Notice.objects.create(municipality=town, title=f"Avviso numero {i} " + "x" * 80, text="y" * 280)
    long_text = bulletin.current_bulletin_text(town)
    assert len(long_text) <= 4096 and "altri" in long_text

    page = client.get(f"/bollettino/{town.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bando contributi affitto" in html and 'lang="it"' in html and "Scaduto" not in html
    assert 'type="application/atom+xml"' in html and "<h1>" in html
    feed = client.get(f"/bollettino/{town.slug}/feed.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert b"Bando contributi affitto" in feed.content and b"Scaduto" not in feed.content
    assert client.get("/bollettino/non-esiste/").status_code == 404


def test_preview_report_and_csv_are_scoped_pages(client, number):
    town = number.account.municipality
    alerts = h.make_list(town, "allerte")
    h.subscribe(alerts, h.citizen(town, "+393470000301"))
    campaign = h.campaign(town, [alerts], link="https://comune.example/a", state=Campaign.State.SCHEDULED)
    services.start(campaign.pk)
    Delivery.objects.update(state="failed", error_code=131026, error_title="Messaggio non recapitabile a questo numero.")
    user = h.staff(town, "operatrice")
    client.force_login(user)
    preview = client.get(f"/campagne/{campaign.pk}/anteprima/").content.decode()
    assert "Allerta meteo rossa: evitare i sottopassi." in preview
    assert f"Comunicazione del {town.name}: Allerta meteo rossa" in preview  # the template as the citizen sees it
    report = client.get(f"/campagne/{campaign.pk}/rapporto/").content.decode()
    assert "131026" in report and "non recapitabile" in report
    csv_text = client.get(f"/campagne/{campaign.pk}/rapporto.csv").content.decode()
    assert "+393470000301" not in csv_text and "01" in csv_text and "131026" in csv_text
    from sportello.municipalities.models import Municipality

    other = h.staff(Municipality.objects.create(slug="altro", name="Altro"), "estraneo")
    client.force_login(other)
    assert client.get(f"/campagne/{campaign.pk}/rapporto/").status_code == 404
