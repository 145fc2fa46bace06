"""Every console URL (walked from the URL resolver) × every role, against both towns' objects.

Staff of town "alfa" (operator, department staff, supervisor, administrator) open every page with alfa's objects
and with beta's: beta's are refused (403/404/405) and no beta marker ever appears. Alfa's administrator and the
superuser get their own pages. Anonymous visitors get the login page or a refusal, and public pages show no private
marker of any town.
"""

from __future__ import annotations

import pytest

from tests.security.matrix.conftest import client_for
from tests.security.matrix.ledger import REFUSED, Ledger
from tests.security.matrix.routes import NO_POST, _filler, site_routes

pytestmark = pytest.mark.django_db  # every database: the admin lists inbound events too

STAFF_ROLES = ("operator", "department", "supervisor", "administrator")
POSTING_ROLES = ("operator", "administrator")  # POSTs to another town's objects (the lowest and highest role)
OWN_PAGE_ROLES = ("department", "administrator")  # GETs of their own town's objects


def test_console_routes_cover_every_url():
    """Every URL's parameters can be filled (a new URL must join the matrix), and the matrix is not empty."""
    routes = site_routes()
    assert len([r for r in routes if r.has_objects]) >= 30
    for route in routes:
        for param in route.params:
            _filler(route.name, param)  # raises LookupError for a parameter nobody maps


def test_console_permission_matrix(matrix):
    ledger = Ledger("console")
    own, other = matrix.own, matrix.other
    markers = (own.marker, other.marker)
    routes = site_routes()
    for role in STAFF_ROLES:
        client = client_for(own.users[role])
        for route in routes:
            if route.public:
                continue
            foreign = route.url(other)
            ledger.check(f"{role}@{own.slug} GET {foreign}", client.get(foreign), forbidden=(other.marker,),
                         refused=REFUSED if route.has_objects else None)
            if role in POSTING_ROLES and route.name not in NO_POST and route.has_objects:
                ledger.check(f"{role}@{own.slug} POST {foreign}", client.post(foreign, {}),
                             forbidden=(other.marker,), refused=REFUSED)
            if role in OWN_PAGE_ROLES and route.has_objects:
                mine = route.url(own)
                ledger.check(f"{role}@{own.slug} GET {mine}", client.get(mine), forbidden=(other.marker,),
                             allowed=role == "administrator")
    superuser, anonymous, operator = client_for(matrix.superuser), client_for(None), client_for(own.users["operator"])
    for route in routes:
        url = route.url(own)
        if not route.public:
            ledger.check(f"superuser GET {url}", superuser.get(url), allowed=True)
            ledger.check(f"anonymous GET {url}", anonymous.get(url), forbidden=markers, refused=REFUSED)
            if route.name not in NO_POST:
                ledger.check(f"anonymous POST {url}", anonymous.post(url, {}), forbidden=markers, refused=REFUSED)
            continue
        for town in (own, other):  # public pages: no private marker of any town, whoever asks
            url = route.url(town)
            ledger.check(f"anonymous GET {url}", anonymous.get(url), forbidden=markers)
            ledger.check(f"operator@{own.slug} GET {url}", operator.get(url), forbidden=(other.marker,))
    ledger.assert_clean()
