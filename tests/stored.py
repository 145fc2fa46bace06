"""Everything Sportello keeps at rest, as bytes, for the privacy-at-rest tests to search for identifiers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection


def _files_under(root: Path) -> dict[str, bytes]:
    return {str(p): _read(p) for p in root.rglob("*") if p.is_file()}


def _read(path: Path) -> bytes:
    """The file's bytes; SQLite's files are read by a child process.

    POSIX advisory locks belong to the process, and closing any descriptor of a file drops all of them. Opening
    test.sqlite3 or its -shm here would silently release the locks this process's open connections hold: the next
    process to open the database then believes it is the only one, truncates the -shm under our mapping (SIGBUS) or
    deletes the WAL, and every later test fails with "disk I/O error" (section 2.2 of sqlite.org/howtocorrupt.html).
    """
    if ".sqlite3" not in path.name:
        return path.read_bytes()
    return subprocess.run(["cat", str(path)], check=True, capture_output=True).stdout


def stored_bytes(expected_table: str) -> dict[str, bytes]:
    """The database (SQLite files with their -wal and -shm, or a pg_dump) and the media, by name.

    `expected_table` must appear in a PostgreSQL dump: proof that the dump is of the database under test."""
    if connection.vendor == "sqlite":
        blobs = _files_under(Path(settings.DATA_DIR))
        assert any(name.endswith("test.sqlite3") for name in blobs), blobs.keys()
    else:
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed for this check"
        db = connection.settings_dict
        dump = subprocess.run(
            [pg_dump, "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres",
             db["NAME"]], check=True, capture_output=True, env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
        ).stdout
        assert f"CREATE TABLE public.{expected_table}".encode() in dump
        blobs = {"pg_dump": dump}
    blobs.update(_files_under(Path(settings.MEDIA_ROOT)))
    return blobs
