"""Personal data held by the knowledge app (see sportello/privacy/registry.py)."""

from sportello.knowledge.models import Use
from sportello.privacy.registry import ANONYMISE, PUBLIC_TASK, register

# A use keeps the stems of the citizen's question: erasure keeps the count (how useful an entry is), not the link
# to the conversation nor the stems.
register(
    Use, subject="conversation__citizen", fields=["entry", "kind", "terms", "confidence", "created_at"],
    on_erase=ANONYMISE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Misurare l'utilità delle risposte della base di conoscenza",
    anonymise={"conversation": None, "message": None, "reply": None, "terms": []},
)
