"""Where Sportello's own secrets come from: the environment, or a key file in the data directory.

A newcomer running `make demo` has no keys; we generate them once into DATA_DIR/keys.json (mode 0600) so the
database and the keys travel together. Production sets them in the environment (or *_FILE) instead.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def _generate() -> dict[str, object]:
    return {
        "secret_key": secrets.token_urlsafe(50),
        "encryption_keys": [Fernet.generate_key().decode()],
        "blind_index_key": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }


def protect_data_dir(data_dir: Path) -> None:
    """Create the data directory readable by this user only, and make everything created later the same.

    The umask covers what SQLite, the media storage and the key file create from now on (0o600 files, 0o700
    directories); the chmods repair an existing directory, its database files and its key file.
    """
    os.umask(0o077)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    for path in [data_dir / "keys.json", *data_dir.glob("*.sqlite3*")]:
        if path.is_file():
            os.chmod(path, 0o600)


def load_or_create(data_dir: Path) -> dict[str, object]:
    path = data_dir / "keys.json"
    if path.exists():
        os.chmod(path, 0o600)
        return json.loads(path.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    keys = _generate()
    # O_EXCL: two processes starting at once must not each write different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle)
    return keys
