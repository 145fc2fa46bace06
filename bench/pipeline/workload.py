"""The pipeline bench's workload: WhatsApp Cloud API webhook bodies from new citizens, in a realistic mix.

Every message comes from a citizen never seen before (the replies to an alert): most are text, some carry a
photo, a voice note or a document, a few are locations, and some bodies are delivery statuses of the office's
own sends. Texts are written here for the bench (short requests and reports of the kind an URP receives).
"""

from __future__ import annotations

import json
import random
import time

# Each text is drawn from a template and filled with a street, a number, a time or a place, and sometimes a
# greeting or a sign-off: like real replies to an alert, almost every message differs from every other, so the
# pipeline's per-text caches (features, keyword matches) help no more than they would in production. With twelve
# fixed texts they did, and the figures were a fifth to a quarter better than real traffic allows.
TEMPLATES = (
    "il lampione di {via} {n} è spento da {giorni} sere",
    "vorrei sapere gli orari dell'ufficio anagrafe di {luogo}",
    "c'è una buca profonda davanti al civico {n} di {via}, è pericolosa",
    "quando passa la raccolta della carta in {via}?",
    "il cassonetto dell'umido in {via} è pieno da {giorni} giorni",
    "grazie per l'avviso delle {ora}, ricevuto",
    "come posso prenotare la carta d'identità elettronica a {luogo}?",
    "segnalo un albero caduto in {via} dopo il temporale delle {ora}",
    "l'acqua del rubinetto in {via} {n} è torbida da stamattina",
    "vorrei informazioni sul bando per i contributi affitto, abito in {via}",
    "ok grazie, siamo in {via} e qui per ora è tutto tranquillo",
    "il semaforo all'incrocio tra {via} e viale Europa lampeggia giallo dalle {ora}",
    "in {via} l'acqua è arrivata ai gradini del {n}, dobbiamo spostare le macchine?",
    "la scuola di {luogo} domani resta chiusa per l'allerta?",
    "mia madre ha {n} anni e vive sola in {via}, qualcuno può passare a vedere come sta?",
    "ci sono rifiuti abbandonati vicino al parco di {luogo} da {giorni} giorni",
    "a che ora riapre il ponte di {luogo}? devo andare al lavoro alle {ora}",
    "ricevuto il messaggio, grazie. in {via} manca la corrente dalle {ora}",
)
OPENERS = ("", "", "", "Buongiorno, ", "Salve, ", "Buonasera, ", "Scusate, ", "Ciao, ")
CLOSERS = ("", "", "", " Grazie", " grazie mille", " Cordiali saluti", " 🙏", " Saluti da {nome}")
STREETS = ("via Roma", "via Garibaldi", "corso Vittorio Emanuele", "via Mazzini", "piazza della Repubblica",
           "via Dante", "via Verdi", "viale dei Pini", "via Cavour", "via San Francesco", "via Marconi",
           "largo Carducci", "via delle Rose", "via XX Settembre", "via Nazionale", "via del Porto")
PLACES = ("San Vito", "Borgo Nuovo", "Santa Lucia", "Pirri", "Quartu", "Poetto", "Castello", "Stampace",
          "Villanova", "Marina", "Is Mirrionis", "Sant'Elia")
NAMES = ("Anna", "Giuseppe", "Maria", "Francesco", "Lucia", "Antonio", "Giulia", "Marco", "Rosa", "Paolo")


def _text(rng: random.Random) -> str:
    body = rng.choice(TEMPLATES).format(
        via=rng.choice(STREETS), n=rng.randint(1, 240), giorni=rng.randint(2, 9), luogo=rng.choice(PLACES),
        ora=f"{rng.randint(6, 23)}:{rng.choice(('00', '15', '30', '45'))}",
    )
    opener = rng.choice(OPENERS)
    if opener:
        body = body[0].lower() + body[1:]
    else:
        body = body[0].upper() + body[1:]
    return opener + body + rng.choice(CLOSERS).format(nome=rng.choice(NAMES))


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
        message.update(type="text", text={"body": _text(rng)})
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
