from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.configuration import services
from sportello.configuration.access import owned, settings_view
from sportello.configuration.forms.channels import ChannelPolicyForm, RedirectForm
from sportello.configuration.views import back_to, base_context
from sportello.conversations.channel import account_label
from sportello.municipalities.models import ChannelAccount
from sportello.policies import services as policy_services
from sportello.policies.models import ChannelPolicy, Redirect


@settings_view
def channels(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    accounts = ChannelAccount.objects.filter(municipality=town).order_by("channel", "label")
    policies = {p.account_id: p for p in ChannelPolicy.objects.filter(account__in=accounts)}
    rows = [{"account": a, "label": account_label(a),
             "mode": (policies[a.pk].get_mode_display() if a.pk in policies
                      else ChannelPolicy.Mode(ChannelPolicy.Mode.TWO_WAY).label)} for a in accounts]
    redirects = Redirect.objects.filter(municipality=town).order_by("id")
    return render(request, "configuration/channels.html", base_context(request, rows=rows, redirects=redirects))


@settings_view
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = owned(request, ChannelAccount, pk)
    instance = ChannelPolicy.objects.filter(account=account).first() or ChannelPolicy(account=account)
    form = ChannelPolicyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_channel_policy(form, request.user)
        messages.success(request, _("Channel settings saved."))
        return back_to(request, "configuration:channels")
    label = account_label(account)
    samples = {
        "report_redirect": policy_services.render(instance.report_redirect_text, account.municipality, canale=label)
        if instance.report_redirect_text else "",
        "outbound_only": policy_services.render(instance.outbound_only_text, account.municipality, canale=label)
        if instance.outbound_only_text else "",
    }
    return render(request, "configuration/channel_edit.html", base_context(
        request, account=account, label=label, form=form, samples=samples))


@settings_view
def redirect_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    redirect = None
    if pk is not None:
        redirect = owned(request, Redirect, pk)
        town = redirect.municipality
    form = RedirectForm(request.POST or None, instance=redirect)
    if request.method == "POST" and form.is_valid():
        services.save_redirect(form, town, request.user)
        messages.success(request, _("Redirect saved."))
        return back_to(request, "configuration:channels")
    sample = policy_services.render(redirect.text, town) if redirect else ""
    return render(request, "configuration/redirect_edit.html", base_context(
        request, form=form, redirect=redirect, sample=sample))


@require_POST
@settings_view
def redirect_delete(request: HttpRequest, pk: int) -> HttpResponse:
    redirect = owned(request, Redirect, pk)
    services.delete_redirect(redirect, request.user)
    messages.success(request, _("Redirect deleted."))
    return back_to(request, "configuration:channels")
