"""Reading each active mailbox over IMAP: new messages are stored as InboundEvents, and only then marked.

For every mailbox with an IMAP URL, `sportello worker` runs one watcher thread: it fetches the messages whose UID is
above the last one it stored, stores each one's raw bytes (encrypted) as an InboundEvent(channel="email"), and only
after that transaction has committed records the last UID and flags them \\Seen (or moves them to the mailbox's
"done" folder). Then it waits: with IDLE where the server offers it, else by polling every `poll_seconds`.

Nothing is lost: a crash between the store and the bookmark fetches the same message again on the next round, and
the second copy has no effect downstream (messages are deduplicated on their Message-ID); a crash after the bookmark
leaves a stored message unmarked on the server, nothing worse. A new UIDVALIDITY (the folder was recreated) starts
again from the first UID, with the same guarantee.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from sportello.connectors.email import parser
from sportello.connectors.email.endpoints import Endpoint, parse_imap_url
from sportello.connectors.email.models import Mailbox
from sportello.connectors.email.smtp import tls_context
from sportello.conversations.models import InboundEvent
from sportello.conversations.routers import inbound_alias
from sportello.core.scoping import scopes_disabled

log = logging.getLogger("sportello.email.poller")

BATCH = 25  # messages fetched and stored per transaction
IDLE_RENEW = 9 * 60  # RFC 2177: re-issue IDLE well before the server's 30-minute timeout
SUPERVISE_SECONDS = 30.0  # how often the worker looks for mailboxes added or removed in the admin


class MailboxError(Exception):
    pass


def connect(endpoint: Endpoint, timeout: float = 30.0) -> IMAPClient:
    client = IMAPClient(
        endpoint.host, port=endpoint.port, ssl=endpoint.implicit_tls,
        ssl_context=tls_context(endpoint) if endpoint.implicit_tls else None, timeout=timeout,
    )
    try:
        if not endpoint.implicit_tls and endpoint.starttls != "never":
            if b"STARTTLS" in client.capabilities():
                client.starttls(tls_context(endpoint))
            elif endpoint.starttls == "required":
                raise MailboxError("the IMAP server does not offer STARTTLS")
        client.login(endpoint.username, endpoint.password)
    except Exception:
        _close(client)
        raise
    return client


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection may already be gone
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            pass


def store_raw(mailbox: Mailbox, raw: bytes, **meta: Any) -> InboundEvent:
    """One e-mail as an InboundEvent, committed when this returns (the sandbox page uses it too)."""
    with transaction.atomic(using=inbound_alias()):
        return InboundEvent.objects.create(
            channel="email", body=parser.pack(raw, mailbox_id=mailbox.pk, address=mailbox.address, **meta)
        )


def _mark_done(client: IMAPClient, mailbox: Mailbox, uids: list[int]) -> None:
    if mailbox.done_folder:
        if b"MOVE" in client.capabilities():
            client.move(uids, mailbox.done_folder)
            return
        client.copy(uids, mailbox.done_folder)
        client.delete_messages(uids)
        if b"UIDPLUS" in client.capabilities():
            client.uid_expunge(uids)
        else:
            client.expunge()
        return
    client.add_flags(uids, [b"\\Seen"], silent=True)


def poll_once(
    mailbox: Mailbox, client: IMAPClient | None = None, *, after_store: Callable[[list[int]], None] | None = None
) -> int:
    """Store every new message of the mailbox's folder; returns how many were stored.

    `after_store(uids)` runs after a batch is committed and before it is flagged (tests observe the order there).
    """
    own = client is None
    if client is None:
        client = connect(parse_imap_url(mailbox.imap_url))
    try:
        info = client.select_folder(mailbox.folder)
        validity = int(info.get(b"UIDVALIDITY", 0) or 0)
        if mailbox.uid_validity != validity:
            if mailbox.uid_validity is not None:
                log.warning("mailbox %s: UIDVALIDITY changed, reading the folder again", mailbox.pk)
            mailbox.uid_validity, mailbox.last_uid = validity, 0
            Mailbox.objects.filter(pk=mailbox.pk).update(uid_validity=validity, last_uid=0)
        # "N:*" always matches the folder's last message, even below N: keep only the new ones.
        uids = sorted(u for u in client.search(["UID", f"{mailbox.last_uid + 1}:*"]) if u > mailbox.last_uid)
        stored = 0
        for start in range(0, len(uids), BATCH):
            chunk = uids[start:start + BATCH]
            data = client.fetch(chunk, ["BODY.PEEK[]"])  # PEEK: fetching does not set \Seen
            present = [uid for uid in chunk if uid in data and b"BODY[]" in data[uid]]
            with transaction.atomic(using=inbound_alias()):
                for uid in present:
                    store_raw(mailbox, bytes(data[uid][b"BODY[]"]), uid=uid, uidvalidity=validity)
            # Committed: from here on the messages are ours. The bookmark moves first, so that a server refusing
            # the flag (a read-only folder) records an error instead of storing the same messages every round.
            if after_store is not None:
                after_store(present)
            mailbox.last_uid = max(chunk)
            Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=mailbox.last_uid)
            stored += len(present)
            if present:
                _mark_done(client, mailbox, present)
        now = timezone.now()
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=now, last_error="")
        if stored:
            log.info("mailbox %s: stored %d new messages", mailbox.pk, stored)
        return stored
    finally:
        if own:
            _close(client)


class Watcher:
    """One mailbox, for as long as the worker runs: poll, then IDLE (or sleep), again."""

    def __init__(self, mailbox_id: int, stop: threading.Event, *, idle_timeout: float = 5.0):
        self.mailbox_id = mailbox_id
        self.stop = stop
        self.idle_timeout = idle_timeout  # how often IDLE wakes to look at `stop`
        self.failures = 0

    def _mailbox(self) -> Mailbox | None:
        return Mailbox.objects.select_related("account").filter(
            pk=self.mailbox_id, account__active=True
        ).exclude(imap_url="").first()

    def run(self) -> None:
        try:
            self._run()
        finally:
            connections.close_all()  # this thread's own database connections

    def _run(self) -> None:
        while not self.stop.is_set():
            close_old_connections()
            mailbox = self._mailbox()
            if mailbox is None:
                return  # removed, deactivated, or no longer read over IMAP
            try:
                self._session(mailbox)
                self.failures = 0
            except Exception as exc:  # noqa: BLE001 - a broken server must not end the worker; the error is shown
                self.failures += 1
                log.warning("mailbox %s: %s", self.mailbox_id, type(exc).__name__)
                Mailbox.objects.filter(pk=self.mailbox_id).update(
                    last_error=f"{timezone.now():%Y-%m-%d %H:%M} {type(exc).__name__}: {str(exc)[:300]}"
                )
                self.stop.wait(min(300.0, 2.0 ** min(self.failures, 8)))

    def _session(self, mailbox: Mailbox) -> None:
        client = connect(parse_imap_url(mailbox.imap_url))
        try:
            idle = b"IDLE" in client.capabilities()
            while not self.stop.is_set():
                poll_once(mailbox, client)
                close_old_connections()
                if idle:
                    self._idle(client)
                else:
                    self.stop.wait(mailbox.poll_seconds)
                fresh = self._mailbox()
                if fresh is None or fresh.imap_url != mailbox.imap_url or fresh.folder != mailbox.folder:
                    return  # reconnect with the new settings (or stop)
                mailbox = fresh
        finally:
            _close(client)

    def _idle(self, client: IMAPClient) -> None:
        """Wait for the server to announce new mail (EXISTS), the stop event, or the time to renew IDLE."""
        client.idle()
        started = time.monotonic()
        try:
            while not self.stop.is_set() and time.monotonic() - started < IDLE_RENEW:
                responses = client.idle_check(timeout=self.idle_timeout)
                if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                    break
        finally:
            client.idle_done()


@scopes_disabled()  # system code: every municipality's mailboxes
def loop(stop: threading.Event) -> None:
    """The worker's e-mail loop: one watcher thread per active mailbox read over IMAP, found again every 30 s."""
    threads: dict[int, threading.Thread] = {}
    while not stop.is_set():
        close_old_connections()
        try:
            ids = list(Mailbox.objects.filter(account__active=True).exclude(imap_url="").values_list("pk", flat=True))
        except Exception:  # noqa: BLE001 - the database may be briefly away; try again
            log.exception("listing mailboxes failed")
            ids = []
        for mailbox_id in ids:
            thread = threads.get(mailbox_id)
            if thread is None or not thread.is_alive():
                thread = threading.Thread(
                    target=scopes_disabled()(Watcher(mailbox_id, stop).run), name=f"email-{mailbox_id}", daemon=True
                )
                threads[mailbox_id] = thread
                thread.start()
        stop.wait(SUPERVISE_SECONDS)
    for thread in threads.values():
        thread.join(timeout=10)
    connections.close_all()


__all__ = ["IMAPClientError", "Watcher", "loop", "poll_once", "store_raw"]
