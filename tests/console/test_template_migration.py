"""console 0002: the console's old template rows join whatsapp.MessageTemplate, the one registry."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest

from sportello.connectors.whatsapp.models import MessageTemplate
from tests.conftest import make_number

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sportello.console.migrations.0002_templates_move_to_their_channel")


@dataclass
class OldRow:
    account_id: int
    name: str
    language: str
    category: str
    body: str
    status: str


class _Rows:
    def __init__(self, rows: list[OldRow]):
        self.rows = rows

    def all(self) -> "_Rows":
        return self

    def iterator(self):  # type: ignore[no-untyped-def]
        return iter(self.rows)


class _Apps:
    """The migration's view of the models: the old console rows as they were, the current whatsapp model."""

    def __init__(self, rows: list[OldRow]):
        self.old = type("Old", (), {"objects": _Rows(rows)})

    def get_model(self, app: str, name: str):  # type: ignore[no-untyped-def]
        return {("console", "MessageTemplate"): self.old, ("whatsapp", "MessageTemplate"): MessageTemplate}[(app, name)]


def test_rows_are_copied_with_their_status_and_synced_ones_are_kept():
    account = make_number().account
    MessageTemplate.objects.create(account=account, name="pratica_aperta", body="Da Meta: {{1}}", status="approved")
    rows = [
        OldRow(account.pk, "risposta_urp", "it", "utility", "Gentile {{1}}, la ricontattiamo.", "approved"),
        OldRow(account.pk, "promo", "en", "marketing", "News {{1}}", "rejected"),
        OldRow(account.pk, "in_revisione", "it", "utility", "x", "pending"),
        OldRow(account.pk, "pratica_aperta", "it", "utility", "Vecchio testo {{1}}", "pending"),
    ]
    migration.copy_templates(_Apps(rows), None)
    copied = {
        (t.name, t.language): (t.category, t.body, t.status)
        for t in MessageTemplate.objects.filter(account=account)
    }
    assert copied == {
        ("risposta_urp", "it"): ("utility", "Gentile {{1}}, la ricontattiamo.", "approved"),
        ("promo", "en"): ("marketing", "News {{1}}", "rejected"),
        ("in_revisione", "it"): ("utility", "x", "pending"),
        ("pratica_aperta", "it"): ("utility", "Da Meta: {{1}}", "approved"),  # the registry's copy wins
    }
