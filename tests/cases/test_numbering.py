"""Reference numbers are gap-free per municipality and year, also under concurrency (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from sportello.cases import services
from sportello.cases.models import Case
from sportello.cases.numbering import format_reference
from tests.cases.conftest import build_town


def test_sequence_per_municipality_and_format(town):
    roads = town.department("strade")
    first = services.open_case(department=roads, title="Buca", actor=town.urp)
    second = services.open_case(department=roads, title="Altra buca", actor=town.urp)
    other = services.open_case(department=town.outsider.department_memberships.get().department, title="Buca")
    year = first.year
    assert (first.reference, second.reference) == (f"URP-{year}-000001", f"URP-{year}-000002")
    assert other.reference == f"URP-{year}-000001"  # each municipality counts on its own
    assert format_reference(2026, 123) == "URP-2026-000123"


def test_rolled_back_case_gives_its_number_back(town):
    roads = town.department("strade")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.open_case(department=roads, title="Annullata")
        raise RuntimeError("the surrounding work failed")
    case = services.open_case(department=roads, title="Buca")
    assert case.number == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_never_share_or_skip_a_number(number):
    town = build_town(number.account.municipality)
    roads = town.department("strade")
    errors: list[BaseException] = []
    per_thread = 5

    def work() -> None:
        from sportello.core.scoping import tenant_scope

        try:
            with tenant_scope(town.municipality):  # a thread starts with no scope, like a request
                for _ in range(per_thread):
                    services.open_case(department=roads, title="Buca", notify_citizen=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(municipality=town.municipality).values_list("number", flat=True))
    assert numbers == list(range(1, 6 * per_thread + 1))
