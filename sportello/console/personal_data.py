"""Personal data held by the console app (see sportello/privacy/registry.py)."""

from sportello.console.models import ComposerSubmission
from sportello.privacy.registry import DELETE, PUBLIC_TASK, register

register(
    ComposerSubmission, subject="conversation__citizen", fields=["conversation", "message", "created_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Non inviare due volte la stessa risposta (doppio clic, due schede)",
    export=False, why_not_exported="chiave tecnica contro i doppi invii, senza contenuto",
)
