"""Pages of the broadcasts app: the public daily bulletin (page and Atom feed), campaign preview and report."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.broadcasts import services
from sportello.broadcasts.bulletin import current_bulletin_text, current_notices
from sportello.broadcasts.models import Campaign, Delivery, Notice
from sportello.core.audit_reads import audited_read
from sportello.core.security import csv_writer
from sportello.municipalities.models import Municipality
from sportello.municipalities.scoping import municipalities_for, public_town_or_404


# -- public bulletin ---------------------------------------------------------------------------------------------
def bulletin_index(request: HttpRequest) -> HttpResponse:
    towns = list(Municipality.objects.filter(notices__published=True).distinct().order_by("name"))
    if len(towns) == 1:
        return redirect("bulletin-page", slug=towns[0].slug)
    return render(request, "broadcasts/bulletin_index.html", {"towns": towns})


def bulletin_page(request: HttpRequest, slug: str) -> HttpResponse:
    town = public_town_or_404(slug)
    today = timezone.localdate()
    notices = list(current_notices(town, today))
    return render(
        request,
        "broadcasts/bulletin.html",
        {"town": town, "today": today, "notices": notices, "chat_text": current_bulletin_text(town, today)},
    )


class BulletinFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Municipality:  # type: ignore[override]
        return public_town_or_404(slug)

    def title(self, town: Municipality) -> str:
        return _("Bollettino del %(comune)s") % {"comune": town.name}

    def subtitle(self, town: Municipality) -> str:
        return _("Avvisi, bandi e scadenze in corso")

    def link(self, town: Municipality) -> str:
        return reverse("bulletin-page", args=[town.slug])

    def items(self, town: Municipality):  # type: ignore[no-untyped-def]
        return current_notices(town)

    def item_title(self, notice: Notice) -> str:
        return f"{notice.get_kind_display().capitalize()}: {notice.title}"

    def item_description(self, notice: Notice) -> str:
        return notice.text

    def item_link(self, notice: Notice) -> str:
        return notice.link or reverse("bulletin-page", args=[notice.municipality.slug]) + f"#avviso-{notice.pk}"

    def item_guid(self, notice: Notice) -> str:
        return f"sportello-notice-{notice.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, notice: Notice) -> datetime:
        return timezone.make_aware(datetime.combine(notice.valid_from, time(0, 0)))

    def item_updateddate(self, notice: Notice) -> datetime:
        return notice.updated_at


# -- staff: preview, actions, report --------------------------------------------------------------------------------
def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("municipality", "template"), pk=pk,
        municipality__in=municipalities_for(request.user),
    )
    return campaign


@staff_member_required
def campaign_preview(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    capacity = services.capacity(campaign)
    return render(
        request,
        "broadcasts/campaign_preview.html",
        {
            "campaign": campaign,
            "free_text": services.free_form_text(campaign),
            "template_text": services.template_preview(campaign),
            "capacity": capacity,
            "needs_approval": services.needs_approval(campaign, capacity.recipients),
            "can_approve": services.can_approve(campaign, request.user),
            "threshold": services.APPROVAL_THRESHOLD,
        },
    )


ACTIONS = {
    "submit": lambda c, u: services.submit(c, u),
    "approve": lambda c, u: services.approve(c, u),
    "pause": lambda c, u: services.pause(c, u),
    "resume": lambda c, u: services.resume(c, u),
    "cancel": lambda c, u: services.cancel(c, u),
}


@staff_member_required
@require_POST
def campaign_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](campaign, request.user)
        messages.success(request, _("Fatto."))
    except services.CampaignError as exc:
        messages.error(request, str(exc))
    return redirect("campaign-preview", pk=campaign.pk)


@staff_member_required
def campaign_report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    funnel = services.funnel(campaign)
    total = funnel["total"] or 1
    steps = [
        (_("Destinatari"), funnel["total"]),
        (_("Accettati dal canale"), funnel["reached"]["accepted"]),
        (_("Inviati"), funnel["reached"]["sent"]),
        (_("Consegnati"), funnel["reached"]["delivered"]),
        (_("Letti"), funnel["reached"]["read"]),
    ]
    return render(
        request,
        "broadcasts/campaign_report.html",
        {
            "campaign": campaign,
            "funnel": funnel,
            "steps": [(label, n, round(100 * n / total, 1)) for label, n in steps],
            "failures": services.failures_by_reason(campaign),
            "states": [(Delivery.State(s).label, n) for s, n in funnel["states"].items() if n],
        },
    )


@staff_member_required
@audited_read("campaign.recipients_exported")
def campaign_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per recipient, identified by the masked number only (the export must not leak phone numbers)."""
    campaign = _campaign_for(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campagna-{campaign.pk}.csv"'
    writer = csv_writer(response)  # cells neutralised against spreadsheet formulas
    writer.writerow(["recapito", "cittadino", "canale", "numero", "stato", "modalita", "tentativi", "accettato",
                     "inviato", "consegnato", "letto", "non_riuscito", "codice_errore", "motivo"])
    rows = (
        Delivery.objects.filter(campaign=campaign)
        .select_related("citizen", "account")
        .prefetch_related("citizen__identities")
        .order_by("pk")
    )
    stamp = lambda d: timezone.localtime(d).isoformat(timespec="seconds") if d else ""  # noqa: E731
    for d in rows.iterator(chunk_size=2000):
        identity = d.citizen.primary_identity()
        writer.writerow([
            d.pk, d.citizen_id, d.account.channel, identity.masked if identity else "", d.get_state_display(), d.mode,
            d.attempts,
            stamp(d.accepted_at), stamp(d.sent_at), stamp(d.delivered_at), stamp(d.read_at), stamp(d.failed_at),
            d.error_code or "", d.error_title,
        ])
    return response
