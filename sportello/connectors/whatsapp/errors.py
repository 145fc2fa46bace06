"""Cloud API error codes: which ones are worth retrying, and what each means to an operator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Retried with backoff (the reference's list, plus 5xx and network failures handled by the client).
TRANSIENT_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057}

WINDOW_CLOSED = 131047

DESCRIPTIONS = {
    131047: _("Sono passate più di 24 ore dall'ultimo messaggio del cittadino: serve un modello approvato."),
    131026: _("Messaggio non recapitabile a questo numero."),
    131050: _("Il cittadino ha scelto di non ricevere questi messaggi."),
    130403: _("Il cittadino ha bloccato il numero del Comune."),
    132001: _("Il modello non esiste o non è approvato."),
    130429: _("Limite di invio al secondo raggiunto: nuovo tentativo automatico."),
    131056: _("Troppi messaggi allo stesso cittadino in poco tempo: nuovo tentativo automatico."),
    131049: _("Messaggio non consegnato per i limiti di WhatsApp sui messaggi di marketing."),
    131051: _("Tipo di messaggio non supportato."),
    190: _("Token di accesso non valido o scaduto: controllare la configurazione del numero."),
}


def is_transient(code: int | None) -> bool:
    return code in TRANSIENT_CODES


def describe(code: int | None, fallback: str = "") -> str:
    if code in DESCRIPTIONS:
        return str(DESCRIPTIONS[code])
    return fallback
