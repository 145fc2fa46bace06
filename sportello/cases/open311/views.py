"""Open311 GeoReport v2 over Sportello's cases, so existing civic apps can file and follow reports.

- services are the public categories of each department (service_code `department-category`, group: the
  department); categories with attributes have `metadata=true` and a service definition;
- POST requests (the only call needing `api_key`, an `Open311Key` of the jurisdiction) opens a case through
  `services.open_case`, so numbering, due dates, e-mail to the department and the audit log are the same as
  for a case from a chat; `type` is realtime: the reference is returned at once (with a token for clients that
  prefer to poll `tokens/`);
- GET requests lists only public cases (filed through Open311, or published by an operator): a chat's
  contents are personal data and never leave the console this way.
`jurisdiction_id` is the municipality's code (slug) or its website's host; optional when one municipality is
served. Errors use the GeoReport format with HTTP 400, 403 or 404.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from sportello.api.models import hash_token
from sportello.cases import conf, services
from sportello.cases.models import Case, Category, Open311Key
from sportello.cases.open311.formats import error, render
from sportello.core.ratelimit import Limit
from sportello.core.scoping import activate
from sportello.municipalities.models import Municipality

DESCRIPTION_LIMIT = 4000
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


class Problem(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _jurisdiction(request: HttpRequest) -> Municipality:
    """The municipality the request names; the rest of the request runs in its tenant scope."""
    municipality = _find_jurisdiction(request)
    activate(municipality)
    return municipality


def _find_jurisdiction(request: HttpRequest) -> Municipality:
    value = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip().lower()
    if not value:
        only = list(Municipality.objects.all()[:2])
        if len(only) == 1:
            return only[0]
        raise Problem(400, _("jurisdiction_id non indicato: questo servizio serve più comuni."))
    found = Municipality.objects.filter(slug=value).first()
    if found is None:
        for municipality in Municipality.objects.exclude(website=""):
            host = (urlparse(municipality.website).hostname or "").lower().removeprefix("www.")
            if host and host == value.removeprefix("www."):
                return municipality
        raise Problem(404, _("jurisdiction_id %(value)s non trovato.") % {"value": value})
    return found


def _services(municipality: Municipality) -> QuerySet[Category]:
    return Category.objects.filter(
        department__municipality=municipality, department__active=True, public=True
    ).select_related("department").order_by("department__name", "name")


def _service(municipality: Municipality, code: str) -> Category:
    for category in _services(municipality):
        if category.service_code == code:
            return category
    raise Problem(404, _("service_code %(code)s non trovato.") % {"code": code})


def _local(municipality: Municipality, moment: Any) -> Any:
    return moment.astimezone(ZoneInfo(municipality.timezone or "Europe/Rome")) if moment else None


def _service_out(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.service_code,
        "service_name": category.name,
        "description": category.department.description or category.department.name,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ", ".join(category.keywords or []),
        "group": category.department.name,
    }


def _attribute_out(position: int, attribute: dict[str, Any]) -> dict[str, Any]:
    return {
        "variable": bool(attribute.get("variable", True)),
        "code": attribute.get("code", ""),
        "datatype": attribute.get("datatype", "string"),
        "required": bool(attribute.get("required", False)),
        "datatype_description": attribute.get("datatype_description", ""),
        "order": int(attribute.get("order", position)),
        "description": attribute.get("description", ""),
        "values": [{"key": v.get("key"), "name": v.get("name")} for v in attribute.get("values", [])],
    }


def _request_out(case: Case) -> dict[str, Any]:
    municipality = case.municipality
    return {
        "service_request_id": case.reference,
        "status": "open" if case.is_open else "closed",
        "status_notes": case.status_notes,
        "service_name": case.category.name if case.category else case.department.name,
        "service_code": case.category.service_code if case.category else "",
        # A case from a chat publishes only what an operator wrote for the public, never the citizen's words.
        "description": case.description if case.source == Case.Source.OPEN311 else case.public_description,
        "agency_responsible": case.department.name,
        "service_notice": "",
        "requested_datetime": _local(municipality, case.created_at),
        "updated_datetime": _local(municipality, case.updated_at),
        "expected_datetime": _local(municipality, case.due_at),
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": case.latitude,
        "long": case.longitude,
        "media_url": case.media_url,
    }


def endpoint(view):  # type: ignore[no-untyped-def]
    """Turn `Problem` into the GeoReport error format; pass the format on."""

    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            _no_nul(request, kwargs)
            return view(request, *args, fmt=fmt, **kwargs)
        except Problem as problem:
            return error(fmt, problem.status, problem.description)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return csrf_exempt(wrapper)


def _no_nul(request: HttpRequest, kwargs: dict[str, Any]) -> None:
    """A NUL byte can be stored nowhere (PostgreSQL refuses it in text): refuse the request, not fail on it."""
    values = [*kwargs.values(), *(v for _k, vs in request.GET.lists() for v in vs)]
    if request.method == "POST":
        values += [v for _k, vs in request.POST.lists() for v in vs]
    if any("\x00" in str(v) for v in values) or any("\x00" in k for k in [*request.GET, *request.POST]):
        raise Problem(400, _("La richiesta contiene caratteri non ammessi."))


def _only(request: HttpRequest, *methods: str) -> None:
    if request.method not in methods:
        raise Problem(400, _("Metodo %(method)s non supportato.") % {"method": request.method})


@endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    _only(request, "GET")
    base = request.build_absolute_uri(reverse("cases:open311:root"))
    return render(fmt, "discovery", {
        "changeset": timezone.now().replace(microsecond=0),
        "contact": _("Ufficio relazioni con il pubblico"),
        "key_service": _("Chiedere una chiave API all'amministratore di Sportello."),
        "endpoints": [{
            "specification": SPEC_URL, "url": base, "changeset": timezone.now().replace(microsecond=0),
            "type": "production", "formats": ["text/xml", "application/json"],
        }],
    })


@endpoint
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _only(request, "GET")
    municipality = _jurisdiction(request)
    return render(fmt, "services", [_service_out(c) for c in _services(municipality)])


@endpoint
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _only(request, "GET")
    category = _service(_jurisdiction(request), code)
    attributes = [_attribute_out(i, a) for i, a in enumerate(category.attributes or [], start=1)]
    return render(fmt, "service_definition", {"service_code": category.service_code, "attributes": attributes})


@endpoint
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        api_key = request.POST.get("api_key", "")
        wait = Limit("open311-post").hit(request, account=f"key:{hash_token(api_key)}" if api_key else None)
        if wait:
            response = error(fmt, 429, _("Troppe segnalazioni in poco tempo: riprovare tra %(seconds)d secondi.")
                             % {"seconds": wait})
            response["Retry-After"] = str(wait)
            return response
        return _create(request, fmt)
    _only(request, "GET")
    return _search(request, fmt)


def _authenticate(request: HttpRequest, municipality: Municipality) -> Open311Key:
    api_key = request.POST.get("api_key", "")
    key = Open311Key.objects.filter(key_hash=hash_token(api_key), active=True).first() if api_key else None
    if key is None or key.municipality_id != municipality.pk:
        raise Problem(403, _("api_key non valida: impossibile creare la segnalazione."))
    Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _float(value: str, name: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise Problem(400, _("%(name)s non è un numero.") % {"name": name}) from None
    if not low <= number <= high:
        raise Problem(400, _("%(name)s fuori dall'intervallo consentito.") % {"name": name})
    return number


_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def _attributes(request: HttpRequest, category: Category) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for key in request.POST:
        match = _ATTRIBUTE.match(key)
        if match:
            values = request.POST.getlist(key)
            given[match.group(1)] = values if match.group(2) else values[-1]
    for attribute in category.attributes or []:
        code = attribute.get("code")
        if attribute.get("required") and attribute.get("variable", True) and not given.get(code):
            raise Problem(400, _("Attributo obbligatorio mancante: %(code)s.") % {"code": code})
        allowed = {str(v.get("key")) for v in attribute.get("values", [])}
        chosen = given.get(code)
        if allowed and chosen:
            for value in chosen if isinstance(chosen, list) else [chosen]:
                if value not in allowed:
                    raise Problem(400, _("Valore non ammesso per %(code)s: %(value)s.") % {"code": code, "value": value})
    return given


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    key = _authenticate(request, municipality)
    data = request.POST
    code = data.get("service_code", "").strip()
    if not code:
        raise Problem(400, _("service_code non indicato."))
    category = _service(municipality, code)
    lat = lon = None
    if data.get("lat") or data.get("long"):
        if not (data.get("lat") and data.get("long")):
            raise Problem(400, _("Indicare sia lat sia long."))
        lat = _float(data["lat"], "lat", -90, 90)
        lon = _float(data["long"], "long", -180, 180)
    address = data.get("address_string", "").strip() or data.get("address_id", "").strip()
    if lat is None and not address:
        raise Problem(400, _("Posizione mancante: indicare lat e long, address_string o address_id."))
    description = data.get("description", "").strip()
    if len(description) > DESCRIPTION_LIMIT:
        raise Problem(400, _("La descrizione supera i 4000 caratteri."))
    media_url = data.get("media_url", "").strip()
    if media_url and urlparse(media_url).scheme not in ("http", "https"):
        raise Problem(400, _("media_url non valido."))
    attributes = _attributes(request, category)
    reporter = {
        k: data[k].strip()[:200]
        for k in ("email", "first_name", "last_name", "phone", "device_id", "account_id")
        if data.get(k, "").strip()
    }
    token = secrets.token_hex(12)
    try:
        case = services.open_case(
            department=category.department,
            category=category,
            title=(description.splitlines()[0][:120] if description else category.name),
            description=description,
            latitude=lat, longitude=lon, address=address,
            source=Case.Source.OPEN311,
            public=True,
            reporter={**reporter, "client": key.name},
            media_url=media_url[:500],
            attributes=attributes,
            open311_token=token,
            actor=None,
            notify_citizen=False,
        )
    except services.CaseError as problem:
        raise Problem(400, problem.message) from None
    notice = _("Segnalazione inoltrata a %(department)s.") % {"department": category.department.name}
    return render(fmt, "service_requests", [{
        "service_request_id": case.reference, "token": token, "service_notice": notice, "account_id": "",
    }])


def _search(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    qs = Case.objects.filter(municipality=municipality, public=True).select_related(
        "department", "category", "municipality"
    )
    ids = [x.strip() for x in request.GET.get("service_request_id", "").split(",") if x.strip()]
    if ids:  # the spec: with ids, every other filter is ignored
        qs = qs.filter(reference__in=ids)
    else:
        codes = [x.strip() for x in request.GET.get("service_code", "").split(",") if x.strip()]
        if codes:
            wanted = [c.pk for c in _services(municipality) if c.service_code in codes]
            qs = qs.filter(category_id__in=wanted)
        start, end = _date(request, "start_date"), _date(request, "end_date")
        if start is None and end is None:
            start = timezone.now() - timedelta(days=conf.get("CASES_OPEN311_DAYS"))
        if start is not None:
            qs = qs.filter(created_at__gte=start)
        if end is not None:
            qs = qs.filter(created_at__lte=end)
        statuses = {x.strip() for x in request.GET.get("status", "").split(",") if x.strip()}
        if statuses - {"open", "closed"}:
            raise Problem(400, _("status può essere open o closed."))
        if statuses == {"open"}:
            qs = qs.filter(state__in=Case.OPEN_STATES)
        elif statuses == {"closed"}:
            qs = qs.exclude(state__in=Case.OPEN_STATES)
    cases = qs.order_by("-created_at", "-id")[: conf.get("CASES_OPEN311_LIMIT")]
    return render(fmt, "service_requests", [_request_out(c) for c in cases])


def _date(request: HttpRequest, name: str) -> Any:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        parsed = parse_datetime(raw.replace(" ", "+"))  # a "+01:00" offset arrives as " 01:00" when not encoded
    except ValueError:  # well-formed but impossible, e.g. 2025-02-30
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise Problem(400, _("%(name)s deve essere una data ISO 8601 con fuso orario.") % {"name": name})
    return parsed


@endpoint
def request_detail(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    _only(request, "GET")
    municipality = _jurisdiction(request)
    case = Case.objects.filter(municipality=municipality, public=True, reference=reference).select_related(
        "department", "category", "municipality"
    ).first()
    if case is None:
        raise Problem(404, _("service_request_id %(id)s non trovato.") % {"id": reference})
    return render(fmt, "service_requests", [_request_out(case)])


@endpoint
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    _only(request, "GET")
    municipality = _jurisdiction(request)
    case = Case.objects.filter(municipality=municipality, open311_token=token).exclude(open311_token="").first()
    if case is None:
        raise Problem(404, _("token %(token)s non trovato.") % {"token": token})
    return render(fmt, "service_requests", [{"service_request_id": case.reference, "token": token}])
