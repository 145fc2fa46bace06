"""The first-run page (/configurazione-iniziale/) and the municipality's public logo. Thin: check, call, render."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sportello.core.audit import audit
from sportello.core.scoping import scopes_disabled
from sportello.firstrun import services, tokens
from sportello.firstrun.forms import SetupForm
from sportello.firstrun.models import MunicipalityLogo


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    with scopes_disabled():  # an empty installation has no tenant yet; a superuser sets up the first one
        if not tokens.installation_is_empty():
            raise Http404
        user = request.user
        is_superuser = user.is_authenticated and user.is_superuser
        nobody = tokens.nobody_can_sign_in()
        if not (is_superuser or nobody):
            if user.is_authenticated:
                raise PermissionDenied
            return redirect_to_login(request.get_full_path())
        form = SetupForm(
            request.POST or None, request.FILES or None, needs_token=not is_superuser, needs_admin=not is_superuser,
        )
        if request.method == "POST":
            if not form.is_valid():
                if "token" in form.errors:
                    audit("installation.setup_token_refused", actor_label="anonymous")
                return render(request, "firstrun/setup.html", {"form": form}, status=400)
            try:
                result = services.set_up(form.cleaned_data, actor=user, logo=form.cleaned_data.get("logo"))
            except services.AlreadySetUp:
                raise Http404 from None
            if result.created_administrator:
                login(request, result.administrator, backend="django.contrib.auth.backends.ModelBackend")
            flash.success(request, _("%(name)s is ready. Welcome to Sportello!") % {"name": result.municipality.name})
            for notice in result.notices:
                flash.warning(request, notice)
            return redirect("/")
        return render(request, "firstrun/setup.html", {"form": form})


@require_GET
def logo(request: HttpRequest, slug: str) -> HttpResponse:
    with scopes_disabled():  # public: a municipality's logo, like its website's
        item = get_object_or_404(MunicipalityLogo.objects.select_related("municipality"), municipality__slug=slug)
        response = FileResponse(item.image.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
