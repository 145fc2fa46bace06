"""Offline and private by default: the API docs use only vendored assets, maps load no third-party tiles.

"External" here means any resource the browser would fetch by itself (scripts, styles, images, tiles, the CSP's
allowed origins). A link a person may click ("open in a map") is not fetched and is allowed.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from sportello.cases import services
from tests.cases.conftest import build_town, conversation_with
from tests.staff import login

pytestmark = pytest.mark.django_db

FETCHED = re.compile(r"""(?:src|data-tiles|data-source)\s*=\s*["']([^"']+)["']|<link[^>]+href=["']([^"']+)["']""", re.IGNORECASE)


def fetched_urls(html: str) -> list[str]:
    return [a or b for a, b in FETCHED.findall(html)]


def external(urls: list[str]) -> list[str]:
    return [u for u in urls if re.match(r"^(https?:)?//", u)]


def test_api_docs_reference_only_local_assets_that_are_served():
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = fetched_urls(html)
    assert external(urls) == [] and "cdn" not in html.lower()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in urls
    assert "/static/vendor/swagger-ui/swagger-ui.css" in urls
    assert "/static/api/docs.js" in urls
    # No inline script: the only <script> without src carries JSON data (never executed).
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
        assert "src=" in attrs or ('type="application/json"' in attrs and body.strip().startswith("{")), attrs
    assert '"url": "/api/v1/openapi.json"' in html and '"validatorUrl": null' in html
    # The assets exist and are served (whitenoise in production, the static finders here).
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "api/docs.js"):
        assert finders.find(path), path
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_vendored_swagger_ui_is_the_documented_version():
    from pathlib import Path

    version = Path(finders.find("vendor/swagger-ui/VERSION")).read_text()
    assert "swagger-ui-dist 5.36.0" in version
    bundle = Path(finders.find("vendor/swagger-ui/swagger-ui-bundle.js")).read_text(encoding="utf-8")
    assert "SwaggerUIBundle" in bundle
    assert finders.find("vendor/swagger-ui/LICENSE")


@pytest.fixture
def located(number):
    from sportello.connectors.webform.setup import ensure_webform

    town = build_town(number.account.municipality)
    ensure_webform(town.municipality)
    case = services.open_case(department=town.department("strade"), title="Tombino rotto", latitude=39.2201,
                              longitude=9.1101, address="Via Dante 3")
    conversation = conversation_with(town, "Ecco dove", location={"latitude": 39.2201, "longitude": 9.1101,
                                                                   "address": "Via Dante 3"})
    client = login(Client(), town.supervisor, verified=True)
    return town, case, conversation, client


def _pages(case, conversation) -> list[str]:
    return [f"/pratiche/{case.pk}/", "/pratiche/mappa/", f"/conversazioni/{conversation.pk}/",
            f"/assistenza/{case.municipality.slug}/"]


def test_no_page_loads_map_tiles_or_other_external_resources_by_default(located):
    _town, case, conversation, client = located
    for url in _pages(case, conversation):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "tile.openstreetmap.org" not in html, url
        assert "data-tiles" not in html and "leaflet.js" not in html, url
        assert external(fetched_urls(html)) == [], (url, external(fetched_urls(html)))
        img_src = re.search(r"img-src ([^;]*)", response["Content-Security-Policy"]).group(1)
        assert "http" not in img_src, (url, img_src)
    detail = client.get(f"/pratiche/{case.pk}/").content.decode()
    # Without tiles: the coordinates, the address and an "open in a map" link (followed only on a click).
    assert "39.220100, 9.110100" in detail and "Via Dante 3" in detail
    assert 'rel="noopener noreferrer"' in detail and "mlat=39.2201" in detail


def test_one_setting_turns_maps_on_everywhere(located, settings):
    _town, case, conversation, client = located
    settings.SPORTELLO_MAP_TILES_URL = "https://tiles.comune.example/{z}/{x}/{y}.png"
    for url in (f"/pratiche/{case.pk}/", "/pratiche/mappa/"):
        response = client.get(url)
        html = response.content.decode()
        assert 'data-tiles="https://tiles.comune.example/{z}/{x}/{y}.png"' in html, url
        assert "cases/vendor/leaflet/leaflet.js" in html, url
        assert "https://tiles.comune.example" in response["Content-Security-Policy"]
    conversation_page = client.get(f"/conversazioni/{conversation.pk}/").content.decode()
    assert "https://tiles.comune.example/16/" in conversation_page  # the console's location tile
    assert 'id="webform-map"' in client.get(f"/assistenza/{case.municipality.slug}/").content.decode()


def test_the_older_cases_setting_still_sets_the_case_pages_server(located, settings):
    _town, case, _conversation, client = located
    settings.CASES_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get(f"/pratiche/{case.pk}/").content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in html
