"""Abuse control without third parties: a per-address rate limit, a honeypot field and a minimum fill time.

- The rate limit is a counter in Django's cache per client address (the address itself is never stored: the key
  is its blind index). The window starts with the first accepted submission and lasts an hour. With several web
  processes, configure a shared cache (the default cache is per process).
- The honeypot is a field people never see; automated posters fill it.
- The fill time is measured by a signed timestamp put in the form when it is served (django.core.signing): a
  request that comes back faster than a person can type, or with a forged or stale stamp, is sent back.
"""

from __future__ import annotations

import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sportello.connectors.webform import conf
from sportello.core.crypto import blind_index

HONEYPOT_FIELD = "sito_web"
_SALT = "sportello.webform.started"
_WINDOW = 3600


def issue_stamp() -> str:
    return signing.dumps(time.time(), salt=_SALT, compress=False)


def stamp_problem(stamp: str) -> str:
    """Why the form's timestamp is not acceptable ("" when it is)."""
    max_age = int(conf.get("SPORTELLO_WEBFORM_MAX_HOURS")) * 3600
    try:
        started = float(signing.loads(stamp, salt=_SALT, max_age=max_age))
    except signing.SignatureExpired:
        return _("La pagina è rimasta aperta troppo a lungo. Controlli i dati e invii di nuovo la richiesta.")
    except (signing.BadSignature, TypeError, ValueError):
        return _("Non è stato possibile verificare il modulo. Controlli i dati e invii di nuovo la richiesta.")
    if time.time() - started < float(conf.get("SPORTELLO_WEBFORM_MIN_SECONDS")):
        return _(
            "Il modulo è stato inviato troppo in fretta per essere stato compilato da una persona. Controlli i dati "
            "e invii di nuovo la richiesta."
        )
    return ""


def honeypot_problem(value: str) -> str:
    if value.strip():
        # Always shown empty again: a person whose browser filled it by mistake passes at the next try.
        return _(
            "La richiesta non è stata accettata perché un campo nascosto, riservato ai controlli automatici, "
            "risultava compilato (a volte lo fa il completamento automatico del browser). Controlli i dati e "
            "invii di nuovo la richiesta."
        )
    return ""


def client_address(request: HttpRequest) -> str:
    # uvicorn sets REMOTE_ADDR from X-Forwarded-For only for trusted proxies (--forwarded-allow-ips).
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(address: str) -> str:
    return f"webform:rate:{blind_index('webform-address', address)}"


def rate_problem(address: str) -> str:
    limit = int(conf.get("SPORTELLO_WEBFORM_PER_HOUR"))
    if limit and int(cache.get(_key(address), 0)) >= limit:
        return _(
            "Da questa connessione sono già state inviate molte richieste nell'ultima ora. Riprovi più tardi: "
            "quanto ha scritto resta nel modulo."
        )
    return ""


def record_submission(address: str) -> None:
    key = _key(address)
    if not cache.add(key, 1, _WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, _WINDOW)
