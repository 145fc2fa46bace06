"""Real-time push to open consoles: core.events → a cross-process channel → each console's SSE stream.

Why a channel at all: messages are stored by `sportello worker`, a different process from the web server, so an
in-process subscriber in the web process would never hear of them. At start-up (ConsoleConfig.ready) every
process subscribes `bridge` to core.events; the bridge forwards each event to the configured channel:

- "database" (default; SPORTELLO_EVENTS_BACKEND unset or "memory"): a row in ConsoleEvent. In each web process
  one poller (hub.py) reads new rows every SPORTELLO_EVENTS_POLL_SECONDS, or at once when the event was published
  in the same process, and fans them out to the connected consoles. Works on SQLite and PostgreSQL alike, needs
  no extra service, and lets a reconnecting browser resume from its Last-Event-ID. On PostgreSQL the writer also
  sends NOTIFY and each poller LISTENs, so a worker's rows are read at once rather than at the next poll.
- "redis" (SPORTELLO_EVENTS_BACKEND=redis, REDIS_URL): PUBLISH on one channel, every web process SUBSCRIBEs.

Streams only ever receive events of the municipalities the user works for.
"""

from __future__ import annotations

from sportello.console.realtime.bridge import backend_name, bridge, install

__all__ = ["backend_name", "bridge", "install"]
