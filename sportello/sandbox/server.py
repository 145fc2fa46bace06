"""Running the sandbox: in the foreground with uvicorn, or in a background thread for tests and benchmarks."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from .app import create_app
from .config import SandboxConfig


def run(host: str = "127.0.0.1", port: int = 8000, config: SandboxConfig | None = None) -> None:
    """Serve the sandbox until interrupted (one process: the state lives in memory)."""
    config = config if config is not None else SandboxConfig.from_env()
    if not config.base_url:
        config.base_url = f"http://{host}:{port}"
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", access_log=False)


def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, timeout: float = 10.0
) -> tuple[str, Callable[[], None]]:
    """Serve any ASGI app from a daemon thread on ``host:port`` (0 = a free port); return (base URL, stop)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    base = f"http://{host}:{sock.getsockname()[1]}"
    # Open event streams never end by themselves: without a grace limit, stop() would leave the thread (and the
    # console's event poller in it) running for the rest of the process.
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto",
                                           timeout_graceful_shutdown=min(2.0, timeout)))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"asgi-{base}")
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server on {base} did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"the server on {base} did not stop within {timeout:g} s")

    return base, stop


@dataclass
class RunningSandbox:
    base_url: str  # e.g. http://127.0.0.1:54321 (routes are under /sandbox)
    config: SandboxConfig
    stop: Callable[[], None]

    @property
    def graph_url(self) -> str:
        """What Sportello's ``WHATSAPP_API_BASE_URL`` should be."""
        return f"{self.base_url}/sandbox/graph/v23.0"


def start_in_thread(
    config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> RunningSandbox:
    """Start a sandbox in a daemon thread on a free port (or ``port``); fills in ``base_url`` if empty."""
    config = config if config is not None else SandboxConfig()
    app = create_app(config)
    base, stop = serve_in_thread(app, host, port)
    if not config.base_url:
        config.base_url = base  # read per request, so setting it after start is fine
    return RunningSandbox(base, config, stop)
