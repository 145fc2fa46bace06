"""Case attachments as thumbnails: pictures as <img> with alt text, other files with an icon, name and size."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from sportello.cases.models import Case, CaseAttachment, Department
from tests.console.conftest import incoming, login

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def test_case_page_shows_pictures_as_thumbnails_and_files_with_name_and_size(client, town, operator):
    conversation = incoming(client, "Una buca in via Dante")
    roads = Department.objects.create(municipality=town, name="Strade", code="strade")
    case = Case.objects.create(municipality=town, department=roads, conversation=conversation,
                               citizen=conversation.citizen, title="Buca", reference="2026/1", year=2026, number=1)
    picture = CaseAttachment(case=case, filename="buca.png", mime_type="image/png", size=len(PNG))
    picture.file.save("buca.png", ContentFile(PNG), save=True)
    report = CaseAttachment(case=case, filename="verbale.pdf", mime_type="application/pdf", size=2_400_000)
    report.file.save("verbale.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    svg = CaseAttachment(case=case, filename="disegno.svg", mime_type="image/svg+xml", size=300)
    svg.file.save("disegno.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), save=True)
    login(client, operator)
    html = client.get(f"/pratiche/{case.pk}/").content.decode()
    src = f"/pratiche/{case.pk}/allegati/{picture.pk}"
    assert f'<img src="{src}" alt="Anteprima: buca.png"' in html
    assert "verbale.pdf" in html and "2,3\xa0MB" in html and "#it-file-pdf" in html
    assert f'<img src="/pratiche/{case.pk}/allegati/{svg.pk}"' not in html  # never an SVG as an image
    assert "application/pdf" not in html
    assert client.get(src).status_code == 200
