"""The Django admin: superusers only, and no secret ever written into its pages.

The finding this guards: another town's administrator, with the staff flag and every model permission, read this
town's cases, messages, citizens, audit log and Open311 keys in the admin, added itself to this town through the
municipality form, and saw the channel form write the access token and app secret into the page.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.security.matrix.conftest import client_for
from tests.security.matrix.ledger import Ledger, body_of

pytestmark = pytest.mark.django_db  # every database: the admin lists inbound events too


def _pages(matrix) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(label, url) for every registered model: its list, its add form, and a row of each town."""
    pages = [("index", reverse("admin:index"))]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append((f"{model._meta.label} list", reverse("admin:%s_%s_changelist" % info)))
        pages.append((f"{model._meta.label} add", reverse("admin:%s_%s_add" % info)))
        for town in matrix.towns():
            obj = _row_of(model, town)
            if obj is not None:
                pages.append((f"{model._meta.label} {town.slug}",
                              reverse("admin:%s_%s_change" % info, args=[obj.pk])))
    return pages


def _row_of(model, town):  # type: ignore[no-untyped-def]
    from sportello.core.scoping import is_tenant_manager

    if model._meta.label == "municipalities.Municipality":
        return town.municipality
    manager = model._default_manager
    if not is_tenant_manager(manager):
        return None
    return manager.filter(**{manager.tenant_path: town.municipality}).order_by("pk").first()


def test_other_towns_staff_with_every_permission_get_no_admin_page(matrix):
    ledger = Ledger("admin, non-superusers")
    own, other = matrix.own, matrix.other
    pages = _pages(matrix)
    assert len(pages) > 60
    for role in ("administrator", "supervisor", "operator"):
        client = client_for(own.users[role])
        for label, url in pages:
            response = client.get(url)
            ledger.check(f"{role}@{own.slug} admin {label}", response, forbidden=(other.marker, *other.secrets()),
                         refused=set())  # only the redirect to the admin's login page is a refusal
    # The municipality form: another town's administrator cannot add itself to this town.
    from sportello.municipalities.models import StaffMembership

    intruder = own.users["administrator"]
    url = reverse("admin:municipalities_municipality_change", args=[other.municipality.pk])
    client_for(intruder).post(url, {
        "slug": other.slug, "name": other.municipality.name, "office_name": "URP",
        "timezone": "Europe/Rome", "languages": "[]", "links": "{}",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": intruder.pk, "memberships-0-role": "administrator",
    })
    assert not StaffMembership.objects.filter(user=intruder, municipality=other.municipality).exists()
    ledger.assert_clean()


def test_superusers_keep_the_admin_and_no_secret_is_rendered(matrix):
    ledger = Ledger("admin, superuser")
    client = client_for(matrix.superuser)
    secrets = tuple(s for town in matrix.towns() for s in town.secrets())
    for label, url in _pages(matrix):
        response = client.get(url)
        # Some models cannot be added by hand at all (task results, audit entries): 403 on their add page.
        ledger.check(f"superuser admin {label}", response, forbidden=secrets,
                     allowed=not (label.endswith(" add") and response.status_code == 403))
    # The Open311 keys: the hash is not shown either (only the prefix identifies a key).
    key = matrix.own.objects["open311_key"]
    page = body_of(client.get(reverse("admin:cases_open311key_change", args=[key.pk])))
    assert key.key_hash not in page and key.prefix in page
    ledger.assert_clean()
