"""REST API for data-subject requests (mounted at /api/v1/citizens; token scope `privacy`).

Supervisors and administrators of the citizen's municipality only; anyone else gets 404 for a citizen they cannot
see and 403 for one they can see but not act on, as in the console.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled
from ninja import Router, Schema
from ninja.errors import HttpError

from sportello.citizens.models import Citizen
from sportello.municipalities.roles import Role, has_role
from sportello.municipalities.scoping import municipalities_for
from sportello.privacy import services

router = Router(tags=["privacy"])


class EraseIn(Schema):
    confirm: bool = False
    reason: str = ""


class EraseOut(Schema):
    records: list[int]
    counts: dict[str, int]
    files: int


class RectifyIn(Schema):
    display_name: str | None = None
    language: str | None = None


class StateOut(Schema):
    citizen: int
    restricted: bool
    objected: bool


class RestrictIn(Schema):
    restricted: bool = True
    reason: str = ""


class ObjectIn(Schema):
    objected: bool = True


def _citizen(request: HttpRequest, citizen_id: int) -> Citizen:
    with scopes_disabled():
        citizen = get_object_or_404(
            Citizen._base_manager.select_related("municipality"),
            pk=citizen_id, municipality__in=list(municipalities_for(request.user)),
        )
    if not has_role(request.user, citizen.municipality, Role.SUPERVISOR):
        raise HttpError(403, "data-subject requests need a supervisor or an administrator")
    return citizen


def _state(citizen: Citizen) -> dict[str, Any]:
    return {"citizen": citizen.pk, "restricted": services.is_restricted(citizen.pk),
            "objected": services.has_objected(citizen.pk)}


@router.get("/{citizen_id}/export", response={200: dict[str, Any]})
def export(request: HttpRequest, citizen_id: int, format: str = "json"):  # noqa: A002 (the query parameter's name)
    """Everything about the citizen on every channel (and the records linked to them): JSON, or `?format=pdf`."""
    citizen = _citizen(request, citizen_id)
    if format == "pdf":
        pdf = services.export_citizen(citizen, actor=request.user, fmt="pdf")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="dati-personali-{citizen.pk}.pdf"'
        return response
    if format != "json":
        raise HttpError(400, "format must be json or pdf")
    return services.export_citizen(citizen, actor=request.user)


@router.post("/{citizen_id}/erase", response={200: EraseOut})
def erase(request: HttpRequest, citizen_id: int, data: EraseIn):
    """Irreversible: send `{"confirm": true}`. Case records are kept without the identity."""
    citizen = _citizen(request, citizen_id)
    if not data.confirm:
        raise HttpError(400, 'erasure is irreversible: send {"confirm": true}')
    return services.erase_citizen(citizen, actor=request.user, reason=data.reason)


@router.post("/{citizen_id}/rectify", response={200: StateOut})
def rectify(request: HttpRequest, citizen_id: int, data: RectifyIn):
    citizen = _citizen(request, citizen_id)
    services.rectify_citizen(citizen, actor=request.user, display_name=data.display_name, language=data.language)
    return _state(citizen)


@router.get("/{citizen_id}/privacy", response={200: StateOut})
def state(request: HttpRequest, citizen_id: int):
    return _state(_citizen(request, citizen_id))


@router.post("/{citizen_id}/restriction", response={200: StateOut})
def restriction(request: HttpRequest, citizen_id: int, data: RestrictIn):
    citizen = _citizen(request, citizen_id)
    if data.restricted:
        services.restrict_processing(citizen, actor=request.user, reason=data.reason)
    else:
        services.lift_restriction(citizen, actor=request.user)
    return _state(citizen)


@router.post("/{citizen_id}/objection", response={200: StateOut})
def objection(request: HttpRequest, citizen_id: int, data: ObjectIn):
    citizen = _citizen(request, citizen_id)
    if data.objected:
        services.object_to_broadcasts(citizen, actor=request.user)
    else:
        services.withdraw_objection(citizen, actor=request.user)
    return _state(citizen)
