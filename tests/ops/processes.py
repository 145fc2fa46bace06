"""Real `sportello` processes for the operations tests: on free ports, on the test run's own database and keys."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database as a URL a child process can open (on SQLite its inbound file follows by name)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a production process sharing this test's database and keys (its data directory)."""
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "TELEGRAM_", "EMAIL_", "SANDBOX_"))}
    env.pop("PYTEST_VERSION", None)
    env.update(SPORTELLO_DATA_DIR=str(settings.DATA_DIR), DATABASE_URL=database_url(), LOG_LEVEL="WARNING",
               SPORTELLO_CONN_MAX_AGE="0")
    env.update(extra)
    return env


class Process:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self._log = open(log, "w")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "sportello", *args], env=env, stdout=self._log, stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text()[-4000:]

    def terminate(self, timeout: float = 20) -> int:
        """SIGTERM and wait; the exit code (a process still running after `timeout` is killed and fails)."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError(f"still running {timeout}s after SIGTERM:\n{self.log()}") from None
        finally:
            self._log.close()

    def kill(self) -> None:
        self.popen.kill()
        self.popen.wait()
        self._log.close()


def start_web(env: dict[str, str], log: Path, *extra: str, wait: bool = True) -> tuple[Process, str]:
    port = free_port()
    process = Process(["web", "--port", str(port), *extra], env, log)
    base = f"http://127.0.0.1:{port}"
    if wait:
        wait_web(process, base)
    return process, base


def wait_web(process: Process, base: str, timeout: float = 120) -> None:
    wait_until(lambda: _answers(f"{base}/healthz"), timeout, lambda: f"web did not start:\n{process.log()}")


def wait_worker(process: Process, timeout: float = 120) -> None:
    """Until the worker's loops run (it says so once its imports are done: slow on a busy machine)."""
    wait_until(lambda: "running" in process.log(), timeout, lambda: f"worker did not start:\n{process.log()}")


def ready(base: str) -> bool:
    """/readyz answers 200 (its first answer loads the migration graph: slow on a busy machine)."""
    return _answers(f"{base}/readyz", timeout=15)


def _answers(url: str, timeout: float = 1) -> bool:
    try:
        return httpx.get(url, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def wait_until(condition, timeout: float, message=lambda: "timed out", interval: float = 0.2) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(message())


def children_of(pid: int) -> set[int]:
    """Every descendant of a process (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            direct = {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            continue
        for child in direct:
            found |= {child} | children_of(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
