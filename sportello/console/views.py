"""The console's pages and htmx fragments. Thin: scope, call a service or a query, render."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sportello.connectors.base import MessageKind
from sportello.console import panels, queries, services, snippets
from sportello.console.channels import channel_choices
from sportello.console.forms import CannedReplyForm
from sportello.console.label_views import labels_context
from sportello.console.models import CannedReply, Label
from sportello.conversations import media, outbound, receipts
from sportello.conversations.channel import label as channel_label
from sportello.conversations.channel import send_check
from sportello.conversations.models import Attachment, Conversation, Message
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership
from sportello.municipalities.scoping import municipalities_for
from sportello.core.audit_reads import audited_read

operator_required = roles.role_required(StaffMembership.Role.OPERATOR)
supervisor_required = roles.role_required(StaffMembership.Role.SUPERVISOR)

MAX_UPLOAD = 100 * 1024 * 1024


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _list_base(request: HttpRequest, filters: queries.InboxFilters) -> dict[str, Any]:
    """What every rendering of the list reads, whole or by rows."""
    return {"filters": filters, "municipalities": list(municipalities_for(request.user)), "now": timezone.now()}


def _list_context(request: HttpRequest, filters: queries.InboxFilters | None = None) -> dict[str, Any]:
    base = _list_base(request, filters if filters is not None else queries.InboxFilters.from_request(request))
    filters, towns = base["filters"], base["municipalities"]
    conversations = list(queries.inbox(request.user, filters)[: queries.LIST_LIMIT])
    if filters.q:
        snippets.attach(conversations, queries.matching_messages(request.user, filters.q), filters.q)
    return {
        **base,
        "conversations": conversations,
        "channels": channel_choices(towns),
        "views": [
            ("aperte", _("Aperte")), ("in_attesa", _("In attesa di risposta")), ("mie", _("Mie")),
            ("non_assegnate", _("Non assegnate")), ("chiuse", _("Chiuse")), ("bloccati", _("Bloccati")),
            ("tutte", _("Tutte")),
        ],
        "labels": list(Label.objects.filter(municipality__in=towns).select_related("municipality")),
    }


@operator_required
@require_GET
@audited_read("conversation.listed")
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "console/inbox.html", {**_list_context(request), "selected": None})


@operator_required
@require_GET
@audited_read("conversation.listed")
def conversation_list(request: HttpRequest) -> HttpResponse:
    selected = int(request.GET["aperta"]) if request.GET.get("aperta", "").isdigit() else None
    filters = queries.InboxFilters.from_request(request)
    if "cambiate" in request.GET and not filters.q:  # a search's rows carry snippets: always the whole list
        return render(request, "console/_list_delta.html", _list_delta_context(request, filters, selected))
    return render(request, "console/_list.html", {**_list_context(request, filters), "selected": selected})


def _list_delta_context(request: HttpRequest, filters: queries.InboxFilters, selected: int | None) -> dict[str, Any]:
    """The list's order, and rows only for the conversations the console says changed (`cambiate`, ids): under a
    burst of messages the console refreshes its list every second, and 200 rows rendered each time took the web
    process's CPU from the conversation being read."""
    changed = {int(pk) for pk in request.GET["cambiate"].split(",")[: queries.LIST_LIMIT] if pk.isdigit()}
    inbox = queries.inbox(request.user, filters)
    order = list(inbox.values_list("pk", flat=True)[: queries.LIST_LIMIT])
    rows = [pk for pk in order if pk in changed]
    return {
        **_list_base(request, filters),
        "order": order,
        "conversations": list(inbox.filter(pk__in=rows)) if rows else [],
        "selected": selected,
    }


def _composer_context(request: HttpRequest, conversation: Conversation, **extra: Any) -> dict[str, Any]:
    # The channel decides whether free text may go now and what may go instead (WhatsApp: templates).
    check = send_check(conversation)
    offers_templates = not check.allowed and MessageKind.TEMPLATE in check.instead
    municipality_id = conversation.municipality_id
    return {
        "conversation": conversation,
        "channel_label": channel_label(conversation.account),
        "free_form": check,
        "offers_templates": offers_templates,
        "templates": services.templates_for(conversation) if offers_templates else [],
        "canned": list(CannedReply.objects.filter(municipality_id=municipality_id)),
        "idempotency_key": uuid.uuid4().hex,
        **extra,
    }


def _detail_context(request: HttpRequest, conversation: Conversation) -> dict[str, Any]:
    citizen = conversation.citizen
    past = (
        queries.scoped_conversations(request.user).filter(citizen=citizen).exclude(pk=conversation.pk)
        .order_by("-last_message_at")[:10]
    )
    return {
        "conversation": conversation,
        "citizen": citizen,
        "identities": [i for i in citizen.identities.all() if i.active],
        "past_conversations": list(past),
        "staff": list(services.assignable_staff(conversation)),
        "is_supervisor": roles.has_role(request.user, conversation.municipality_id, StaffMembership.Role.SUPERVISOR),
        "panels": panels.render_panels(request, conversation),
        **labels_context(conversation),
    }


@operator_required
@require_GET
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    receipts.mark_conversation_read(conv)
    audit("conversation.viewed", actor=request.user, municipality=conv.municipality, target=conv)
    context = {
        **_list_context(request),
        **_detail_context(request, conv),
        **_composer_context(request, conv),
        "selected": conv.pk,
        "history": queries.history(conv),
    }
    return render(request, "console/conversation.html", context)


@operator_required
@require_GET
@audited_read("conversation.details_viewed")
def conversation_details(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    return render(request, "console/_details.html", _detail_context(request, conv))


@operator_required
@require_GET
@audited_read("conversation.messages_viewed")
def conversation_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """Messages after `after` (new ones), or the listed `ids` (changed ones), as fragments to merge."""
    conv = queries.conversation_or_404(request.user, pk)
    qs = queries.visible_messages().filter(conversation=conv).select_related("author", "reply_to")
    qs = qs.prefetch_related("attachments")
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()][:100]
    if ids:
        found = list(qs.filter(pk__in=ids))
    else:
        raw_after = request.GET.get("after", "")
        after = int(raw_after) if raw_after.isdigit() else 0
        found = list(qs.filter(pk__gt=after).order_by("sent_at", "id")[:200])
    hidden = [i for i in ids if i not in {m.pk for m in found}]
    return render(request, "console/_messages.html", {
        "history": queries.prepare(found, conv), "conversation": conv, "removed_ids": hidden,
    })


def _kind_for(mime: str) -> str:
    base = mime.split("/")[0]
    if mime in media.ALLOWED_TYPES["image"]:
        return MessageKind.IMAGE
    if base == "audio" and mime in media.ALLOWED_TYPES["audio"]:
        return MessageKind.AUDIO
    if mime in media.ALLOWED_TYPES["video"]:
        return MessageKind.VIDEO
    return MessageKind.DOCUMENT


def _composer_response(request: HttpRequest, conv: Conversation, *, sent: bool = False, **extra: Any) -> HttpResponse:
    if not _is_htmx(request):
        if extra.get("error"):
            flash.error(request, extra["error"])
        return redirect("console:conversation", pk=conv.pk)
    response = render(request, "console/_composer.html", _composer_context(request, conv, **extra))
    if sent:
        response["HX-Trigger"] = json.dumps({"console:sent": {"conversation": conv.pk}})
    return response


@operator_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    text = request.POST.get("text", "").replace("\r\n", "\n").strip()
    mode = request.POST.get("mode", "reply")
    upload = request.FILES.get("file")
    key = request.POST.get("idempotency_key", "")
    if mode == "note":
        try:
            services.send_once(key, request.user, conv, lambda: services.add_note(conv, text, request.user))
        except ValidationError as exc:
            return _composer_response(request, conv, error=" ".join(exc.messages), text=text, mode=mode)
        return _composer_response(request, conv, sent=True, mode=mode)
    if not text and upload is None:
        return _composer_response(request, conv, error=_("Scrivi un messaggio o allega un file."), mode=mode)
    if upload is not None and upload.size and upload.size > MAX_UPLOAD:
        return _composer_response(request, conv, error=_("Il file è troppo grande."), text=text, mode=mode)

    def queue() -> Message:
        if upload is None:
            return outbound.queue_text(conv, text, author=request.user)
        mime = (upload.content_type or "application/octet-stream").split(";")[0].lower()
        kind = _kind_for(mime)
        caption = text
        if kind == MessageKind.AUDIO and text:  # voice and audio carry no caption: the text goes first
            outbound.queue_text(conv, text, author=request.user)
            caption = ""
        return outbound.queue_message(
            conv, kind, text=caption, author=request.user, file=(upload.name or "file", upload.read(), mime)
        )

    try:
        services.send_once(key, request.user, conv, queue)
    except outbound.SendRefused as refused:
        return _composer_response(request, conv, error=refused.message, text=text, mode=mode)
    except ValidationError as exc:
        return _composer_response(request, conv, error=" ".join(exc.messages), text=text, mode=mode)
    return _composer_response(request, conv, sent=True)


@operator_required
@require_POST
def send_template(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    template = services.template_for(conv, request.POST.get("template", ""))
    if template is None:
        return _composer_response(request, conv, error=_("Scegli un modello approvato."))
    parameters = [request.POST.get(f"param_{n}", "") for n in range(1, template.parameter_count + 1)]
    try:
        services.send_once(
            request.POST.get("idempotency_key", ""), request.user, conv,
            lambda: services.send_template(conv, template, parameters, request.user),
        )
    except (ValidationError, outbound.SendRefused) as exc:
        message = exc.message if isinstance(exc, outbound.SendRefused) else " ".join(exc.messages)
        return _composer_response(request, conv, error=message, chosen_template=template)
    return _composer_response(request, conv, sent=True)


@operator_required
@require_GET
def template_fields(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    template = services.template_for(conv, request.GET.get("template", ""))
    return render(request, "console/_template_fields.html", {"template": template, "conversation": conv})


@operator_required
@require_GET
def canned_text(request: HttpRequest, pk: int, reply_id: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    reply = get_object_or_404(CannedReply, pk=reply_id, municipality_id=conv.municipality_id)
    return JsonResponse({"text": services.expand_canned(reply, conv, request.user)})


def _after_action(request: HttpRequest, conv: Conversation) -> HttpResponse:
    if _is_htmx(request):
        response = render(request, "console/_details.html", _detail_context(request, conv))
        response["HX-Trigger"] = json.dumps({"console:changed": {"conversation": conv.pk}})
        return response
    return redirect("console:conversation", pk=conv.pk)


@operator_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    raw = request.POST.get("assignee", "")
    assignee = None
    if raw == "me":
        assignee = request.user
    elif raw.isdigit():
        assignee = services.assignable_staff(conv).filter(pk=int(raw)).first()
        if assignee is None:
            raise Http404
    try:
        services.assign(conv, assignee, request.user)
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return _after_action(request, conv)


@operator_required
@require_POST
def change_state(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    services.set_state(conv, request.POST.get("state", ""), request.user)
    return _after_action(request, conv)


@operator_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """The open console saw new messages: blue ticks for the citizen. A request of its own, so showing a
    message never waits for this write."""
    conv = queries.conversation_or_404(request.user, pk)
    if conv.unread_count:
        receipts.mark_conversation_read(conv)
    return HttpResponse(status=204)


@operator_required
@require_POST
def presence(request: HttpRequest, pk: int) -> HttpResponse:
    conv = queries.conversation_or_404(request.user, pk)
    services.publish_presence(conv, request.user, leaving=request.POST.get("left") == "1")
    return HttpResponse(status=204)


@operator_required
@require_POST
def retry_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__conversation"), pk=attachment_id,
        message__conversation__in=queries.scoped_conversations(request.user), message__hidden_at__isnull=True,
    )
    if attachment.state not in (Attachment.State.FAILED, Attachment.State.PENDING):
        raise PermissionDenied
    media.retry_download(attachment)
    audit("attachment.retry", actor=request.user, municipality=attachment.message.municipality, target=attachment)
    attachment.refresh_from_db()
    conv = attachment.message.conversation
    if _is_htmx(request):
        return render(request, "console/_messages.html", {
            "history": queries.prepare([attachment.message], conv), "conversation": conv, "removed_ids": [],
        })
    return redirect("console:conversation", pk=conv.pk)


# --- canned replies (supervisors) ---------------------------------------------------------------------------

def _canned_scope(request: HttpRequest) -> Any:
    return CannedReply.objects.filter(
        municipality_id__in=roles.municipalities_with_role(request.user, StaffMembership.Role.SUPERVISOR)
    ).select_related("municipality")


def _canned_preview(request: HttpRequest, form: CannedReplyForm) -> str:
    """What an operator would insert, filled in for a sample citizen; nothing is saved."""
    return services.preview_canned(form.cleaned_data["body"], form.cleaned_data["municipality"], request.user)


@supervisor_required
def canned_list(request: HttpRequest) -> HttpResponse:
    form = CannedReplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return render(request, "console/canned_list.html", {
                "form": form, "replies": _canned_scope(request), "preview": _canned_preview(request, form)})
        reply = form.save(commit=False)
        reply.created_by = request.user
        reply.save()
        audit("canned_reply.created", actor=request.user, municipality=reply.municipality, target=reply)
        flash.success(request, _("Risposta rapida salvata."))
        return redirect("console:canned_list")
    return render(request, "console/canned_list.html", {"form": form, "replies": _canned_scope(request)})


@supervisor_required
def canned_edit(request: HttpRequest, reply_id: int) -> HttpResponse:
    reply = get_object_or_404(_canned_scope(request), pk=reply_id)
    if request.method == "POST" and request.POST.get("delete") == "1":
        audit("canned_reply.deleted", actor=request.user, municipality=reply.municipality, target=reply)
        reply.delete()
        flash.success(request, _("Risposta rapida eliminata."))
        return redirect("console:canned_list")
    form = CannedReplyForm(request.POST or None, instance=reply, user=request.user)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return render(request, "console/canned_edit.html", {
                "form": form, "reply": reply, "preview": _canned_preview(request, form)})
        form.save()
        audit("canned_reply.changed", actor=request.user, municipality=reply.municipality, target=reply)
        flash.success(request, _("Risposta rapida salvata."))
        return redirect("console:canned_list")
    return render(request, "console/canned_edit.html", {"form": form, "reply": reply})
