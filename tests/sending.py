"""Running the campaign sender in a test as a worker runs it: on a thread of its own, so its asyncio loop never meets
the one a browser test's Playwright left running on the main thread."""

from __future__ import annotations

import threading


def run_sender(sender, timeout: float) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections

    def run() -> None:
        try:
            sender.run_until_idle(timeout=timeout)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=timeout + 30)
    assert not thread.is_alive()
