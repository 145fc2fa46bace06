"""Moderation actions per category: readable labels, saved rows the screening reads, validation, audit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sportello.core.models import AuditEntry
from sportello.moderation import conf
from sportello.moderation.models import CategoryAction
from sportello.moderation.screening import Category
from sportello.moderation.services import actions_for, policy_for

pytestmark = pytest.mark.django_db


def _form(rows, **overrides):
    data = {"strikes_to_block": "3", "strike_days": "180"}
    for row in rows:
        for name in ("hide", "notify", "strike"):
            if getattr(row, name):
                data[f"{row.category}-{name}"] = "on"
    data.update(overrides)
    return data


def test_page_shows_readable_labels_not_codes(supervisor):
    page = supervisor.get(reverse("organisation:moderation")).content.decode()
    assert "Minacce" in page and "Raccolta fondi" in page
    for code in ("moderation.strike", ">threat<", ">fundraising<"):
        assert code not in page


def test_saving_changes_what_moderation_does(supervisor, town):
    response = supervisor.get(reverse("organisation:moderation"))
    rows = [row for row, _form_ in response.context["rows"]]
    data = _form(rows, strikes_to_block="5")
    data.pop("fundraising-strike")
    data.pop("fundraising-hide")
    data["threat-threshold"] = "0.3"
    assert supervisor.post(reverse("organisation:moderation"), data).status_code == 302
    saved = CategoryAction.objects.get(category="fundraising")
    assert (saved.hide, saved.notify, saved.strike) == (False, True, False)
    assert CategoryAction.objects.get(category="threat").threshold == 0.3
    assert CategoryAction.objects.count() == 2  # unchanged categories keep their defaults
    policy = policy_for(town)
    assert policy.strikes_to_block == 5
    actions = actions_for(policy)
    assert actions[Category.FUNDRAISING] == conf.Action(hide=False, notify=True, strike=False)
    assert actions[Category.THREAT] == conf.DEFAULT_ACTIONS[Category.THREAT]
    entry = AuditEntry.objects.get(action="organisation.moderation.changed")
    assert set(entry.data["categories"]) == {"fundraising", "threat"}
    assert entry.data["fields"] == {"strikes_to_block": 5}


def test_validation(supervisor):
    response = supervisor.get(reverse("organisation:moderation"))
    rows = [row for row, _form_ in response.context["rows"]]
    bad = supervisor.post(reverse("organisation:moderation"), _form(rows, **{"threat-threshold": "1.5",
                                                                            "strike_days": "0"}))
    assert bad.status_code == 400
    assert not CategoryAction.objects.exists() and not AuditEntry.objects.exists()
