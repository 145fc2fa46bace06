"""Bot API errors as an operator reads them, and which ones are worth retrying."""

from __future__ import annotations

from django.utils.translation import gettext as _


def is_transient(code: int | None) -> bool:
    # 429: flood control (retry_after says when); 5xx: Telegram's side. Everything else will fail again.
    return code is None or code == 429 or code >= 500


def describe(code: int | None, description: str, retry_after: int | None = None) -> str:
    text = description.lower()
    if code == 429:
        return _("Troppi messaggi: Telegram chiede di riprovare tra %(s)s secondi.") % {"s": retry_after or "alcuni"}
    if code == 403 and "blocked" in text:
        return _("Il cittadino ha bloccato il bot: il messaggio non può essere consegnato.")
    if code == 403 and "deactivated" in text:
        return _("L'account Telegram del cittadino è stato eliminato.")
    if code == 403:
        return _("Il bot non può scrivere a questo cittadino finché non avvia la chat (/start).")
    if code == 400 and "chat not found" in text:
        return _("Chat Telegram non trovata: il cittadino non ha mai avviato il bot.")
    if code == 400 and "too long" in text:
        return _("Il messaggio è troppo lungo per Telegram.")
    if code == 401:
        return _("Il token del bot non è valido: controllare la configurazione del canale Telegram.")
    if code == 413:
        return _("Il file è troppo grande per Telegram.")
    if code is not None and code >= 500:
        return _("Telegram non è raggiungibile al momento: nuovo tentativo più tardi.")
    return _("Telegram ha rifiutato il messaggio: %(d)s") % {"d": description}
