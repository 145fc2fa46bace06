"""Two towns, and staff of each role, for the organisation settings pages."""

from __future__ import annotations

import pytest

from sportello.municipalities.models import Municipality
from tests.staff import make_staff, signed_in


@pytest.fixture
def town(db):
    return Municipality.objects.create(slug="cagliari", name="Comune di Cagliari", office_name="URP")


@pytest.fixture
def other_town(db):
    return Municipality.objects.create(slug="sassari", name="Comune di Sassari")


@pytest.fixture
def admin_user(town):
    return make_staff("alba", town, role="administrator", first_name="Alba", email="alba@comune.example")


@pytest.fixture
def admin(admin_user):
    return signed_in(admin_user)


@pytest.fixture
def supervisor(town):
    return signed_in(make_staff("sara", town, role="supervisor", first_name="Sara"))


@pytest.fixture
def operator(town):
    return signed_in(make_staff("otto", town, role="operator"))
