"""Backup and restore of everything an installation needs: the database, citizens' media and the keys.

Without the keys (DATA_DIR/keys.json, or the SPORTELLO_ENCRYPTION_KEYS / SPORTELLO_BLIND_INDEX_KEY variables) a
restored database is useless: numbers and messages are encrypted with them. A backup directory holds:

    manifest.json        what was backed up, when, from which kind of database
    database.dump        PostgreSQL: pg_dump's custom format      | database.sqlite3 + inbound.sqlite3: SQLite
    media/               citizens' files (MEDIA_ROOT)
    keys.json            the generated keys, if the installation uses the key file

PostgreSQL uses the server's own tools (`pg_dump`, `pg_restore`); SQLite uses its online backup API, safe while
web servers and workers keep writing.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

KEYS = "keys.json"


class BackupError(Exception):
    pass


def _database() -> dict:
    return settings.DATABASES["default"]


def _is_sqlite() -> bool:
    return _database()["ENGINE"].endswith("sqlite3")


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore (the password through PGPASSWORD)."""
    import os

    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432), "--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    db = _database()
    if _is_sqlite():
        _sqlite_copy(db["NAME"], target / "database.sqlite3")
        if "inbound" in settings.DATABASES:
            _sqlite_copy(settings.DATABASES["inbound"]["NAME"], target / "inbound.sqlite3")
    else:
        args, env = _pg_args(db)
        _run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(target / "database.dump"), db["NAME"]], env)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / "media")
    keys = Path(settings.DATA_DIR) / KEYS
    if keys.is_file():
        shutil.copy2(keys, target / KEYS)
    manifest = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "sqlite" if _is_sqlite() else "postgresql",
        "media": (target / "media").is_dir(),
        "keys_file": (target / KEYS).is_file(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(source: Path) -> dict:
    """Into an empty database and data directory (a fresh installation), never over live data."""
    manifest = json.loads((source / "manifest.json").read_text())
    kind = "sqlite" if _is_sqlite() else "postgresql"
    if manifest["database"] != kind:
        raise BackupError(f"the backup is of a {manifest['database']} database, this installation uses {kind}")
    if _has_tables():
        raise BackupError("the database is not empty: restore into a new, empty database")
    db = _database()
    if _is_sqlite():
        connections.close_all()
        _sqlite_copy(str(source / "database.sqlite3"), db["NAME"])
        if "inbound" in settings.DATABASES and (source / "inbound.sqlite3").is_file():
            _sqlite_copy(str(source / "inbound.sqlite3"), settings.DATABASES["inbound"]["NAME"])
    else:
        args, env = _pg_args(db)
        _run(["pg_restore", "--no-owner", "--exit-on-error", *args, "--dbname", db["NAME"], str(source / "database.dump")], env)
    if (source / "media").is_dir():
        shutil.copytree(source / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    if (source / KEYS).is_file():
        # The new data directory's own keys were generated a moment ago for an empty database: the backup's win.
        shutil.copy2(source / KEYS, Path(settings.DATA_DIR) / KEYS)
    return manifest


def _has_tables() -> bool:
    return any(connections[alias].introspection.table_names() for alias in settings.DATABASES)


def _sqlite_copy(source: str, destination: str | Path) -> None:
    # Read-only: a backup must never write the live database, and a read-write connection that happens to be the
    # last one open would checkpoint and delete the WAL files under the web servers and workers on closing.
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(str(destination))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-1000:]}")
