"""Every model that holds personal data is declared in the registry (or allowed, with a reason)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from sportello.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField
from sportello.privacy.registry import NOT_PERSONAL, declarations, register

# A foreign key to one of these means the row is about a citizen (or carries what they wrote).
PERSONAL_TARGETS = {"citizens.Citizen", "conversations.Message", "conversations.Conversation"}
ENCRYPTED = (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField)


def looks_personal(model: type[models.Model]) -> list[str]:
    reasons = []
    if getattr(model, "PERSONAL_DATA", False):  # an explicit marker for models the heuristic cannot see
        reasons.append("marker")
    for field in model._meta.get_fields():
        if not field.concrete:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model._meta.label in PERSONAL_TARGETS:
            reasons.append(field.name)
        if isinstance(field, ENCRYPTED):
            reasons.append(field.name)
    return reasons


def test_every_model_with_personal_data_is_declared():
    declared = {d.label for d in declarations()}
    missing = {
        model._meta.label: reasons
        for model in apps.get_models()
        if (reasons := looks_personal(model)) and model._meta.label not in declared | set(NOT_PERSONAL)
    }
    assert not missing, f"declare these in their app's personal_data.py: {missing}"


def test_the_allow_list_names_only_real_undeclared_models_with_reasons():
    labels = {m._meta.label for m in apps.get_models()}
    declared = {d.label for d in declarations()}
    for label, reason in NOT_PERSONAL.items():
        assert label in labels and label not in declared and len(reason) > 20, label


def test_the_heuristic_sees_a_new_model_with_a_citizen():
    from sportello.broadcasts.models import Subscription
    from sportello.citizens.models import Citizen
    from sportello.municipalities.models import ChannelAccount

    assert looks_personal(Subscription) == ["citizen"]
    assert looks_personal(ChannelAccount) == []
    assert looks_personal(Citizen) == []  # the citizen itself is declared by hand (subject "")


def test_declarations_are_checked():
    from sportello.citizens.models import Citizen

    with pytest.raises(ValueError, match="no such fields"):
        register(Citizen, subject="", fields=["phone"], on_erase="delete", kind="identity", legal_basis="x", purpose="y")
    with pytest.raises(ValueError, match="on_erase"):
        register(Citizen, subject="", fields=[], on_erase="forget", kind="identity", legal_basis="x", purpose="y")
    with pytest.raises(ValueError, match="kind"):
        register(Citizen, subject="", fields=[], on_erase="delete", kind="photos", legal_basis="x", purpose="y")


@pytest.mark.django_db
def test_every_declaration_finds_rows_by_citizen():
    """Each subject path or finder is a valid query (a typo would only show at a real erasure)."""
    from sportello.citizens.models import Citizen
    from sportello.municipalities.models import Municipality

    town = Municipality.objects.create(slug="t", name="T")
    citizen = Citizen._base_manager.create(municipality=town)
    for declaration in declarations():
        assert list(declaration.rows_of([citizen])) is not None, declaration.label
        assert declaration.purpose and declaration.legal_basis
