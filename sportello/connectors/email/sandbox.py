"""The demo's e-mail sandbox: a citizen's mail client without a mail server.

Only with SPORTELLO_EMAIL_CAPTURE on (the demo). A citizen writes an e-mail here; it is stored as an InboundEvent
exactly as the IMAP poller stores what it fetches, and the worker takes it from there. The office's replies,
captured instead of sent (smtp.send_email), are shown below it. Nothing here leaves the machine.
"""

from __future__ import annotations

from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sportello.connectors.email import parser
from sportello.connectors.email.models import Mailbox
from sportello.connectors.email.poller import store_raw
from sportello.conversations.models import InboundEvent
from sportello.core.scoping import activate, scopes_disabled

SHOWN = 40
DEFAULT_ADDRESS = "cittadino@example.test"


def _mailbox() -> Mailbox:
    if not settings.SPORTELLO_EMAIL_CAPTURE:
        raise Http404("the e-mail sandbox runs only with SPORTELLO_EMAIL_CAPTURE")
    with scopes_disabled():  # the demo's sandbox: the first mailbox, whichever town it belongs to
        mailbox = Mailbox.objects.select_related("account__municipality").filter(account__active=True).order_by("pk").first()
    if mailbox is None:
        raise Http404("no mailbox configured (EMAIL_ADDRESS)")
    activate(mailbox.account.municipality_id)  # the rest of the page runs in the mailbox's municipality
    return mailbox


def _entry(raw: bytes, direction: str) -> dict[str, Any]:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    body = message.get_body(preferencelist=("plain", "html"))
    return {
        "direction": direction,
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "subject": str(message.get("Subject", "")),
        "date": str(message.get("Date", "")),
        "message_id": str(message.get("Message-ID", "")),
        "in_reply_to": str(message.get("In-Reply-To", "")),
        "text": body.get_content() if body is not None else "",
        "attachments": [part.get_filename() or part.get_content_type() for part in message.iter_attachments()],
        "when": parser._date(message),
    }


def _thread(mailbox: Mailbox, address: str) -> list[dict[str, Any]]:
    """What this address wrote (the stored events) and what the office answered it (the captured e-mails)."""
    entries = []
    for event in InboundEvent.objects.filter(channel="email").order_by("-pk")[:SHOWN]:
        try:
            meta, raw = parser.unpack(bytes(event.body))
        except Exception:  # noqa: BLE001 - not ours to judge here: the admin's inbound events show it
            continue
        entry = _entry(raw, "in")
        if meta.get("mailbox") == mailbox.pk and parseaddr(entry["from"])[1].lower() == address:
            entries.append(entry)
    for captured in mailbox.captured.all()[:SHOWN]:
        entry = _entry(bytes(captured.raw), "out")
        if parseaddr(entry["to"])[1].lower() == address:
            entries.append(entry)
    return sorted(entries, key=lambda e: e["when"])


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    mailbox = _mailbox()
    address = (request.POST.get("address") or request.GET.get("address") or DEFAULT_ADDRESS).strip().lower()
    if "@" not in address:
        address = DEFAULT_ADDRESS
    thread = _thread(mailbox, address)
    if request.method == "POST":
        text = request.POST.get("text", "").strip()
        if text:
            last_reply = next((e for e in reversed(thread) if e["direction"] == "out"), None)
            store_raw(mailbox, _compose(mailbox, request, address, text, last_reply), source="sandbox")
        return redirect(f"{request.path}?{urlencode({'address': address})}")
    last_reply = next((e for e in reversed(thread) if e["direction"] == "out"), None)
    return render(request, "email/sandbox.html", {
        "mailbox": mailbox, "address": address, "thread": thread,
        "subject": ("Re: " + last_reply["subject"].removeprefix("Re: ")) if last_reply else _("Richiesta di informazioni"),
    })


def _compose(mailbox: Mailbox, request: HttpRequest, address: str, text: str, last_reply: dict[str, Any] | None) -> bytes:
    message = EmailMessage()
    name = request.POST.get("name", "").strip()[:100]
    message["From"] = str(Address(name, addr_spec=address)) if name else address
    message["To"] = mailbox.from_header
    message["Subject"] = request.POST.get("subject", "").strip()[:200] or _("Richiesta di informazioni")
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or "example.test")
    if last_reply is not None and last_reply["message_id"]:
        # As a mail client's "Rispondi" would: the answer is threaded to the office's last message.
        message["In-Reply-To"] = last_reply["message_id"]
        message["References"] = last_reply["message_id"]
    message.set_content(text)
    upload = request.FILES.get("attachment")
    if upload is not None and upload.size <= settings.SPORTELLO_MEDIA_LIMITS["document"]:
        maintype, _sep, subtype = (upload.content_type or "application/octet-stream").partition("/")
        message.add_attachment(upload.read(), maintype=maintype, subtype=subtype or "octet-stream",
                               filename=upload.name)
    return message.as_bytes(policy=policy.SMTP)
