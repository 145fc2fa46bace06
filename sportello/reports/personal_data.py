"""Personal data held by the reports app (see sportello/privacy/registry.py)."""

from sportello.privacy.registry import DELETE, PUBLIC_TASK, register
from sportello.reports.models import ConversationFact

# One row of figures per conversation (no text, no identifier), deleted with the conversation it describes.
register(
    ConversationFact, subject="conversation__citizen",
    fields=["channel", "state", "opened_at", "inbound", "outbound", "first_response_seconds"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Statistiche sull'attività dell'URP (tempi di risposta, volumi per canale)",
    export=False, why_not_exported="cifre derivate dalle conversazioni già esportate, senza contenuto",
)
