"""A WhatsApp Cloud API simulator: Graph endpoints, signed webhooks, platform rules, a citizen's phone page.

Standalone Starlette app with in-memory state; it never imports Django. See ``app.create_app`` and
``server.start_in_thread``.
"""

from .app import beside, create_app
from .config import BusinessNumber, SandboxConfig
from .server import RunningSandbox, run, serve_in_thread, start_in_thread

__all__ = [
    "BusinessNumber",
    "RunningSandbox",
    "SandboxConfig",
    "beside",
    "create_app",
    "run",
    "serve_in_thread",
    "start_in_thread",
]
