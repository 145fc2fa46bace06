"""Personal data held by the conversations app (see sportello/privacy/registry.py)."""

from sportello.conversations.models import (
    Attachment, Conversation, DeliveryStatus, InboundEvent, Message, ServiceWindow,
)
from sportello.privacy.rawbodies import erase_events, events_of
from sportello.privacy.registry import DELETE, PUBLIC_TASK, register

CHANNELS = ("Meta Platforms (WhatsApp Business)", "Telegram", "fornitore di posta elettronica")

register(
    Conversation, subject="citizen", fields=["account", "state", "created_at", "last_message_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Gestire le richieste dei cittadini all'URP su ogni canale", recipients=CHANNELS,
)
register(
    Message, subject="conversation__citizen",
    fields=["direction", "kind", "text", "payload", "sent_at", "status", "edited_at", "revoked_at", "hidden_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Gestire le richieste dei cittadini all'URP su ogni canale", recipients=CHANNELS,
)
register(
    Attachment, subject="message__conversation__citizen",
    fields=["kind", "mime_type", "filename", "size", "sha256", "state"], files=["file"],
    on_erase=DELETE, kind="media", legal_basis=PUBLIC_TASK,
    purpose="Foto, documenti e note vocali inviati dal cittadino con le sue richieste", recipients=CHANNELS,
)
register(
    DeliveryStatus, subject="message__conversation__citizen", fields=["status", "at", "error_code", "error_title"],
    on_erase=DELETE, kind="deliveries", legal_basis=PUBLIC_TASK,
    purpose="Sapere se una risposta è stata consegnata e letta",
)
register(
    ServiceWindow, subject="citizen", fields=["account", "last_inbound_at"],
    on_erase=DELETE, kind="messages", legal_basis=PUBLIC_TASK,
    purpose="Rispettare le regole del canale sulle risposte libere dopo l'ultimo messaggio",
)
register(
    InboundEvent, subject=None, finder=events_of, eraser=erase_events, fields=["channel", "received_at", "state"],
    on_erase=DELETE, kind="raw_webhooks", legal_basis=PUBLIC_TASK,
    purpose="Conservare, cifrato, quanto ricevuto dal canale prima di elaborarlo, per non perdere nulla",
    export=False, why_not_exported="copia cifrata di messaggi già esportati; cancellata o oscurata con la cancellazione",
    recipients=CHANNELS,
)
