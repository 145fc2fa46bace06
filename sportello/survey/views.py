"""The public one-page survey reached by the signed link (e-mail, web form, WhatsApp template, chat comment)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sportello.core.scoping import scopes_disabled, tenant_scope
from sportello.survey import links, services, wording
from sportello.survey.forms import SurveyForm
from sportello.survey.models import SurveyInvitation, SurveySettings
from sportello.survey.scale import ASPECTS, SCORES, face

# The longest answer period an administrator can set: tokens older than this are refused before any lookup.
MAX_ANSWER_DAYS = 32767


@require_http_methods(["GET", "POST"])
def survey_form(request: HttpRequest, token: str) -> HttpResponse:
    invitation_id = links.read_token(token, max_age=timezone.timedelta(days=MAX_ANSWER_DAYS))
    with scopes_disabled():
        invitation = (
            SurveyInvitation.objects.select_related("municipality").filter(pk=invitation_id, token=token).first()
            if invitation_id else None
        )
    if invitation is None:
        return render(request, "survey/closed.html", {"reason": "unknown"}, status=404)
    with tenant_scope(invitation.municipality), wording.citizen_language(invitation.municipality):
        return _page(request, invitation)


def _page(request: HttpRequest, invitation: SurveyInvitation) -> HttpResponse:
    conf = services.settings_for(invitation.municipality) or SurveySettings(municipality=invitation.municipality)
    town = invitation.municipality
    closed = invitation.state in (SurveyInvitation.State.DECLINED, SurveyInvitation.State.FAILED,
                                  SurveyInvitation.State.EXPIRED) or services.is_late(invitation, conf, timezone.now())
    if closed:
        return render(request, "survey/closed.html", {"reason": "closed", "town": town}, status=410)
    response = getattr(invitation, "response", None)
    if request.method == "POST" and "decline" in request.POST:
        services.decline(invitation)
        return render(request, "survey/closed.html", {"reason": "declined", "town": town,
                                                      "text": wording.declined(conf)})
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            # The page posts its comment box (an emptied box clears the comment); a post without it keeps it.
            comment = form.cleaned_data["comment"] if "comment" in request.POST else None
            outcome = services.answer(invitation, form.scores(), comment=comment)
            if outcome == "recorded":
                return render(request, "survey/thanks.html", {"town": town, "text": wording.thanks(conf)})
            return render(request, "survey/closed.html", {"reason": "closed", "town": town}, status=410)
    else:
        initial = {a: getattr(response, a) for a in ASPECTS} if response else {}
        form = SurveyForm(initial={**initial, "comment": response.comment if response else ""})
    return render(request, "survey/form.html", {
        "town": town, "form": form, "intro": wording.intro(conf), "questions": _questions(conf, form),
    }, status=400 if form.is_bound else 200)


def _questions(conf: SurveySettings, form: SurveyForm) -> list[dict[str, Any]]:
    """Each question with its five answers, the chosen one marked (what the citizen sent, or gave before)."""
    questions = []
    for aspect in ASPECTS:
        raw = form[aspect].value()
        chosen = str(raw) if raw not in (None, "") else ""
        questions.append({
            "name": aspect,
            "text": wording.question(conf, aspect),
            "errors": list(form.errors.get(aspect, [])) if form.is_bound else [],
            "options": [
                {"value": s, "label": wording.score_label(s), "face": face(s),
                 "face_label": wording.face_label(face(s)), "checked": chosen == str(s)}
                for s in reversed(SCORES)
            ],
        })
    return questions
