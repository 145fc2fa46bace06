"""The page and its downloads: who may see what, no phone number in any export, formulas neutralised, the PDF
draws, open data never publishes a cell under five people, every export audited."""

from __future__ import annotations

import io

import pytest

from sportello.cases.models import DepartmentMembership
from sportello.core.models import AuditEntry
from sportello.municipalities.models import StaffMembership
from sportello.reports.opendata import Cell, suppress
from tests.reports.conftest import PHONE, message
from tests.staff import make_staff, signed_in

pytestmark = pytest.mark.django_db
PERIOD = "?from=2025-03-01&to=2025-03-10"
DIGITS = PHONE.lstrip("+")


def _supervisor(town):  # type: ignore[no-untyped-def]
    return signed_in(make_staff("sara", town.municipality, role="supervisor"))


def test_operator_is_refused_supervisor_sees_everything(small_town, client):
    from tests.staff import login

    login(client, small_town.operator)
    assert client.get("/statistiche/").status_code == 403
    response = _supervisor(small_town).get("/statistiche/" + PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Statistiche" in body and "<svg" in body and "Telegram" in body
    assert 'style="' not in body.split("<main", 1)[1]  # CSP: no inline style attributes in the page's content
    assert DIGITS not in body


def test_department_staff_see_their_department_only(small_town):
    user = make_staff("rino", small_town.municipality)
    DepartmentMembership.objects.create(department=small_town.roads, user=user)
    client = signed_in(user)
    body = client.get("/statistiche/" + PERIOD).content.decode()
    assert small_town.roads.name in body and small_town.waste.name not in body
    assert "Liste, campagne" not in body  # the office-wide sections are not theirs
    response = client.get(f"/statistiche/{PERIOD}&department={small_town.waste.pk}")
    assert response.status_code == 403


@pytest.mark.parametrize("kind", ["conversations", "cases", "survey"])
def test_exports_carry_no_phone_number_and_are_audited(small_town, kind):
    from openpyxl import load_workbook

    from sportello.reports.exports import read_csv

    message(small_town.conversations["a"], "in", "2025-03-03 11:00", text="=HYPERLINK(\"http://x\")")
    client = _supervisor(small_town)
    csv_body = client.get(f"/statistiche/esporta/{kind}.csv{PERIOD}").content
    xlsx_body = client.get(f"/statistiche/esporta/{kind}.xlsx{PERIOD}").content
    rows = read_csv(csv_body)
    book = load_workbook(io.BytesIO(xlsx_body), read_only=True)
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert len(rows) == len(list(load_workbook(io.BytesIO(xlsx_body)).active.iter_rows()))
    for text in (csv_body.decode("utf-8-sig"), " ".join(cells)):
        assert DIGITS not in text and "347" not in text.replace("2025", "")
        assert "Maria" not in text
    if kind == "conversations":
        assert len(rows) == 4 and rows[1][1].startswith("C-")
    if kind == "cases":
        assert rows[1][0] == "2025/1" and rows[1][-1] == "sì"
    assert AuditEntry.objects.filter(action="reports.exported", data__export=kind).count() == 2


def test_survey_comment_is_scrubbed_and_formulas_neutralised(small_town):
    from sportello.reports.exports import Table, read_csv, scrub, to_csv

    assert scrub(f"chiamatemi al {PHONE} o a maria@example.org") == "chiamatemi al […] o a […]"
    body = to_csv(Table("t", ["a"], [["=1+2"], ["@cmd"]]))
    assert read_csv(body)[1:] == [["'=1+2"], ["'@cmd"]]


def test_open_data_never_publishes_fewer_than_five(small_town):
    cells = [Cell("2025-03", "m", "WhatsApp", 12), Cell("2025-03", "m", "Telegram", 3),
             Cell("2025-03", "m", "E-mail", 1), Cell("2025-03", "m", "Sportello", 7), Cell("2025-04", "m", "WhatsApp", 2)]
    published = suppress(cells)
    assert all(c.count >= 5 for c in published)
    # Telegram and e-mail (4 together) cannot stand even merged: withheld, and the smallest other group with them.
    assert [(c.month, c.group, c.count) for c in published] == [("2025-03", "WhatsApp", 12)]
    merged = suppress([Cell("x", "m", "A", 9), Cell("x", "m", "B", 3, 10.0), Cell("x", "m", "C", 2, 20.0)])
    assert [(c.group, c.count, c.mean) for c in merged] == [("A", 9, None), ("Altro", 5, 14.0)]
    body = _supervisor(small_town).get("/statistiche/dati-aperti.csv" + PERIOD).content.decode()
    lines = body.strip().splitlines()
    assert len(lines) == 1  # three people in the whole month: nothing may be published
    assert AuditEntry.objects.filter(action="reports.exported", data__export="open_data").exists()


def test_council_pdf_renders_a_page_that_is_not_blank(small_town):
    import pypdfium2

    response = _supervisor(small_town).get("/statistiche/relazione.pdf?mese=2025-03")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    assert len(pdf) >= 2
    page_image = pdf[1].render(scale=1.5).to_pil()
    from tests.browser import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    page_image.save(SCREENSHOTS / "council-report-page2.png")  # a chart page, for people to look at
    image = pdf[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # text and charts, not an empty page
    text = pdf[0].get_textpage().get_text_range()
    assert "Comune di Borgo" in text and "Relazione mensile" in text
    assert DIGITS not in "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_activity_api(small_town):
    from django.test import Client

    user = make_staff("sara", small_town.municipality, role="supervisor")
    token = _token(user)
    client = Client()
    data = client.get("/api/v1/reports/activity?from=2025-03-01&to=2025-03-10",
                      HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data.get("from") == "2025-03-01", data
    assert data["totals"]["conversations"] == 3
    assert {c["channel"]: c["first_response_seconds"] for c in data["channels"]} == {"telegram": 2700, "whatsapp": 1800}
    only = client.get(f"/api/v1/reports/activity?from=2025-03-01&to=2025-03-10&department={small_town.roads.pk}",
                      HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert only["totals"]["conversations"] == 1
    StaffMembership.objects.filter(user=user).update(role="operator")
    refused = client.get("/api/v1/reports/activity", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 403


def _token(user):  # type: ignore[no-untyped-def]
    from sportello.api.models import ApiToken

    return ApiToken.issue(user, scopes=["reports"])[1]
