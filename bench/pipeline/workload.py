"""The pipeline bench's workload: WhatsApp Cloud API webhook bodies from new citizens, in a realistic mix.

Every message comes from a citizen never seen before (the replies to an alert): most are text, some carry a
photo, a voice note or a document, a few are locations, and some bodies are delivery statuses of the office's
own sends. Texts are written here for the bench (short requests and reports of the kind an URP receives).
"""

from __future__ import annotations

import json
import random
import time

TEXTS = (
    "Buongiorno, il lampione di via Garibaldi è spento da tre sere",
    "Salve, vorrei sapere gli orari dell'ufficio anagrafe",
    "C'è una buca profonda davanti alla scuola elementare, è pericolosa",
    "Quando passa la raccolta della carta nella mia zona?",
    "Il cassonetto dell'umido in piazza è pieno da giorni",
    "Grazie per l'avviso, ricevuto",
    "Come posso prenotare la carta d'identità elettronica?",
    "Segnalo un albero caduto sulla strada provinciale dopo il temporale",
    "Buonasera, l'acqua del rubinetto è torbida da stamattina",
    "Vorrei informazioni sul bando per i contributi affitto",
    "Ok grazie",
    "Il semaforo all'incrocio con viale Europa lampeggia giallo",
)
CAPTIONS = ("Ecco la foto della buca", "Rifiuti abbandonati dietro il parco", "")
MEDIA = (
    ("image", "image/jpeg", ""), ("audio", "audio/ogg; codecs=opus", ""), ("document", "application/pdf", "modulo.pdf"),
)


def _envelope(phone_number_id: str, value: dict) -> bytes:
    document = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "390700000000", "phone_number_id": phone_number_id},
            **value,
        }}]}],
    }
    return json.dumps(document, ensure_ascii=True).encode()


def _message(n: int, phone: str, rng: random.Random, run_id: str) -> dict:
    message: dict = {"from": phone, "id": f"wamid.PIPE{run_id}{n:08d}", "timestamp": str(int(time.time()))}
    roll = rng.random()
    if roll < 0.12:
        kind, mime, filename = rng.choice(MEDIA)
        obj = {"id": f"{run_id}{n}", "mime_type": mime, "sha256": f"{n:064x}"[:64]}
        if kind == "image":
            obj["caption"] = rng.choice(CAPTIONS)
        if kind == "audio":
            obj["voice"] = True
        if filename:
            obj["filename"] = filename
        message.update(type=kind, **{kind: obj})
    elif roll < 0.16:
        message.update(type="location", location={"latitude": 39.2238 + rng.random() / 100,
                                                  "longitude": 9.1217 + rng.random() / 100, "name": "Via Roma"})
    else:
        message.update(type="text", text={"body": rng.choice(TEXTS)})
    return message


def bodies(count: int, phone_number_id: str, *, seed: int = 16, status_share: float = 0.1) -> tuple[list[bytes], int]:
    """`count` message bodies, each from a new citizen, plus status bodies; returns (bodies, messages)."""
    rng = random.Random(seed)
    run_id = f"{time.time_ns() % 10**9:09d}"
    out: list[bytes] = []
    for n in range(count):
        phone = f"39348{n:07d}"
        contact = {"profile": {"name": f"Cittadino {n}"}, "wa_id": phone}
        out.append(_envelope(phone_number_id, {"contacts": [contact], "messages": [_message(n, phone, rng, run_id)]}))
        if rng.random() < status_share:
            status = {"id": f"wamid.OUT{run_id}{n:08d}", "status": rng.choice(("sent", "delivered", "read")),
                      "timestamp": str(int(time.time())), "recipient_id": phone}
            out.append(_envelope(phone_number_id, {"statuses": [status]}))
    return out, count
