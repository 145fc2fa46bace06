"""Every API endpoint (from the OpenAPI schema) × a token of every role, against both towns' objects."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.security.matrix.ledger import REFUSED, Ledger
from tests.security.matrix.world import TownWorld

pytestmark = pytest.mark.django_db  # every database: the admin lists inbound events too

ROLES = ("operator", "department", "supervisor", "administrator")
# What a path parameter names, by the resource the path starts with (a new parameter must be added here).
PATH_OBJECTS = {
    ("conversations", "conversation_id"): "conversation",
    ("cases", "conversation_id"): "conversation",  # routing suggestions
    ("attachments", "attachment_id"): "attachment",
    ("cases", "case_id"): "case",
    ("cases", "attachment_id"): "case_attachment",
    ("citizens", "citizen_id"): "citizen",
    ("tokens", "token_id"): None,  # the user's own tokens: not a town's object
    ("campaigns", "campaign_id"): "campaign",
}
# Refusals of a request about another town's object; 422: the body was refused before anything was looked up.
API_REFUSED = REFUSED | {422}


def _schema(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _fill(path: str, town: TownWorld) -> str | None:
    """The path with its parameters filled from the town's objects; None when it names no town object."""
    segments = path.strip("/").split("/")  # e.g. api/v1/cases/{case_id}/history
    out, named = [], False
    for segment in segments:
        match = re.fullmatch(r"\{(\w+)\}", segment)
        if not match:
            out.append(segment)
            continue
        key = (segments[2], match.group(1))  # api/v1/<resource>/…
        assert key in PATH_OBJECTS, f"the API matrix cannot fill {key} in {path}: add it to PATH_OBJECTS"
        kind = PATH_OBJECTS[key]
        if kind is None:
            return None
        named = True
        out.append(str(town.objects[kind].pk))
    return "/" + "/".join(out) if named or "{" not in path else None


def _token(user) -> str:  # type: ignore[no-untyped-def]
    from sportello.api.models import ApiToken
    from sportello.api.scopes import SCOPES

    _record, secret = ApiToken.issue(user, name="matrice", scopes=tuple(SCOPES))
    return secret


def test_api_permission_matrix(matrix):
    ledger = Ledger("api")
    own, other = matrix.own, matrix.other
    anonymous = Client()
    paths = _schema(anonymous)["paths"]
    assert len(paths) >= 10
    tokens = {role: _token(own.users[role]) for role in ROLES}
    tokens["superuser"] = _token(matrix.superuser)
    for path, operations in paths.items():
        for method in operations:
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            foreign, mine = _fill(path, other), _fill(path, own)
            if foreign is None:
                continue
            for role, token in tokens.items():
                headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
                call = getattr(anonymous, method)
                names_object = "{" in path
                if role != "superuser":
                    ledger.check(f"{role}@{own.slug} {method.upper()} {foreign}",
                                 call(foreign, content_type="application/json", **headers),
                                 forbidden=(other.marker,), refused=API_REFUSED if names_object else None)
                if method == "get":
                    response = call(mine, **headers)
                    is_400 = response.status_code == 400
                    ledger.check(f"{role}@{own.slug} GET {mine}", response,
                                 forbidden=() if role == "superuser" else (other.marker,),
                                 # a superuser of several towns may be asked which one (400)
                                 allowed=role == "administrator" or (role == "superuser" and not is_400))
            ledger.check(f"anonymous {method.upper()} {foreign}",
                         getattr(anonymous, method)(foreign, content_type="application/json"),
                         forbidden=(own.marker, other.marker), refused={401, 403, 404, 405})
    ledger.assert_clean()
