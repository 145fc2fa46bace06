"""Console page for API tokens: each user lists, creates and revokes their own; supervisors also see and revoke the
tokens of staff in their municipalities (a token outlives a password change, so someone must be able to stop it)."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sportello.api import scopes
from sportello.api.models import ApiToken
from sportello.core.audit import audit
from sportello.municipalities import roles
from sportello.municipalities.models import StaffMembership


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nome"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Ambiti"), choices=list(scopes.SCOPES.items()), initial=list(scopes.DEFAULT),
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=gettext_lazy("Giorni di validità"), min_value=1, max_value=366, initial=90)


def manageable(user) -> QuerySet[ApiToken]:  # type: ignore[no-untyped-def]
    """The user's own tokens and, for supervisors, those of staff in the municipalities they supervise."""
    supervised = roles.municipalities_with_role(user, StaffMembership.Role.SUPERVISOR)
    staff = StaffMembership.objects.filter(municipality_id__in=supervised).values("user_id")
    return ApiToken.objects.filter(Q(user=user) | Q(user__in=staff)).select_related("user").distinct()


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        token, secret = ApiToken.issue(
            request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
        audit("api_token.created", actor=request.user, target=token, scopes=token.scopes,
              expires_at=token.expires_at.isoformat())
        form = TokenForm()
    tokens = manageable(request.user).order_by("revoked", "-created_at")
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "secret": secret,
                                               "labels": scopes.SCOPES})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(manageable(request.user), pk=pk)
    token.revoke()
    audit("api_token.revoked", actor=request.user, target=token, owner=token.user.get_username())
    flash.success(request, _("Token revocato."))
    return redirect("api_tokens")
