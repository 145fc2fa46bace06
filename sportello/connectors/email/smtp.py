"""Sending one e-mail through the mailbox's SMTP server; failures become TransportError(permanent=…).

`smtp://host:25` sends without login (STARTTLS if the server offers it), `smtp://user:pass@host:587` logs in after
STARTTLS, `smtps://user:pass@host:465` speaks TLS from the start. `?starttls=no` and `?verify=no` (self-signed
certificates) are accepted for local servers. A 5xx answer is permanent, anything else (4xx, a refused connection,
a timeout) is retried by the caller.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from sportello.connectors.base import TransportError
from sportello.connectors.email.endpoints import BadMailURL, Endpoint, parse_smtp_url


class HasSMTP(Protocol):
    address: str
    smtp_url: str


def tls_context(endpoint: Endpoint) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not endpoint.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _connect(endpoint: Endpoint, timeout: float) -> smtplib.SMTP:
    if endpoint.implicit_tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            endpoint.host, endpoint.port, timeout=timeout, context=tls_context(endpoint)
        )
    else:
        client = smtplib.SMTP(endpoint.host, endpoint.port, timeout=timeout)
    client.ehlo_or_helo_if_needed()
    if not endpoint.implicit_tls and endpoint.starttls != "never":
        if client.has_extn("starttls"):
            client.starttls(context=tls_context(endpoint))
            client.ehlo()
        elif endpoint.starttls == "required":
            client.close()
            raise TransportError(
                "SMTP server does not offer STARTTLS", permanent=False, title=_("il server SMTP non offre STARTTLS")
            )
    if endpoint.username:
        client.login(endpoint.username, endpoint.password)
    return client


def _explain(exc: BaseException) -> TransportError:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return TransportError(
            f"recipient refused ({', '.join(map(str, codes))})",
            code=codes[0] if codes else None,
            permanent=permanent,
            title=_("indirizzo del destinatario rifiutato") if permanent else _("destinatario temporaneamente non raggiungibile"),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # A wrong password is fixed by an administrator, after which the retries go through.
        return TransportError("SMTP login refused", code=exc.smtp_code, title=_("accesso al server SMTP rifiutato"))
    if isinstance(exc, smtplib.SMTPResponseException):
        permanent = exc.smtp_code >= 500
        return TransportError(
            f"SMTP error {exc.smtp_code}",
            code=exc.smtp_code,
            permanent=permanent,
            title=_("messaggio rifiutato dal server di posta") if permanent else _("server di posta momentaneamente non disponibile"),
        )
    return TransportError(f"SMTP unreachable: {type(exc).__name__}", title=_("server di posta non raggiungibile"))


class Session:
    """One SMTP connection for several messages (a campaign's batch): `with Session(mailbox) as smtp: smtp.send(m)`.

    Connection failures raise TransportError on entry; each send raises its own."""

    def __init__(self, mailbox: HasSMTP):
        self.mailbox = mailbox
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> "Session":
        if settings.SPORTELLO_EMAIL_CAPTURE:
            return self
        try:
            endpoint = parse_smtp_url(self.mailbox.smtp_url)
        except BadMailURL as exc:
            raise TransportError(
                f"bad SMTP URL: {exc}", permanent=True, title=_("configurazione SMTP non valida")
            ) from exc
        try:
            self.client = _connect(endpoint, settings.SPORTELLO_EMAIL_TIMEOUT)
        except TransportError:
            raise
        except (OSError, smtplib.SMTPException) as exc:
            raise _explain(exc) from exc
        return self

    def send(self, message: EmailMessage) -> None:
        if settings.SPORTELLO_EMAIL_CAPTURE:
            from sportello.connectors.email.capture import capture

            capture(self.mailbox, message)
            return
        assert self.client is not None, "use Session as a context manager"
        try:
            self.client.send_message(message, from_addr=self.mailbox.address)
        except smtplib.SMTPServerDisconnected as exc:
            self.client = None
            raise _explain(exc) from exc
        except (OSError, smtplib.SMTPException) as exc:
            if isinstance(exc, OSError):
                self.client = None
            else:
                try:
                    self.client.rset()  # a refused recipient leaves the session usable for the next one
                except (OSError, smtplib.SMTPException):
                    self.client = None
            raise _explain(exc) from exc

    @property
    def usable(self) -> bool:
        return settings.SPORTELLO_EMAIL_CAPTURE or self.client is not None

    def __exit__(self, *exc: object) -> None:
        if self.client is None:
            return
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()
        self.client = None


def send_email(mailbox: HasSMTP, message: EmailMessage) -> None:
    """Send `message` (its To/Cc headers name the recipients) from `mailbox`; raises TransportError.

    With SPORTELLO_EMAIL_CAPTURE set (the demo's sandbox), the message is kept for the sandbox page instead.
    """
    with Session(mailbox) as session:
        session.send(message)
