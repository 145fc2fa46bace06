"""The baseline: the least an ingest endpoint can do — verify the signature, insert the raw body, answer 200.

A bare ASGI app with one database connection, no framework. Sportello's figures are stated as ratios to it.
Configured by BASELINE_DB (sqlite path or postgres DSN) and BASELINE_SECRET.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import sqlite3
import threading

SECRET = os.environ.get("BASELINE_SECRET", "bench-secret").encode()
DB = os.environ["BASELINE_DB"]
_lock = threading.Lock()


def _connect():
    if DB.startswith("postgres"):
        import psycopg

        conn = psycopg.connect(DB, autocommit=True)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS baseline_event (id bigserial primary key, body bytea not null)"
        )
        return conn, "INSERT INTO baseline_event (body) VALUES (%s)"
    conn = sqlite3.connect(DB, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS baseline_event (id integer primary key, body blob not null)")
    return conn, "INSERT INTO baseline_event (body) VALUES (?)"


_conn, _insert = _connect()


def _store(body: bytes) -> None:
    with _lock:
        _conn.execute(_insert, (body,))


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    header = dict(scope["headers"]).get(b"x-hub-signature-256", b"").decode()
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, header):
        status, reply = 401, b"invalid signature"
    else:
        await asyncio.to_thread(_store, body)
        status, reply = 200, b"OK"
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]}
    )
    await send({"type": "http.response.body", "body": reply})
