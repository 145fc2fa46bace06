"""Personal data held by the policies app (see sportello/privacy/registry.py)."""

from sportello.policies.models import AutoReply, ConsentRequest
from sportello.privacy.registry import CONSENT, DELETE, PUBLIC_TASK, register

register(
    ConsentRequest, subject="citizen", fields=["account", "policy", "words", "created_at", "answered_at", "answer"],
    on_erase=DELETE, kind="consent", legal_basis=CONSENT,
    purpose="Chiedere il consenso all'informativa prima di iscrivere il cittadino a una lista",
)
register(
    AutoReply, subject="citizen", fields=["account", "kind", "period", "created_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Non ripetere la stessa risposta automatica allo stesso cittadino",
)
