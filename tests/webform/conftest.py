"""A municipality with its web form; a picture and a PDF that are what they claim to be."""

from __future__ import annotations

import re
import struct
import zlib

import pytest


def png(width: int = 48, height: int = 32) -> bytes:
    rows = b"".join(b"\x00" + b"".join(bytes((40 + x, 90 + y, 160)) for x in range(width)) for y in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


PICTURE = png()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_form(settings):
    """Tests post at once; the fill-time check has its own tests. Each test starts with an empty rate counter."""
    from django.core.cache import cache

    settings.SPORTELLO_WEBFORM_MIN_SECONDS = 0
    settings.SPORTELLO_WEBFORM_PER_HOUR = 5
    cache.clear()


@pytest.fixture
def webform(db):
    from sportello.connectors.webform.setup import ensure_webform
    from sportello.municipalities.models import Municipality

    town = Municipality.objects.create(slug="esempio", name="Comune di Esempio", email="urp@comune.esempio.it",
                                       pec="protocollo@pec.comune.esempio.it", address="Piazza Municipio 1")
    return ensure_webform(town)


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields of a served form (CSRF token, timestamp), as a browser would send them back."""
    found = {}
    for name in ("csrfmiddlewaretoken", "started"):
        match = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(rf'value="([^"]*)" name="{name}"', html)
        if match is None:
            match = re.search(rf'<input type="hidden" name="{name}"[^>]*value="([^"]*)"', html)
        if match:
            found[name] = match.group(1)
    return found


def valid_data(**overrides: object) -> dict:
    from sportello.connectors.webform.abuse import issue_stamp

    data = {
        "category": "c0",
        "message": "Il lampione di via Roma 12 è spento da una settimana.",
        "address": "via Roma 12",
        "email": "Giulia.Rossi@example.test",
        "name": "Giulia Rossi",
        "consent": "on",
        "started": issue_stamp(),
        "sito_web": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
