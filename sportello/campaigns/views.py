"""Console pages of campaigns: the list, the composer, the campaign (preview, estimate, approval, actions, live
progress) and its report. Thin: the rules are in sportello.broadcasts.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sportello.broadcasts import services
from sportello.broadcasts.models import Campaign, Delivery
from sportello.campaigns import access
from sportello.campaigns.composer import Composer, template_part
from sportello.campaigns.display import duration_text, recurrence_text
from sportello.campaigns.preview import channel_previews
from sportello.campaigns.progress import progress_of
from sportello.conversations.channel import kind_label
from sportello.municipalities.roles import role_required
from sportello.reports.charts import bar_chart


@role_required("operator")
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = access.campaigns_for(request.user).prefetch_related("lists").order_by("-created_at")
    state, category, query = request.GET.get("state", ""), request.GET.get("category", ""), request.GET.get("q", "").strip()
    if state in Campaign.State.values:
        campaigns = campaigns.filter(state=state)
    if category in Campaign.Category.values:
        campaigns = campaigns.filter(category=category)
    if query:
        campaigns = campaigns.filter(title__icontains=query)
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    return render(request, "campaigns/list.html", {
        "page": page, "states": Campaign.State.choices, "categories": Campaign.Category.choices,
        "state": state, "category": category, "query": query, "towns": access.towns_for(request.user),
    })


def _town(request: HttpRequest) -> Any:
    towns = list(access.towns_for(request.user))
    wanted = request.POST.get("town") or request.GET.get("comune")
    if wanted:
        found = [t for t in towns if t.slug == wanted]
        if not found:
            raise Http404
        return found[0]
    return towns[0] if len(towns) == 1 else None


@role_required("operator")
def campaign_new(request: HttpRequest) -> HttpResponse:
    town = _town(request)
    if town is None:
        return render(request, "campaigns/choose_town.html", {"towns": access.towns_for(request.user)})
    composer = Composer(request, town)
    if request.method == "POST" and composer.is_valid():
        campaign = composer.save()
        messages.success(request, _("Draft saved. Check the preview and the estimate, then submit it."))
        return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/composer.html", {"composer": composer, "town": town})


@role_required("operator")
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for(request.user, pk)
    if campaign.state != Campaign.State.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("campaigns:detail", pk=campaign.pk)
    composer = Composer(request, campaign.municipality, campaign)
    if request.method == "POST" and composer.is_valid():
        composer.save()
        messages.success(request, _("Draft saved."))
        return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/composer.html", {"composer": composer, "town": campaign.municipality,
                                                       "campaign": campaign})


@role_required("operator")
@require_POST
def template_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: the composer's template section for the lists and channels ticked right now."""
    town = _town(request)
    if town is None:
        raise Http404
    pk = request.POST.get("campaign", "")
    campaign = access.campaign_for(request.user, int(pk)) if pk.isdigit() else None
    return render(request, "campaigns/_template_part.html", {"part": template_part(town, campaign, request.POST)})


@role_required("operator")
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for(request.user, pk)
    capacity = services.capacity(campaign)
    estimate, total_seconds = services.send_estimate(capacity)
    started = campaign.state not in (Campaign.State.DRAFT, Campaign.State.AWAITING_APPROVAL)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign,
        "previews": channel_previews(campaign, capacity),
        "capacity": capacity,
        "estimate": [(c, row, duration_text(row.seconds)) for c, row in zip(capacity.channels, estimate)],
        "channel_names": [kind_label(c) for c in campaign.channels],
        "total_time": duration_text(total_seconds),
        "needs_approval": services.needs_approval(campaign, capacity.recipients),
        "threshold": services.APPROVAL_THRESHOLD,
        "actions": _actions_for(campaign, request.user),
        "can_approve": services.can_approve(campaign, request.user),
        "recurrence": recurrence_text(campaign.recurrence),
        "progress": progress_of(campaign) if started else None,
        "occurrences": campaign.occurrences.order_by("-created_at")[:10] if campaign.recurrence else [],
    })


def _actions_for(campaign: Campaign, user: Any) -> list[tuple[str, str, str]]:
    """(action, label, button style) the user may take now; the services check again on POST."""
    state, supervisor = campaign.state, access.is_supervisor(user, campaign)
    found = []
    if state == Campaign.State.DRAFT:
        found.append(("submit", _("Submit for sending") if not services.needs_approval(campaign)
                      else _("Submit for approval"), "btn-primary"))
    if state == Campaign.State.AWAITING_APPROVAL and services.can_approve(campaign, user):
        found.append(("approve", _("Approve"), "btn-primary"))
    if state == Campaign.State.SCHEDULED and supervisor:
        found.append(("start", _("Start sending now"), "btn-primary"))
    if state == Campaign.State.SENDING and supervisor:
        found.append(("pause", _("Pause"), "btn-outline-primary"))
    if state == Campaign.State.PAUSED and supervisor:
        found.append(("resume", _("Resume"), "btn-primary"))
    if state not in (Campaign.State.DONE, Campaign.State.CANCELLED) and supervisor:
        found.append(("cancel", _("Cancel the campaign"), "btn-outline-danger"))
    return found


ACTIONS = {
    "submit": (lambda c, u: services.submit(c, u), gettext_lazy("Submitted.")),
    "approve": (lambda c, u: services.approve(c, u), gettext_lazy("Approved.")),
    "start": (lambda c, u: services.start_now(c, u), gettext_lazy("Sending has started.")),
    "pause": (lambda c, u: services.pause(c, u), gettext_lazy("Paused.")),
    "resume": (lambda c, u: services.resume(c, u), gettext_lazy("Resumed.")),
    "cancel": (lambda c, u: services.cancel(c, u), gettext_lazy("Cancelled.")),
}


@role_required("operator")
@require_POST
def campaign_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    campaign = access.campaign_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    run, done = ACTIONS[action]
    try:
        run(campaign, request.user)
        messages.success(request, str(done))
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    return redirect("campaigns:detail", pk=campaign.pk)


@role_required("operator")
def campaign_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the progress bar, polled while the campaign sends; the last answer carries no trigger."""
    campaign = access.campaign_for(request.user, pk)
    progress = progress_of(campaign)
    response = render(request, "campaigns/_progress.html", {"campaign": campaign, "progress": progress})
    if not progress.live and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # finished or paused: the page's state and buttons change too
    return response


@role_required("operator")
def campaign_report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for(request.user, pk)
    funnel = services.funnel(campaign)
    total = funnel["total"]
    steps = [
        (_("Recipients"), total),
        (_("Accepted by the channel"), funnel["reached"]["accepted"]),
        (_("Sent"), funnel["reached"]["sent"]),
        (_("Delivered"), funnel["reached"]["delivered"]),
        (_("Read"), funnel["reached"]["read"]),
    ]
    return render(request, "campaigns/report.html", {
        "campaign": campaign,
        "funnel": funnel,
        "steps": [(label, n, round(100 * n / total) if total else 0) for label, n in steps],
        "chart": bar_chart(_("How many citizens each stage reached"), [(str(label), n) for label, n in steps]),
        "failures": services.failures_by_reason(campaign),
        "states": [(Delivery.State(s).label, n) for s, n in funnel["states"].items() if n],
        "modes": [(Delivery.Mode(m).label, n) for m, n in funnel["modes"].items() if m in Delivery.Mode.values],
    })
