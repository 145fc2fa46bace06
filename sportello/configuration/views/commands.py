from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sportello.configuration import services, trial
from sportello.configuration.access import owned, settings_view
from sportello.configuration.forms.commands import CommandForm, TryForm
from sportello.configuration.views import back_to, base_context
from sportello.policies.models import KeywordCommand


@settings_view
def commands(request: HttpRequest) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    found = KeywordCommand.objects.filter(municipality=town).prefetch_related("lists").order_by("id")
    return render(request, "configuration/commands.html", base_context(request, commands=found, try_form=TryForm()))


@settings_view
def command_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    town = request.town  # type: ignore[attr-defined]
    command = None
    if pk is not None:
        command = owned(request, KeywordCommand, pk)
        town = command.municipality
    form = CommandForm(request.POST or None, instance=command, municipality=town)
    if request.method == "POST" and form.is_valid():
        services.save_command(form, town, request.user)
        messages.success(request, _("Command saved."))
        return back_to(request, "configuration:commands")
    return render(request, "configuration/command_edit.html", base_context(request, form=form, command=command))


@require_POST
@settings_view
def command_delete(request: HttpRequest, pk: int) -> HttpResponse:
    command = owned(request, KeywordCommand, pk)
    services.delete_command(command, request.user)
    messages.success(request, _("Command deleted."))
    return back_to(request, "configuration:commands")


@settings_view
def command_try(request: HttpRequest) -> HttpResponse:
    """The “try a message” box: a fragment for htmx, the whole page without JavaScript. Reads only."""
    town = request.town  # type: ignore[attr-defined]
    form = TryForm(request.POST if request.method == "POST" else None)
    result = trial.try_message(town, form.cleaned_data["text"]) if form.is_valid() else None
    context = base_context(request, try_form=form, result=result)
    if request.headers.get("HX-Request"):
        return render(request, "configuration/_try_result.html", context)
    context["commands"] = KeywordCommand.objects.filter(municipality=town).prefetch_related("lists").order_by("id")
    return render(request, "configuration/commands.html", context)
