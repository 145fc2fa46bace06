"""REST API for lists and campaigns (mounted at /api/v1): the same services as the console, the same rules.

A token acts as its owner: only the municipalities where they are staff; approving needs a different user's token
than the author's (four eyes), starting, pausing, resuming and cancelling a supervisor's. Errors are ErrorOut:
400 invalid input, 403 not allowed to this user, 404 not found (or not theirs), 409 the campaign's state forbids it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from sportello.api.schemas import ErrorOut
from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign, MailingList
from sportello.campaigns import access
from sportello.campaigns.forms import AT, NOW, REPEAT, CampaignForm
from sportello.campaigns.progress import progress_of
from sportello.campaigns.schemas import CampaignIn, CampaignOut, ListIn, ListOut, ReportOut
from sportello.connectors import templates as channel_templates
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import Municipality

router = Router()


def _error(status: int, code: str, detail: str, **details: Any) -> Status:
    return Status(status, {"code": code, "detail": detail, "details": details})


def _town(request: HttpRequest, slug: str | None) -> Municipality | Status:
    towns = list(access.towns_for(request.user))
    if slug:
        found = [t for t in towns if t.slug == slug]
        return found[0] if found else _error(404, "municipality_not_found", _("No such municipality among yours."))
    if len(towns) == 1:
        return towns[0]
    return _error(400, "municipality_required", _("Name the municipality: you work for several."))


# -- lists ----------------------------------------------------------------------------------------------------
def _list_out(item: MailingList) -> dict[str, Any]:
    return {"id": item.pk, "municipality": item.municipality.slug, "slug": item.slug, "name": item.name,
            "description": item.description, "category": item.category,
            "category_label": str(item.get_category_display()), "requires_consent": item.requires_consent,
            "active": item.active, "subscribers": services.member_count(item)}


@router.get("/lists", response=list[ListOut], tags=["lists"])
def list_lists(request: HttpRequest, municipality: str | None = None):
    """The lists of the token owner's municipalities, with their active subscribers."""
    lists = MailingList.objects.filter(municipality__in=access.towns_for(request.user)).select_related("municipality")
    if municipality:
        lists = lists.filter(municipality__slug=municipality)
    return [_list_out(item) for item in lists.order_by("municipality__name", "name")]


@router.post("/lists", response={201: ListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
             tags=["lists"])
def create_list(request: HttpRequest, data: ListIn):
    """A new list (supervisors and administrators). Citizens join it with the municipality's keyword commands."""
    town = _town(request, data.municipality)
    if isinstance(town, Status):
        return town
    if not roles.has_role(request.user, town, roles.Role.SUPERVISOR):
        return _error(403, "supervisor_required", _("Only a supervisor or an administrator creates lists."))
    slug = slugify(data.slug)
    if not slug or not data.name.strip():
        return _error(400, "invalid", _("A list needs a code and a name."))
    if data.category not in MailingList.Category.values:
        return _error(400, "invalid", _("Unknown category."), choices=list(MailingList.Category.values))
    try:
        with transaction.atomic():
            item = MailingList.objects.create(
                municipality=town, slug=slug, name=data.name.strip(), description=data.description,
                category=data.category, requires_consent=data.requires_consent, tags=list(data.tags),
            )
    except IntegrityError:
        return _error(409, "slug_taken", _("A list with this code already exists."))
    audit("list.created", actor=request.user, municipality=town, target=item, via="api")
    return Status(201, _list_out(item))


# -- campaigns ------------------------------------------------------------------------------------------------
def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk, "municipality": c.municipality.slug, "title": c.title, "category": c.category,
        "category_label": str(c.get_category_display()), "state": c.state, "state_label": str(c.get_state_display()),
        "text": c.text, "link": c.link, "media_kind": c.media_kind if c.media else "",
        "lists": sorted(c.lists.values_list("pk", flat=True)), "channels": list(c.channels or []),
        "template": c.template_id, "template_params": [str(p) for p in c.template_params or []],
        "send_at": c.send_at, "recurrence": c.recurrence or {},
        "created_by": c.created_by.get_username() if c.created_by else None,
        "approved_by": c.approved_by.get_username() if c.approved_by else None, "approved_at": c.approved_at,
        "recipients_count": c.recipients_count, "started_at": c.started_at, "finished_at": c.finished_at,
    }


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _form_data(data: CampaignIn) -> dict[str, Any]:
    timing = REPEAT if data.recurrence else AT if data.send_at else NOW
    return {
        "title": data.title, "category": data.category, "text": data.text, "link": data.link,
        "lists": [str(i) for i in data.lists], "channels": list(data.channels), "source": data.source,
        "timing": timing,
        "send_at": _local(data.send_at).strftime("%Y-%m-%d %H:%M") if data.send_at else "",
        "weekdays": [str(d) for d in data.recurrence.weekdays] if data.recurrence else [],
        "repeat_time": data.recurrence.time if data.recurrence else "",
    }


def _template_error(town: Municipality, data: CampaignIn) -> Status | None:
    if data.template is None:
        return None if not data.template_params else _error(400, "invalid", _("Parameters given without a template."))
    approved = {c.id: c for c in channel_templates.approved_templates(town)}
    choice = approved.get(data.template)
    if choice is None:
        return _error(400, "template_not_approved", _("No approved template with this id in the municipality."),
                      approved=sorted(approved))
    if len(data.template_params) != choice.parameter_count:
        return _error(400, "template_parameters", _("The template needs %(n)d parameters.") % {"n": choice.parameter_count})
    return None


@router.get("/campaigns", response=list[CampaignOut], tags=["campaigns"])
def list_campaigns(request: HttpRequest, state: str | None = None, municipality: str | None = None,
                   limit: int = 50, offset: int = 0):
    campaigns = access.campaigns_for(request.user).prefetch_related("lists").order_by("-created_at")
    if state:
        campaigns = campaigns.filter(state=state)
    if municipality:
        campaigns = campaigns.filter(municipality__slug=municipality)
    return [_campaign_out(c) for c in campaigns[offset: offset + min(limit, 200)]]


@router.post("/campaigns", response={201: CampaignOut, 400: ErrorOut, 404: ErrorOut}, tags=["campaigns"])
def create_campaign(request: HttpRequest, data: CampaignIn):
    """A draft, validated as the console's composer validates it. Submit it next (`/submit`)."""
    town = _town(request, data.municipality)
    if isinstance(town, Status):
        return town
    form = CampaignForm(data=_form_data(data), town=town)
    if not form.is_valid():
        return _error(400, "invalid", _("The campaign is not valid."),
                      fields={name: [str(e) for e in errors] for name, errors in form.errors.items()})
    problem = _template_error(town, data)
    if problem is not None:
        return problem
    with transaction.atomic():
        campaign = form.save(commit=False)
        campaign.created_by = request.user
        campaign.template_id, campaign.template_params = data.template, list(data.template_params)
        campaign.save()
        form.save_m2m()
    audit("campaign.created", actor=request.user, municipality=town, target=campaign, via="api")
    return Status(201, _campaign_out(campaign))


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, 404: ErrorOut}, tags=["campaigns"])
def get_campaign(request: HttpRequest, campaign_id: int):
    campaign = access.campaigns_for(request.user).filter(pk=campaign_id).first()
    if campaign is None:
        return _error(404, "not_found", _("No such campaign among yours."))
    return _campaign_out(campaign)


def _act(request: HttpRequest, campaign_id: int, allowed: Callable[[Campaign, Any], str | None],
         run: Callable[[Campaign, Any], Any]) -> Any:
    campaign = access.campaigns_for(request.user).filter(pk=campaign_id).first()
    if campaign is None:
        return _error(404, "not_found", _("No such campaign among yours."))
    refusal = allowed(campaign, request.user)
    if refusal:
        return _error(403, "not_allowed", refusal)
    try:
        run(campaign, request.user)
    except services.CampaignError as exc:
        campaign.refresh_from_db()
        return _error(409, "state_conflict", str(exc), state=campaign.state)
    campaign.refresh_from_db()
    return _campaign_out(campaign)


def _anyone(campaign: Campaign, user: Any) -> str | None:
    return None


def _approver(campaign: Campaign, user: Any) -> str | None:
    if campaign.state != Campaign.State.AWAITING_APPROVAL or services.can_approve(campaign, user):
        return None  # a wrong state is the service's 409
    return _("Another member of staff must approve it: the author cannot approve their own campaign.")


def _supervisor(campaign: Campaign, user: Any) -> str | None:
    if access.is_supervisor(user, campaign):
        return None
    return _("Only a supervisor or an administrator starts, pauses, resumes or cancels a campaign.")


ACTION_RESPONSES = {200: CampaignOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/campaigns/{campaign_id}/submit", response=ACTION_RESPONSES, tags=["campaigns"])
def submit_campaign(request: HttpRequest, campaign_id: int):
    """Draft → awaiting approval (when required) or scheduled."""
    return _act(request, campaign_id, _anyone, services.submit)


@router.post("/campaigns/{campaign_id}/approve", response=ACTION_RESPONSES, tags=["campaigns"])
def approve_campaign(request: HttpRequest, campaign_id: int):
    """Four eyes: a token of someone other than the author (an emergency: any supervisor)."""
    return _act(request, campaign_id, _approver, services.approve)


@router.post("/campaigns/{campaign_id}/start", response=ACTION_RESPONSES, tags=["campaigns"])
def start_campaign(request: HttpRequest, campaign_id: int):
    """A scheduled campaign starts sending now (supervisors)."""
    return _act(request, campaign_id, _supervisor, services.start_now)


@router.post("/campaigns/{campaign_id}/pause", response=ACTION_RESPONSES, tags=["campaigns"])
def pause_campaign(request: HttpRequest, campaign_id: int):
    return _act(request, campaign_id, _supervisor, services.pause)


@router.post("/campaigns/{campaign_id}/resume", response=ACTION_RESPONSES, tags=["campaigns"])
def resume_campaign(request: HttpRequest, campaign_id: int):
    return _act(request, campaign_id, _supervisor, services.resume)


@router.post("/campaigns/{campaign_id}/cancel", response=ACTION_RESPONSES, tags=["campaigns"])
def cancel_campaign(request: HttpRequest, campaign_id: int):
    """Copies not yet attempted are cancelled; those in flight finish."""
    return _act(request, campaign_id, _supervisor, services.cancel)


@router.get("/campaigns/{campaign_id}/report", response={200: ReportOut, 404: ErrorOut}, tags=["campaigns"])
def campaign_report(request: HttpRequest, campaign_id: int):
    """Copies per state, the funnel, per channel, failures by reason (in words)."""
    campaign = access.campaigns_for(request.user).filter(pk=campaign_id).first()
    if campaign is None:
        return _error(404, "not_found", _("No such campaign among yours."))
    funnel = services.funnel(campaign)
    return {
        "id": campaign.pk, "state": campaign.state, "state_label": str(campaign.get_state_display()),
        "recipients": funnel["total"], "percent": progress_of(campaign).percent, "states": funnel["states"],
        "reached": funnel["reached"],
        "channels": [{"channel": c["account"].channel, "label": c["label"], "total": c["total"],
                      "accepted": c["accepted"], "delivered": c["delivered"], "read": c["read"], "failed": c["failed"]}
                     for c in funnel["channels"]],
        "failures": [{"code": f["error_code"], "reason": f["error_title"] or _("No reason given by the channel"),
                      "count": f["n"]} for f in services.failures_by_reason(campaign)],
    }
