"""Lists and the consent policy. Thin: pick the town, validate, call the service, render."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sportello.broadcasts.models import MailingList
from sportello.citizens.models import ConsentPolicy
from sportello.municipalities.roles import role_required
from sportello.organisation.access import SUPERVISOR, town_for, town_ids
from sportello.organisation.forms import MailingListForm, PolicyForm
from sportello.organisation.services import lists as service
from sportello.organisation.views.common import back_to, context


@role_required(SUPERVISOR)
def index(request: HttpRequest) -> HttpResponse:
    town = town_for(request)
    rows = service.lists_with_counts(town)
    policy = service.current(town)
    covered_kinds = set(policy.list_kinds or []) if policy else set()
    for row in rows:
        row.covered = (not row.requires_consent) or row.category in covered_kinds  # type: ignore[attr-defined]
    return render(request, "organisation/lists.html", context(request, town, SUPERVISOR, lists=rows, policy=policy))


@role_required(SUPERVISOR)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        town, mailing_list = town_for(request), MailingList()
    else:
        mailing_list = get_object_or_404(MailingList, pk=pk, municipality_id__in=town_ids(request.user, SUPERVISOR))
        town = mailing_list.municipality
    form = MailingListForm(request.POST or None, instance=mailing_list, town=town)
    if request.method == "POST" and form.is_valid():
        saved = service.save_list(form.save(commit=False), form.changed_data, request.user)
        messages.success(request, _("List «%(name)s» saved.") % {"name": saved.name})
        return back_to("organisation:lists", town)
    policy = service.current(town)
    return render(request, "organisation/list_form.html", context(
        request, town, SUPERVISOR, form=form, mailing_list=mailing_list, policy=policy,
        subscribers=mailing_list.subscriptions.filter(active=True).count() if mailing_list.pk else 0,
    ))


def _preview(town, data: dict, lists: list[MailingList]) -> dict:  # type: ignore[no-untyped-def]
    """The consent message exactly as the pipeline would send it for these lists: body and button titles."""
    from sportello.policies.services import consent_buttons, policy_for

    draft = ConsentPolicy(municipality=town, version=0, title=data["title"], text=data["text"])
    built = consent_buttons(draft, policy_for(town), SimpleNamespace(pk=0), lists, town, include_text=True)
    return {"text": built["body"]["text"], "buttons": [b["reply"]["title"] for b in built["action"]["buttons"]]}


@role_required(SUPERVISOR)
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest) -> HttpResponse:
    town = town_for(request)
    current = service.current(town)
    initial = ({"title": current.title, "text": current.text, "list_kinds": current.list_kinds} if current else {})
    form = PolicyForm(request.POST or None, initial=initial, town=town, current=current)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "publish" in request.POST:
            published = service.publish(town, title=data["title"], text=data["text"], list_kinds=data["list_kinds"],
                                        actor=request.user)
            messages.success(request, _("Version %(version)s published and in force.") % {"version": published.version})
            return back_to("organisation:policy", town)
        covered = [m for m in MailingList.objects.filter(municipality=town, active=True, requires_consent=True)
                   .order_by("name") if m.category in data["list_kinds"]]
        preview = _preview(town, data, covered)
    return render(request, "organisation/policy.html", context(
        request, town, SUPERVISOR, form=form, current=current, history=service.history(town), preview=preview,
    ))


@role_required(SUPERVISOR)
def version(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(ConsentPolicy, pk=pk, municipality_id__in=town_ids(request.user, SUPERVISOR))
    town = policy.municipality
    return render(request, "organisation/policy_version.html", context(request, town, SUPERVISOR, policy=policy))
