"""The public pages: the form (/assistenza/ or /assistenza/<comune>/), its privacy notice, the tracking page.

Thin views: validation in forms.py, abuse control in abuse.py, storing in submit.py, what the tracking page may
show in tracking.py. Everything works as a plain POST without JavaScript; the script only moves focus to the
error summary and offers the map.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from sportello.connectors.webform import abuse, files, submit, tracking
from sportello.connectors.webform.forms import SubmissionForm
from sportello.connectors.webform.models import WebForm
from sportello.core.scoping import activate, scopes_disabled

log = logging.getLogger("sportello.webform")


def _published() -> QuerySet[WebForm]:
    """Every town's published forms: a public directory, so the queryset is built unscoped."""
    with scopes_disabled():
        return WebForm.objects.filter(enabled=True, account__active=True).select_related("account__municipality")


def form_path(webform: WebForm) -> str:
    if _published().count() <= 1:
        return reverse("webform:form")
    return reverse("webform:form_town", args=[webform.account.municipality.slug])


def privacy_path(webform: WebForm) -> str:
    if webform.privacy_url:
        return webform.privacy_url
    if _published().count() <= 1:
        return reverse("webform:privacy")
    return reverse("webform:privacy_town", args=[webform.account.municipality.slug])


def _webform(slug: str | None) -> WebForm | None:
    forms = _published()
    if slug is not None:
        return get_object_or_404(forms, account__municipality__slug=slug)
    found = list(forms[:2])
    if not found:
        raise Http404("no web form")
    return found[0] if len(found) == 1 else None


def _in_scope(webform: WebForm | None) -> WebForm | None:
    """The rest of the request runs in the form's municipality (tenant scope)."""
    if webform is not None:
        activate(webform.account.municipality_id)
    return webform


def _private(response: HttpResponse, referrer: str = "same-origin") -> HttpResponse:
    """Pages with what a citizen typed, or a capability URL (`referrer="no-referrer"`: the token in the address
    never leaves in a Referer header): never cached. The form itself keeps "same-origin", or browsers would post
    it with `Origin: null` and fail the CSRF check."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = referrer
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(webform: WebForm, **extra: object) -> dict:
    return {
        "webform": webform,
        "town": webform.account.municipality,
        "form_href": form_path(webform),
        "privacy_href": privacy_path(webform),
        **extra,
    }


def _context(webform: WebForm, form: SubmissionForm) -> dict:
    return {
        **_page(webform),
        "form": form,
        "errors": form.summary() if form.is_bound else [],
        "tiles": settings.SPORTELLO_MAP_TILES_URL,
        "accept": files.ACCEPT_ATTRIBUTE,
        "file_types": files.LABELS,
    }


@csrf_exempt  # the upload limits must be in place before anything reads the body; CSRF is checked just below
@require_http_methods(["GET", "POST"])
def form_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    webform = _in_scope(_webform(slug))
    if webform is None:
        return render(request, "webform/choose.html", {"forms": _published().order_by("account__municipality__name")})
    if request.method == "POST":
        limit = (webform.max_attachments + 1) * webform.max_attachment_bytes + 1024 * 1024
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return _private(render(request, "webform/too_large.html", _page(webform), status=413))
        request.upload_handlers.insert(0, files.LimitedUploadHandler(
            request, max_files=webform.max_attachments, max_bytes=webform.max_attachment_bytes))
    return csrf_protect(_form)(request, webform)


def _form(request: HttpRequest, webform: WebForm) -> HttpResponse:
    if request.method != "POST":
        form = SubmissionForm(webform=webform, initial={"started": abuse.issue_stamp()})
        return _private(render(request, "webform/form.html", _context(webform, form)))
    form = SubmissionForm(
        request.POST, webform=webform, uploads=request.FILES.getlist("attachments"),
        refused=getattr(request, "webform_refused", []),
    )
    address = abuse.client_address(request)
    valid = form.is_valid()
    rate = abuse.rate_problem(address) if valid else ""
    if rate:
        form.add_error(None, rate)
        valid = False
    if valid:
        data = form.cleaned_data
        try:
            _submission, token = submit.submit(webform, submit.Request(
                email=data["email"], name=data.get("name", ""), category_code=data["category"],
                category_label=form.category_label, message=data["message"], address=data.get("address", ""),
                latitude=data.get("latitude"), longitude=data.get("longitude"), files=form.accepted,
                privacy_notice=request.build_absolute_uri(privacy_path(webform)),
            ))
        except DatabaseError:
            log.exception("storing a web form submission failed")
            form.add_error(None, _("Non è stato possibile registrare la richiesta per un problema tecnico. "
                                   "Riprovi tra qualche minuto: quanto ha scritto resta nel modulo."))
        else:
            abuse.record_submission(address)
            return HttpResponseRedirect(reverse("webform:tracking", args=[token]) + "?nuova=1")
    # Re-shown with everything typed; a timestamp that was the problem is replaced, a good one is kept (the
    # time already spent counts).
    if not form.data.get("started") or abuse.stamp_problem(form.data.get("started", "")):
        form.data = form.data.copy()
        form.data["started"] = abuse.issue_stamp()
    return _private(render(request, "webform/form.html", _context(webform, form), status=400))


@require_GET
def privacy_view(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    webform = _in_scope(_webform(slug))
    if webform is None:
        return render(request, "webform/choose.html", {"forms": _published().order_by("account__municipality__name")})
    return render(request, "webform/privacy.html", _page(webform))


@require_GET
def tracking_view(request: HttpRequest, token: str) -> HttpResponse:
    with scopes_disabled():  # the capability token names the submission, and so the municipality
        submission = tracking.find_submission(token)
    if submission is None:
        return _private(render(request, "webform/not_found.html", status=404), "no-referrer")
    activate(submission.municipality_id)
    message = tracking.message_for(submission)
    replies = list(tracking.public_replies(message)) if message is not None else []
    webform = submission.webform
    return _private(render(request, "webform/tracking.html", _page(
        webform,
        submission=submission,
        message=message,
        replies=replies,
        state=tracking.public_state(message, bool(replies)),
        just_sent=request.GET.get("nuova") == "1",
    )), "no-referrer")
