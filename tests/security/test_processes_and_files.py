"""Issue 14: files under the data directory are readable by Sportello's user only, and `sportello demo` stopped with
SIGTERM stops its worker too."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "SANDBOX_", "DATABASE_URL", "PYTEST"))}
    env.update(SPORTELLO_DATA_DIR=str(data_dir), LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="sportello.settings")
    return env


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_files_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "keys.json").write_text("")  # left behind world-readable by an older version…
    (data / "keys.json").unlink()
    script = (
        "import os; os.umask(0o022)\n"  # a typical login shell's umask
        "import django; django.setup()\n"
        "from django.db import connection; connection.ensure_connection()\n"
        "with connection.cursor() as c: c.execute('CREATE TABLE probe (x int)')\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "print(default_storage.save('attachments/2026/01/foto.jpg', ContentFile(b'x')))\n"
    )
    subprocess.run([sys.executable, "-c", script], env=_env(data), cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert _mode(data) == 0o700
    assert _mode(data / "keys.json") == 0o600
    assert _mode(data / "sportello.sqlite3") == 0o600
    media = data / "media" / "attachments" / "2026" / "01"
    assert _mode(data / "media") == 0o700 and _mode(media) == 0o700
    assert _mode(media / "foto.jpg") == 0o600
    # An existing installation is tightened at the next start.
    os.chmod(data, 0o755)
    os.chmod(data / "keys.json", 0o644)
    os.chmod(data / "sportello.sqlite3", 0o644)
    subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=_env(data), cwd=ROOT, check=True, timeout=120)
    assert (_mode(data), _mode(data / "keys.json"), _mode(data / "sportello.sqlite3")) == (0o700, 0o600, 0o600)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_demo_stopped_with_sigterm_stops_its_worker(tmp_path):
    port = _free_port()
    log = open(tmp_path / "demo.log", "w")
    demo = subprocess.Popen([sys.executable, "-m", "sportello", "demo", "--port", str(port)],
                            env=_env(tmp_path / "data"), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/sandbox/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("the demo did not start:\n" + (tmp_path / "demo.log").read_text()[-3000:])
        children = _children(demo.pid)
        assert children, "the demo runs its worker as a child process"
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.2)
        survivors = [pid for pid in children if _alive(pid)]
        assert not survivors, (tmp_path / "demo.log").read_text()[-2000:]
    finally:
        for pid in [*children, *_children(demo.pid), demo.pid]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        log.close()
