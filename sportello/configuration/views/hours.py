from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sportello.configuration import preview, services
from sportello.configuration.access import settings_view
from sportello.configuration.forms.hours import ClosureFormSet, HolidaysForm, IntervalFormSet
from sportello.configuration.views import back_to, base_context
from sportello.policies.models import Closure, OpeningInterval
from sportello.policies.services import schedule_for


@settings_view
def hours(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    policy = services.policy_of(town)
    data = request.POST if request.method == "POST" else None
    form = HolidaysForm(data, instance=policy)
    intervals = IntervalFormSet(data, prefix="interval",
                                queryset=OpeningInterval.objects.filter(policy=policy).order_by("weekday", "opens"))
    closures = ClosureFormSet(data, prefix="closure", queryset=Closure.objects.filter(policy=policy).order_by("starts"))
    schedule = schedule_for(policy)
    reply_text, reply_enabled = policy.closed_reply_text, policy.closed_reply_enabled
    previewing = False
    if data is not None:
        valid = form.is_valid() & intervals.is_valid() & closures.is_valid()
        if valid and "preview" not in request.POST:
            services.save_hours(policy, form, intervals, closures, request.user)
            messages.success(request, _("Opening hours saved."))
            return back_to(request, "configuration:hours")
        if valid:
            previewing = True
            schedule = preview.schedule_from_data(
                form.cleaned_data, [f.cleaned_data for f in intervals.forms], [f.cleaned_data for f in closures.forms]
            )
            reply_text = form.cleaned_data.get("closed_reply_text") or ""
            reply_enabled = bool(form.cleaned_data.get("closed_reply_enabled"))
    return render(request, "configuration/hours.html", base_context(
        request, form=form, intervals=intervals, closures=closures, previewing=previewing,
        preview=preview.build(town, schedule, reply_text, reply_enabled),
    ))
