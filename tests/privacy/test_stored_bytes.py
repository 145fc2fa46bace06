"""The privacy-at-rest tests read every stored file as bytes; doing so must not release this process's SQLite locks
(tests/stored.py says why that corrupts the test database for every process sharing it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.stored import stored_bytes

pytestmark = pytest.mark.django_db

# SQLite's unix VFS: every process with an open WAL connection holds a read lock on this byte of the -shm file; a
# process that can lock it exclusively believes it is alone and resets the file.
PROBE = """
import fcntl, sys
with open(sys.argv[1], "r+b") as shm:
    try:
        fcntl.lockf(shm, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        print("held")
    else:
        print("free")
"""


def _held_by_another_process(shm: Path) -> bool:
    answer = subprocess.run([sys.executable, "-c", PROBE, str(shm)], capture_output=True, text=True, check=True)
    return answer.stdout.strip() == "held"


def test_reading_the_stored_bytes_keeps_this_process_sqlite_locks():
    if connection.vendor != "sqlite":
        pytest.skip("POSIX locks on SQLite's files")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
    shm = Path(connection.settings_dict["NAME"] + "-shm")
    assert _held_by_another_process(shm), "the open connection should hold the lock: the test proves nothing"
    blobs = stored_bytes("django_migrations")
    assert any(name.endswith("test.sqlite3-shm") for name in blobs)
    assert _held_by_another_process(shm)
