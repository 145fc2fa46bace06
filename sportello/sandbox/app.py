"""The sandbox as one Starlette ASGI app; every route lives under ``/sandbox``.

Standalone, uvicorn serves it directly (``server.py``). In the demo it shares one ASGI server with Django:
``beside(sandbox, django_app)`` sends ``/sandbox`` paths here, unchanged, and everything else to Django.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from . import citizen_api, graph, phone
from .config import SandboxConfig
from .simulator import Simulator
from .telegram import TelegramSandboxConfig, TelegramSimulator
from .telegram import routes as telegram_routes

PREFIX = "/sandbox"


def create_app(config: SandboxConfig | None = None, telegram: TelegramSandboxConfig | None = None) -> Starlette:
    """A fresh sandbox with its own in-memory state; ``config`` defaults to ``SandboxConfig.from_env()``, the
    Telegram side's ``telegram`` to ``TelegramSandboxConfig.from_env()``."""
    config = config if config is not None else SandboxConfig.from_env()
    simulator = Simulator(config)
    telegram_simulator = TelegramSimulator(telegram if telegram is not None else TelegramSandboxConfig.from_env())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await simulator.dispatcher.close()
        await telegram_simulator.close()

    # Graph routes first: the send route is the hot path and Starlette matches routes in order.
    app = Starlette(
        routes=[
            *graph.routes(simulator), *telegram_routes.routes(telegram_simulator), *citizen_api.routes(simulator),
            *phone.routes(simulator),
        ],
        lifespan=lifespan,
    )
    app.state.simulator = simulator
    app.state.telegram = telegram_simulator
    return app


def beside(sandbox: ASGIApp, other: ASGIApp) -> ASGIApp:
    """One ASGI app: ``/sandbox`` and below go to the sandbox (path kept), the rest to ``other``.

    Lifespan events go to the sandbox only (Django's ASGI handler does not accept them).
    """

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await sandbox(scope, receive, send)
            return
        path = scope.get("path", "")
        if path == PREFIX or path.startswith(PREFIX + "/"):
            await sandbox(scope, receive, send)
        else:
            await other(scope, receive, send)

    return app
