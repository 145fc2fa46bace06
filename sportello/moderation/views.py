"""The review queue and quarantine in the console: thin views over moderation.services (moderators only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.citizens.models import Citizen
from sportello.conversations.models import Attachment, Message
from sportello.core.audit import audit
from sportello.core.models import AuditEntry
from sportello.core.security import safe_next, serve_attachment
from sportello.moderation import evidence, services
from sportello.moderation.models import EvidenceExport, Review, Strike
from sportello.moderation.permissions import can_moderate, moderated_municipalities
from sportello.municipalities.scoping import municipalities_for

PAGE = 100
TABS = {
    "da-esaminare": Q(state=Review.State.PENDING),
    "quarantena": Q(message__hidden_at__isnull=False),
    "decise": ~Q(state=Review.State.PENDING),
}


def _moderator_required(view):  # type: ignore[no-untyped-def]
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not moderated_municipalities(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _reviews(request: HttpRequest) -> QuerySet[Review]:
    return Review.objects.filter(municipality__in=moderated_municipalities(request.user)).select_related(
        "message", "message__conversation", "citizen", "decided_by", "municipality"
    ).prefetch_related("citizen__identities")


@_moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("vista", "da-esaminare")
    if tab not in TABS:
        tab = "da-esaminare"
    reviews = _reviews(request).filter(TABS[tab])
    category = request.GET.get("categoria", "")
    if category:
        reviews = reviews.filter(categories__contains=[category]) if _json_contains() else reviews.filter(
            categories__icontains=f'"{category}"'
        )
    reviews = reviews.order_by("-created_at" if tab == "decise" else "created_at")[:PAGE]
    counts = _reviews(request).aggregate(
        pending=Count("pk", filter=TABS["da-esaminare"]), quarantine=Count("pk", filter=TABS["quarantena"])
    )
    return render(request, "moderation/queue.html", {
        "reviews": reviews, "tab": tab, "counts": counts, "category": category,
        "categories": services.CATEGORY_LABELS.items(),
    })


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@_moderator_required
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_object_or_404(_reviews(request), pk=review_id)
    message = review.message
    screening = getattr(message, "screening", None)
    audit("moderation.review_opened", actor=request.user, municipality=review.municipality, target=message)
    history = AuditEntry.objects.filter(
        Q(target_type="conversations.message", target_id=str(message.pk))
        | Q(target_type="citizens.citizen", target_id=str(review.citizen_id))
    ).exclude(action="moderation.review_opened").order_by("-created_at")[:50]
    context = {
        "review": review, "message": message, "citizen": review.citizen,
        "findings": screening.findings.all() if screening else [],
        "attachments": message.attachments.all(),
        "strikes": services.active_strikes(review.citizen),
        "history": history,
        "around": message.conversation.messages.filter(
            direction__in=[Message.Direction.INBOUND, Message.Direction.OUTBOUND], sent_at__lte=message.sent_at
        ).exclude(pk=message.pk).order_by("-sent_at")[:5],
    }
    return render(request, "moderation/review.html", context)


@require_POST
@_moderator_required
def review_decide(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_object_or_404(_reviews(request), pk=review_id)
    decision, reason = request.POST.get("decision", ""), request.POST.get("reason", "")
    try:
        if decision == "restore":
            services.restore(review, actor=request.user, reason=reason)
            flash.success(request, _("Messaggio ripristinato: ora è visibile agli operatori."))
        elif decision == "confirm":
            services.confirm(review, actor=request.user, reason=reason, strike=bool(request.POST.get("strike")))
            flash.success(request, _("Violazione confermata."))
        else:
            raise services.ModerationError(_("Decisione sconosciuta."))
    except services.ModerationError as exc:
        flash.error(request, str(exc))
        return redirect("moderation:review", review_id=review.pk)
    return redirect("moderation:queue")


def _citizen(request: HttpRequest, citizen_id: int) -> Citizen:
    return get_object_or_404(
        Citizen.objects.filter(municipality__in=moderated_municipalities(request.user)).prefetch_related("identities"),
        pk=citizen_id,
    )


@_moderator_required
def citizen_detail(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen = _citizen(request, citizen_id)
    from sportello.broadcasts.models import Subscription

    return render(request, "moderation/citizen.html", {
        "citizen": citizen,
        "strikes": Strike.objects.filter(citizen=citizen).order_by("-created_at"),
        "active_strikes": services.active_strikes(citizen),
        "policy": services.policy_for(citizen.municipality),
        "reviews": citizen.reviews.select_related("message", "decided_by").order_by("-created_at")[:PAGE],
        "subscriptions": Subscription.objects.filter(citizen=citizen, active=True).select_related("mailing_list"),
        "exports": EvidenceExport.objects.filter(citizen=citizen).select_related("created_by"),
    })


@require_POST
@_moderator_required
def citizen_action(request: HttpRequest, citizen_id: int, action: str) -> HttpResponse:
    citizen = _citizen(request, citizen_id)
    reason = request.POST.get("reason", "")
    try:
        if action == "blocca":
            services.block_citizen(
                citizen, actor=request.user, reason=reason, remove_from_lists=bool(request.POST.get("remove_from_lists"))
            )
            flash.success(request, _("Cittadino bloccato."))
        elif action == "sblocca":
            services.unblock_citizen(citizen, actor=request.user, reason=reason)
            flash.success(request, _("Cittadino sbloccato."))
        elif action == "liste":
            count = services.remove_from_mailing_lists(citizen, actor=request.user, reason=reason)
            flash.success(request, _("Iscrizioni terminate: %(count)s.") % {"count": count})
        else:
            raise Http404
    except services.ModerationError as exc:
        flash.error(request, str(exc))
    return redirect("moderation:citizen", citizen_id=citizen.pk)


@require_POST
@login_required
def message_action(request: HttpRequest, message_id: int, action: str) -> HttpResponse:
    """`segnala`: any staff member puts a message in the queue; `nascondi`: a moderator removes it."""
    message = get_object_or_404(
        Message.objects.select_related("conversation", "municipality"),
        pk=message_id, direction=Message.Direction.INBOUND, municipality__in=municipalities_for(request.user),
    )
    reason = request.POST.get("reason", "")
    try:
        if action == "segnala":
            services.report_message(message, actor=request.user, reason=reason)
            flash.success(request, _("Messaggio segnalato ai moderatori."))
        elif action == "nascondi":
            if not can_moderate(request.user, message.municipality):
                raise PermissionDenied
            services.hide_by_moderator(message, actor=request.user, reason=reason,
                                       strike=bool(request.POST.get("strike")))
            flash.success(request, _("Messaggio rimosso e messo in quarantena."))
        else:
            raise Http404
    except services.ModerationError as exc:
        flash.error(request, str(exc))
    # Back to the console's conversation, where the button was; never to another site.
    return redirect(safe_next(request, request.POST.get("next") or request.headers.get("Referer")))


@require_POST
@_moderator_required
def export_evidence(request: HttpRequest) -> HttpResponse:
    """The one place where the full identity leaves the system: moderators only, with a reason, audited."""
    allowed = moderated_municipalities(request.user)
    citizen = None
    if request.POST.get("citizen"):
        citizen = get_object_or_404(Citizen.objects.filter(municipality__in=allowed), pk=request.POST["citizen"])
    ids = [int(i) for i in request.POST.get("messages", "").replace(",", " ").split() if i.isdigit()]
    messages = None
    if ids:
        messages = list(Message.objects.filter(pk__in=ids, municipality__in=allowed))
        if len(messages) != len(set(ids)):
            raise Http404
    try:
        bundle = evidence.export_bundle(
            actor=request.user, reason=request.POST.get("reason", ""), citizen=citizen, messages=messages
        )
    except services.ModerationError as exc:
        flash.error(request, str(exc))
        return redirect("moderation:citizen", citizen_id=citizen.pk) if citizen else redirect("moderation:queue")
    response = HttpResponse(bundle.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    return response


@_moderator_required
def quarantine_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Media of hidden messages: moderators only (the console's attachment view no longer serves them)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__municipality"),
        pk=attachment_id, message__municipality__in=moderated_municipalities(request.user),
    )
    if not attachment.file:
        raise Http404("not downloaded yet")
    audit("attachment.downloaded", actor=request.user, municipality=attachment.message.municipality,
          target=attachment, quarantine=True)
    return serve_attachment(attachment.file.open("rb"), attachment.mime_type, attachment.filename, inline=False)
