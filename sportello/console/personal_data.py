"""Personal data held by the console app (see sportello/privacy/registry.py)."""

from sportello.console.models import ComposerSubmission, ConversationLabel
from sportello.privacy.registry import DELETE, PUBLIC_TASK, register

register(
    ComposerSubmission, subject="conversation__citizen", fields=["conversation", "message", "created_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Non inviare due volte la stessa risposta (doppio clic, due schede)",
    export=False, why_not_exported="chiave tecnica contro i doppi invii, senza contenuto",
)

register(
    ConversationLabel, subject="conversation__citizen", fields=["label", "added_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Ordinare le conversazioni per argomento nella console",
    export=False, why_not_exported="etichetta interna dell'ufficio, senza contenuto del cittadino",
)
